"""Plain data the report is drawn from (no I/O): filled by `query`, drawn by `render`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

QUAD_CLASSES = ("material_cooperation", "verbal_cooperation", "verbal_conflict", "material_conflict")


@dataclass(frozen=True)
class LanePoint:
    """One event on a pair's lane, with the pair's running columns after it."""

    event_date: date
    quad_class: str
    event_type: str
    amount_usd: float | None  # amount in US dollars, when the event has one
    running_index: float  # the pair's cooperation index so far (-1 all conflict .. +1 all cooperation)
    label: str  # one-line summary shown on hover


@dataclass
class PairLane:
    """Everything drawn for one pair of actors."""

    pair_key: str  # "JPN-USA" (codes sorted), a single code for one-sided events, "" when unknown
    name: str  # "Japan - United States"
    num_events: int
    counts: dict[str, int]  # per quad class
    pledged: dict[str, float]  # currency -> total pledged to date ("USD" -> 9.5e11)
    cooperation_score: float  # running sum of PLOVER intensities at the latest event
    cooperation_index: float  # (cooperation - conflict events) / events, at the latest event
    first_date: date | None
    last_date: date | None
    num_amounts: int = 0  # events with an amount in US dollars
    points: list[LanePoint] = field(default_factory=list)


@dataclass(frozen=True)
class SourceLink:
    """One article reporting an event: who, where, and the sentence it says it in."""

    source: str
    url: str
    title: str | None
    sentence: str | None


@dataclass(frozen=True)
class TableRow:
    """One row of the 'latest developments' table."""

    event_id: str
    event_date: date | None
    date_precision: str | None
    pair_key: str
    actors: str  # "United States -> Japan"
    event_type: str
    mode: str | None
    quad_class: str
    summary: str | None
    amount: str | None  # formatted ("$550bn")
    status: str | None
    evidence: str | None
    sources: tuple[SourceLink, ...]


@dataclass
class ReportData:
    warehouse: str  # where it was read from (shown in the footer)
    generated_at: datetime
    since: date | None
    pairs_requested: tuple[str, ...]
    total_events: int  # live events matching the filters
    pairs: list[PairLane]  # every pair with matching events (up to a cap), most events first
    lanes: list[PairLane]  # the first of them, with their points: drawn as lanes
    pairs_omitted: int  # pairs beyond the pair-table cap
    lanes_omitted: int  # pairs not drawn (beyond the lane cap)
    events_omitted: int  # events of the pairs not drawn
    table: list[TableRow]
    table_limit: int
    extractor_versions: tuple[str, ...] = ()
    last_run_at: datetime | None = None
