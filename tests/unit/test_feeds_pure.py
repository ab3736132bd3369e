"""Pure feed modules on real fixtures: feed list, polling arithmetic, SimHash, parsing, page decoding."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from flows.feeds import dedup
from flows.feeds.list import FeedListError, FeedSpec, parse_feed_list, read_feed_list, to_toml_entry
from flows.feeds.model import FetchResult
from flows.feeds.parse import decode_page, is_html, parse_feed
from flows.feeds.poll import to_feed_poll
from flows.feeds.settings import FetchSettings, to_fetch_settings
from flows.feeds.state import PollState, backoff_seconds, next_poll_at, parse_retry_after, to_outcome
from tests.conftest import CORPUS_FEEDS, REPO_ROOT, SHARED

NOW = datetime(2025, 11, 1, 12, 0, 0)
ARTICLES = SHARED / "eval" / "dev" / "articles"


def body(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8").split("---", 2)[2].strip()


# feed list ---------------------------------------------------------------

def test_default_feed_list_is_valid_and_varied():
    feeds = read_feed_list(REPO_ROOT / "seeds" / "feeds.toml")
    assert feeds.problems == [] and len(feeds.feeds) >= 12
    assert all(f.url.startswith("https://") and f.name for f in feeds.feeds)
    tags = {t for f in feeds.feeds for t in f.tags}
    assert {"security", "trade", "asia", "europe", "africa", "middle-east", "latin-america"} <= tags
    assert len({f.url.split("/")[2] for f in feeds.feeds}) == len(feeds.feeds)  # one feed per outlet


def test_toml_list_skips_bad_entries_with_a_reason():
    text = ('[settings]\nread_timeout_s = 1.5\n[[feeds]]\nurl = "https://a.example/rss"\ntags = "x"\n'
            '[[feeds]]\nurl = "ftp://b.example/rss"\n[[feeds]]\nname = "no url"\n'
            '[[feeds]]\nurl = "https://a.example/rss"\n[[feeds]]\nurl = "https://c.example/"\npoll_interval = -5\n')
    parsed = parse_feed_list(text, is_toml=True)
    assert [f.url for f in parsed.feeds] == ["https://a.example/rss", "https://c.example/"]
    assert parsed.feeds[0].tags == ("x",) and parsed.feeds[1].poll_interval_s == 900
    assert len(parsed.problems) == 4 and "ftp" in parsed.problems[0]
    assert parsed.settings == {"read_timeout_s": 1.5}


def test_plain_list_and_broken_toml():
    parsed = parse_feed_list("# mine\nhttps://a.example/rss  # comment\n\nnot a url\nhttps://a.example/rss\n", is_toml=False)
    assert [f.url for f in parsed.feeds] == ["https://a.example/rss"] and len(parsed.problems) == 1
    with pytest.raises(FeedListError, match="not valid TOML"):
        parse_feed_list("[[feeds]\nurl=", is_toml=True)


def test_toml_entry_round_trips():
    spec = FeedSpec(url="https://x.example/feed", name='Quote "me"', tags=("a", "b"), poll_interval_s=60)
    assert parse_feed_list(to_toml_entry(spec), is_toml=True).feeds == [spec]


def test_settings_from_table_and_environment():
    settings, problems = to_fetch_settings({"max_bytes": 1000, "respect_robots": False, "bogus": 1, "read_timeout_s": "x"},
                                           {"ALLIANCE_TIMELINE_ALLOW_HOSTS": "127.0.0.1, LocalHost"})
    assert settings.max_bytes == 1000 and settings.respect_robots is False
    assert settings.allow_hosts == frozenset({"127.0.0.1", "localhost"})
    assert settings.read_timeout_s == FetchSettings().read_timeout_s and len(problems) == 2


# polling arithmetic -------------------------------------------------------

@pytest.mark.parametrize("failures, expected", [(1, 900), (2, 1800), (3, 3600), (8, 86400), (60, 86400)])
def test_backoff_doubles_up_to_a_day(failures, expected):
    assert backoff_seconds(900, failures) == expected


def test_retry_after_forms():
    assert parse_retry_after("120", NOW) == 120
    assert parse_retry_after("Sat, 01 Nov 2025 13:00:00 GMT", NOW) == 3600
    assert parse_retry_after("yesterday", NOW) is None and parse_retry_after(None, NOW) is None
    assert next_poll_at(NOW, 60, "failed", 1, 7200) == NOW + timedelta(seconds=7200)
    assert next_poll_at(NOW, 600, "ok", 0) == NOW + timedelta(seconds=600)


@pytest.mark.parametrize("status, error, digest, previous, outcome", [
    (200, None, "h2", "h1", "ok"), (200, None, "h1", "h1", "unchanged"), (304, None, None, "h1", "unchanged"),
    (404, "HTTP 404", None, None, "failed"), (None, "read timeout", None, None, "failed"),
])
def test_outcomes(status, error, digest, previous, outcome):
    assert to_outcome(status, error, digest, previous) == outcome


def test_poll_keeps_validators_on_304_and_counts_failures():
    spec = FeedSpec(url="https://x.example/feed", poll_interval_s=300)
    before = PollState(etag='"e1"', last_modified="Mon", body_hash="h", consecutive_failures=2)
    not_modified = to_feed_poll(spec, before, FetchResult(url=spec.url, kind="feed", final_url=spec.url, status=304), NOW)
    assert not_modified.outcome == "unchanged" and not_modified.state["etag"] == '"e1"'
    assert not_modified.state["consecutive_failures"] == 0
    failed = to_feed_poll(spec, before, FetchResult(url=spec.url, kind="feed", final_url=spec.url, status=503,
                                                    error="HTTP 503", headers={"retry-after": "30"}), NOW)
    assert failed.state["consecutive_failures"] == 3 and failed.state["retry_after_s"] == 30
    assert failed.state["next_poll_at"] == NOW + timedelta(seconds=1200) and failed.problems


# parsing ----------------------------------------------------------------

def test_real_rss_atom_and_json_feeds():
    rss = parse_feed((CORPUS_FEEDS / "feed2.rss").read_bytes(), {"content-type": "application/rss+xml"}, "http://h/f")
    assert rss.format == "rss20" and rss.entries[0].url == "http://www.example.com/blog/post/1"
    assert rss.entries[0].published == "2009-09-06T16:20:00+00:00" and rss.entries[0].raw["title"] == "Example entry"
    atom = parse_feed((CORPUS_FEEDS / "feed1.atom").read_bytes(), {}, "http://h/a")
    assert atom.format.startswith("atom") and atom.entries
    js = parse_feed((CORPUS_FEEDS / "feed.json").read_bytes(), {"content-type": "application/json"}, "http://h/j")
    assert js.format == "json1" and js.entries and all(e.url.startswith("https://") for e in js.entries)


def test_ill_formed_feed_is_recovered_or_refused_with_a_reason():
    illformed = sorted((CORPUS_FEEDS / "feedparser-tests" / "illformed").rglob("*.xml"))
    results = [parse_feed(p.read_bytes(), {}, "http://h/" + p.name) for p in illformed]
    assert all(r.is_usable or r.error.startswith("not a feed") for r in results)
    assert any(r.is_usable and r.defect for r in results)  # recovered with a defect
    assert parse_feed(b"<html><body>hi</body></html>", {"content-type": "text/html"}, "u").error.startswith("not a feed")
    assert parse_feed(b"", {}, "u").error.startswith("not a feed")


def test_page_decoding():
    text = "Zürich – Kraków"
    assert decode_page(text.encode("utf-8"), "text/html; charset=iso-8859-1") == (
        text, "utf-8", "declared charset iso8859-1 but the bytes are UTF-8; decoded as UTF-8")
    assert decode_page(b"<p>Zurich</p>", "text/html; charset=iso-8859-1") == ("<p>Zurich</p>", "utf-8", None)
    decoded, encoding, problem = decode_page(text.encode("cp1252", errors="replace"), "text/html; charset=utf-8")
    assert encoding == "cp1252" and "Zürich" in decoded and "not valid UTF-8" in problem
    latin = '<meta charset="iso-8859-1"><p>Zürich</p>'.encode("latin-1")
    assert decode_page(latin, "text/html")[:2] == ('<meta charset="iso-8859-1"><p>Zürich</p>', "iso8859-1")
    assert is_html(b"<!DOCTYPE html><html>", None) and not is_html(b"%PDF-1.4", "application/pdf")


# near duplicates ----------------------------------------------------------

def test_syndicated_copy_is_near_and_other_stories_are_far():
    original = body("d001.txt")
    copy = "Trump says Japan deal sets 15% tariff. " + original + " Reporting by a bureau; editing by a desk."
    fp_original, fp_copy = dedup.to_simhash(original), dedup.to_simhash(copy)
    assert dedup.hamming(fp_original, fp_copy) <= dedup.MAX_DISTANCE
    others = [dedup.to_simhash(body(p.name)) for p in sorted(ARTICLES.glob("*.txt")) if p.name != "d001.txt"]
    assert others and min(dedup.hamming(fp_original, o) for o in others) > 3 * dedup.MAX_DISTANCE
    assert dedup.find_near_duplicate(fp_copy, [("x", others[0]), ("orig", fp_original)]) == (
        "orig", dedup.hamming(fp_copy, fp_original))
    assert dedup.to_simhash("too short to judge") is None
