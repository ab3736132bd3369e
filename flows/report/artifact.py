"""The report after each scheduled run: `report.html` next to the warehouse,
linked from a Prefect artifact (key `alliance-timeline-report`)."""

from __future__ import annotations

import os
from pathlib import Path

from flows.report.build import write_report
from flows.report.model import ReportData
from flows.report.render import to_pledged_text

ARTIFACT_KEY = "alliance-timeline-report"
REPORT_NAME = "report.html"


def to_artifact_markdown(data: ReportData, path: Path) -> str:
    """A short summary for the Prefect UI: totals and the top pairs."""
    lines = [
        f"**{data.total_events:,} events** in the timeline; report at `{path}`.",
        "",
        "| pair | events | pledged to date | cooperation index |",
        "| --- | ---: | ---: | ---: |",
    ]
    for lane in data.lanes:
        name = lane.name.replace("|", "/")
        lines.append(f"| {name} | {lane.num_events} | {to_pledged_text(lane.pledged)} | {lane.cooperation_index:+.2f} |")
    if data.lanes_omitted:
        lines.append(f"| {data.lanes_omitted} more pairs | {data.events_omitted} | | |")
    return "\n".join(lines)


def publish_report_artifact(warehouse_path: str | os.PathLike[str]) -> Path:
    """Write `report.html` in the warehouse's directory and create a Prefect link
    artifact pointing at it (with a markdown summary as its description).

    Call it inside a flow run after the warehouse is published; it reads the
    published snapshot only. Returns the report's path; raises if the warehouse
    cannot be read (callers decide whether that fails their run).
    """
    from prefect.artifacts import create_link_artifact

    warehouse = Path(warehouse_path).expanduser().absolute()
    out = warehouse.with_name(REPORT_NAME)
    data = write_report(warehouse, out)
    create_link_artifact(
        key=ARTIFACT_KEY,
        link=out.as_uri(),
        link_text=f"Alliance timeline report ({data.total_events:,} events)",
        description=to_artifact_markdown(data, out),
    )
    return out
