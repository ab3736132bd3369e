"""Seed files: front matter, datelines, encodings, bad files."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from flows.clean import parse_dateline, to_article
from flows.seeds import parse_front_matter, read_seed_dir, read_seed_file


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_front_matter_keys_and_body():
    meta, body, problems = parse_front_matter(
        "---\ntitle: A 'quoted: title'\nurl: https://x.test/a\nsource: \"Wire\"\npublished: 2025-10-28\n---\nBody text.\n"
    )
    assert meta == {"title": "A 'quoted: title'", "url": "https://x.test/a", "source": "Wire", "published": "2025-10-28"}
    assert body == "Body text.\n"
    assert problems == []


def test_unclosed_front_matter_is_read_as_text_and_reported():
    meta, body, problems = parse_front_matter("---\ntitle: never closed\nBody")
    assert meta == {}
    assert body.startswith("---")
    assert "never closed" in problems[0]


def test_front_matter_garbage_line_is_reported_not_fatal(tmp_path):
    path = write(tmp_path, "a.txt", "---\ntitle: T\nthis line has no colon\n---\nBody of the article.")
    doc = read_seed_file(path, tmp_path)
    assert doc.title == "T"
    assert any("no colon" in note for note in doc.notes)


@pytest.mark.parametrize(
    "line, place, source, day",
    [
        ("TOKYO, Oct 28 (Reuters) - Japan said", "Tokyo", "Reuters", "2025-10-28"),
        ("WASHINGTON, July 4 (AP) — The US said", "Washington", "AP", "2025-07-04"),
        ("TOKYO/WASHINGTON, Jan. 3, 2024 (Meridian Wire) – Talks", "Tokyo/Washington", "Meridian Wire", "2024-01-03"),
    ],
)
def test_dateline_gives_place_source_and_day(line, place, source, day):
    reference = datetime(2025, 11, 1, tzinfo=timezone.utc)
    found = parse_dateline(line, reference)
    assert found is not None
    assert found["place"] == place
    assert found["source"] == source
    assert found["published_at"].date().isoformat() == day


def test_dateline_without_year_never_lies_in_the_future():
    found = parse_dateline("BERLIN, Dec 30 (Reuters) - x", datetime(2025, 1, 5, tzinfo=timezone.utc))
    assert found["published_at"].date().isoformat() == "2024-12-30"


def test_plain_text_without_front_matter_uses_dateline(tmp_path):
    path = write(tmp_path, "wire.txt", "SEOUL, Mar 3 (Yonhap) - South Korea and Japan agreed to hold talks on trade.")
    article = to_article(read_seed_file(path, tmp_path), reference=datetime(2025, 6, 1, tzinfo=timezone.utc))
    assert article.source == "Yonhap"
    assert article.place == "Seoul"
    assert article.published_at.date().isoformat() == "2025-03-03"
    assert article.url == "seed:wire.txt"


def test_latin1_file_is_decoded_and_noted(tmp_path):
    path = write(tmp_path, "latin.txt", "Caf\xe9 talks in Z\xfcrich between the two ministers went on.".encode("latin-1"))
    doc = read_seed_file(path, tmp_path)
    assert "Café" in doc.body and "Zürich" in doc.body
    assert any("Windows-1252" in n or "Latin-1" in n for n in doc.notes)


def test_bad_files_are_reported_and_the_rest_is_read(tmp_path):
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "binary.html", bytes(range(256)) * 40)
    write(tmp_path, "good.md", "---\ntitle: Good\n---\nA perfectly good article body.")
    write(tmp_path, "notes.csv", "a,b\n")  # not a seed type: ignored
    docs, errors = read_seed_dir(tmp_path)
    assert [d.title for d in docs] == ["Good"]
    reasons = {Path(e.item).name: e.reason for e in errors}
    assert reasons == {"empty.txt": "empty file", "binary.html": "binary content, not text"}


def test_nul_bytes_are_removed(tmp_path):
    path = write(tmp_path, "nul.txt", b"Japan and\x00 the United States met. " + b"They talked about trade. " * 20)
    doc = read_seed_file(path, tmp_path)
    assert "\x00" not in doc.body


def test_html_seed_is_cleaned_with_trafilatura(tmp_path):
    html = (
        "<html lang='en'><head><title>Ministers meet</title></head><body><nav>Home | About</nav>"
        "<article><h1>Ministers meet in Paris</h1><p>" + "France and Germany agreed to deepen defence cooperation. " * 8
        + "</p></article><footer>Copyright</footer></body></html>"
    )
    path = write(tmp_path, "page.html", html)
    article = to_article(read_seed_file(path, tmp_path))
    assert article.text_source == "trafilatura"
    assert "France and Germany agreed" in article.text
    assert "Copyright" not in article.text
    assert article.language == "en" and article.is_english
    assert article.raw_html is not None  # kept (compressed) for re-extraction
