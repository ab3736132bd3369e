"""Per-feed polling arithmetic: what a poll's outcome was, when to poll next.

Pure: callers pass `now` in; nothing here reads the clock, the network or the
warehouse.

- ok: new content (parsed, entries processed);
- unchanged: 304 Not Modified, or a 200 whose body hash equals the last one
  (servers that send a new ETag for the same bytes);
- failed: no usable answer (network error, 4xx/5xx, refused, not a feed).

After a success the next poll is `poll_interval` later. After the n-th
consecutive failure it is `max(poll_interval, BACKOFF_BASE_S) * 2**(n-1)`,
capped at `BACKOFF_MAX_S`; a `Retry-After` later than that wins (capped at
`RETRY_AFTER_MAX_S`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

BACKOFF_BASE_S = 60
BACKOFF_MAX_S = 24 * 3600
RETRY_AFTER_MAX_S = 7 * 24 * 3600


@dataclass(frozen=True)
class PollState:
    """What the warehouse remembers about a feed between polls."""

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    consecutive_failures: int = 0
    next_poll_at: datetime | None = None  # UTC, naive


def is_due(state: PollState, now: datetime) -> bool:
    return state.next_poll_at is None or state.next_poll_at <= now


def parse_retry_after(value: str | None, now: datetime) -> int | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return min(int(value), RETRY_AFTER_MAX_S)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    reference = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    seconds = int((when - reference).total_seconds())
    return max(0, min(seconds, RETRY_AFTER_MAX_S))


def backoff_seconds(poll_interval_s: int, consecutive_failures: int) -> int:
    """Wait after `consecutive_failures` failures in a row (>= 1)."""
    base = max(poll_interval_s, BACKOFF_BASE_S)
    exponent = max(0, consecutive_failures - 1)
    if exponent > 30:
        return BACKOFF_MAX_S
    return min(base * 2 ** exponent, BACKOFF_MAX_S)


def next_poll_at(now: datetime, poll_interval_s: int, outcome: str, consecutive_failures: int,
                 retry_after_s: int | None = None) -> datetime:
    """When to poll again after a poll with `outcome` (`consecutive_failures` counts this one)."""
    if outcome == "failed":
        wait = backoff_seconds(poll_interval_s, consecutive_failures)
    else:
        wait = poll_interval_s
    if retry_after_s is not None:
        wait = max(wait, retry_after_s)
    return now + timedelta(seconds=wait)


def to_outcome(status: int | None, error: str | None, body_hash: str | None, previous_hash: str | None) -> str:
    """ok | unchanged | failed for one feed fetch."""
    if error or status is None:
        return "failed"
    if status == 304:
        return "unchanged"
    if 200 <= status < 300:
        return "unchanged" if body_hash is not None and body_hash == previous_hash else "ok"
    return "failed"
