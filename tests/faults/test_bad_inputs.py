"""Bad seed files never fail a run: each is rejected or ingested, with the reason recorded.

One real `alliance-timeline ingest` subprocess reads a directory of hostile
files next to a good article; its peak RSS is measured (a resource guard,
not a timing). The run is repeated to show that re-running changes nothing.
Feeds and pages over HTTP (gzip bomb, 50 MB page, ill-formed feeds) are in
test_network_faults.py.
"""

from __future__ import annotations

import gzip
import math
import struct
import sys
import zlib
from pathlib import Path

import pytest

from tests.conftest import DEV_ARTICLES
from tests.faults.support import cli_env, rows, run_cli

PEAK_RSS_LIMIT = 1536 * 1024 * 1024  # 1.5 GB, for a run that meets a 50 MB and a 19 MB page
GOOD = (DEV_ARTICLES / "d001.txt").read_bytes()
WIRE = GOOD.decode("utf-8").split("---", 2)[2].strip()
ACCENTED = "Ministers from Zürich, São Paulo and Kraków met in Genève to discuss tariffs on café exports. " * 3
SQL_TITLE = "'); drop table events; --"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes((x * y) % 256 for x in range(64)) for y in range(64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _page(title: str, body: str, charset: str = "utf-8") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return (f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>")


def _big_page(size: int) -> bytes:
    paragraph = ("<p>" + "Japan and the United States agreed to deepen cooperation on critical minerals. " * 20
                 + "</p>\n").encode()
    head = b"<!doctype html><html><head><title>A very long page</title></head><body><article>"
    return head + paragraph * (size // len(paragraph)) + b"</article></body></html>"


def _front(title: str, url: str, published: str, body: str) -> str:
    return f"---\ntitle: {title}\nurl: {url}\nsource: Fault Wire\npublished: {published}\n---\n{body}\n"


BAD_FILES: dict[str, bytes] = {
    "good.txt": GOOD,
    "empty.txt": b"",
    "empty.html": b"",
    "image.html": _png(),
    "archive.txt": gzip.compress(GOOD * 20),
    "program.txt": Path(sys.executable).resolve().read_bytes()[:65536],
    "nuls-mostly.txt": b"\x00" * 5000 + GOOD,
    "page-50mb.html": _big_page(50 * 1024 * 1024),
    "page-19mb.html": _big_page(19 * 1024 * 1024),
    "nested.html": (b"<html><body>" + b"<div>" * 100_000 + b"<p>Deep text about Japan and the United States.</p>"
                    + b"</div>" * 100_000 + b"</body></html>"),
    "latin1-declared-utf8.html": _page("Caf\u00e9 talks", ACCENTED).encode("latin-1"),
    "latin1-declared-utf8.txt": _front("Caf\u00e9 talks", "https://example.test/faults/latin1", "2025-07-01",
                                       ACCENTED).encode("latin-1"),
    "utf8-declared-latin1.html": _page("Caf\u00e9 talks", ACCENTED, charset="iso-8859-1").encode("utf-8"),
    "nul-bytes.txt": _front("NUL\x00 title", "https://example.test/faults/nul", "2025-07-01",
                            WIRE[:400] + "\x00\x00" + WIRE[400:]).encode("utf-8"),
    "front-matter-unclosed.txt": b"---\ntitle: Never closed\nurl: https://example.test/faults/unclosed\n" + WIRE.encode(),
    "front-matter-garbage.txt": (b"---\ntitle: Garbage line\nurl: https://example.test/faults/garbage\n"
                                 b"this line has no colon\n: no key\n---\n" + WIRE.encode()),
    "date-1900.txt": _front("Old", "https://example.test/faults/1900", "1900-01-01",
                            "In 1900, Japan and the United States signed a trade agreement in Tokyo.").encode(),
    "date-2999.txt": _front("Future", "https://example.test/faults/2999", "2999-12-31",
                            "Japan will invest $5 billion in the United States in 2999, officials said.").encode(),
    "date-1990s.txt": _front("Decade", "https://example.test/faults/1990s", "the 1990s",
                             "In the 1990s, South Korea and the United States agreed to expand military "
                             "cooperation, officials said.").encode(),
    "amounts-overflow.txt": _front(
        "Overflow", "https://example.test/faults/overflow", "2025-07-02",
        "Japan pledged $1e400 of investment in the United States on Tuesday, officials said.\n\n"
        "The European Union will impose 999999999999999999999 trillion dollars of tariffs on the United States.\n\n"
        "South Korea agreed to invest $350 billion in the United States, the ministry said.").encode(),
    "sql-title.txt": _front(SQL_TITLE, "https://example.test/faults/sql?id=1'--", "2025-07-02", WIRE).encode(),
}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, prefect_api_url):
    root = tmp_path_factory.mktemp("bad-inputs")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, data in BAD_FILES.items():
        (seeds / name).write_bytes(data)
    warehouse = root / "timeline.duckdb"
    args = ["ingest", "--seeds", str(seeds), "--no-feeds", "--warehouse", str(warehouse), "--batch-size", "5"]
    env = cli_env(prefect_api_url, TMPDIR=str(root))
    first = run_cli(args, env, measure=True)
    counts = {t: rows(warehouse, f"select count(*) from {t}")[0][0] for t in ("articles", "events", "event_mentions")}
    second = run_cli(args, env)
    runs = rows(warehouse, "select run_id, status, documents_seen, articles_new, articles_unchanged, errors,"
                           " error_summary from ingest_runs order by started_at")
    return {"warehouse": warehouse, "seeds": seeds, "first": first, "second": second, "counts": counts, "runs": runs}


def article(ingested, name: str) -> dict:
    found = rows(ingested["warehouse"],
                 "select article_id, url, title, text, notes, published_at, text_source from articles"
                 " where origin_path = ?", [str(ingested["seeds"] / name)])
    assert len(found) == 1, f"{name}: {len(found)} articles"
    keys = ("article_id", "url", "title", "text", "notes", "published_at", "text_source")
    return dict(zip(keys, found[0]))


def errors_for(ingested, name: str, run: int = 0) -> list[tuple[str, str]]:
    run_id = ingested["runs"][run][0]
    return rows(ingested["warehouse"], "select stage, reason from ingest_errors where run_id = ? and item = ?",
                [run_id, str(ingested["seeds"] / name)])


def test_the_run_completes_with_failures_recorded(ingested):
    first = ingested["first"]
    assert first.returncode == 3, first.stderr[-2000:]  # completed, with recorded failures
    assert "completed_with_errors" in first.stdout
    run_id, status, seen, new, unchanged, errors, summary = ingested["runs"][0]
    assert status == "completed_with_errors"
    assert seen == len(BAD_FILES)
    assert new == len(BAD_FILES) - 7  # 7 files are rejected at read
    assert errors >= 7 and "read:" in summary


def test_peak_memory_is_bounded(ingested):
    peak = ingested["first"].peak_rss_bytes
    print(f"peak RSS of the ingest subprocess: {peak / 2**20:.0f} MiB")
    assert 0 < peak < PEAK_RSS_LIMIT


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty file"),
    ("empty.html", "empty file"),
    ("image.html", "binary content"),
    ("archive.txt", "binary content"),
    ("program.txt", "binary content"),
    ("nuls-mostly.txt", "binary content"),
    ("page-50mb.html", "over the 20971520-byte limit"),
])
def test_unusable_files_are_rejected_with_the_reason(ingested, name, reason):
    assert errors_for(ingested, name) == [("read", errors_for(ingested, name)[0][1])]
    assert reason in errors_for(ingested, name)[0][1]
    assert rows(ingested["warehouse"], "select count(*) from articles where origin_path = ?",
                [str(ingested["seeds"] / name)]) == [(0,)]


