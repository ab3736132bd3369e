"""SIGKILL during ingest: the published snapshot stays readable, the next run
recovers from the working copy, and the end state equals an uninterrupted history.

Two histories over the same generated corpus (copies of the dev articles
under distinct URLs, plus half the corpus pages; about two hundred articles):

- baseline: one uninterrupted ingest of everything into a fresh warehouse;
- crashed: an empty run first (so a snapshot is published), then start the
  full ingest three times and SIGKILL its process group at a seeded-random
  point while it holds the writer lock (a random fraction, early, middle,
  then late, of the time the work left should take, judged by the
  baseline), then run it once more to
  the end. After each kill the working copy is read (read-only, nothing
  written) to see what the killed run had committed.

After every kill the published file opens read-only and every view
queries; at the end both warehouses hold the same articles, events and
mentions, no run is left `running`, and killed runs are marked `crashed`.
Both histories load the same batches in the same order: merging is not
independent of load order (reported to the warehouse owner), and this test
is about kills, not order. Deterministic injected states (a stale publish
temporary, a WAL without its database, a lost working copy) are in
test_recovery_states.py.
"""

from __future__ import annotations

import random
import time

import pytest

from tests.faults.support import (
    cli_env, finish, kill_group, make_seed_corpus, rows, run_cli, start_cli, wait_for_lock, warehouse_snapshot,
)

SEED = 20251028
KILLS = 3
COPIES = 22  # 7 dev articles x 22 + 55 of the 110 pages = 209 articles
PAGE_STEP = 2
BATCH = "20"


def ingest_args(seeds, warehouse) -> list[str]:
    return ["ingest", "--seeds", str(seeds), "--no-feeds", "--warehouse", str(warehouse), "--batch-size", BATCH]


def views(warehouse) -> list[str]:
    return [r[0] for r in rows(warehouse, "select table_name from information_schema.tables"
                                          " where table_type = 'VIEW' and table_schema = 'main'")]


@pytest.fixture(scope="module")
def histories(tmp_path_factory, prefect_api_url):
    root = tmp_path_factory.mktemp("crash")
    corpus = root / "corpus"
    total = make_seed_corpus(corpus, COPIES, PAGE_STEP)
    env = cli_env(prefect_api_url)

    baseline = root / "baseline" / "timeline.duckdb"
    proc = start_cli(ingest_args(corpus, baseline), env, root / "logs", "baseline")
    assert wait_for_lock(proc, baseline)
    locked_at = time.monotonic()
    full = finish(proc)
    duration = time.monotonic() - locked_at  # from taking the lock to the end (startup excluded)
    assert full.returncode == 0, full.stderr[-2000:]

    crashed = root / "crashed" / "timeline.duckdb"
    empty = run_cli(["ingest", "--no-seeds", "--no-feeds", "--warehouse", str(crashed)], env)
    assert empty.returncode == 0, empty.stderr[-2000:]  # publishes the schema and views, no articles
    part_articles = rows(crashed, "select count(*) from articles")[0][0]
    assert part_articles == 0
    rng = random.Random(SEED)
    working = crashed.with_name(".timeline.work.duckdb")
    committed = 0
    kills = []
    for attempt in range(KILLS):
        low = 0.15 + 0.75 * attempt / KILLS  # early, middle, late: one kill in each third
        delay = rng.uniform(low, low + 0.75 / KILLS) * duration * (1 - committed / total)
        proc = start_cli(ingest_args(corpus, crashed), env, root / "logs", f"killed-{attempt}")
        assert wait_for_lock(proc, crashed), "the run never took the writer lock"
        time.sleep(delay)
        was_running = proc.poll() is None
        kill_group(proc)
        after = {"delay_s": round(delay, 2), "killed": was_running, "returncode": proc.returncode,
                 "files": sorted(p.name for p in crashed.parent.iterdir())}
        after["published_articles"] = rows(crashed, "select count(*) from articles")[0][0]
        committed = rows(working, "select count(*) from articles")[0][0]  # replays the WAL in memory only
        after["committed_articles"] = committed
        after["views"] = {v: rows(crashed, f"select count(*) from {v}")[0][0] for v in views(crashed)}
        kills.append(after)
    final = run_cli(ingest_args(corpus, crashed), env)
    print(f"baseline held the lock {duration:.1f}s; kills (delay, killed, committed): "
          f"{[(k['delay_s'], k['killed'], k['returncode'], k['committed_articles']) for k in kills]}")
    return {"baseline": baseline, "crashed": crashed, "total": total, "part_articles": part_articles,
            "kills": kills, "final": final, "duration": duration, "env": env}


