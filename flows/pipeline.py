"""Prefect orchestration: thin tasks over the library, and the `ingest` flow.

The flow reads like a recipe: list inputs, read them in batches, stage each
batch (clean -> extract -> Parquet) in parallel on the configured task runner,
load the staged batches one at a time in the order they were read, publish.

    read (this process) --> stage_batch (threads | processes | Dask workers) --> load (this process)

Parallel stages, serial load: DuckDB has one writer, so only this process
writes the warehouse; workers write Parquet into the staging location (a
folder or an fsspec URL, see `flows.staging`). A batch's id is a hash of its
inputs, and the loader records the ids it loaded (`staged_batches`), so a
batch staged twice is loaded once. Tasks work on batches, never on single
articles (Prefect's per-task overhead would dominate); state lives in
DuckDB, not in Prefect results.
"""

from __future__ import annotations

from flows.prefect_env import configure_prefect_environment

configure_prefect_environment()

import contextlib  # noqa: E402
import contextvars  # noqa: E402
from collections import deque  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Callable, Iterator  # noqa: E402

import duckdb  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.task_runners import TaskRunner  # noqa: E402

from flows import extract as extractor  # noqa: E402  (version looked up at call time)
from flows import seeds, staging  # noqa: E402
from flows.clean import to_article  # noqa: E402
from flows.model import Article, ExtractedEvent, RawDocument  # noqa: E402
from flows.settings import load_settings  # noqa: E402
from flows.task_runners import to_task_runner, workers_report_to_this_api  # noqa: E402
from flows.warehouse import open_for_writing  # noqa: E402
from flows.warehouse.load import LoadCounts, load_batch  # noqa: E402
from flows.artifacts import publish_new_developments  # noqa: E402
from flows.report.artifact import publish_report_artifact  # noqa: E402
from flows.warehouse.runs import finish_run, record_errors, start_run  # noqa: E402
from flows.warehouse.staged_batches import load_staged_batch, read_loaded_batch, skip_loaded_batch  # noqa: E402

DEFAULT_BATCH_SIZE = 200
Problem = tuple[str, str, str]  # (item, stage, reason)


@task(cache_policy=NO_CACHE)
def read_seed_batch(paths: list[Path], root: Path) -> tuple[list[RawDocument], list[Problem]]:
    docs, errors = seeds.read_seed_files(paths, root)
    return docs, [(e.item, e.stage, e.reason) for e in errors]


@task(cache_policy=NO_CACHE)
def clean_batch(docs: list[RawDocument]) -> tuple[list[Article], list[Problem]]:
    articles, problems = [], []
    for doc in docs:
        try:
            article = to_article(doc)
        except Exception as exc:  # one bad document never fails the batch
            problems.append((doc.origin_path or doc.url, "clean", f"{type(exc).__name__}: {exc}"))
            continue
        if article.text_source == "empty":
            problems.append((doc.origin_path or doc.url, "clean", "no text could be extracted; stored, no events"))
        articles.append(article)
    return articles, problems


def extract_articles(articles: list[Article]) -> tuple[dict[str, list[ExtractedEvent]], list[Problem]]:
    """Events of each English article with text; an article the coder chokes on is a recorded problem.
    The coder is looked up at call time, so a re-extraction uses the installed version."""
    events: dict[str, list[ExtractedEvent]] = {}
    problems: list[Problem] = []
    for article in articles:
        if not article.is_english or not article.text:
            continue
        try:
            events[article.article_id] = extractor.extract_events(article.text, article.published_date, article.title)
        except Exception as exc:  # one article never fails the batch
            problems.append((article.url, "extract", f"{type(exc).__name__}: {exc}"))
    return events, problems


@task(cache_policy=NO_CACHE)
def extract_batch(articles: list[Article]) -> tuple[dict[str, list[ExtractedEvent]], list[Problem]]:
    return extract_articles(articles)


class Documents:
    """An opaque holder for a batch's documents: Prefect and prefect-dask walk task
    inputs looking for futures, and a list of documents is worth not walking."""

    __slots__ = ("docs",)

    def __init__(self, docs: list[RawDocument]) -> None:
        self.docs = docs

    def __getstate__(self):
        return self.docs

    def __setstate__(self, docs):
        self.docs = docs


@task(cache_policy=NO_CACHE)
def stage_batch(batch: Documents, location: str, batch_id: str) -> staging.StagedBatch:
    """clean -> extract one batch and write it to the staging location (runs on a worker)."""
    docs = batch.docs
    if staging.is_staged(location, batch_id):  # an earlier run staged it and stopped before loading
        found = staging.read_manifest(location, batch_id)
        found.reused = True
        return found
    articles, clean_problems = clean_batch.fn(docs)
    events, extract_problems = extract_batch.fn(articles)
    return staging.write_staged_batch(location, batch_id, len(docs), articles, events,
                                      clean_problems + extract_problems)


