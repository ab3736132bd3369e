"""Load cleaned articles and their extracted events, idempotently.

Per batch, in one transaction:
1. articles are upserted; an article whose text and extractor version are
   unchanged is left alone (re-running changes nothing);
2. the mentions of new/changed articles replace their old mentions;
3. each extracted event is matched to an existing event reported by another
   article (same type, same actors, compatible date and amount) or becomes a
   new event with a deterministic id;
4. the touched events are brought up to date: new mentions are folded into
   the stored event (`event_rollups` keeps the few mentions that decide its
   attributes, its sources and its earliest URLs), so the work is the
   batch's, not the story's; an event that lost a mention is rebuilt from
   all of its mentions, and one no mention supports any more is retracted
   (`is_retracted`), not deleted. `rebuild_events` rebuilds them all: the
   fold must always agree with it (tests/unit/test_load_rollups.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb
import pyarrow as pa

from flows.ids import stable_hash
from flows.model import Article, ExtractedEvent
from flows.summaries import to_summary
from flows.warehouse.runs import utc_now

AMOUNT_TOLERANCE = 0.05
DAY_TOLERANCE = 3
# events.article_urls keeps the earliest reporting articles, up to this many (num_articles counts them
# all; event_mentions and the event_evidence view list every one). Unbounded, a story reported by
# thousands of articles made every batch that touched it rewrite a list of thousands of URLs.
MAX_ARTICLE_URLS = 20

ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()), ("title", pa.string()),
    ("source", pa.string()), ("author", pa.string()), ("site_name", pa.string()),
    ("published_at", pa.timestamp("us")), ("published_precision", pa.string()), ("language", pa.string()),
    ("is_english", pa.bool_()), ("text", pa.string()), ("text_source", pa.string()),
    ("content_hash", pa.string()), ("origin", pa.string()), ("origin_path", pa.string()), ("place", pa.string()),
    ("raw_html", pa.binary()), ("notes", pa.list_(pa.string())), ("extractor_version", pa.string()),
    ("num_events", pa.int32()),
])

MENTION_SCHEMA = pa.schema([
    ("event_id", pa.string()), ("article_id", pa.string()), ("sentence", pa.string()),
    ("char_start", pa.int32()), ("char_end", pa.int32()), ("extra_sentences", pa.list_(pa.string())),
    ("event_type", pa.string()), ("mode", pa.string()), ("actor1_code", pa.string()), ("actor1_name", pa.string()),
    ("actor2_code", pa.string()), ("actor2_name", pa.string()), ("is_symmetric", pa.bool_()),
    ("event_date", pa.date32()), ("date_precision", pa.string()), ("amount_value", pa.float64()),
    ("amount_unit", pa.string()), ("amount_text", pa.string()), ("status", pa.string()),
    ("topics", pa.list_(pa.string())), ("confidence", pa.float64()), ("extractor_version", pa.string()),
])
# what the loader also stages with each new mention (from its article) to fold it into its event
MENTION_CONTEXT = pa.schema([
    ("source_name", pa.string()), ("source_label", pa.string()), ("seen_at", pa.timestamp("us")),
    ("evidence_key", pa.timestamp("us")), ("url", pa.string()), ("mention_row", pa.int64()),
])
STAGED_MENTION_SCHEMA = pa.schema(list(MENTION_SCHEMA) + list(MENTION_CONTEXT))
NO_DATE = datetime(9999, 12, 31)  # an article without a publication time sorts last (as 'nulls last')


@dataclass
class LoadCounts:
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    articles_non_english: int = 0
    events_new: int = 0
    events_updated: int = 0
    events_retracted: int = 0
    mentions_new: int = 0
    new_event_ids: list[str] = field(default_factory=list)

    def add(self, other: "LoadCounts") -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.new_event_ids.extend(other.new_event_ids)


def _article_row(article: Article, extractor_version: str, num_events: int) -> dict:
    published = article.published_at.replace(tzinfo=None) if article.published_at else None
    return {
        "article_id": article.article_id, "url": article.url, "canonical_url": article.canonical_url,
        "title": article.title, "source": article.source, "author": article.author,
        "site_name": article.site_name, "published_at": published,
        "published_precision": article.published_precision, "language": article.language,
        "is_english": article.is_english, "text": article.text, "text_source": article.text_source,
        "content_hash": article.content_hash, "origin": article.origin, "origin_path": article.origin_path,
        "place": article.place, "raw_html": article.raw_html, "notes": list(article.notes),
        "extractor_version": extractor_version, "num_events": num_events,
    }


def _first_given(*values: str | None) -> str | None:
    """SQL's coalesce: the first value that is not None."""
    return next((value for value in values if value is not None), None)


