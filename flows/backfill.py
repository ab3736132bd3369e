"""The `backfill` flow: fill a window of past days from archived inputs, day by day.

Recipe: index the archive once (`flows.archive`), then for each day of the
window that is not already done: read that day's inputs -> clean -> extract
-> load (the ingest pipeline's own steps), and with `reextract` re-run the
current extractor over the stored articles published that day
(`flows.reextract`). Each finished day is recorded in `backfill_days` with a
fingerprint of its inputs, so an interrupted or partly failed backfill
resumes where it stopped and a day whose inputs changed is done again;
`force` redoes every day. A day that raises is recorded as failed (which,
why) and the others still run. Every run is a row of `ingest_runs`
(`flow_name = 'backfill'`) and leaves a markdown artifact of per-day counts.
"""

from __future__ import annotations

from flows.prefect_env import configure_prefect_environment

configure_prefect_environment()

from dataclasses import asdict, dataclass, field  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import duckdb  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from flows import archive  # noqa: E402
from flows import pipeline  # noqa: E402
from flows.progress import notify  # noqa: E402
from flows.reextract import current_extractor_version, reextract_window  # noqa: E402
from flows.warehouse import open_for_writing  # noqa: E402
from flows.warehouse.backfill_days import load_day, read_done_days, to_backfill_key  # noqa: E402
from flows.warehouse.files import DEFAULT_WAREHOUSE  # noqa: E402
from flows.warehouse.load import LoadCounts  # noqa: E402
from flows.warehouse.runs import finish_run, record_errors, start_run, utc_now  # noqa: E402

DEFAULT_ARCHIVE = Path("seeds/archive")
DEFAULT_BATCH_SIZE = 200
Problem = tuple[str, str, str]


@dataclass
class DayReport:
    """What one day of a backfill did (one row of the artifact and of `backfill_days`)."""

    day: date
    status: str  # completed | failed | skipped (already done)
    counts: dict[str, int] = field(default_factory=dict)
    failure_reason: str | None = None


@task(cache_policy=NO_CACHE)
def index_archive(root: Path, since: date, until: date) -> archive.ArchiveIndex:
    return archive.index_archive(root, since, until)


@task(cache_policy=NO_CACHE)
def read_day_inputs(entries: list[archive.ArchiveEntry], root: Path) -> tuple[list, list[Problem]]:
    docs, errors = archive.read_entries(entries, root)
    return docs, [(e.item, e.stage, e.reason) for e in errors]


def _process(con: duckdb.DuckDBPyConnection, run_id: str, docs: list, source: str | None,
             force: bool) -> tuple[LoadCounts, list[Problem], int]:
    """clean -> (source filter) -> extract -> load, with the ingest pipeline's tasks."""
    if not source:
        counts, problems = pipeline.process_documents(con, run_id, docs, force=force)
        return counts, problems, 0
    articles, clean_problems = pipeline.clean_batch(docs)
    articles, dropped = archive.select_source(articles, source)
    events, extract_problems = pipeline.extract_batch(articles)
    counts = pipeline.load_articles(con, run_id, articles, events, force=force)
    return counts, clean_problems + extract_problems, dropped


@task(cache_policy=NO_CACHE, task_run_name="backfill-day-{day}")
def backfill_day(
    con: duckdb.DuckDBPyConnection, run_id: str, day: date, entries: list[archive.ArchiveEntry], root: Path,
    source: str | None, reextract: bool, force: bool, batch_size: int,
) -> dict[str, int]:
    """Ingest one day's archived inputs (and re-extract its stored articles). Returns its counts."""
    totals = LoadCounts()
    problems_recorded = 0
    documents = dropped = 0
    notify("day_start", day=day, articles=len(entries))
    for start in range(0, len(entries), max(1, batch_size)):
        batch = entries[start:start + batch_size]
        docs, problems = read_day_inputs(batch, root)
        counts, more, skipped = _process(con, run_id, docs, source, force)
        problems_recorded += record_errors(con, run_id, problems + more)
        totals.add(counts)
        documents += len(batch)
        dropped += skipped
        notify("articles", done=len(batch))
    summary = {k: v for k, v in asdict(totals).items() if k != "new_event_ids"}
    summary["documents_seen"] = documents
    summary["other_sources"] = dropped
    if reextract:
        counts, more, done = reextract_window(con, run_id, day, day, force=force, batch_size=batch_size)
        problems_recorded += len(more)
        summary["articles_reextracted"] = done
        for name in ("events_new", "events_updated", "events_retracted", "mentions_new"):
            summary[name] += getattr(counts, name)
    summary["errors"] = problems_recorded
    return summary


