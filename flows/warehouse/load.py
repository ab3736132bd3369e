"""Load cleaned articles and their extracted events, idempotently.

Per batch, in one transaction:
1. articles are upserted; an article whose text and extractor version are
   unchanged is left alone (re-running changes nothing);
2. the mentions of new/changed articles replace their old mentions;
3. each extracted event is matched to an existing event reported by another
   article (same type, same actors, compatible date and amount) or becomes a
   new event with a deterministic id;
4. the touched events are re-aggregated from their mentions; an event no
   mention supports any more is retracted (`is_retracted`), not deleted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pyarrow as pa

from flows.ids import stable_hash
from flows.model import Article, ExtractedEvent
from flows.summaries import to_summary
from flows.warehouse.runs import utc_now

AMOUNT_TOLERANCE = 0.05
DAY_TOLERANCE = 3

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


def _candidate_events(
    con: duckdb.DuckDBPyConnection, types: set[str], actors: set[str], dates: list[date | None] | None = None,
) -> dict[tuple, list[dict]]:
    """Existing events (retracted ones too: a new report revives them) of the batch's event types and
    actors, keyed by (type, actor set). With `dates` (the batch's event dates), only events that could be
    date-compatible are read: undated ones and those within a year of the batch's dates (the coarsest
    compatibility is "same year"), so the read stays small as the warehouse grows."""
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    if not types:
        return by_key
    window, params = "", [sorted(types), sorted(actors), sorted(actors)]
    known_dates = [d for d in (dates or []) if d is not None]
    if known_dates and len(known_dates) == len(dates or []):
        window = (" and (event_date is null or event_date between ?::date - interval 366 day"
                  " and ?::date + interval 366 day)")
        params += [min(known_dates), max(known_dates)]
    rows = con.execute(
        "select event_id, event_type, actor1_code, actor2_code, is_symmetric, event_date, date_precision,"
        " amount_value, amount_unit, mode from events where list_contains(?, event_type)"
        " and (list_contains(?, actor1_code) or list_contains(?, actor2_code)"
        "      or (actor1_code is null and actor2_code is null))" + window,
        params,
    ).fetchall()
    names = ("event_id", "event_type", "actor1_code", "actor2_code", "is_symmetric", "event_date",
             "date_precision", "amount_value", "amount_unit", "mode")
    for row in rows:
        cand = dict(zip(names, row))
        by_key[_pair_key(cand["event_type"], cand["actor1_code"], cand["actor2_code"])].append(cand)
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
        existing = dict(
            (row[0], (row[1], row[2]))
            for row in con.execute(
                "select article_id, content_hash, extractor_version from articles where list_contains(?, article_id)",
                [list(unique)],
            ).fetchall()
        )
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

        ids = [a.article_id for a in to_process]
        touched = {
            row[0] for row in con.execute(
                "delete from event_mentions where list_contains(?, article_id) returning event_id", [ids]
            ).fetchall()
        }

        batch_events = [(a.article_id, ev) for a in to_process if a.is_english for ev in events.get(a.article_id, [])]
        candidates = _candidate_events(
            con, {ev.event_type for _, ev in batch_events},
            {code for _, ev in batch_events for code in (ev.actor1_code, ev.actor2_code) if code},
            [ev.event_date for _, ev in batch_events],
        )
        known = {c["event_id"] for group in candidates.values() for c in group}
        assigned: set[tuple[str, str]] = set()  # (event_id, article_id)
        spans: dict[tuple[str, str], int] = {}  # (event_id, article_id) -> char_start of its evidence
        mention_rows = []
        new_ids = []
        for article_id, ev in batch_events:
            key = _pair_key(ev.event_type, ev.actor1_code, ev.actor2_code)
            match = _best_match(
                [c for c in candidates[key] if (c["event_id"], article_id) not in assigned and _matches(c, ev)], ev
            )
            if match is None:
                event_id = _new_event_id(ev)
                if (event_id, article_id) in assigned:
                    if spans.get((event_id, article_id)) == ev.char_start:
                        continue  # the extractor repeated itself (same event, same sentence): one mention
                    # two distinct events of one article that look alike: keep both, never drop a mention
                    event_id = stable_hash(event_id, article_id, ev.char_start, ev.sentence)
                candidates[key].append(_candidate_from(event_id, ev))
                if event_id not in known:
                    new_ids.append(event_id)
                    known.add(event_id)
            else:
                event_id = match["event_id"]
            assigned.add((event_id, article_id))
            spans[(event_id, article_id)] = ev.char_start
            touched.add(event_id)
            mention_rows.append({
                "event_id": event_id, "article_id": article_id, "sentence": ev.sentence,
                "char_start": ev.char_start, "char_end": ev.char_end,
                "extra_sentences": list(ev.extra_sentences), "event_type": ev.event_type, "mode": ev.mode,
                "actor1_code": ev.actor1_code, "actor1_name": ev.actor1_name, "actor2_code": ev.actor2_code,
                "actor2_name": ev.actor2_name, "is_symmetric": ev.is_symmetric, "event_date": ev.event_date,
                "date_precision": ev.date_precision, "amount_value": ev.amount_value,
                "amount_unit": ev.amount_unit, "amount_text": ev.amount_text, "status": ev.status,
                "topics": list(ev.topics), "confidence": ev.confidence, "extractor_version": extractor_version,
            })
        if mention_rows:
            con.register("staged_mentions", pa.Table.from_pylist(mention_rows, schema=MENTION_SCHEMA))
            con.execute(
                "insert into event_mentions by name"
                " select *, ? as run_id, ? as created_at from staged_mentions",
                [run_id, now],
            )
            con.unregister("staged_mentions")
        counts.mentions_new = len(mention_rows)
        new_set = set(new_ids)
        counts.events_new = len(new_set)
        counts.new_event_ids = new_ids
        counts.events_updated, counts.events_retracted = _refresh_events(con, sorted(touched), now)
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

_AGGREGATE_MENTIONS = """
create or replace temp table refreshed_events as
with mentions as (
    select m.*, m.rowid as mention_row, coalesce(a.source, a.site_name, a.canonical_url) as source_name,
           coalesce(a.published_at, m.created_at) as seen_at
    from event_mentions m join articles a using (article_id)
    where list_contains($ids, m.event_id)
),
aggregated as (
    select
        event_id,
        first(event_date order by event_date is null, date_precision = 'year', date_precision = 'month',
              confidence desc, seen_at, article_id) as event_date,
        first(date_precision order by event_date is null, date_precision = 'year', date_precision = 'month',
              confidence desc, seen_at, article_id) as date_precision,
        first(event_type order by confidence desc, seen_at, article_id) as event_type,
        first(mode order by mode is null, confidence desc, seen_at, article_id) as mode,
        first(actor1_code order by confidence desc, seen_at, article_id) as actor1_code,
        first(actor1_name order by confidence desc, seen_at, article_id) as actor1_name,
        first(actor2_code order by confidence desc, seen_at, article_id) as actor2_code,
        first(actor2_name order by confidence desc, seen_at, article_id) as actor2_name,
        bool_or(is_symmetric) as is_symmetric,
        first(amount_value order by amount_value is null, confidence desc, seen_at, article_id) as amount_value,
        first(amount_unit order by amount_value is null, confidence desc, seen_at, article_id) as amount_unit,
        first(status order by confidence desc, seen_at, article_id) as status,
        list_sort(list_distinct(flatten(list(coalesce(topics, []))))) as topics,
        max(confidence) as confidence,
        sum(1 + coalesce(len(extra_sentences), 0))::integer as num_mentions,
        count(distinct article_id)::integer as num_articles,
        count(distinct source_name)::integer as num_sources,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at,
        min(article_id) as first_article_id,
        min(char_start) as first_char_start,
        min(mention_row) as first_mention_row   -- mentions are inserted in the extractor's order
    from mentions
    group by event_id
),
provenance as (
    select event_id, sources, article_urls, evidence, extractor_version
    from int_event_sources where list_contains($ids, event_id)
)
select
    a.*,
    p.quad_class,
    case  -- the same rule as stg_events.pair_key
        when a.actor2_code is null or a.actor2_code = a.actor1_code then a.actor1_code
        when a.actor1_code is null then a.actor2_code
        else least(a.actor1_code, a.actor2_code) || '-' || greatest(a.actor1_code, a.actor2_code)
    end as pair_key,
    cast(null as varchar) as summary,
    s.sources, s.article_urls, s.evidence, s.extractor_version
