"""Read what the report shows from the warehouse views (the only DuckDB code of the report).

- lanes: the `timeline` mart (one row per live event, with the running
  columns per pair of actors);
- cooperation index: (cooperation events - conflict events) / events, from
  -1 (all conflict) to +1 (all cooperation): the definition of
  `relations_monthly.cooperation_index`, here as a running value after each
  event, so the line moves event by event rather than month by month;
- pledged totals: the `pledges` mart (per currency) when the warehouse has
  it, else the running pledged US dollars of `timeline`;
- the table: `timeline` with `event_mentions`/`articles` for each article's
  link, title and evidence sentence.

`--since` limits what is shown, not what is counted: running values (index,
pledged totals) include the pair's earlier history.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import duckdb

from flows.report.model import QUAD_CLASSES, LanePoint, PairLane, ReportData, SourceLink, TableRow
from flows.report.names import actor_names, to_actor_name, to_pair_name
from flows.summaries import format_amount

DEFAULT_TABLE_LIMIT = 200
DEFAULT_LANE_LIMIT = 12
DEFAULT_PAIR_LIMIT = 100

# One row per event of the chosen pairs, with the pair's running index after it.
# The running sums see the pair's whole history; the date filter applies after.
LANE_POINTS_SQL = """
with pair_events as (
    select * from timeline where coalesce(pair_key, '') in (select unnest(?))
),
running as (
    select
        *,
        sum(case when quad_class like '%cooperation' then 1 when quad_class like '%conflict' then -1 else 0 end)
            over (partition by pair_key order by event_date, event_id rows between unbounded preceding and current row)
            as running_balance
    from pair_events
),
final as (
    select
        coalesce(pair_key, '') as pair_key, event_date, quad_class, event_type, amount_value, amount_unit,
        running_balance / pair_events_so_far as running_index, summary, event_id
    from running
)
select * exclude (event_id) from final
where ? is null or event_date >= ?
order by pair_key, event_date nulls last, event_id
"""


def _filters(pairs: tuple[str, ...], since: date | None, alias: str = "") -> tuple[str, list]:
    prefix = f"{alias}." if alias else ""
    clauses, params = [], []
    if pairs:
        clauses.append(f"coalesce({prefix}pair_key, '') in ({', '.join('?' for _ in pairs)})")
        params.extend(pairs)
    if since is not None:
        clauses.append(f"{prefix}event_date >= ?")
        params.append(since)
    return (" where " + " and ".join(clauses)) if clauses else "", params


def has_relation(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the warehouse has this table or view (older warehouses may lack the newer marts)."""
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_name = ?", [name]
    ).fetchone()[0])


def read_pledged(con: duckdb.DuckDBPyConnection, pair_keys: list[str]) -> dict[str, dict[str, float]] | None:
    """pair key -> currency -> total pledged to date, from `pledges`; None without that view."""
    if not has_relation(con, "pledges"):
        return None
    if not pair_keys:
        return {}
    totals: dict[str, dict[str, float]] = defaultdict(dict)
    for key, unit, total in con.execute(
        "select coalesce(pair_key, ''), amount_unit, sum(amount_value) from pledges"
        " where coalesce(pair_key, '') in (select unnest(?)) group by all order by 1, 3 desc",
        [pair_keys],
    ).fetchall():
        totals[key][unit] = total
    return totals


# One row per pair with matching events: counts of what is shown (the filters
# apply) and the pair's values to date over its whole history.
PAIR_STATS_SQL = """
with history as (
    select
        coalesce(pair_key, '') as pair_key,
        sum(case when quad_class like '%cooperation' then 1 when quad_class like '%conflict' then -1 else 0 end)
            / count(*) as cooperation_index,
        arg_max(running_cooperation_score, pair_events_so_far) as cooperation_score,
        arg_max(running_pledged_usd, pair_events_so_far) as pledged_usd
    from timeline
    group by all
),
shown as (
    select
        coalesce(pair_key, '') as pair_key,
        count(*) as num_events,
        {quad_counts},
        count(*) filter (where amount_unit = 'USD' and amount_value is not null) as num_amounts,
        min(event_date) as first_date,
        max(event_date) as last_date
    from timeline{where}
    group by all
),
final as (
    select shown.*, history.cooperation_index, history.cooperation_score, history.pledged_usd
    from shown join history using (pair_key)
)
select * from final order by num_events desc, pair_key
"""


def read_pairs(
    con: duckdb.DuckDBPyConnection, pairs: tuple[str, ...], since: date | None, names: dict[str, str],
) -> list[PairLane]:
    """Every pair with events matching the filters (and every pair asked for by
    name, even without events), most events first or in the order asked for."""
    where, params = _filters(pairs, since)
    quad_counts = ", ".join(f"count(*) filter (where quad_class = '{q}') as {q}" for q in QUAD_CLASSES)
    result = []
    for row in con.execute(PAIR_STATS_SQL.format(quad_counts=quad_counts, where=where), params).fetchall():
        key, num_events, *counts = row[:6]
        num_amounts, first_date, last_date, index, score, pledged_usd = row[6:]
        result.append(PairLane(
            pair_key=key, name=to_pair_name(key, names), num_events=num_events,
            counts=dict(zip(QUAD_CLASSES, counts)), num_amounts=num_amounts,
            pledged={"USD": pledged_usd} if pledged_usd else {},
            cooperation_score=score or 0.0, cooperation_index=index or 0.0,
            first_date=first_date, last_date=last_date,
        ))
    present = {lane.pair_key for lane in result}
    for key in pairs:
        if key not in present:
            result.append(PairLane(
                pair_key=key, name=to_pair_name(key, names), num_events=0, counts=dict.fromkeys(QUAD_CLASSES, 0),
                pledged={}, cooperation_score=0.0, cooperation_index=0.0, first_date=None, last_date=None,
            ))
    if pairs:
        order = {key: i for i, key in enumerate(pairs)}
        result.sort(key=lambda lane: order.get(lane.pair_key, len(order)))
    return result


