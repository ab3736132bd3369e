"""`alliance-timeline feeds add/list`, through the real console script."""

from __future__ import annotations

from flows.feeds.list import read_feed_list
from tests.conftest import run_cli


def test_feeds_add_then_list(tmp_path):
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("# my feeds\n", encoding="utf-8")
    added = run_cli("feeds", "add", "https://news.example.org/world/rss.xml", "--name", "Example World",
                    "--tag", "trade", "--tag", "asia", "--interval", "600", "--file", str(feeds))
    assert added.returncode == 0, added.stderr
    again = run_cli("feeds", "add", "https://news.example.org/world/rss.xml", "--file", str(feeds))
    assert again.returncode == 0 and "already in" in again.stdout
    spec, = read_feed_list(feeds).feeds
    assert (spec.name, spec.tags, spec.poll_interval_s) == ("Example World", ("trade", "asia"), 600)
    assert feeds.read_text(encoding="utf-8").startswith("# my feeds\n")  # comments kept
    listed = run_cli("feeds", "list", "--file", str(feeds), "--warehouse", str(tmp_path / "none.duckdb"),
                     env={"COLUMNS": "250"})
    assert listed.returncode == 0 and "Example World" in listed.stdout and "never polled" in listed.stdout


def test_feeds_add_refuses_non_http_and_list_names_the_fix(tmp_path):
    bad = run_cli("feeds", "add", "ftp://files.example.org/feed", "--file", str(tmp_path / "f.toml"))
    assert bad.returncode == 2 and "only http and https" in bad.stderr
    missing = run_cli("feeds", "list", "--file", str(tmp_path / "absent.toml"))
    assert missing.returncode == 2 and "feeds add URL" in missing.stderr
    plain = tmp_path / "urls.txt"
    assert run_cli("feeds", "add", "https://a.example/rss", "--file", str(plain)).returncode == 0
    assert plain.read_text(encoding="utf-8") == "https://a.example/rss\n"