def to_backfill_markdown(since: date, until: date, reports: list[DayReport], status: str) -> str:
    """The run's artifact: one row per day."""
    columns = (
        ("documents", "documents_seen"), ("new", "articles_new"), ("updated", "articles_updated"),
        ("unchanged", "articles_unchanged"), ("re-extracted", "articles_reextracted"),
        ("events new", "events_new"), ("events retracted", "events_retracted"),
        ("mentions", "mentions_new"), ("problems", "errors"),
    )
    lines = [
        f"# Backfill {since} to {until}: {status}",
        "",
        "| day | status | " + " | ".join(name for name, _ in columns) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in columns) + " |",
    ]
    for report in reports:
        status_text = report.status + (f" ({report.failure_reason})" if report.failure_reason else "")
        cells = [str(report.counts.get(key, 0)) if report.status != "skipped" else "" for _, key in columns]
        lines.append(f"| {report.day} | {status_text.replace('|', '/')} | " + " | ".join(cells) + " |")
    done = sum(r.status == "completed" for r in reports)
    skipped = sum(r.status == "skipped" for r in reports)
    failed = sum(r.status == "failed" for r in reports)
    lines += ["", f"{done} days done now, {skipped} already done before, {failed} failed."]
    return "\n".join(lines) + "\n"


@flow(name="backfill")
def backfill(
    since: str,
    until: str,
    archive_dir: str = str(DEFAULT_ARCHIVE),
    warehouse: str = str(DEFAULT_WAREHOUSE),
    source: str | None = None,
    reextract: bool = False,
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, Any]:
    """Backfill the days from `since` to `until` (YYYY-MM-DD, both included) from the archive."""
    logger = get_run_logger()
    first, last = archive.parse_day(since), archive.parse_day(until)
    days = archive.to_days(first, last)
    root = Path(archive_dir).absolute()
    if not root.is_dir():
        raise FileNotFoundError(f"no archive directory at {root}; pass archive_dir (--seeds DIR)")
    version = current_extractor_version()
    key = to_backfill_key(str(root), source, version if reextract else None)
    parameters = {"since": since, "until": until, "archive_dir": str(root), "source": source,
                  "reextract": reextract, "force": force, "batch_size": batch_size}
    reports: list[DayReport] = []
    totals: dict[str, int] = {}
    notify("days", total=len(days))
    with open_for_writing(warehouse) as con:
        run_id = start_run(con, "backfill", parameters, version)
        try:
            index = index_archive(root, first, last)
            record_errors(con, run_id, [(e.item, e.stage, e.reason) for e in index.errors])
            done = {} if force else read_done_days(con, key)
            for day in days:
                entries = index.entries(day)
                fingerprint = archive.to_day_fingerprint(entries, source, version if reextract else None)
                if done.get(day) == fingerprint:
                    reports.append(DayReport(day, "skipped"))
                    notify("day_done", day=day, status="skipped", articles=len(entries))
                    continue
                started = utc_now()
                try:
                    counts = backfill_day(con, run_id, day, entries, root, source, reextract, force, batch_size)
                except Exception as exc:  # one bad day never stops the others; it is done again next time
                    reason = f"{type(exc).__name__}: {exc}"
                    logger.warning("backfill day %s failed: %s", day, reason)
                    _rollback_if_open(con)
                    record_errors(con, run_id, [(day.isoformat(), "backfill_day", reason)])
                    report = DayReport(day, "failed", {}, reason[:300])
                else:
                    report = DayReport(day, "completed", counts)
                    for name, value in counts.items():
                        totals[name] = totals.get(name, 0) + value
                load_day(
                    con, backfill_key=key, day=day, status=report.status, inputs_fingerprint=fingerprint,
                    run_id=run_id, started_at=started, counts=report.counts, archive_root=str(root),
                    source=source, is_reextract=reextract, extractor_version=version,
                    failure_reason=report.failure_reason,
                )
                reports.append(report)
                notify("day_done", day=day, status=report.status, articles=len(entries))
            summary = {k: v for k, v in totals.items() if k != "errors"}
            summary["days_done"] = sum(r.status == "completed" for r in reports)
            summary["days_skipped"] = sum(r.status == "skipped" for r in reports)
            summary["days_failed"] = sum(r.status == "failed" for r in reports)
            status = finish_run(con, run_id, summary)
            errors = con.execute("select errors from ingest_runs where run_id = ?", [run_id]).fetchone()[0]
        except BaseException as exc:
            _rollback_if_open(con)
            record_errors(con, run_id, [(str(root), "run", f"{type(exc).__name__}: {exc}")])
            finish_run(con, run_id, {k: v for k, v in totals.items() if k != "errors"}, status="failed")
            raise
    create_markdown_artifact(
        key="backfill", markdown=to_backfill_markdown(first, last, reports, status),
        description=f"backfill {first} to {last}: per-day counts",
    )
    logger.info("backfill %s %s: %s", run_id, status, summary)
    return {"run_id": run_id, "status": status, "errors": errors, **summary,
            "days": [{"day": r.day.isoformat(), "status": r.status, **r.counts} for r in reports]}


def _rollback_if_open(con: duckdb.DuckDBPyConnection) -> None:
    """A failure inside a batch's transaction is rolled back by the loader; be sure nothing is left open."""
    try:
        con.execute("rollback")
    except duckdb.Error:
        pass  # no transaction was open
