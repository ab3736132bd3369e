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
    dir_fd = os.open(files.published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def open_for_writing(
    path: str | os.PathLike[str], lock_timeout_s: float = 6 * 3600, publish_on_exit: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Lock, open (creating or recovering) the working database, migrate it,
    yield the connection, then checkpoint and publish the snapshot.

    The snapshot is published even when the body raised, because every batch
    is committed in its own transaction: what is in the working file is
    consistent and worth showing.
    """
    files = WarehouseFiles.at(path)
    with writer_lock(files, timeout_s=lock_timeout_s):
        if not files.working.exists() and files.published.exists():
            shutil.copyfile(files.published, files.working)  # first run after a move or a restore
        con = duckdb.connect(str(files.working))
        try:
            migrate(con)
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