def _dates_compatible(a: date | None, pa_: str | None, b: date | None, pb: str | None) -> bool:
    if a is None or b is None:
        return True
    coarsest = "year" if "year" in (pa_, pb) else "month" if "month" in (pa_, pb) else "day"
    if coarsest == "year":
        return a.year == b.year
    if coarsest == "month":
        return (a.year, a.month) == (b.year, b.month)
    return abs((a - b).days) <= DAY_TOLERANCE


def _amounts_compatible(av: float | None, au: str | None, bv: float | None, bu: str | None) -> bool:
    if av is None or bv is None:
        return True
    if au != bu:
        return False
    scale = max(abs(av), abs(bv)) or 1.0
    return abs(av - bv) <= AMOUNT_TOLERANCE * scale


def _pair_key(event_type: str, a1: str | None, a2: str | None) -> tuple[str, frozenset]:
    return event_type, frozenset(code for code in (a1, a2) if code)


def _directions_compatible(cand: dict, ev: ExtractedEvent) -> bool:
    if cand["is_symmetric"] or ev.is_symmetric:
        return True
    return (cand["actor1_code"], cand["actor2_code"]) == (ev.actor1_code, ev.actor2_code)


def _modes_compatible(cand: dict, ev: ExtractedEvent) -> bool:
    """Subtypes must not contradict: equal, one missing, one a refinement of the other ("investment" /
    "investment_pledge"), or both reports carry an amount (the amount identifies the deal better)."""
    a, b = cand["mode"], ev.mode
    if a is None or b is None or a == b:
        return True
    if a.split("_")[0] == b.split("_")[0]:
        return True
    return cand["amount_value"] is not None and ev.amount_value is not None


def _matches(cand: dict, ev: ExtractedEvent) -> bool:
    return (
        _modes_compatible(cand, ev)
        and _directions_compatible(cand, ev)
        and _dates_compatible(cand["event_date"], cand["date_precision"], ev.event_date, ev.date_precision)
        and _amounts_compatible(cand["amount_value"], cand["amount_unit"], ev.amount_value, ev.amount_unit)
    )


def _new_event_id(ev: ExtractedEvent) -> str:
    """The id of a new event: a hash of what the event is (type, actors, mode, date, amount), not of the
    article that reported it first, so the same report gives the same id whichever article arrives first
    and however the batches are cut. Joint (symmetric) events hash their actors in sorted order."""
    actors = (ev.actor1_code, ev.actor2_code)
    if ev.is_symmetric:
        actors = tuple(sorted(actors, key=lambda code: code or ""))
    return stable_hash(
        "event", ev.event_type, *actors, ev.mode, ev.event_date, ev.date_precision,
        ev.amount_value, ev.amount_unit,
    )


def _best_match(cands: list[dict], ev: ExtractedEvent) -> dict | None:
    """Of the compatible candidates, the one that agrees with the report most closely: the event this
    report would create itself first, then equal amount, date and mode. Picking the closest (not the
    first found) keeps two similar events of one article apart whatever order they are loaded in."""
    if not cands:
        return None
    own_id = _new_event_id(ev)

    def closeness(c: dict) -> tuple:
        return (
            c["event_id"] == own_id,
            c["amount_value"] is not None and ev.amount_value is not None
            and _amounts_compatible(c["amount_value"], c["amount_unit"], ev.amount_value, ev.amount_unit),
            c["event_date"] == ev.event_date,
            c["mode"] == ev.mode,
            c["event_id"],
        )

    return max(cands, key=closeness)