def test_the_kills_landed_mid_run(histories):
    landed = [k for k in histories["kills"] if k["killed"]]
    assert len(landed) >= KILLS - 1, histories["kills"]
    assert all(k["returncode"] == -9 for k in landed)


def test_after_each_kill_the_published_snapshot_opens_and_its_views_query(histories):
    for kill in histories["kills"]:
        assert kill["views"], kill  # opened read-only, views listed
        assert {"timeline", "articles"} - set(kill["views"]) - {"articles"} == set()
        # a killed run publishes nothing: readers keep the last complete snapshot
        assert kill["published_articles"] in (histories["part_articles"], histories["total"]), kill


def test_a_killed_run_leaves_its_work_in_the_working_copy(histories):
    landed = [k for k in histories["kills"] if k["killed"]]
    assert all(".timeline.work.duckdb" in k["files"] for k in landed)
    final = histories["final"]
    assert final.returncode == 0, final.stderr[-2000:]
    # what killed runs committed is never lost, and not redone: the final run finds it unchanged
    committed = [k["committed_articles"] for k in histories["kills"]]
    assert committed == sorted(committed) and committed[-1] > 0, committed
    (unchanged,) = rows(histories["crashed"], "select articles_unchanged from ingest_runs"
                                               " order by started_at desc limit 1")[0]
    assert unchanged == committed[-1]


def test_the_end_state_equals_an_uninterrupted_history(histories):
    baseline = warehouse_snapshot(histories["baseline"])
    crashed = warehouse_snapshot(histories["crashed"])
    assert len(baseline["articles"]) == histories["total"]
    assert crashed["articles"] == baseline["articles"]  # none missing, none duplicated
    assert crashed["mentions"] == baseline["mentions"]
    assert crashed["events"] == baseline["events"]


def test_no_duplicates_anywhere(histories):
    warehouse = histories["crashed"]
    assert rows(warehouse, "select count(*) - count(distinct article_id) from articles") == [(0,)]
    assert rows(warehouse, "select count(*) - count(distinct canonical_url) from articles") == [(0,)]
    assert rows(warehouse, "select count(*) from (select event_id, article_id from event_mentions"
                           " group by all having count(*) > 1)") == [(0,)]


def test_killed_runs_are_marked_crashed_and_none_is_left_running(histories):
    statuses = [r[0] for r in rows(histories["crashed"], "select status from ingest_runs order by started_at")]
    assert statuses[0] == "completed" and statuses[-1] == "completed"
    assert "running" not in statuses
    landed = sum(k["killed"] for k in histories["kills"])
    assert 1 <= statuses.count("crashed") <= landed
    assert rows(histories["crashed"], "select count(*) from ingest_runs where status = 'crashed'"
                                      " and ended_at is null") == [(0,)]
    shown = run_cli(["runs", "--warehouse", str(histories["crashed"])], {**histories["env"], "COLUMNS": "600"})
    assert shown.returncode == 0 and shown.stdout.count(" crashed ") == statuses.count("crashed")


def test_no_temporary_files_are_left(histories):
    directory = histories["crashed"].parent
    files = sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())
    # no WAL, temporary or staged batch; report.html is the run's report, written after each ingest
    assert files == [".timeline.lock", ".timeline.work.duckdb", "report.html", "timeline.duckdb"]