def test_the_good_article_next_to_them_is_ingested_with_events(ingested):
    good = article(ingested, "good.txt")
    assert good["url"] == "https://example.test/news/us-japan-deal-15pct-550bn"
    assert good["notes"] == [] and errors_for(ingested, "good.txt") == []
    events = rows(ingested["warehouse"], "select count(*) from event_mentions where article_id = ?", [good["article_id"]])
    assert events[0][0] >= 1


def test_a_page_over_the_parse_limit_is_cut_and_noted(ingested):
    big = article(ingested, "page-19mb.html")
    assert "critical minerals" in big["text"]
    assert any("only the first 5000000 were parsed" in note for note in big["notes"])


def test_deeply_nested_html_does_not_crash_and_is_recorded(ingested):
    nested = article(ingested, "nested.html")
    if nested["text"]:
        assert "Deep text" in nested["text"]
    else:
        assert nested["text_source"] == "empty"
        assert errors_for(ingested, "nested.html") == [("clean", "no text could be extracted; stored, no events")]


@pytest.mark.parametrize("name", ["latin1-declared-utf8.html", "latin1-declared-utf8.txt"])
def test_latin1_declared_as_utf8_is_decoded_and_noted(ingested, name):
    found = article(ingested, name)
    assert "Zürich" in found["text"] and "São Paulo" in found["text"] and "Ã" not in found["text"]
    assert "not valid UTF-8; decoded as Windows-1252" in found["notes"]