class _KeyCandidates:
    """The known events of one (type, actor set), indexed by date so that a report is compared only
    with the events its date could be compatible with (`_dates_compatible`): undated ones, and dated
    ones of its year, month or +-DAY_TOLERANCE days as the coarser precision of the two asks. A
    story's many dated events (a tariff dispute reported daily) no longer make every report compare
    itself with all of them. `near` returns a superset of the compatible ones; `_matches` decides."""

    def __init__(self) -> None:
        self.undated: list[dict] = []
        self.everything: list[dict] = []
        self.in_year: dict[int, list[dict]] = defaultdict(list)          # every dated event, by year
        self.year_precision: dict[int, list[dict]] = defaultdict(list)   # "year" precision, by year
        self.in_month: dict[tuple, list[dict]] = defaultdict(list)       # month or day precision, by month
        self.month_precision: dict[tuple, list[dict]] = defaultdict(list)
        self.on_day: dict[date, list[dict]] = defaultdict(list)          # day (or no) precision, by day

    def add(self, cand: dict) -> None:
        self.everything.append(cand)
        when, precision = cand["event_date"], cand["date_precision"]
        if when is None:
            self.undated.append(cand)
            return
        self.in_year[when.year].append(cand)
        if precision == "year":
            self.year_precision[when.year].append(cand)
            return
        self.in_month[(when.year, when.month)].append(cand)
        if precision == "month":
            self.month_precision[(when.year, when.month)].append(cand)
        else:
            self.on_day[when].append(cand)

    def near(self, when: date | None, precision: str | None) -> list[dict]:
        if when is None:
            return self.everything
        if precision == "year":
            return self.undated + self.in_year.get(when.year, [])
        month = (when.year, when.month)
        found = self.undated + self.year_precision.get(when.year, [])
        if precision == "month":
            return found + self.in_month.get(month, [])
        found += self.month_precision.get(month, [])
        for offset in range(-DAY_TOLERANCE, DAY_TOLERANCE + 1):
            try:
                found += self.on_day.get(when + timedelta(days=offset), [])
            except OverflowError:  # next to date.min / date.max
                continue
        return found


def _candidate_events(
    con: duckdb.DuckDBPyConnection, batch_events: list[tuple[str, ExtractedEvent]],
) -> dict[tuple, _KeyCandidates]:
    """Existing events (retracted ones too: a new report revives them) that a report of the batch could
    merge with: the same type and actor set, and a date `_dates_compatible` could accept (undated on
    either side, the same year or month where either is that coarse, or within DAY_TOLERANCE days).
    The database does this filtering, so the read is the batch's, not the story's: a pair reported
    on for years has thousands of events, of which a report's date admits a handful."""
    by_key: dict[tuple, _KeyCandidates] = defaultdict(_KeyCandidates)
    reports = {}
    for _, ev in batch_events:
        codes = sorted({code for code in (ev.actor1_code, ev.actor2_code) if code})
        reports[(ev.event_type, "-".join(codes) if codes else None, ev.event_date, ev.date_precision)] = None
    if not reports:
        return by_key
    keys = list(reports)
    con.register("staged_reports", pa.table({
        "event_type": [k[0] for k in keys], "pair": [k[1] for k in keys],
        "event_date": pa.array([k[2] for k in keys], pa.date32()), "date_precision": [k[3] for k in keys],
    }))
    # the pair is computed from the actor codes (not the stored pair_key column), by the same rule
    rows = con.execute(
        f"""
        with keyed as (
            select event_id, event_type, actor1_code, actor2_code, is_symmetric, event_date, date_precision,
                   amount_value, amount_unit, mode,
                   case when actor2_code is null or actor2_code = actor1_code then actor1_code
                        when actor1_code is null then actor2_code
                        else least(actor1_code, actor2_code) || '-' || greatest(actor1_code, actor2_code)
                   end as pair
            from events
            where event_type in (select event_type from staged_reports)
        )
        select distinct e.* exclude (pair) from keyed e
        join staged_reports k on k.event_type = e.event_type and k.pair is not distinct from e.pair
        where e.event_date is null or k.event_date is null
           or (year(e.event_date) = year(k.event_date)
               and ('year' in (e.date_precision, k.date_precision)
                    or (month(e.event_date) = month(k.event_date) and 'month' in (e.date_precision, k.date_precision))
                    or abs(date_diff('day', e.event_date, k.event_date)) <= {DAY_TOLERANCE}))
           or abs(date_diff('day', e.event_date, k.event_date)) <= {DAY_TOLERANCE}
        """
    ).fetchall()
    con.unregister("staged_reports")
    names = ("event_id", "event_type", "actor1_code", "actor2_code", "is_symmetric", "event_date",
             "date_precision", "amount_value", "amount_unit", "mode")
    for row in rows:
        cand = dict(zip(names, row))
        by_key[_pair_key(cand["event_type"], cand["actor1_code"], cand["actor2_code"])].add(cand)
    return by_key


