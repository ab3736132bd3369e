"""One pair of actors as an SVG lane (pure): events over time, one row per
quad class, coloured by it and sized by amount, above the running
cooperation index as a line; every mark has a hover title.

All lanes share one time axis (`TimeAxis`), so they line up. A lane with more
than `MAX_MARKS` events is drawn aggregated: one mark per quad class per
time bin, sized by the number of events, and its index line keeps one point
per bin, so 10,000 events draw as a few hundred marks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from flows.report.model import QUAD_CLASSES, LanePoint, PairLane
from flows.summaries import format_amount

WIDTH = 960
LEFT = 150  # row labels
RIGHT = 16
PLOT_WIDTH = WIDTH - LEFT - RIGHT
ROW_HEIGHT = 18
EVENTS_TOP = 18
EVENTS_HEIGHT = ROW_HEIGHT * len(QUAD_CLASSES)
INDEX_TOP = EVENTS_TOP + EVENTS_HEIGHT + 10
INDEX_HEIGHT = 60
AXIS_TOP = INDEX_TOP + INDEX_HEIGHT
HEIGHT = AXIS_TOP + 22
INDEX_RANGE = 1.0  # the cooperation index runs from -1 (all conflict) to +1 (all cooperation)

MAX_MARKS = 400
BIN_PX = 6
BASE_RADIUS = 3.5
MAX_EXTRA_RADIUS = 8.0

QUAD_COLOURS = {
    "material_cooperation": "#1b5fa8",
    "verbal_cooperation": "#74aee0",
    "verbal_conflict": "#f0a33a",
    "material_conflict": "#c0392b",
}
QUAD_LABELS = {
    "material_cooperation": "material cooperation",
    "verbal_cooperation": "verbal cooperation",
    "verbal_conflict": "verbal conflict",
    "material_conflict": "material conflict",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class TimeAxis:
    start: date
    end: date

    @classmethod
    def spanning(cls, days: list[date], fallback: date) -> "TimeAxis":
        """An axis over the given dates, padded a little; a single day gets a month around it;
        no dates at all gives the month before `fallback`. When the earliest 5% of the
        dates would take more than half the width, the axis starts after them
        (lanes count those events at their left edge)."""
        if not days:
            return cls(fallback - timedelta(days=30), fallback)
        days = sorted(days)
        first, last = days[0], days[-1]
        if len(days) >= 10:
            typical_first = days[max(1, len(days) // 20)]
            if typical_first - first > last - typical_first:  # a few old events would squash the rest
                first = typical_first
        pad = max(timedelta(days=15) if first == last else timedelta(0), (last - first) * 0.03)
        return cls(first - pad, last + pad)

    @property
    def span_days(self) -> float:
        return max((self.end - self.start).days, 1)

    def x(self, day: date) -> float:
        return LEFT + (day - self.start).days / self.span_days * PLOT_WIDTH

    def ticks(self, max_ticks: int = 8) -> list[tuple[date, str]]:
        """Tick dates and labels at a step (days, weeks, months, quarters, years) that fits."""
        for kind, step in (("day", 1), ("day", 7), ("month", 1), ("month", 3), ("month", 6),
                           ("year", 1), ("year", 2), ("year", 5), ("year", 10), ("year", 25), ("year", 100)):
            days = list(_tick_dates(self.start, self.end, kind, step))
            if len(days) <= max_ticks:
                return [(day, _tick_label(day, kind, i == 0)) for i, day in enumerate(days)]
        return [(self.start, str(self.start.year)), (self.end, str(self.end.year))]


def _tick_dates(start: date, end: date, kind: str, step: int):
    if kind == "day":
        day = start
        while day <= end:
            yield day
            day += timedelta(days=step)
        return
    if kind == "month":
        month_index = start.year * 12 + start.month - 1
        month_index += (-month_index) % step  # first boundary on a multiple of the step
        day = date(month_index // 12, month_index % 12 + 1, 1)
        if day < start:
            month_index += step
        while True:
            day = date(month_index // 12, month_index % 12 + 1, 1)
            if day > end:
                return
            yield day
            month_index += step
    year = start.year + (-start.year) % step
    if date(year, 1, 1) < start:
        year += step
    while date(year, 1, 1) <= end:
        yield date(year, 1, 1)
        year += step


def _tick_label(day: date, kind: str, is_first: bool) -> str:
    if kind == "day":
        return f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if is_first or (day.month == 1 and day.day <= 7) else "")
    if kind == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return str(day.year)


def radius_for(amount_usd: float | None, max_amount_usd: float) -> float:
    """Area grows with the amount: the largest amount of the report gets the largest mark."""
    if not amount_usd or amount_usd <= 0 or max_amount_usd <= 0:
        return BASE_RADIUS
    return BASE_RADIUS + MAX_EXTRA_RADIUS * math.sqrt(min(amount_usd / max_amount_usd, 1.0))


def _row_y(quad_class: str) -> float:
    row = QUAD_CLASSES.index(quad_class) if quad_class in QUAD_CLASSES else len(QUAD_CLASSES) - 1
    return EVENTS_TOP + ROW_HEIGHT * row + ROW_HEIGHT / 2


def _index_y(value: float) -> float:
    clamped = max(-INDEX_RANGE, min(INDEX_RANGE, value))
    return INDEX_TOP + (INDEX_RANGE - clamped) / (2 * INDEX_RANGE) * INDEX_HEIGHT


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def to_event_marks(points: list[LanePoint], axis: TimeAxis, max_amount_usd: float) -> list[str]:
    """One circle per event, largest first so small marks stay on top."""
    marks = []
    for point in sorted(points, key=lambda p: -(p.amount_usd or 0)):
        amount = format_amount(point.amount_usd, "USD") if point.amount_usd else None
        title = point.label + (f" ({amount})" if amount and amount not in point.label else "")
        marks.append(
            f'<circle class="ev {point.quad_class}" cx="{_fmt(axis.x(point.event_date))}" cy="{_fmt(_row_y(point.quad_class))}"'
            f' r="{_fmt(radius_for(point.amount_usd, max_amount_usd))}" fill="{QUAD_COLOURS.get(point.quad_class, "#777")}">'
            f"<title>{escape(title)}</title></circle>"
        )
    return marks


def to_binned_marks(points: list[LanePoint], axis: TimeAxis) -> list[str]:
    """One circle per (time bin, quad class), its area growing with the number of events."""
    bins: dict[tuple[int, str], list[LanePoint]] = {}
    for point in points:
        slot = int((axis.x(point.event_date) - LEFT) // BIN_PX)
        bins.setdefault((slot, point.quad_class), []).append(point)
    most = max((len(group) for group in bins.values()), default=1)
    marks = []
    for (slot, quad), group in sorted(bins.items()):
        first, last = group[0].event_date, group[-1].event_date
        span = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
        usd = sum(p.amount_usd or 0 for p in group)
        title = f"{len(group)} {QUAD_LABELS.get(quad, quad)} events, {span}" + (
            f", {format_amount(usd, 'USD')} in amounts" if usd else "")
        radius = 1.5 + (MAX_EXTRA_RADIUS - 1.5) * math.sqrt(len(group) / most)
        cx = LEFT + (slot + 0.5) * BIN_PX
        marks.append(
            f'<circle class="ev bin {quad}" cx="{_fmt(cx)}" cy="{_fmt(_row_y(quad))}" r="{_fmt(radius)}"'
            f' fill="{QUAD_COLOURS.get(quad, "#777")}" fill-opacity="0.8"><title>{escape(title)}</title></circle>'
        )
    return marks


def to_index_path(points: list[LanePoint], axis: TimeAxis) -> str:
    """A step line of the running index (it holds its value until the next event),
    thinned to the last value per `BIN_PX` so long lanes stay light."""
    steps: list[tuple[float, float]] = []
    for point in sorted(points, key=lambda p: p.event_date):
        x, y = max(axis.x(point.event_date), LEFT), _index_y(point.running_index)
        if steps and x - steps[-1][0] < BIN_PX:
            steps[-1] = (steps[-1][0], y)
        else:
            steps.append((x, y))
    if not steps:
        return ""
    parts = [f"M{_fmt(steps[0][0])},{_fmt(steps[0][1])}"]
    for x, y in steps[1:]:
        parts.append(f"H{_fmt(x)}V{_fmt(y)}")
    parts.append(f"H{_fmt(LEFT + PLOT_WIDTH)}")
    return " ".join(parts)


def to_lane_svg(lane: PairLane, axis: TimeAxis, max_amount_usd: float) -> str:
    """The whole lane: row labels, gridlines with dates, event marks, index line."""
    out = [
        f'<svg class="lane" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(lane.name)}: '
        f'{lane.num_events} events over time" xmlns="http://www.w3.org/2000/svg">'
    ]
    for quad in QUAD_CLASSES:
        y = _row_y(quad)
        out.append(f'<line class="row" x1="{LEFT}" x2="{LEFT + PLOT_WIDTH}" y1="{_fmt(y)}" y2="{_fmt(y)}"/>')
        out.append(f'<text class="rowlabel" x="{LEFT - 8}" y="{_fmt(y + 4)}" text-anchor="end">'
                   f"{escape(QUAD_LABELS[quad])}</text>")
    for value, label in ((INDEX_RANGE, "+1 cooperation"), (0.0, "cooperation index 0"), (-INDEX_RANGE, "−1 conflict")):
        y = _index_y(value)
        css = "zero" if value == 0 else "bound"
        out.append(f'<line class="{css}" x1="{LEFT}" x2="{LEFT + PLOT_WIDTH}" y1="{_fmt(y)}" y2="{_fmt(y)}"/>')
        out.append(f'<text class="rowlabel" x="{LEFT - 8}" y="{_fmt(y + 4)}" text-anchor="end">{label}</text>')
    for day, label in axis.ticks():
        x = _fmt(axis.x(day))
        out.append(f'<line class="grid" x1="{x}" x2="{x}" y1="{EVENTS_TOP}" y2="{AXIS_TOP}"/>')
        out.append(f'<text class="tick" x="{x}" y="{AXIS_TOP + 15}" text-anchor="middle">{escape(label)}</text>')
    shown = [p for p in lane.points if p.event_date >= axis.start]
    earlier = len(lane.points) - len(shown)
    if earlier:
        first = min(p.event_date for p in lane.points)
        out.append(f'<text class="earlier" x="{LEFT}" y="{EVENTS_TOP - 5}">◀ {earlier} earlier '
                   f'event{"s" if earlier != 1 else ""} (from {first.isoformat()}), not on the axis</text>')
    if len(shown) > MAX_MARKS:
        out.extend(to_binned_marks(shown, axis))
    else:
        out.extend(to_event_marks(shown, axis, max_amount_usd))
    path = to_index_path(lane.points, axis)
    if path:
        out.append(f'<path class="index" d="{path}"><title>cooperation index now '
                   f"{lane.cooperation_index:+.2f}</title></path>")
    if not lane.points:
        out.append(f'<text class="empty" x="{LEFT + PLOT_WIDTH / 2}" y="{EVENTS_TOP + EVENTS_HEIGHT / 2 + 4}"'
                   ' text-anchor="middle">no dated events</text>')
    out.append("</svg>")
    return "".join(out)