@task(cache_policy=NO_CACHE)
def load_articles(
    con: duckdb.DuckDBPyConnection, run_id: str, articles: list[Article],
    events: dict[str, list[ExtractedEvent]], force: bool = False,
) -> LoadCounts:
    return load_batch(con, run_id, articles, events, extractor.EXTRACTOR_VERSION, force=force)


@dataclass(frozen=True)
class StageContext:
    """Where the parallel stages of the running `ingest` flow go."""

    runner: TaskRunner
    location: str
    workers: int


_ACTIVE: contextvars.ContextVar[StageContext | None] = contextvars.ContextVar("alliance_stage", default=None)


class _Done:
    """A finished 'future' for batches that need no worker (inline stages)."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value


class StagedLoader:
    """Submit batches to the task runner; load finished ones in submission order.

    At most `max_in_flight` batches are staged at once (bounded memory); the
    flow process loads batch k while workers stage k+1 ... k+max_in_flight.
    Loading in submission order makes the warehouse (event merging, ids) the
    same whichever runner staged the batches.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, run_id: str, stage: StageContext | None, location: str,
                 force: bool = False, max_in_flight: int = 2, record: bool = True) -> None:
        self.con, self.run_id, self.stage, self.location = con, run_id, stage, location
        self.force, self.max_in_flight, self.record = force, max(1, max_in_flight), record
        self.version = extractor.EXTRACTOR_VERSION
        self.counts = LoadCounts()
        self.problems: list[Problem] = []  # kept only when record is False (returned to the caller)
        self.batches_loaded = 0
        self.batches_skipped = 0
        self._pending: deque = deque()

    def add(self, docs: list[RawDocument], read_problems: list[Problem] | None = None,
            then: Callable[[], None] | None = None) -> None:
        """Stage `docs` (on a worker); `then` runs in this process once they are loaded."""
        read_problems = list(read_problems or [])
        batch_id = staging.to_batch_id(docs, self.version)
        loaded = None if self.force else read_loaded_batch(self.con, batch_id)
        if loaded is not None:  # the same inputs were loaded before: nothing to stage or load
            self._pending.append((_Done((batch_id, loaded)), read_problems, True, then))
        elif self.stage is None:
            self._pending.append((_Done(stage_batch(Documents(docs), self.location, batch_id)), read_problems, False,
                                  then))
        else:
            future = self.stage.runner.submit(
                stage_batch, parameters={"batch": Documents(docs), "location": self.location, "batch_id": batch_id}
            )
            self._pending.append((future, read_problems, False, then))
        while len(self._pending) > self.max_in_flight:
            self._load_next()

    def add_split(self, docs: list[RawDocument], then: Callable[[], None] | None = None) -> None:
        """`add` in one part per worker (every worker busy on one batch); `then` runs after the last part."""
        if not docs:
            if then is not None:
                then()
            return
        workers = self.stage.workers if self.stage is not None else 1
        size = max(1, -(-len(docs) // workers))
        parts = [docs[start:start + size] for start in range(0, len(docs), size)]
        for number, part in enumerate(parts):
            self.add(part, then=then if number == len(parts) - 1 else None)

    def drain(self) -> tuple[LoadCounts, list[Problem]]:
        while self._pending:
            self._load_next()
        return self.counts, self.problems

    def _load_next(self) -> None:
        future, problems, skipped, then = self._pending.popleft()
        if skipped:
            _batch_id, (num_articles, stored_problems) = future.result()
            counts = skip_loaded_batch(num_articles)
            problems = problems + stored_problems
            staging.remove_staged_batch(self.location, _batch_id)  # left by a run stopped after loading it
            self.batches_skipped += 1
        else:
            batch = future.result()
            counts = load_staged_batch(self.con, self.run_id, self.location, batch, self.version, force=self.force)
            staging.remove_staged_batch(self.location, batch.batch_id)
            problems = problems + batch.problems
            self.batches_loaded += 1
        self.counts.add(counts)
        if self.record:
            record_errors(self.con, self.run_id, problems)
        else:
            self.problems.extend(problems)
        if then is not None:
            then()


def process_documents(con, run_id: str, docs: list[RawDocument], force: bool = False) -> tuple[LoadCounts, list[Problem]]:
    """clean -> extract -> load one batch of raw documents; returns (counts, problems to record).

    Inside the `ingest` flow the batch is split across the configured workers
    and staged in parallel; elsewhere (backfill) it runs inline and loads
    directly.
    """
    stage = _ACTIVE.get()
    if stage is None:
        articles, clean_problems = clean_batch(docs)
        events, extract_problems = extract_batch(articles)
        counts = load_articles(con, run_id, articles, events, force=force)
        return counts, clean_problems + extract_problems
    loader = StagedLoader(con, run_id, stage, stage.location, force=force,
                          max_in_flight=stage.workers, record=False)
    size = max(1, -(-len(docs) // stage.workers))
    for start in range(0, len(docs), size):
        loader.add(docs[start:start + size])
    return loader.drain()


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), max(1, size)):
        yield items[start:start + size]


@contextlib.contextmanager
def _stages(task_runner: str, workers: int, location: str) -> Iterator[StageContext]:
    runner = to_task_runner(task_runner, workers)
    with workers_report_to_this_api(task_runner), runner:
        token = _ACTIVE.set(StageContext(runner, location, workers))
        try:
            yield _ACTIVE.get()
        finally:
            _ACTIVE.reset(token)


def _rollback_if_open(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("rollback")
    except duckdb.Error:
        pass  # no transaction was open


def _fetch_settings_base(settings):
    """FetchSettings from alliance-timeline.toml / env (the feed list's [settings] still apply on top)."""
    from dataclasses import fields

    from flows.feeds.settings import FetchSettings, to_fetch_settings

    known = {f.name for f in fields(FetchSettings)}
    table = {k: v for k, v in settings.fetch_table().items() if k in known and settings.sources[k] != "default"}
    return to_fetch_settings(table)


@flow(name="ingest")
def ingest(
    seeds_dir: str | None = "seeds/articles",
    warehouse: str | None = None,
    use_feeds: bool = False,
    feeds_file: str | None = None,
    batch_size: int | None = None,
    task_runner: str | None = None,
    workers: int | None = None,
    staging_location: str | None = None,
    config: str | None = None,
    report: bool = True,
) -> dict[str, Any]:
    """Ingest seed files (and feeds) into the warehouse, then publish the snapshot and (with
    `report`) the HTML report next to it, linked from a Prefect artifact.

    Unset parameters come from `alliance-timeline.toml` / `ALLIANCE_TIMELINE_*`
    (see `flows.settings`): warehouse, batch size, task runner
    (threads | processes | dask | dask://host:port), workers, staging location.
    """
    logger = get_run_logger()
    settings = load_settings(config=config, flags={
        "warehouse": warehouse, "batch_size": batch_size, "task_runner": task_runner, "workers": workers,
        "staging": staging_location,
    })
    warehouse = settings.warehouse
    batch_size = settings.batch_size
    location = settings.staging_for(warehouse)
    parameters = {"seeds_dir": seeds_dir, "use_feeds": use_feeds, "feeds_file": feeds_file, "batch_size": batch_size,
                  "task_runner": settings.task_runner, "workers": settings.effective_workers}
    totals = LoadCounts()
    documents_seen = 0
    feed_counts: dict[str, int] = {}
    with open_for_writing(warehouse) as con:
        if settings.duckdb_memory_limit:
            con.execute(f"set memory_limit = '{settings.duckdb_memory_limit}'")
        run_id = start_run(con, "ingest", parameters, extractor.EXTRACTOR_VERSION)
        status = "failed"
        try:
            record_errors(con, run_id, [("settings", "read", p) for p in settings.problems])
            with _stages(settings.task_runner, settings.effective_workers, location) as stage:
                if seeds_dir:
                    root = Path(seeds_dir)
                    loader = StagedLoader(con, run_id, stage, location, max_in_flight=stage.workers + 1)
                    for batch in _batches(seeds.list_seed_files(root), batch_size):
                        docs, problems = read_seed_batch(batch, root)
                        documents_seen += len(batch)
                        loader.add(docs, problems)
                    counts, _ = loader.drain()
                    totals.add(counts)
                if use_feeds:
                    from flows.feed_ingest import ingest_feeds_into  # feeds live in their own module

                    fetch_settings, problems = _fetch_settings_base(settings)
                    record_errors(con, run_id, [("settings", "read", p) for p in problems])
                    # pages of the next batch are fetched while workers stage this one
                    feed_loader = StagedLoader(con, run_id, stage, location, max_in_flight=stage.workers + 1)
                    feed_counts, fed = ingest_feeds_into(con, run_id, feeds_file, batch_size, feed_loader,
                                                         settings=fetch_settings)
                    totals.add(fed)
                    documents_seen += feed_counts.get("documents_seen", 0)
            summary = {k: v for k, v in asdict(totals).items() if k != "new_event_ids"}
            summary.update({k: v for k, v in feed_counts.items() if k != "documents_seen"})
            summary["documents_seen"] = documents_seen
            status = finish_run(con, run_id, summary)
        except BaseException as exc:
            _rollback_if_open(con)  # a Ctrl-C inside a load leaves its transaction open
            record_errors(con, run_id, [(str(warehouse), "run", f"{type(exc).__name__}: {exc}")])
            finish_run(con, run_id, {"documents_seen": documents_seen}, status="failed")
            raise
        errors = con.execute("select count(*) from ingest_errors where run_id = ?", [run_id]).fetchone()[0]
        publish_new_developments(con, run_id, totals.new_event_ids)  # the "new developments" artifact
    logger.info("run %s %s: %s", run_id, status, summary)
    report_path = None
    if report:
        try:  # a report problem never fails the run that fed the warehouse
            report_path = str(publish_report_artifact(warehouse))
        except Exception as exc:  # noqa: BLE001
            logger.warning("report not written: %s: %s", type(exc).__name__, exc)
    return {"report": report_path, "run_id": run_id, "status": status, "errors": errors, **summary,
            "finished_at": datetime.now(timezone.utc).isoformat()}