def _candidate_from(event_id: str, ev: ExtractedEvent) -> dict:
    return {
        "event_id": event_id, "event_type": ev.event_type, "actor1_code": ev.actor1_code,
        "actor2_code": ev.actor2_code, "is_symmetric": ev.is_symmetric, "event_date": ev.event_date,
        "date_precision": ev.date_precision, "amount_value": ev.amount_value, "amount_unit": ev.amount_unit,
        "mode": ev.mode,
    }


def load_batch(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    articles: list[Article],
    events: dict[str, list[ExtractedEvent]],
    extractor_version: str,
    force: bool = False,
) -> LoadCounts:
    """Merge one batch of articles and their events in one transaction.

    `events` maps article_id to that article's extracted events (articles
    absent from it, e.g. non-English ones, have none). With `force`, unchanged
    articles are re-processed too (re-extraction with a new coder).
    """
    counts = LoadCounts()
    if not articles:
        return counts
    now = utc_now()
    unique: dict[str, Article] = {}
    for article in articles:
        unique[article.article_id] = article  # the last copy of a URL in a batch wins
    con.execute("begin transaction")
    try:
        con.register("staged_article_ids", pa.table({"article_id": list(unique)}))
        existing = dict(
            (row[0], (row[1], row[2]))
            for row in con.execute(
                "select article_id, content_hash, extractor_version from articles"
                " where article_id in (select article_id from staged_article_ids)"
            ).fetchall()
        )
        con.unregister("staged_article_ids")
        to_process: list[Article] = []
        for article in unique.values():
            before = existing.get(article.article_id)
            if before is None:
                counts.articles_new += 1
            elif before == (article.content_hash, extractor_version) and not force:
                counts.articles_unchanged += 1
                continue
            else:
                counts.articles_updated += 1
            if not article.is_english:
                counts.articles_non_english += 1
            to_process.append(article)
        if not to_process:
            con.execute("commit")
            return counts

        rows = [_article_row(a, extractor_version, len(events.get(a.article_id, []))) for a in to_process]
        con.register("staged_articles", pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA))
        con.execute(
            "insert into articles by name"
            " select *, ? as first_run_id, ? as ingested_at, ? as updated_at from staged_articles"
            " on conflict (article_id) do update set"
            " url = excluded.url, canonical_url = excluded.canonical_url, title = excluded.title,"
            " source = excluded.source, author = excluded.author, site_name = excluded.site_name,"
            " published_at = excluded.published_at, published_precision = excluded.published_precision,"
            " language = excluded.language, is_english = excluded.is_english, text = excluded.text,"
            " text_source = excluded.text_source, content_hash = excluded.content_hash,"
            " origin = excluded.origin, origin_path = excluded.origin_path, place = excluded.place,"
            " raw_html = coalesce(excluded.raw_html, articles.raw_html), notes = excluded.notes,"
            " extractor_version = excluded.extractor_version, num_events = excluded.num_events,"
            " updated_at = excluded.updated_at",
            [run_id, now, now],
        )
        con.unregister("staged_articles")

        # the old mentions of changed articles go (new articles have none: no need to look)
        replaced = [a.article_id for a in to_process if a.article_id in existing]
        lost = set()
        if replaced:
            lost = {
                row[0] for row in con.execute(
                    "delete from event_mentions where list_contains(?, article_id) returning event_id", [replaced]
                ).fetchall()
            }

        batch_events = [(a.article_id, ev) for a in to_process if a.is_english for ev in events.get(a.article_id, [])]
        candidates = _candidate_events(con, batch_events)
        known = {c["event_id"] for group in candidates.values() for c in group.everything}
        added: set[str] = set()  # events this batch's mentions report
        assigned: set[tuple[str, str]] = set()  # (event_id, article_id)
        spans: dict[tuple[str, str], int] = {}  # (event_id, article_id) -> char_start of its evidence
        mention_rows = []
        new_ids = []
        for article_id, ev in batch_events:
            key = _pair_key(ev.event_type, ev.actor1_code, ev.actor2_code)
            match = _best_match([
                c for c in candidates[key].near(ev.event_date, ev.date_precision)
                if (c["event_id"], article_id) not in assigned and _matches(c, ev)
            ], ev)
            if match is None:
                event_id = _new_event_id(ev)
                if (event_id, article_id) in assigned:
                    if spans.get((event_id, article_id)) == ev.char_start:
                        continue  # the extractor repeated itself (same event, same sentence): one mention
                    # two distinct events of one article that look alike: keep both, never drop a mention
                    event_id = stable_hash(event_id, article_id, ev.char_start, ev.sentence)
                candidates[key].add(_candidate_from(event_id, ev))
                if event_id not in known:
                    new_ids.append(event_id)
                    known.add(event_id)
            else:
                event_id = match["event_id"]
            assigned.add((event_id, article_id))
            spans[(event_id, article_id)] = ev.char_start
            added.add(event_id)
            article = unique[article_id]
            published = article.published_at.replace(tzinfo=None) if article.published_at else None
            mention_rows.append({
                "event_id": event_id, "article_id": article_id, "sentence": ev.sentence,
                "char_start": ev.char_start, "char_end": ev.char_end,
                "extra_sentences": list(ev.extra_sentences), "event_type": ev.event_type, "mode": ev.mode,
                "actor1_code": ev.actor1_code, "actor1_name": ev.actor1_name, "actor2_code": ev.actor2_code,
                "actor2_name": ev.actor2_name, "is_symmetric": ev.is_symmetric, "event_date": ev.event_date,
                "date_precision": ev.date_precision, "amount_value": ev.amount_value,
                "amount_unit": ev.amount_unit, "amount_text": ev.amount_text, "status": ev.status,
                "topics": list(ev.topics), "confidence": ev.confidence, "extractor_version": extractor_version,
                # the article's part, as the aggregation over stored mentions reads it from `articles`
                "source_name": _first_given(article.source, article.site_name, article.canonical_url),
                "source_label": _first_given(article.source, article.site_name, "unknown"),
                "seen_at": published or now, "evidence_key": published or NO_DATE, "url": article.url,
                "mention_row": len(mention_rows),
            })
        con.register("staged_mentions", pa.Table.from_pylist(mention_rows, schema=STAGED_MENTION_SCHEMA))
        if mention_rows:
            con.execute(
                "insert into event_mentions by name"
                f" select * exclude ({', '.join(MENTION_CONTEXT.names)}), ? as run_id, ? as created_at"
                " from staged_mentions",
                [run_id, now],
            )
        counts.mentions_new = len(mention_rows)
        if new_ids:  # an id no candidate had can still be stored: an event whose merged date moved away
            con.register("staged_new_ids", pa.table({"event_id": new_ids}))
            stored = {row[0] for row in con.execute(
                "select event_id from events where event_id in (select event_id from staged_new_ids)"
            ).fetchall()}
            con.unregister("staged_new_ids")
            new_ids = [event_id for event_id in new_ids if event_id not in stored]
        new_set = set(new_ids)
        counts.events_new = len(new_set)
        counts.new_event_ids = new_ids
        counts.events_updated, counts.events_retracted = _refresh_events(con, added, lost, now)
        con.unregister("staged_mentions")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return counts


