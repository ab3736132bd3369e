"""Plain data passed between the feed modules: fetch requests and their results."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FetchRequest:
    url: str
    kind: str = "page"  # feed | page | robots
    etag: str | None = None
    last_modified: str | None = None
    key: str | None = None  # the caller's id for the request (a feed_id)


@dataclass
class FetchResult:
    url: str
    kind: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    content: bytes | None = None
    bytes_read: int = 0  # body bytes after decompression
    duration_s: float = 0.0
    error: str | None = None
    redirects: int = 0
    key: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    @property
    def is_refused(self) -> bool:
        return bool(self.error) and self.error.startswith("refused")
