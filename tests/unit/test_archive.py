"""Archived inputs indexed by day: dated folders, JSON Lines dumps, what cannot be used."""

from __future__ import annotations

import gzip
import json
import os
from datetime import date

import pytest

from flows import archive
from flows.clean import to_article
from tests.conftest import CORPUS_PAGES

ARTICLE = """---
title: {title}
url: {url}
source: {source}
{published}---
{body}
"""


def write_article(folder, name, url, body, source="Harbour Wire", published=None, title="A title"):
    folder.mkdir(parents=True, exist_ok=True)
    line = f"published: {published}\n" if published else ""
    path = folder / name
    path.write_text(ARTICLE.format(title=title, url=url, source=source, published=line, body=body), encoding="utf-8")
    return path


def record(**fields):
    return json.dumps(fields)


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "archive"
    write_article(root / "2025-10-27", "a.txt", "https://example.test/a",
                  "Japan and the Philippines signed a port access accord.", published="2025-10-27")
    write_article(root / "2025-10-28", "b.txt", "https://example.test/b", "An undated piece about tariffs.")
    page = sorted(CORPUS_PAGES.glob("*.html"))[0]
    (root / "2025-10-28" / page.name).write_bytes(page.read_bytes())
    write_article(root / "2025-11-02", "late.txt", "https://example.test/late", "Outside the window.")
    (root / "2025-02-30").mkdir()  # not a real day
    (root / "notes").mkdir()  # not a dated folder: ignored
    dumps = root / "dumps"
    dumps.mkdir()
    (dumps / "wire.jsonl").write_text("\n".join([
        record(url="https://example.test/c", title="C", source="Harbour Wire", published="2025-10-29",
               text="South Korea and the United States signed a currency swap line."),
        "",
        "{not json",
        record(url="https://example.test/d", title="D", published="2025-11-05", text="Out of the window."),
        record(url="https://example.test/e", title="E", text="No date anywhere."),
        record(url="https://example.test/f", published="2025-10-29", text=""),
        json.dumps(["a", "list"]),
        record(url="https://example.test/g", published="Oct 28, 2025", source="Harbour Wire",
               html="<html><body><article><p>" + "Australia and Japan signed a deal. " * 20 + "</p></article></body></html>"),
    ]) + "\n", encoding="utf-8")
    with gzip.open(dumps / "older.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(record(url="https://example.test/h", published="2025-10-27", text="From a gzipped dump.") + "\n")
    return root


def test_parse_day_and_window():
    assert archive.parse_day("2025-10-28") == date(2025, 10, 28)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        archive.parse_day("28/10/2025")
    assert archive.to_days(date(2025, 10, 30), date(2025, 11, 1)) == [
        date(2025, 10, 30), date(2025, 10, 31), date(2025, 11, 1)]
    with pytest.raises(ValueError, match="swap"):
        archive.to_days(date(2025, 11, 1), date(2025, 10, 30))


def test_index_puts_each_input_on_its_day(root):
    index = archive.index_archive(root, date(2025, 10, 27), date(2025, 10, 29))
    by_day = {day: sorted(e.where.split("/")[-1] for e in entries) for day, entries in index.days.items()}
    page = sorted(CORPUS_PAGES.glob("*.html"))[0].name
    assert by_day == {
        date(2025, 10, 27): ["a.txt", "older.jsonl.gz:1"],
        date(2025, 10, 28): sorted(["b.txt", page, "wire.jsonl:8"]),
        date(2025, 10, 29): ["wire.jsonl:1"],
    }
    # what is outside the window is counted, not reported; what cannot be used is reported with why
    assert index.outside_window == 2
    reasons = {e.item.split("/")[-1]: e.reason for e in index.errors}
    assert set(reasons) == {"2025-02-30", "wire.jsonl:3", "wire.jsonl:5", "wire.jsonl:6", "wire.jsonl:7"}
    assert "not a real day" in reasons["2025-02-30"]
    assert "not JSON" in reasons["wire.jsonl:3"]
    assert "published" in reasons["wire.jsonl:5"]
    assert "no 'text' or 'html'" in reasons["wire.jsonl:6"]
    assert "JSON object" in reasons["wire.jsonl:7"]


def test_read_entries_gives_documents_with_provenance(root):
    index = archive.index_archive(root, date(2025, 10, 27), date(2025, 10, 29))
    docs, errors = archive.read_entries(index.entries(date(2025, 10, 28)), root)
    assert errors == []
    by_url = {d.url: d for d in docs}
    undated = by_url["https://example.test/b"]
    assert undated.origin == "archive" and undated.published == "2025-10-28"
    assert "publication day taken from the archive folder" in undated.notes
    page = next(d for d in docs if d.media_type == "text/html" and d.origin_path.endswith(".html"))
    assert page.url.startswith("archive:2025-10-28/") and page.raw_html  # kept for re-extraction
    dumped = by_url["https://example.test/g"]
    assert dumped.media_type == "text/html" and dumped.origin_path.endswith("wire.jsonl:8")
    assert dumped.raw_html.startswith(b"<html>")
    article = to_article(dumped)
    assert article.published_date == date(2025, 10, 28) and "Australia and Japan signed" in article.text
    gz_docs, _ = archive.read_entries(index.entries(date(2025, 10, 27)), root)
    assert {d.url for d in gz_docs} == {"https://example.test/a", "https://example.test/h"}


def test_a_line_that_changed_after_indexing_is_reported_not_raised(root):
    index = archive.index_archive(root, date(2025, 10, 29), date(2025, 10, 29))
    dump = root / "dumps" / "wire.jsonl"
    dump.write_text("garbage that replaced the dump\n")
    docs, errors = archive.read_entries(index.entries(date(2025, 10, 29)), root)
    assert docs == [] and len(errors) == 1 and errors[0].item.endswith("wire.jsonl:1")


def test_day_fingerprint_changes_with_inputs_and_scope(root):
    day = date(2025, 10, 27)
    before = archive.to_day_fingerprint(archive.index_archive(root, day, day).entries(day), None)
    again = archive.to_day_fingerprint(archive.index_archive(root, day, day).entries(day), None)
    assert before == again
    assert archive.to_day_fingerprint(archive.index_archive(root, day, day).entries(day), "Harbour Wire") != before
    path = root / "2025-10-27" / "a.txt"
    path.write_text(path.read_text() + "\nA correction was appended.\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert archive.to_day_fingerprint(archive.index_archive(root, day, day).entries(day), None) != before
    write_article(root / "2025-10-27", "new.txt", "https://example.test/new", "Dropped in later.")
    assert len(archive.index_archive(root, day, day).entries(day)) == 3


@pytest.mark.parametrize("source, kept", [
    (None, 3), ("Harbour Wire", 2), ("harbour wire ", 2), ("Example Site", 1), ("Nobody", 0),
])
def test_select_source_matches_outlet_or_site_name(source, kept):
    from flows.model import RawDocument

    docs = [
        RawDocument(url=f"https://example.test/{n}", body="Text about a deal.", media_type="text/plain",
                    origin="archive", source=src)
        for n, src in enumerate(["Harbour Wire", "Harbour Wire", None])
    ]
    articles = [to_article(d) for d in docs]
    articles[2].site_name = "Example Site"
    selected, dropped = archive.select_source(articles, source)
    assert len(selected) == kept and dropped == 3 - kept