# columns whose change makes an event "updated" (updated_at moves; new_since_last_run shows it)
_CONTENT_COLUMNS = (
    "event_date", "date_precision", "event_type", "mode", "quad_class", "actor1_code", "actor1_name",
    "actor2_code", "actor2_name", "is_symmetric", "pair_key", "amount_value", "amount_unit", "status", "topics",
    "summary", "confidence", "num_mentions", "num_articles", "num_sources", "first_seen_at", "last_seen_at",
    "sources", "article_urls", "evidence", "extractor_version",
)

# The columns of a mention the aggregation reads, as the pool of mentions to aggregate holds them.
_POOL_FROM_MENTIONS = """
    select m.event_id, m.article_id, m.sentence, m.char_start, m.extra_sentences, m.event_type, m.mode,
           m.actor1_code, m.actor1_name, m.actor2_code, m.actor2_name, m.is_symmetric, m.event_date,
           m.date_precision, m.amount_value, m.amount_unit, m.status, m.topics, m.confidence, m.extractor_version,
           coalesce(a.source, a.site_name, a.canonical_url) as source_name,
           coalesce(a.source, a.site_name, 'unknown') as source_label,
           coalesce(a.published_at, m.created_at) as seen_at,
           coalesce(a.published_at, timestamp '9999-12-31') as evidence_key,
           a.url, m.rowid as mention_row, true as is_new
    from event_mentions m join articles a using (article_id)
    where m.event_id in (select event_id from touched_events where rebuild)
"""

_POOL_FROM_BATCH = """
    select * exclude (char_end, amount_text), true as is_new
    from staged_mentions where event_id in (select event_id from touched_events where not rebuild)
"""

