"""Run history: every ingest is a row of `ingest_runs` and leaves a "new developments" artifact."""

from __future__ import annotations

from typer.testing import CliRunner

from flows.artifacts import NEW_DEVELOPMENTS_KEY, to_new_developments_markdown
from flows.pipeline import ingest
from tests.support.archive_fixture import DAY1, DAY2, write
from tests.support.stand_in_coder import V1, install_coder


def latest_artifact(key: str):
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
                                      sort=ArtifactSort.CREATED_DESC, limit=1)
    return found[0] if found else None


def test_each_ingest_reports_its_new_developments(tmp_path, prefect_harness, monkeypatch):
    install_coder(monkeypatch, "test-v1", V1)
    seeds = tmp_path / "seeds"
    write(seeds, "manila", DAY1, "MANILA, Oct 27 (Harbour Wire) - Japan and the Philippines signed a reciprocal "
                                 "access agreement on Monday.")
    warehouse = tmp_path / "w.duckdb"
    first = ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)
    assert first["events_new"] == 1
    artifact = latest_artifact(NEW_DEVELOPMENTS_KEY)
    assert artifact is not None and artifact.type == "markdown"
    assert f"Run `{first['run_id']}`" in artifact.data and "# New developments (1)" in artifact.data
    assert "Japan and the Philippines signed a reciprocal access agreement" in artifact.data  # the evidence
    assert "Harbour Wire" in artifact.data and "2025-10-27" in artifact.data

    write(seeds, "canberra", DAY2, "Australia and Japan signed a hydrogen supply pact in Canberra.")
    second = ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)
    artifact = latest_artifact(NEW_DEVELOPMENTS_KEY)
    assert f"Run `{second['run_id']}`" in artifact.data and "# New developments (1)" in artifact.data
    assert "hydrogen" in artifact.data and "reciprocal access" not in artifact.data  # only what is new

    third = ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)
    artifact = latest_artifact(NEW_DEVELOPMENTS_KEY)
    assert f"Run `{third['run_id']}`" in artifact.data and "No new events in this run." in artifact.data

    from flows.cli import app

    listed = CliRunner().invoke(app, ["runs", "--warehouse", str(warehouse), "--limit", "2"], env={"COLUMNS": "250"})
    assert listed.exit_code == 0, listed.output
    assert "Last 2 runs" in listed.output
    assert sum(third["run_id"][:12] in line or second["run_id"][:12] in line
               for line in listed.output.splitlines()) == 2
    assert first["run_id"][:12] not in listed.output


def test_new_developments_markdown_escapes_and_caps():
    events = [{"event_date": None, "date_precision": None, "summary": "A | B", "sources": "X", "evidence": "e " * 200}
              for _ in range(205)]
    markdown = to_new_developments_markdown("r1", events)
    rows = [line for line in markdown.splitlines() if line.startswith("| undated")]
    assert len(rows) == 200 and "A / B" in rows[0] and rows[0].count("|") == 5
    assert "... and 5 more" in markdown
