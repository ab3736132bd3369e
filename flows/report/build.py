"""Build the report file from a warehouse: read (query), draw (render), write atomically."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path

from flows.report.model import ReportData
from flows.report.query import DEFAULT_LANE_LIMIT, DEFAULT_TABLE_LIMIT, read_report_data
from flows.report.render import to_html


def write_report(
    warehouse: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    pairs: tuple[str, ...] = (),
    since: date | None = None,
    table_limit: int = DEFAULT_TABLE_LIMIT,
    lane_limit: int = DEFAULT_LANE_LIMIT,
    generated_at: datetime | None = None,
) -> ReportData:
    """Write the HTML report of the published warehouse to `out` and return what it shows.

    The file is written to a temporary name and renamed, so a reader never
    sees half a report. `generated_at` defaults to now (UTC); it is only shown.
    """
    from flows.warehouse import connect_read_only

    con = connect_read_only(warehouse)
    try:
        data = read_report_data(
            con, warehouse=str(warehouse), pairs=pairs, since=since, table_limit=table_limit,
            lane_limit=lane_limit,
            generated_at=generated_at or datetime.now(timezone.utc).replace(tzinfo=None),
        )
    finally:
        con.close()
    write_html(to_html(data), Path(out))
    return data


def write_html(html: str, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