_POOL_FROM_DECIDERS = """
    select event_id, d.article_id, d.sentence, null::integer as char_start, null::varchar[] as extra_sentences,
           d.event_type, d.mode, d.actor1_code, d.actor1_name, d.actor2_code, d.actor2_name,
           null::boolean as is_symmetric, d.event_date, d.date_precision, d.amount_value, d.amount_unit, d.status,
           null::varchar[] as topics, d.confidence, null::varchar as extractor_version,
           null::varchar as source_name, null::varchar as source_label, d.seen_at, d.evidence_key, d.url,
           null::bigint as mention_row, false as is_new
    from (select event_id, unnest(deciders) as d from event_rollups
          where event_id in (select event_id from touched_events where not rebuild))
"""

# One row per event in `event_pool`: the attributes the best-ranked mention gives (the ranking each
# attribute uses is the same whether the pool holds all of an event's mentions or only its deciders
# and its new mentions: the best of a set is the best of its earlier best and the additions), the
# additions' counts and sets, and which mentions decided (to keep as the event's new deciders).
_AGGREGATE_POOL = """
create or replace temp table pooled_events as
select
    event_id,
    first(event_date order by event_date is null, date_precision = 'year', date_precision = 'month',
          confidence desc, seen_at, article_id) as event_date,
    first(date_precision order by event_date is null, date_precision = 'year', date_precision = 'month',
          confidence desc, seen_at, article_id) as date_precision,
    first(article_id order by event_date is null, date_precision = 'year', date_precision = 'month',
          confidence desc, seen_at, article_id) as date_by,
    first(event_type order by confidence desc, seen_at, article_id) as event_type,
    first(actor1_code order by confidence desc, seen_at, article_id) as actor1_code,
    first(actor1_name order by confidence desc, seen_at, article_id) as actor1_name,
    first(actor2_code order by confidence desc, seen_at, article_id) as actor2_code,
    first(actor2_name order by confidence desc, seen_at, article_id) as actor2_name,
    first(status order by confidence desc, seen_at, article_id) as status,
    first(article_id order by confidence desc, seen_at, article_id) as main_by,
    first(mode order by mode is null, confidence desc, seen_at, article_id) as mode,
    first(article_id order by mode is null, confidence desc, seen_at, article_id) as mode_by,
    first(amount_value order by amount_value is null, confidence desc, seen_at, article_id) as amount_value,
    first(amount_unit order by amount_value is null, confidence desc, seen_at, article_id) as amount_unit,
    first(article_id order by amount_value is null, confidence desc, seen_at, article_id) as amount_by,
    first(sentence order by evidence_key, url) as evidence,
    first(article_id order by evidence_key, url) as evidence_by,
    max(confidence) as confidence,
    bool_or(is_symmetric) filter (where is_new) as added_symmetric,
    flatten(list(coalesce(topics, [])) filter (where is_new)) as added_topics,
    sum(1 + coalesce(len(extra_sentences), 0)) filter (where is_new) as added_mentions,
    count(distinct article_id) filter (where is_new) as added_articles,
    list(distinct source_name) filter (where is_new) as added_source_names,
    list(distinct source_label) filter (where is_new) as added_source_labels,
    list({'seen': evidence_key, 'url': url}) filter (where is_new) as added_url_keys,
    min(seen_at) filter (where is_new) as added_first_seen,
    max(seen_at) filter (where is_new) as added_last_seen,
    max(extractor_version) filter (where is_new) as added_version,
    min(article_id) filter (where is_new) as first_article_id,
    min(char_start) filter (where is_new) as first_char_start,
    min(mention_row) filter (where is_new) as first_mention_row   -- mentions are inserted in the extractor's order
from event_pool
group by event_id
"""

