"""After a run: report.html next to the warehouse, linked from a Prefect artifact (real flow run)."""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

from flows.report.artifact import ARTIFACT_KEY, publish_report_artifact
from tests.integration.test_report_query import build_warehouse, make_article, make_event


@flow(name="report-artifact-test")
def publish(warehouse: str) -> tuple[str, str]:
    from prefect.runtime import flow_run

    return str(publish_report_artifact(warehouse)), str(flow_run.id)


def test_publish_report_artifact_links_the_report(prefect_harness, tmp_path):
    warehouse = build_warehouse(tmp_path / "warehouse" / "timeline.duckdb", [
        (make_article(1), [
            make_event("AGREE", "JPN", "USA", date(2025, 7, 22), amount=550e9, unit="USD", status="pledged"),
            make_event("SANCTION", "USA", "CHN", date(2025, 7, 23)),
        ]),
    ])
    path, run_id = publish(str(warehouse))
    report = tmp_path / "warehouse" / "report.html"
    assert path == str(report)
    html = report.read_text(encoding="utf-8")
    assert 'data-pair="JPN-USA" data-events="1"' in html and 'data-pair="CHN-USA" data-events="1"' in html

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=[ARTIFACT_KEY]), flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]),
        ))
    assert len(artifacts) == 1
    artifact = artifacts[0]
    assert artifact.type == "markdown"  # Prefect stores a link artifact as markdown: [text](link)
    assert report.as_uri() in str(artifact.data)
    assert "2 events" in str(artifact.data)
    assert "Japan - United States" in artifact.description and "$550bn" in artifact.description
