"""The feed list: which feeds to poll, and the fetch settings that go with it.

Two formats:

- TOML (`seeds/feeds.toml`): `[[feeds]]` tables with `url` and optional
  `name`, `tags`, `poll_interval` (seconds), plus an optional `[settings]`
  table (see `FetchSettings` in `flows.feeds.http` for the keys);
- plain text: one URL per line, `#` starts a comment.

Pure apart from reading the file it is given.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flows.ids import stable_hash

DEFAULT_POLL_INTERVAL_S = 15 * 60
MIN_POLL_INTERVAL_S = 0  # 0: poll on every run (tests, hand-run backfills)


class FeedListError(ValueError):
    """The feed list cannot be used; the message says where and why."""


@dataclass(frozen=True)
class FeedSpec:
    url: str
    name: str | None = None
    tags: tuple[str, ...] = ()
    poll_interval_s: int = DEFAULT_POLL_INTERVAL_S

    @property
    def feed_id(self) -> str:
        return to_feed_id(self.url)


@dataclass
class FeedList:
    feeds: list[FeedSpec]
    settings: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # entries skipped, and why


def to_feed_id(url: str) -> str:
    return stable_hash("feed", url.strip())


def check_feed_url(url: str) -> str | None:
    """Why `url` cannot be a feed URL, or None when it can."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return f"only http and https feeds are supported, not {parts.scheme or 'a URL without a scheme'!r}"
    if not parts.hostname:
        return "the URL has no host"
    return None


def parse_feed_list(text: str, is_toml: bool, origin: str = "feed list") -> FeedList:
    """Parse a feed list. Bad entries are skipped with a problem; a broken TOML file raises."""
    if not is_toml:
        return _parse_plain(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FeedListError(f"{origin} is not valid TOML: {exc}") from None
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise FeedListError(f"{origin}: [settings] must be a table")
    feeds: list[FeedSpec] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, item in enumerate(data.get("feeds", []), start=1):
        where = f"{origin} feed #{index}"
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            problems.append(f"{where}: needs a url = \"https://...\" line; skipped")
            continue
        url = item["url"].strip()
        why = check_feed_url(url)
        if why:
            problems.append(f"{where} ({url}): {why}; skipped")
            continue
        if url in seen:
            problems.append(f"{where} ({url}): listed twice; the first entry is used")
            continue
        interval = item.get("poll_interval", DEFAULT_POLL_INTERVAL_S)
        if not isinstance(interval, int) or interval < MIN_POLL_INTERVAL_S:
            problems.append(f"{where}: poll_interval must be a whole number of seconds >= 0; using the default")
            interval = DEFAULT_POLL_INTERVAL_S
        tags = item.get("tags", [])
        if isinstance(tags, str):
            tags = [tags]
        seen.add(url)
        feeds.append(FeedSpec(url=url, name=item.get("name") or None,
                              tags=tuple(str(t) for t in tags), poll_interval_s=interval))
    return FeedList(feeds=feeds, settings=dict(settings), problems=problems)


def _parse_plain(text: str) -> FeedList:
    feeds, problems, seen = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url = line.split()[0]  # anything after the URL (a comment) is ignored
        why = check_feed_url(url)
        if why:
            problems.append(f"line {number} ({url[:80]}): {why}; skipped")
            continue
        if url not in seen:
            seen.add(url)
            feeds.append(FeedSpec(url=url))
    return FeedList(feeds=feeds, problems=problems)


def read_feed_list(path: Path) -> FeedList:
    """Read a `.toml` feed list or a plain list of URLs."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedListError(f"cannot read feed list {path}: {exc}") from None
    return parse_feed_list(text, is_toml=Path(path).suffix.lower() == ".toml", origin=str(path))


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_toml_entry(spec: FeedSpec) -> str:
    """A `[[feeds]]` block for `spec` (appended to a TOML list by `feeds add`)."""
    lines = ["", "[[feeds]]"]
    if spec.name:
        lines.append(f"name = {_toml_string(spec.name)}")
    lines.append(f"url = {_toml_string(spec.url)}")
    if spec.tags:
        lines.append("tags = [" + ", ".join(_toml_string(t) for t in spec.tags) + "]")
    if spec.poll_interval_s != DEFAULT_POLL_INTERVAL_S:
        lines.append(f"poll_interval = {spec.poll_interval_s}")
    return "\n".join(lines) + "\n"