# Each pooled event on top of what it had (`base`: its stored row and rollup; none for events
# rebuilt from all their mentions and for new ones).
_REFRESH = """
create or replace temp table refreshed_events as
with base as (
    select e.event_id, e.is_symmetric, e.topics, e.num_mentions, e.num_articles, e.first_seen_at,
           e.last_seen_at, e.extractor_version, r.source_names, r.source_labels, r.url_keys
    from events e join event_rollups r using (event_id)
    where event_id in (select event_id from touched_events where not rebuild)
),
combined as (
    select
        g.*,
        coalesce(b.is_symmetric, false) or coalesce(g.added_symmetric, false) as is_symmetric,
        list_sort(list_distinct(coalesce(b.topics, []) || g.added_topics)) as topics,
        (coalesce(b.num_mentions, 0) + g.added_mentions)::integer as num_mentions,
        (coalesce(b.num_articles, 0) + g.added_articles)::integer as num_articles,
        list_sort(list_distinct(coalesce(b.source_names, []) || g.added_source_names)) as source_names,
        list_sort(list_distinct(coalesce(b.source_labels, []) || g.added_source_labels)) as source_labels,
        list_slice(list_sort(coalesce(b.url_keys, []) || g.added_url_keys), 1, $max_urls) as url_keys,
        least(b.first_seen_at, g.added_first_seen) as first_seen_at,
        greatest(b.last_seen_at, g.added_last_seen) as last_seen_at,
        greatest(b.extractor_version, g.added_version) as extractor_version
    from pooled_events g left join base b using (event_id)
)
select
    c.event_id, c.event_date, c.date_precision, c.event_type, c.mode, p.quad_class,
    c.actor1_code, c.actor1_name, c.actor2_code, c.actor2_name, c.is_symmetric,
    case  -- the same rule as stg_events.pair_key
        when c.actor2_code is null or c.actor2_code = c.actor1_code then c.actor1_code
        when c.actor1_code is null then c.actor2_code
        else least(c.actor1_code, c.actor2_code) || '-' || greatest(c.actor1_code, c.actor2_code)
    end as pair_key,
    c.amount_value, c.amount_unit, c.status, c.topics, cast(null as varchar) as summary, c.confidence,
    c.num_mentions, c.num_articles, len(c.source_names)::integer as num_sources,
    c.first_seen_at, c.last_seen_at,
    array_to_string(c.source_labels, ', ') as sources,
    list_transform(c.url_keys, lambda k: k.url) as article_urls,
    c.evidence, c.extractor_version,
    c.source_names, c.source_labels, c.url_keys,
    c.main_by, c.date_by, c.mode_by, c.amount_by, c.evidence_by,
    c.first_article_id, c.first_char_start, c.first_mention_row
from combined c
join plover_types p using (event_type)
"""

_NEW_ROLLUPS = """
create or replace temp table refreshed_rollups as
select
    r.event_id, any_value(r.source_names) as source_names, any_value(r.source_labels) as source_labels,
    any_value(r.url_keys) as url_keys,
    list({'article_id': p.article_id, 'sentence': p.sentence, 'event_type': p.event_type, 'mode': p.mode,
          'actor1_code': p.actor1_code, 'actor1_name': p.actor1_name, 'actor2_code': p.actor2_code,
          'actor2_name': p.actor2_name, 'event_date': p.event_date, 'date_precision': p.date_precision,
          'amount_value': p.amount_value, 'amount_unit': p.amount_unit, 'status': p.status,
          'confidence': p.confidence, 'seen_at': p.seen_at, 'evidence_key': p.evidence_key, 'url': p.url}
         order by p.article_id) as deciders
from refreshed_events r
join event_pool p on p.event_id = r.event_id
    and p.article_id in (r.main_by, r.date_by, r.mode_by, r.amount_by, r.evidence_by)
group by r.event_id
"""

_ROLLUP_ONLY_COLUMNS = (
    "source_names", "source_labels", "url_keys", "main_by", "date_by", "mode_by", "amount_by", "evidence_by",
    "first_article_id", "first_char_start", "first_mention_row",
)