from aggregated a
join plover_types p using (event_type)
left join provenance s using (event_id)
"""


def _refresh_events(con: duckdb.DuckDBPyConnection, event_ids: list[str], now) -> tuple[int, int]:
    """Re-aggregate the given events from their mentions and retract those left without any.

    An event's `updated_at` moves only when something about it really changed (its attributes,
    summary, evidence, sources or counts), so `new_since_last_run` lists real changes. Returns
    (events changed that existed before, events newly retracted).
    """
    if not event_ids:
        return 0, 0
    con.execute(_AGGREGATE_MENTIONS, {"ids": event_ids})
    rows = con.execute(
        "select event_id, event_date, date_precision, event_type, actor1_code, actor2_code, mode,"
        " amount_value, amount_unit, status, is_symmetric from refreshed_events"
    ).fetchall()
    if rows:
        summaries = [{"event_id": r[0], "summary": to_summary(*r[1:10], is_symmetric=r[10])} for r in rows]
        con.register("staged_summaries", pa.Table.from_pylist(summaries))
        con.execute(
            "update refreshed_events set summary = s.summary from staged_summaries s"
            " where refreshed_events.event_id = s.event_id"
        )
        con.unregister("staged_summaries")
    assignments = ", ".join(f"{c} = excluded.{c}" for c in _CONTENT_COLUMNS)
    before = ", ".join(f"events.{c}" for c in _CONTENT_COLUMNS)
    after = ", ".join(f"excluded.{c}" for c in _CONTENT_COLUMNS)
    insert = (
        "insert into events by name"
        " select * exclude (first_article_id, first_char_start, first_mention_row), $now as created_at,"
        " $now as updated_at, false as is_retracted from refreshed_events r"
    )
    # Events already stored are upserted first. DuckDB's insert ... on conflict does not keep the
    # order of its input, so new events go in with a plain insert afterwards, in the order their
    # articles state them (article, offset, then the extractor's order within a sentence): plain
    # scans, and joins probing the events table, read them in text order.
    con.execute(
        insert + " where exists (select 1 from events e where e.event_id = r.event_id)"
        f" on conflict (event_id) do update set {assignments},"
        f" updated_at = case when events.is_retracted or row({before}) is distinct from row({after})"
        "   then excluded.updated_at else events.updated_at end,"
        " is_retracted = false",
        {"now": now},
    )
    con.execute(
        insert + " where not exists (select 1 from events e where e.event_id = r.event_id)"
        " order by first_article_id, first_char_start, first_mention_row",
        {"now": now},
    )
    con.execute("drop table refreshed_events")
    retracted = con.execute(
        """
        update events set is_retracted = true, num_mentions = 0, num_articles = 0, num_sources = 0,
               updated_at = $now  -- sources, article_urls and evidence stay: where it came from
        where list_contains($ids, event_id) and not is_retracted
          and event_id not in (select event_id from event_mentions where list_contains($ids, event_id))
        returning event_id
        """,
        {"ids": event_ids, "now": now},
    ).fetchall()
    changed = con.execute(
        "select count(*) from events where list_contains(?, event_id) and updated_at = ? and created_at < ?"
        " and not is_retracted",
        [event_ids, now, now],
    ).fetchone()[0]
    return changed, len(retracted)
