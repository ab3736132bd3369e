"""Warehouse files: a private working database, a lock, a published snapshot.

Runs write to `.<name>.work.duckdb` under an exclusive lock (`.<name>.lock`),
so overlapping runs queue instead of corrupting anything. At the end of a run
the working file is checkpointed and copied to a temporary file that replaces
`<name>.duckdb` atomically (`os.replace`). SQL clients open the published
file read-only: a client holding it open keeps reading the old snapshot (its
file handle points at the old inode), never blocks a run, and sees the new
data when it reconnects.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb

from flows.warehouse.migrate import migrate

DEFAULT_WAREHOUSE = Path("warehouse/timeline.duckdb")


class WarehouseBusy(RuntimeError):
    """Another run holds the writer lock for longer than we were willing to wait."""


class WarehouseCorrupt(RuntimeError):
    """The working database cannot be opened; the message names the fix."""


@dataclass(frozen=True)
class WarehouseFiles:
    published: Path

    @classmethod
    def at(cls, path: str | os.PathLike[str]) -> "WarehouseFiles":
        return cls(Path(path).expanduser().absolute())

    @property
    def working(self) -> Path:
        return self.published.with_name(f".{self.published.stem}.work.duckdb")

    @property
    def lock(self) -> Path:
        return self.published.with_name(f".{self.published.stem}.lock")


@contextlib.contextmanager
def writer_lock(files: WarehouseFiles, timeout_s: float = 6 * 3600, poll_s: float = 0.2) -> Iterator[None]:
    """Hold the exclusive writer lock; waits (queues) while another run holds it."""
    files.published.parent.mkdir(parents=True, exist_ok=True)
    with open(files.lock, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseBusy(
                        f"another run has held {files.lock} for over {timeout_s:.0f}s; "
                        "wait for it to finish or stop it"
                    ) from None
                time.sleep(poll_s)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_stale_temporaries(files: WarehouseFiles) -> list[Path]:
    """Delete temporary copies a killed run left behind (call only under the writer lock)."""
    stale = sorted(files.published.parent.glob(f".{files.published.stem}.publish-*.tmp"))
    stale += sorted(files.published.parent.glob(f".{files.published.stem}.work.duckdb.restore-*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def set_aside_orphaned_wal(files: WarehouseFiles) -> Path | None:
    """A write-ahead log whose working database is gone (moved aside by hand) would be
    replayed onto a fresh or restored copy and corrupt it: rename it, keep it."""
    wal = files.working.with_name(f"{files.working.name}.wal")
    if files.working.exists() or not wal.exists():
        return None
    aside = wal.with_name(f"{wal.name}.orphaned")
    wal.replace(aside)
    return aside


def restore_working_copy(files: WarehouseFiles) -> None:
    """Start the working copy from the published snapshot (copy, then rename: a run
    killed half-way through the copy leaves a temporary file, never a truncated working copy)."""
    tmp = files.working.with_name(f"{files.working.name}.restore-{os.getpid()}.tmp")
    try:
        shutil.copyfile(files.published, tmp)
        os.replace(tmp, files.working)
    finally:
        tmp.unlink(missing_ok=True)


def corrupt_working_copy(files: WarehouseFiles, exc: BaseException) -> WarehouseCorrupt:
    """The error to raise when the working copy cannot be read: what is wrong and the fix."""
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    fix = (
        f"the published snapshot {files.published} is intact: move the working copy aside "
        f"(mv '{files.working}' '{files.working}.broken') and rerun; the run restarts from the snapshot"
        if files.published.exists() else
        f"move it aside (mv '{files.working}' '{files.working}.broken') and rerun to start a new warehouse"
    )
    return WarehouseCorrupt(f"the working copy {files.working} is not a readable DuckDB database ({first_line}); {fix}")


def connect_working(files: WarehouseFiles) -> duckdb.DuckDBPyConnection:
    """Open (creating or recovering from its WAL) and migrate the working database."""
    existed = files.working.exists()
    try:
        con = duckdb.connect(str(files.working))
    except duckdb.Error as exc:
        if not existed:
            raise
        raise corrupt_working_copy(files, exc) from None
    try:
        migrate(con)
    except duckdb.IOException as exc:  # a truncated or damaged file fails on its first reads
        con.close()
        raise corrupt_working_copy(files, exc) from None
    except BaseException:
        con.close()
        raise
    return con


def publish(files: WarehouseFiles) -> None:
    """Copy the (closed, checkpointed) working file over the published one atomically."""
    tmp = files.published.with_name(f".{files.published.stem}.publish-{os.getpid()}.tmp")
    try:
        shutil.copyfile(files.working, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, files.published)
    finally:
        if tmp.exists():
            tmp.unlink()
    set_aside_snapshot_wal(files)
    dir_fd = os.open(files.published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def set_aside_snapshot_wal(files: WarehouseFiles) -> Path | None:
    """After a publish, a write-ahead log next to the published file belongs to the
    snapshot it replaced (a SQL client that opened the snapshot read-write and wrote
    to it). Left there, every reader of the new snapshot would fail on it ("WAL ...
    does not match") or replay it onto the wrong file: rename it (the client keeps
    its open handle; what it wrote was never part of the warehouse)."""
    wal = files.published.with_name(f"{files.published.name}.wal")
    if not wal.exists():
        return None
    aside = wal.with_name(f".{wal.name}.stale-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}")
    wal.replace(aside)
    return aside


@contextlib.contextmanager
def open_for_writing(
    path: str | os.PathLike[str], lock_timeout_s: float = 6 * 3600, publish_on_exit: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Lock, open (creating or recovering) the working database, migrate it,
    yield the connection, then checkpoint and publish the snapshot.

    Before opening: temporaries of a killed run are removed, a write-ahead log
    without its database is set aside, and a missing working copy is restored
    from the snapshot. A working copy that cannot be read raises
    `WarehouseCorrupt` (nothing is published); a failed migration publishes
    nothing either.

    The snapshot is published even when the body raised, because every batch
    is committed in its own transaction: what is in the working file is
    consistent and worth showing.
    """
    files = WarehouseFiles.at(path)
    with writer_lock(files, timeout_s=lock_timeout_s):
        remove_stale_temporaries(files)
        set_aside_orphaned_wal(files)
        if not files.working.exists() and files.published.exists():
            restore_working_copy(files)  # first run after a move or a restore
        con = connect_working(files)
        try:
            yield con
        finally:
            try:
                con.execute("checkpoint")
            finally:
                con.close()
            if publish_on_exit:
                publish(files)


def connect_read_only(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """Open the published snapshot read-only (what SQL clients and the CLI read)."""
    files = WarehouseFiles.at(path)
    if not files.published.exists():
        raise FileNotFoundError(
            f"no warehouse at {files.published}; run `alliance-timeline ingest` first "
            "or pass --warehouse PATH"
        )
    return duckdb.connect(str(files.published), read_only=True)
