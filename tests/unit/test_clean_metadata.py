"""`flows.clean.page_metadata` (trafilatura's metadata steps for the fields we keep) gives what
trafilatura's own `extract_metadata` gives, on every corpus page, with and without a page URL."""

from __future__ import annotations

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from flows.clean import _html_to_fields, page_metadata
from flows.seeds import read_seed_dir
from tests.conftest import CORPUS_PAGES

KEPT = ("title", "author", "url", "date", "sitename")


@pytest.fixture(scope="module")
def pages():
    docs, _ = read_seed_dir(CORPUS_PAGES)
    assert len(docs) >= 100
    return [(doc.origin_path, doc.body) for doc in docs]


@pytest.mark.parametrize("url", [None, "https://news.example.org/2025/10/28/story.html"])
def test_page_metadata_matches_trafilatura_extract_metadata(pages, url):
    differences = []
    dated = 0
    for name, html in pages:
        ours = page_metadata(load_html(html), url)
        theirs = extract_metadata(load_html(html), url)
        dated += ours.date is not None
        differences += [(name, key, getattr(ours, key), getattr(theirs, key))
                        for key in KEPT if getattr(ours, key) != getattr(theirs, key)]
    assert differences == []
    assert dated >= 100  # the extensive date search is kept (the fast one finds 96 of 109 on this corpus)


def test_html_fields_keep_trafilaturas_text_and_metadata(pages):
    import trafilatura

    for name, html in pages[:25]:
        fields = _html_to_fields(html, None)
        whole = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            include_tables=False, deduplicate=False)
        assert (fields["text"], fields["title"], fields["author"], fields["published"], fields["site_name"]) == \
            (whole.text, whole.title, whole.author, whole.date, whole.sitename), name


def test_unparseable_html_gives_no_fields():
    assert _html_to_fields("", None) == {}