def test_utf8_declared_as_latin1_is_read_as_utf8(ingested):
    found = article(ingested, "utf8-declared-latin1.html")
    assert "Zürich" in found["text"] and "Kraków" in found["text"] and "Ã" not in found["text"]


def test_nul_bytes_are_removed_and_noted(ingested):
    found = article(ingested, "nul-bytes.txt")
    assert "\x00" not in found["text"] and "\x00" not in found["title"]
    assert found["title"] == "NUL title"
    assert "removed 3 NUL byte(s)" in found["notes"]


def test_unclosed_front_matter_is_read_as_text_and_noted(ingested):
    found = article(ingested, "front-matter-unclosed.txt")
    assert found["url"] == "seed:front-matter-unclosed.txt"  # the url line was not trusted
    assert any("never closed" in note for note in found["notes"])


def test_garbage_front_matter_lines_are_ignored_and_noted(ingested):
    found = article(ingested, "front-matter-garbage.txt")
    assert found["title"] == "Garbage line" and found["url"] == "https://example.test/faults/garbage"
    assert sum("front matter line ignored" in note for note in found["notes"]) == 2


@pytest.mark.parametrize("name, note", [
    ("date-1900.txt", "publication date 1900-01-01 is before 1945-01-01; ignored"),
    ("date-2999.txt", "publication date 2999-12-31 is in the future; ignored"),
    ("date-1990s.txt", "publication date 'the 1990s' not understood; ignored"),
])
def test_absurd_publication_dates_are_dropped_and_noted(ingested, name, note):
    found = article(ingested, name)
    assert found["published_at"] is None
    assert note in found["notes"]


def test_absurd_dates_in_text_give_no_absurd_event_dates(ingested):
    dates = rows(ingested["warehouse"], "select min(event_date), max(event_date) from event_mentions")
    low, high = dates[0]
    assert low is None or low.year >= 1945
    assert high is None or high.year <= 2100


def test_overflowing_amounts_are_never_stored(ingested):
    found = article(ingested, "amounts-overflow.txt")
    amounts = rows(ingested["warehouse"], "select amount_value, amount_text from event_mentions"
                                          " where article_id = ? and amount_value is not null", [found["article_id"]])
    assert all(math.isfinite(value) and abs(value) <= 1e16 for value, _ in amounts), amounts
    assert not any("1e400" in (text or "") or "999999999" in (text or "") for _, text in amounts)
    every = rows(ingested["warehouse"], "select count(*) from events where amount_value is not null"
                                        " and (isinf(amount_value) or isnan(amount_value) or abs(amount_value) > 1e16)")
    assert every == [(0,)]


def test_sql_in_a_title_is_stored_as_text(ingested):
    found = article(ingested, "sql-title.txt")
    assert found["title"] == SQL_TITLE
    assert found["url"] == "https://example.test/faults/sql?id=1'--"
    tables = {r[0] for r in rows(ingested["warehouse"], "select table_name from information_schema.tables")}
    assert {"articles", "events", "event_mentions", "ingest_runs", "ingest_errors", "timeline"} <= tables
    assert rows(ingested["warehouse"], "select count(*) from events")[0][0] >= 1


def test_a_rerun_changes_nothing_and_records_the_same_failures(ingested):
    second = ingested["second"]
    assert second.returncode == 3, second.stderr[-2000:]
    counts = {t: rows(ingested["warehouse"], f"select count(*) from {t}")[0][0]
              for t in ("articles", "events", "event_mentions")}
    assert counts == ingested["counts"]
    _, status, seen, new, unchanged, _, _ = ingested["runs"][1]
    assert (status, seen, new, unchanged) == ("completed_with_errors", len(BAD_FILES), 0, len(BAD_FILES) - 7)
    first_errors = rows(ingested["warehouse"], "select item, stage, reason from ingest_errors where run_id = ?"
                        " order by all", [ingested["runs"][0][0]])
    second_errors = rows(ingested["warehouse"], "select item, stage, reason from ingest_errors where run_id = ?"
                         " order by all", [ingested["runs"][1][0]])
    assert second_errors == first_errors
