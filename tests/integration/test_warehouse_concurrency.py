"""SQL clients never block runs and runs never block clients; overlapping runs queue.

A real reader process holds a read-only connection to the published file
while the real `ingest` flow runs: both succeed, the reader keeps a
consistent (old) snapshot, and sees the new rows after reconnecting. Two
writer processes overlapping on one warehouse run one after the other.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import duckdb

from flows.pipeline import ingest
from tests.conftest import REPO_ROOT

READER = textwrap.dedent("""
    import json, sys, duckdb
    path = sys.argv[1]
    con = duckdb.connect(path, read_only=True)
    count = lambda c: c.execute("select count(*) from articles").fetchone()[0]
    print(json.dumps({"held_before": count(con)}), flush=True)
    sys.stdin.readline()                      # the test says when the ingest has finished
    held_after = count(con)                   # same connection, held through the whole run
    timeline_ok = con.execute("select count(*) from timeline").fetchone()[0] >= 0
    con.close()
    con = duckdb.connect(path, read_only=True)
    print(json.dumps({"held_after": held_after, "timeline_ok": timeline_ok, "reconnected": count(con)}), flush=True)
""")

WRITER = textwrap.dedent("""
    import json, sys, time
    from flows.warehouse.files import open_for_writing
    from flows.warehouse.runs import start_run, finish_run
    path, name, hold = sys.argv[1], sys.argv[2], float(sys.argv[3])
    asked = time.time()
    with open_for_writing(path) as con:
        got = time.time()
        print(json.dumps({"locked": name}), flush=True)
        run_id = start_run(con, name, {}, "test")
        time.sleep(hold)
        finish_run(con, run_id, {})
        released = time.time()
    print(json.dumps({"name": name, "asked": asked, "got": got, "released": released}), flush=True)
""")


def seed(directory, name, title, url):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(
        f"---\ntitle: {title}\nurl: {url}\nsource: Reuters\npublished: 2025-10-28\n---\n"
        f"TOKYO, Oct 28 (Reuters) - {title}, officials said on Tuesday.\n", encoding="utf-8")


def test_a_reader_holding_the_file_never_blocks_an_ingest(tmp_path, prefect_harness):
    seeds = tmp_path / "seeds"
    seed(seeds, "a.txt", "Japan and the United States held talks in Tokyo", "https://example.test/a")
    warehouse = tmp_path / "timeline.duckdb"
    assert ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)["status"] == "completed"

    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse)], cwd=REPO_ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = json.loads(reader.stdout.readline())
        assert first == {"held_before": 1}
        seed(seeds, "b.txt", "Japan pledged to buy more U.S. defence equipment", "https://example.test/b")
        seed(seeds, "c.txt", "The United States praised Japan for its investments", "https://example.test/c")
        result = ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)
        assert result["status"] == "completed" and result["articles_new"] == 2
        reader.stdin.write("go\n")
        reader.stdin.flush()
        second = json.loads(reader.stdout.readline())
        assert reader.wait(timeout=60) == 0, reader.stderr.read()
    finally:
        if reader.poll() is None:
            reader.kill()
    assert second == {"held_after": 1, "timeline_ok": True, "reconnected": 3}


def test_overlapping_runs_queue_and_both_land(tmp_path):
    warehouse = tmp_path / "timeline.duckdb"
    first = subprocess.Popen([sys.executable, "-c", WRITER, str(warehouse), "scheduled", "1.5"], cwd=REPO_ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert json.loads(first.stdout.readline()) == {"locked": "scheduled"}
        second = subprocess.run([sys.executable, "-c", WRITER, str(warehouse), "backfill", "0"], cwd=REPO_ROOT,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr
        assert first.wait(timeout=60) == 0, first.stderr.read()
        a = json.loads(first.stdout.read().strip().splitlines()[-1])
    finally:
        if first.poll() is None:
            first.kill()
    b = json.loads(second.stdout.strip().splitlines()[-1])
    assert b["asked"] < a["released"] <= b["got"]  # the backfill asked while the schedule ran, and waited
    con = duckdb.connect(str(warehouse), read_only=True)
    runs = con.execute("select flow_name, status from ingest_runs order by started_at").fetchall()
    assert runs == [("scheduled", "completed"), ("backfill", "completed")]