def _refresh_events(con: duckdb.DuckDBPyConnection, added: set[str], lost: set[str], now) -> tuple[int, int]:
    """Bring the events a batch touched up to date; retract those left without any mention.

    `added`: events the batch's new mentions report; `lost`: events whose mentions the batch deleted
    (their articles changed). An event that only gained mentions and has a rollup is folded: its
    stored row and deciders plus the new mentions (`staged_mentions`), so the work is the batch's,
    however many articles reported the event before. Events that lost a mention, and stored events
    without a rollup, are rebuilt from all their mentions.

    An event's `updated_at` moves only when something about it really changed (its attributes,
    summary, evidence, sources or counts), so `new_since_last_run` lists real changes. Returns
    (events changed that existed before, events newly retracted).
    """
    touched = sorted(added | lost)
    if not touched:
        return 0, 0
    # which events fold and which are rebuilt, as a table the queries join (a `list_contains` over
    # a thousand ids costs far more than a hash join once the tables grow)
    con.register("staged_touched", pa.table({"event_id": touched, "lost": [i in lost for i in touched]}))
    con.execute("create or replace temp table touched_events as select event_id, lost as rebuild from staged_touched")
    con.unregister("staged_touched")
    con.execute(
        "update touched_events t set rebuild = true where not t.rebuild"
        " and exists (select 1 from events e where e.event_id = t.event_id)"
        " and not exists (select 1 from event_rollups r where r.event_id = t.event_id)"
    )  # stored events without a rollup (retracted, or stored before rollups existed)
    rebuild = con.execute("select count(*) from touched_events where rebuild").fetchall()[0][0]
    parts = [_POOL_FROM_BATCH, _POOL_FROM_DECIDERS] + ([_POOL_FROM_MENTIONS] if rebuild else [])
    con.execute("create or replace temp table event_pool as " + " union all by name ".join(parts))
    con.execute(_AGGREGATE_POOL)
    con.execute(_REFRESH, {"max_urls": MAX_ARTICLE_URLS})
    rows = con.execute(
        "select event_id, event_date, date_precision, event_type, actor1_code, actor2_code, mode,"
        " amount_value, amount_unit, status, is_symmetric from refreshed_events"
    ).fetchall()
    refreshed = {r[0] for r in rows}
    if rows:
        summaries = [{"event_id": r[0], "summary": to_summary(*r[1:10], is_symmetric=r[10])} for r in rows]
        con.register("staged_summaries", pa.Table.from_pylist(summaries))
        con.execute(
            "update refreshed_events set summary = s.summary from staged_summaries s"
            " where refreshed_events.event_id = s.event_id"
        )
        con.unregister("staged_summaries")
    con.execute(_NEW_ROLLUPS)
    before = ", ".join(f"e.{c}" for c in _CONTENT_COLUMNS)
    after = ", ".join(f"r.{c}" for c in _CONTENT_COLUMNS)
    # Touched events are deleted and inserted again rather than updated in place: DuckDB updates a
    # list column (topics, article_urls) by rewriting far more than the row (1,029 events of a
    # 14,140-event table: 300 ms as an update, 8 ms as delete + insert), and the cost grew with the
    # table. The insert is ordered as the articles state the events (article, offset, then the
    # extractor's order within a sentence), so new events are stored in text order.
    con.execute(
        "create or replace temp table replaced_events as"
        f" select r.* exclude ({', '.join(_ROLLUP_ONLY_COLUMNS)}),"
        " coalesce(e.created_at, $now) as created_at,"
        f" case when e.event_id is null or e.is_retracted or row({before}) is distinct from row({after})"
        "   then $now else e.updated_at end as updated_at,"
        " false as is_retracted"
        " from refreshed_events r left join events e on e.event_id = r.event_id"
        " order by r.first_article_id, r.first_char_start, r.first_mention_row",
        {"now": now},
    )
    con.execute("delete from events where event_id in (select event_id from replaced_events)")
    con.execute("insert into events by name select * from replaced_events order by rowid")
    gone = sorted(lost - refreshed)  # no mention supports them any more (few: changed articles only)
    con.execute("delete from event_rollups where event_id in (select event_id from touched_events)")
    con.execute("insert into event_rollups by name select * from refreshed_rollups")
    for table in ("event_pool", "pooled_events", "refreshed_events", "refreshed_rollups", "replaced_events"):
        con.execute(f"drop table {table}")
    retracted = []
    if gone:
        retracted = con.execute(
            """
            update events set is_retracted = true, num_mentions = 0, num_articles = 0, num_sources = 0,
                   updated_at = $now  -- sources, article_urls and evidence stay: where it came from
            where list_contains($ids, event_id) and not is_retracted
            returning event_id
            """,
            {"ids": gone, "now": now},
        ).fetchall()
    changed = con.execute(
        "select count(*) from events where event_id in (select event_id from touched_events)"
        " and updated_at = ? and created_at < ? and not is_retracted",
        [now, now],
    ).fetchall()[0][0]
    con.execute("drop table touched_events")
    return changed, len(retracted)


def rebuild_events(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Rebuild every stored event (and its rollup) from all of its mentions, in one transaction.

    What the loader's folding must always agree with: a warehouse rebuilt this way is the same as
    the one the batches built (`tests/unit/test_load_rollups.py`). Also the repair for a warehouse
    whose events were edited by hand. Returns (events changed, events newly retracted).
    """
    ids = {row[0] for row in con.execute("select event_id from events").fetchall()}
    con.register("staged_mentions", STAGED_MENTION_SCHEMA.empty_table())
    con.execute("begin transaction")
    try:
        result = _refresh_events(con, set(), ids, utc_now())
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        con.unregister("staged_mentions")
    return result
