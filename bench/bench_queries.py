"""Benchmark: the warehouse views over 1,000,000 synthetic events.

Builds a warehouse with `sql/` (flows.warehouse.migrate), fills it with SQL
inside DuckDB (realistic pairs of actors with a skewed distribution, PLOVER
types, dates over 25 years, pledge amounts, 1-3 mentions per event from a
pool of articles), publishes nothing, then opens the file read-only (as a SQL
client does) and times the queries users run. Prints milliseconds; asserts
nothing. Run: `.venv/bin/python bench/bench_queries.py [--events N] [--repeat R]`.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from flows.warehouse.migrate import migrate  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"

COUNTRIES = [
    "USA", "CHN", "JPN", "KOR", "IND", "DEU", "FRA", "GBR", "RUS", "UKR", "TWN", "AUS", "CAN", "MEX", "BRA",
    "SAU", "ARE", "TUR", "ISR", "IRN", "IDN", "VNM", "PHL", "MYS", "SGP", "THA", "PAK", "EGY", "ZAF", "NGA",
    "ITA", "ESP", "POL", "NLD", "SWE", "NOR", "EU", "NATO", "ASEAN", "G7",
]
# (type, weight) roughly as news reports them: talks and agreements dominate
TYPES = [
    ("CONSULT", 22), ("AGREE", 14), ("SUPPORT", 10), ("COOPERATE", 14), ("AID", 5), ("CONCEDE", 3),
    ("RETREAT", 2), ("REQUEST", 6), ("ACCUSE", 7), ("REJECT", 3), ("THREATEN", 4), ("PROTEST", 2),
    ("SANCTION", 5), ("MOBILIZE", 2), ("COERCE", 0.5), ("ASSAULT", 0.5),
]
TOPICS = ["rare_earths", "semiconductors", "tariffs", "defence", "energy", "autos", "shipbuilding", "ai",
          "critical_minerals", "investment"]


def build(path: Path, num_events: int) -> float:
    if path.exists():
        path.unlink()
    started = time.perf_counter()
    con = duckdb.connect(str(path))
    migrate(con)
    con.execute("select setseed(0.42)")
    countries = "[" + ", ".join(f"'{c}'" for c in COUNTRIES) + "]"
    cumulative, total = [], 0.0
    for name, weight in TYPES:
        total += weight
        cumulative.append((name, total))
    type_case = "case " + " ".join(f"when r_type < {c / total:.6f} then '{n}'" for n, c in cumulative) + " end"
    topics = "[" + ", ".join(f"'{t}'" for t in TOPICS) + "]"
    num_articles = max(1, num_events // 2)
    con.execute(f"""
        create temp table gen as
        select
            i,
            -- skewed choice: the first countries (USA, CHN, JPN...) appear far more often
            {countries}[1 + least(39, floor(40 * pow(random(), 2.2)))::int] as a1,
            {countries}[1 + least(39, floor(40 * pow(random(), 1.6)))::int] as a2_raw,
            random() as r_type,
            random() as r_amount,
            random() as r_unit,
            random() as r_sym,
            date '2000-01-01' + (floor(9400 * random())::int) as d,
            {topics}[1 + floor(10 * random())::int] as topic,
            1 + floor(3 * pow(random(), 2))::int as n_mentions,
            floor({num_articles} * random())::bigint as article_no
        from range({num_events}) t(i)
    """)
    con.execute(f"""
        insert into events by name
        select
            md5('event' || i::varchar)[:16] as event_id,
            d as event_date,
            case when i % 20 = 0 then 'month' when i % 97 = 0 then 'year' else 'day' end as date_precision,
            event_type,
            case when event_type in ('COOPERATE', 'AID') and r_amount < 0.35 then
                 case when r_unit < 0.5 then 'investment' else 'purchase' end
                 when event_type = 'SANCTION' then 'tariff' end as mode,
            p.quad_class,
            a1 as actor1_code, a1 || ' government' as actor1_name,
            case when a2_raw = a1 then 'USA' else a2_raw end as actor2_code,
            case when a2_raw = a1 then 'United States' else a2_raw || ' government' end as actor2_name,
            r_sym < 0.3 and event_type in ('AGREE', 'CONSULT') as is_symmetric,
            case when event_type in ('COOPERATE', 'AID', 'AGREE') and r_amount < 0.35
                 then round(exp(random() * 12)) * 1e7 end as amount_value,
            case when event_type in ('COOPERATE', 'AID', 'AGREE') and r_amount < 0.35
                 then case when r_unit < 0.8 then 'USD' when r_unit < 0.9 then 'EUR' else 'JPY' end end as amount_unit,
            case when r_amount < 0.2 then 'pledged' when r_amount < 0.4 then 'planned' else 'announced' end as status,
            [topic] as topics,
            d::varchar || ' ' || a1 || ' -> ' || a2_raw || ' ' || event_type as summary,
            0.5 + r_sym / 2 as confidence,
            n_mentions as num_mentions, n_mentions as num_articles, least(n_mentions, 2) as num_sources,
            d::timestamp + interval 6 hour as first_seen_at, d::timestamp + interval 30 hour as last_seen_at,
            d::timestamp + interval 6 hour as created_at, d::timestamp + interval 30 hour as updated_at,
            i % 500 = 7 as is_retracted,
            'Reuters' || case when n_mentions > 1 then ', Nikkei' else '' end as sources,
            ['https://example.test/a/' || article_no::varchar] as article_urls,
            'Synthetic evidence sentence number ' || i::varchar || '.' as evidence,
            '0.0.1' as extractor_version
        from (select *, {type_case} as event_type from gen) g
        join plover_types p using (event_type)
    """)
    con.execute(f"""
        insert into articles by name
        select
            md5('article' || i::varchar)[:16] as article_id,
            'https://example.test/a/' || i::varchar as url, 'https://example.test/a/' || i::varchar as canonical_url,
            'Synthetic article ' || i::varchar as title,
            case i % 3 when 0 then 'Reuters' when 1 then 'Nikkei' else 'AP' end as source,
            timestamp '2000-01-01' + to_days((i % 9400)::int) as published_at, 'day' as published_precision,
            'en' as language, true as is_english, 'Synthetic text.' as text, 'plain' as text_source,
            md5(i::varchar) as content_hash, 'seed' as origin, 0 as num_events,
            timestamp '2025-01-01' as ingested_at, timestamp '2025-01-01' as updated_at
        from range({num_articles}) t(i)
    """)
    con.execute("""
        insert into event_mentions by name
        select
            md5('event' || g.i::varchar)[:16] as event_id,
            md5('article' || ((g.article_no + k * 7919) % $n)::varchar)[:16] as article_id,
            'Synthetic evidence sentence number ' || g.i::varchar || '.' as sentence,
            0 as char_start, 40 as char_end, 'CONSULT' as event_type, 'announced' as status,
            '0.0.1' as extractor_version, 'bench' as run_id, timestamp '2025-01-01' as created_at
        from gen g, range(3) r(k)
        where k < g.n_mentions
    """, {"n": num_articles})
    con.execute("""
        insert into ingest_runs (run_id, flow_name, started_at, ended_at, status)
        values ('bench', 'ingest', timestamp '2025-11-01 10:00', timestamp '2025-11-01 10:05', 'completed')
    """)
    # the loader stores pair_key; about 0.01% of events changed in the last run
    con.execute("update events set pair_key = least(actor1_code, actor2_code) || '-' || greatest(actor1_code, actor2_code)")
    con.execute("update events set updated_at = timestamp '2025-11-01 10:01' where event_id < '0008'")
    con.execute("checkpoint")
    con.close()
    return time.perf_counter() - started


QUERIES = {
    "timeline, one pair (JPN-USA)": "select * from timeline where pair_key = 'JPN-USA'",
    "timeline, one pair, latest 50": (
        "select * from timeline where pair_key = 'JPN-USA' order by event_date desc, event_id desc limit 50"
    ),
    "relations_monthly, one pair": "select * from relations_monthly where pair_key = 'JPN-USA'",
    "relations_monthly, all pairs (count)": "select count(*), sum(num_events) from relations_monthly",
    "pledges, one pair": "select * from pledges where pair_key = 'JPN-USA'",
    "pledges, totals by pair": (
        "select pair_key, amount_unit, max(pair_total) from pledges group by all order by 3 desc"
    ),
    "developments, one month": (
        "select * from developments where latest_event_date >= date '2025-09-01'"
        " and latest_event_date < date '2025-10-01'"
    ),
    "new_since_last_run": "select * from new_since_last_run",
}


def time_query(con: duckdb.DuckDBPyConnection, sql: str, repeat: int) -> tuple[float, float, float, int]:
    """Median and best ms fetching Python tuples (what a Python client pays), median ms fetching Arrow
    (close to the engine's own time, what a columnar client such as DBeaver's driver pays), rows."""
    python_ms, arrow_ms, rows = [], [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(con.execute(sql).fetchall())
        python_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        con.sql(sql).to_arrow_table()
        arrow_ms.append((time.perf_counter() - started) * 1000)
    return statistics.median(python_ms), min(python_ms), statistics.median(arrow_ms), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="reuse bench/out/queries.duckdb if present")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "queries.duckdb"
    if args.reuse and path.exists():
        print(f"reusing {path}")
    else:
        seconds = build(path, args.events)
        print(f"built {args.events:,} events in {seconds:.1f} s -> {path} ({path.stat().st_size / 1e6:.0f} MB)")
    con = duckdb.connect(str(path), read_only=True)
    counts = con.execute(
        "select (select count(*) from events), (select count(*) from event_mentions), (select count(*) from articles),"
        " (select count(*) from stg_events where pair_key = 'JPN-USA')"
    ).fetchone()
    print(f"events {counts[0]:,}  mentions {counts[1]:,}  articles {counts[2]:,}  live JPN-USA events {counts[3]:,}")
    print(f"duckdb {duckdb.__version__}, python {platform.python_version()}, {os.cpu_count()} cpus, "
          f"{platform.machine()}")
    print(f"{'query':40s} {'median ms':>10s} {'min ms':>8s} {'arrow ms':>9s} {'rows':>8s}")
    for name, sql in QUERIES.items():
        con.execute(sql).fetchall()  # warm the buffer pool, as a client's second query would
        median, best, arrow, rows = time_query(con, sql, args.repeat)
        print(f"{name:40s} {median:10.1f} {best:8.1f} {arrow:9.1f} {rows:8,d}")
    con.close()


if __name__ == "__main__":
    main()
