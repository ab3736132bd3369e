"""Writers queue, readers never break a run: real CLI processes on one warehouse.

- two `alliance-timeline ingest` started at the same moment: both complete,
  one after the other, and the warehouse equals one run's;
- a `backfill` started while an ingest holds the writer lock waits for it,
  then lands its own articles;
- a SQL client holding the published file open *read-write* (with writes of
  its own pending in a WAL) while a run publishes: the run succeeds, new
  readers open the new snapshot at once (the client's WAL is set aside, not
  replayed onto it), the client closes cleanly and the next run succeeds.
A read-only client holding the file is tests/integration/test_warehouse_concurrency.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from tests.conftest import DEV_ARTICLES, REPO_ROOT
from tests.faults.support import cli_env, finish, make_seed_corpus, rows, run_cli, start_cli

CLIENT = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])               # read-write, as a careless SQL client would
    con.execute("create table if not exists my_notes (note varchar)")
    con.execute("insert into my_notes values ('scratch work')")
    print(con.execute("select count(*) from articles").fetchone()[0], flush=True)
    sys.stdin.readline()                            # held until the test says the run is over
    con.execute("insert into my_notes values ('more')")
    print(con.execute("select count(*) from articles").fetchone()[0], flush=True)
    con.close()
    print("closed", flush=True)
""")


def ingest_args(seeds, warehouse) -> list[str]:
    return ["ingest", "--seeds", str(seeds), "--no-feeds", "--warehouse", str(warehouse), "--batch-size", "10"]


def run_intervals(warehouse) -> list[tuple]:
    return rows(warehouse, "select flow_name, status, started_at, ended_at, articles_new, articles_unchanged"
                           " from ingest_runs order by started_at")


def assert_serialised(intervals) -> None:
    for before, after in zip(intervals, intervals[1:]):
        assert before[3] is not None and before[3] <= after[2], (before, after)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("concurrency")
    seeds = root / "seeds"
    total = make_seed_corpus(seeds, copies=4, page_step=5)
    archive = root / "archive" / "2025-07-23"
    archive.mkdir(parents=True)
    for i, path in enumerate(sorted(DEV_ARTICLES.glob("d00[1-3].txt"))):
        text = re.sub(r"^url: *(\S+)", rf"url: \1-archived-{i}", path.read_text(encoding="utf-8"), count=1, flags=re.M)
        text = re.sub(r"^published: .*$", "published: 2025-07-23", text, count=1, flags=re.M)
        (archive / path.name).write_text(text, encoding="utf-8")
    return {"root": root, "seeds": seeds, "total": total, "archive": archive.parent}


@pytest.fixture(scope="module")
def twin_ingests(corpus, prefect_api_url):
    warehouse = corpus["root"] / "twins" / "timeline.duckdb"
    env = cli_env(prefect_api_url)
    procs = [start_cli(ingest_args(corpus["seeds"], warehouse), env, corpus["root"] / "logs", f"twin-{i}")
             for i in range(2)]
    results = [finish(p) for p in procs]
    return {"warehouse": warehouse, "results": results, "env": env}


def test_two_ingests_started_at_once_both_complete(twin_ingests):
    assert [r.returncode for r in twin_ingests["results"]] == [0, 0], [r.stderr[-1500:] for r in twin_ingests["results"]]


def test_two_ingests_serialise_and_count_as_one(twin_ingests, corpus):
    intervals = run_intervals(twin_ingests["warehouse"])
    assert [(r[0], r[1]) for r in intervals] == [("ingest", "completed"), ("ingest", "completed")]
    assert_serialised(intervals)
    total = corpus["total"]
    assert [(r[4], r[5]) for r in intervals] == [(total, 0), (0, total)]  # the second found everything done
    warehouse = twin_ingests["warehouse"]
    assert rows(warehouse, "select count(*), count(distinct article_id) from articles") == [(total, total)]
    assert rows(warehouse, "select count(*) from (select event_id, article_id from event_mentions"
                           " group by all having count(*) > 1)") == [(0,)]


def test_a_backfill_during_an_ingest_waits_and_lands(twin_ingests, corpus):
    warehouse = twin_ingests["warehouse"]
    env = twin_ingests["env"]
    lock = warehouse.with_name(".timeline.lock")
    ingest = start_cli(ingest_args(corpus["seeds"], warehouse), env, corpus["root"] / "logs", "scheduled")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and lock.read_text().strip() != str(ingest.pid) and ingest.poll() is None:
        time.sleep(0.05)
    assert lock.read_text().strip() == str(ingest.pid), "the ingest never took the writer lock"
    backfill = start_cli(["backfill", "--since", "2025-07-23", "--until", "2025-07-23", "--seeds",
                          str(corpus["archive"]), "--warehouse", str(warehouse)], env, corpus["root"] / "logs", "backfill")
    done_backfill, done_ingest = finish(backfill), finish(ingest)
    assert done_ingest.returncode == 0, done_ingest.stderr[-1500:]
    assert done_backfill.returncode == 0, done_backfill.stderr[-1500:]
    intervals = run_intervals(warehouse)
    assert [(r[0], r[1]) for r in intervals[-2:]] == [("ingest", "completed"), ("backfill", "completed")]
    assert_serialised(intervals)
    assert intervals[-1][4] == 3  # the three archived articles
    assert rows(warehouse, "select count(*) from articles")[0][0] == corpus["total"] + 3


def test_a_read_write_client_on_the_published_file_never_fails_a_run(twin_ingests, corpus, tmp_path):
    warehouse = twin_ingests["warehouse"]
    env = twin_ingests["env"]
    before = rows(warehouse, "select count(*) from articles")[0][0]
    client = subprocess.Popen([sys.executable, "-c", CLIENT, str(warehouse)], cwd=REPO_ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert int(client.stdout.readline()) == before
        assert warehouse.with_name("timeline.duckdb.wal").exists()  # the client's own pending writes
        extra = tmp_path / "extra"
        extra.mkdir()
        text = (DEV_ARTICLES / "d004.txt").read_text(encoding="utf-8")
        (extra / "new.txt").write_text(re.sub(r"^url: *(\S+)", r"url: \1-while-held", text, count=1, flags=re.M))
        during = run_cli(ingest_args(extra, warehouse), env)
        assert during.returncode == 0, during.stderr[-1500:]
        # a new reader opens the new snapshot while the client still holds the old one
        assert rows(warehouse, "select count(*) from articles")[0][0] == before + 1
        assert rows(warehouse, "select count(*) from timeline")[0][0] > 0
        shown = run_cli(["runs", "--warehouse", str(warehouse)], {**env, "COLUMNS": "250"})
        assert shown.returncode == 0, shown.stderr[-1500:]
        client.stdin.write("go\n")
        client.stdin.flush()
        assert int(client.stdout.readline()) == before  # the client kept its snapshot
        assert client.stdout.readline().strip() == "closed"
        assert client.wait(timeout=60) == 0, client.stderr.read()
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
    # the client's writes went to the replaced snapshot, never into the warehouse
    assert rows(warehouse, "select count(*) from information_schema.tables where table_name = 'my_notes'") == [(0,)]
    assert not warehouse.with_name("timeline.duckdb.wal").exists()
    assert list(warehouse.parent.glob(".timeline.duckdb.wal.stale-*"))
    after = run_cli(ingest_args(extra, warehouse), env)
    assert after.returncode == 0, after.stderr[-1500:]
    assert rows(warehouse, "select count(*) from articles")[0][0] == before + 1