def read_lane_points(con: duckdb.DuckDBPyConnection, lanes: list[PairLane], since: date | None) -> None:
    """Fill each lane's points: its dated events in order, with the running index after each."""
    by_key = {lane.pair_key: lane for lane in lanes}
    if not by_key:
        return
    for key, day, quad, etype, value, unit, index, summary in con.execute(
        LANE_POINTS_SQL, [list(by_key), since, since]
    ).fetchall():
        if day is not None:
            by_key[key].points.append(LanePoint(
                event_date=day, quad_class=quad, event_type=etype,
                amount_usd=value if unit == "USD" else None, running_index=index or 0.0,
                label=summary or f"{day} {etype}",
            ))


def read_table_rows(
    con: duckdb.DuckDBPyConnection, pairs: tuple[str, ...], since: date | None, limit: int,
    names: dict[str, str],
) -> list[TableRow]:
    """The latest `limit` events, newest first, each with its articles."""
    where, params = _filters(pairs, since, alias="t")
    rows = con.execute(
        "select t.event_id, t.event_date, t.date_precision, coalesce(t.pair_key, ''), t.actor1_code, t.actor2_code,"
        " t.event_type, t.mode, t.quad_class, t.summary, t.amount_value, t.amount_unit, t.status, t.evidence,"
        " coalesce(e.is_symmetric, false)"
        f" from timeline t left join events e using (event_id){where}"
        " order by t.event_date desc nulls last, t.event_id desc limit ?",
        params + [limit],
    ).fetchall()
    links: dict[str, list[SourceLink]] = defaultdict(list)
    if rows:
        for event_id, source, url, title, sentence in con.execute(
            "select m.event_id, coalesce(a.source, a.site_name, 'unknown'), a.url, a.title, m.sentence"
            " from event_mentions m join articles a using (article_id)"
            " where m.event_id in (select unnest(?))"
            " order by a.published_at nulls last, a.url",
            [[row[0] for row in rows]],
        ).fetchall():
            links[event_id].append(SourceLink(source=source, url=url, title=title, sentence=sentence))
    table = []
    for (event_id, day, precision, key, a1, a2, etype, mode, quad, summary, value, unit, status, evidence,
         symmetric) in rows:
        actors = to_actor_name(a1, names) + ((" ↔ " if symmetric else " → ") + to_actor_name(a2, names) if a2 else "")
        table.append(TableRow(
            event_id=event_id, event_date=day, date_precision=precision, pair_key=key, actors=actors,
            event_type=etype, mode=mode, quad_class=quad, summary=summary, amount=format_amount(value, unit),
            status=status, evidence=evidence, sources=tuple(links.get(event_id, ())),
        ))
    return table


def read_report_data(
    con: duckdb.DuckDBPyConnection,
    *,
    warehouse: str,
    generated_at: datetime,
    pairs: tuple[str, ...] = (),
    since: date | None = None,
    table_limit: int = DEFAULT_TABLE_LIMIT,
    lane_limit: int = DEFAULT_LANE_LIMIT,
    pair_limit: int = DEFAULT_PAIR_LIMIT,
) -> ReportData:
    """Everything the report shows. `pairs` are warehouse pair keys ("JPN-USA"); empty means all."""
    names = actor_names()
    all_pairs = read_pairs(con, pairs, since, names)
    lanes = all_pairs[:lane_limit]
    read_lane_points(con, lanes, since)
    pledged = read_pledged(con, [p.pair_key for p in all_pairs[:pair_limit]])
    if pledged is not None:  # per currency, from the pledges mart
        for pair in all_pairs[:pair_limit]:
            pair.pledged = dict(pledged.get(pair.pair_key, {}))
    table = read_table_rows(con, pairs, since, table_limit, names)
    versions = tuple(row[0] for row in con.execute(
        "select distinct extractor_version from timeline where extractor_version is not null order by 1"
    ).fetchall())
    last_run_at = None
    if has_relation(con, "ingest_runs"):
        last_run_at = con.execute("select max(ended_at) from ingest_runs").fetchone()[0]
    return ReportData(
        warehouse=warehouse, generated_at=generated_at, since=since, pairs_requested=pairs,
        total_events=sum(p.num_events for p in all_pairs), pairs=all_pairs[:pair_limit], lanes=lanes,
        pairs_omitted=max(len(all_pairs) - pair_limit, 0), lanes_omitted=len(all_pairs) - len(lanes),
        events_omitted=sum(p.num_events for p in all_pairs[lane_limit:]),
        table=table, table_limit=table_limit, extractor_versions=versions, last_run_at=last_run_at,
    )
