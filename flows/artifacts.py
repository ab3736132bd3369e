"""Prefect markdown artifacts that report what a run did ("new developments").

`to_new_developments_markdown` is pure (rows in, markdown out); the task
reads the run's new events from the warehouse and publishes the artifact
(key `new-developments`, one version per run, visible in the Prefect UI).
"""

from __future__ import annotations

from flows.prefect_env import configure_prefect_environment

configure_prefect_environment()

from typing import Any  # noqa: E402

from prefect import task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from flows.summaries import format_date  # noqa: E402
from flows.warehouse.stored import read_live_events  # noqa: E402

MAX_ROWS = 200
NEW_DEVELOPMENTS_KEY = "new-developments"


def _cell(value: Any, limit: int = 160) -> str:
    text = " ".join(str(value or "").split()).replace("|", "/")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_new_developments_markdown(run_id: str, events: list[dict[str, Any]]) -> str:
    """A table of the events first seen in a run (date, summary, sources, evidence)."""
    lines = [f"# New developments ({len(events)})", "", f"Run `{run_id}`.", ""]
    if not events:
        return "\n".join(lines + ["No new events in this run."]) + "\n"
    lines += ["| date | event | sources | evidence |", "| --- | --- | --- | --- |"]
    for event in events[:MAX_ROWS]:
        lines.append(
            f"| {format_date(event['event_date'], event['date_precision'])} | {_cell(event['summary'])} | "
            f"{_cell(event['sources'], 80)} | {_cell(event['evidence'])} |"
        )
    if len(events) > MAX_ROWS:
        lines += ["", f"... and {len(events) - MAX_ROWS} more: `select * from events` in the warehouse."]
    return "\n".join(lines) + "\n"


@task(cache_policy=NO_CACHE)
def publish_new_developments(con, run_id: str, new_event_ids: list[str]) -> str:
    """Publish the run's new events as the `new-developments` markdown artifact; returns its markdown."""
    markdown = to_new_developments_markdown(run_id, read_live_events(con, list(dict.fromkeys(new_event_ids))))
    create_markdown_artifact(key=NEW_DEVELOPMENTS_KEY, markdown=markdown,
                             description=f"events first seen in run {run_id}")
    return markdown
