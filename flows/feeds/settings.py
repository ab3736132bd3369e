"""Fetch settings: timeouts, limits, politeness, safety. Passed explicitly.

Built from the `[settings]` table of the feed list and the environment
(`ALLIANCE_TIMELINE_ALLOW_HOSTS=127.0.0.1,localhost` adds hosts to the
allow-list). Pure: the caller passes the environment mapping in.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Mapping

from flows import __version__

ALLOW_HOSTS_ENV = "ALLIANCE_TIMELINE_ALLOW_HOSTS"
USER_AGENT = f"alliance-timeline/{__version__} (news timeline feed reader; polite, honours robots.txt)"


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 10.0  # longest silence between two reads
    total_timeout_s: float = 30.0  # whole request, redirects and body included
    max_bytes: int = 10 * 1024 * 1024  # decompressed body; larger bodies are cut and refused
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    allow_hosts: frozenset[str] = frozenset()  # hosts fetched even if they resolve to private addresses
    respect_robots: bool = True
    per_host_concurrency: int = 2
    politeness_delay_s: float = 1.0  # between two requests to one host
    max_workers: int = 8  # concurrent requests across hosts
    fetch_pages: bool = True  # False: articles from the entries' own content only
    max_entries_per_feed: int = 200  # newest first; protects against runaway feeds


_KNOWN = {f.name: f.type for f in fields(FetchSettings)}


def to_fetch_settings(table: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None,
                      base: FetchSettings | None = None) -> tuple[FetchSettings, list[str]]:
    """Settings from a `[settings]` table and the environment. Returns (settings, problems)."""
    settings = base or FetchSettings()
    problems: list[str] = []
    changes: dict[str, object] = {}
    for key, value in (table or {}).items():
        if key not in _KNOWN:
            problems.append(f"unknown setting {key!r} ignored (known: {', '.join(sorted(_KNOWN))})")
            continue
        current = getattr(settings, key)
        if key == "allow_hosts":
            hosts = value.split(",") if isinstance(value, str) else value
            if not isinstance(hosts, (list, tuple)):
                problems.append("allow_hosts must be a list of host names; ignored")
                continue
            changes[key] = frozenset(str(h).strip().lower() for h in hosts if str(h).strip())
        elif isinstance(current, bool):
            if not isinstance(value, bool):
                problems.append(f"setting {key} must be true or false; ignored")
                continue
            changes[key] = value
        elif isinstance(current, (int, float)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                problems.append(f"setting {key} must be a number >= 0; ignored")
                continue
            changes[key] = type(current)(value)
        else:
            changes[key] = str(value)
    settings = replace(settings, **changes)
    env_hosts = (environ or {}).get(ALLOW_HOSTS_ENV, "")
    if env_hosts.strip():
        extra = {h.strip().lower() for h in env_hosts.split(",") if h.strip()}
        settings = replace(settings, allow_hosts=settings.allow_hosts | extra)
    return settings, problems
