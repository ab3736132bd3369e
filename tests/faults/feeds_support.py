"""Feed fixtures for the fault suite: RSS text, pages, a feed list, a gzip bomb."""

from __future__ import annotations

import html
import zlib
from functools import lru_cache

from tests.conftest import DEV_ARTICLES

WIRE = (DEV_ARTICLES / "d001.txt").read_text(encoding="utf-8").split("---", 2)[2].strip()
FAST_SETTINGS = {
    "connect_timeout_s": 1.0, "read_timeout_s": 0.6, "total_timeout_s": 2.0, "politeness_delay_s": 0.0,
    "per_host_concurrency": 8, "max_workers": 8,
}


def rss(items: list[dict], title: str = "Fault feed", raw_prefix: str = "") -> str:
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n{raw_prefix}<rss version="2.0"><channel><title>{title}</title>'
             "<link>http://127.0.0.1/</link><description>faults</description>"]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "guid", "pubDate", "description"):
            if item.get(key):
                value = item[key] if item.get("raw") else html.escape(item[key])
                parts.append(f"<{key}>{value}</{key}>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
            f"<article><h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>")


def summary(name: str) -> str:
    return (f"Summary of the {name} story: ministers from Japan and the United States met in Tokyo and agreed "
            "to keep talking about tariffs, investment and security cooperation in the coming months.")


def feed_list(feeds: dict[str, str], **settings: object) -> str:
    """A TOML feed list polling every feed on every run (poll_interval 0)."""
    merged = {**FAST_SETTINGS, **settings}
    lines = ["[settings]"]
    for key, value in merged.items():
        lines.append(f"{key} = {str(value).lower() if isinstance(value, bool) else value}")
    lines.append("")
    for name, url in feeds.items():
        lines += ["[[feeds]]", f'name = "{name}"', f'url = "{url}"', "poll_interval = 0", ""]
    return "\n".join(lines)


@lru_cache(maxsize=1)
def gzip_bomb(decompressed_mb: int = 256) -> bytes:
    """`decompressed_mb` MiB of zeros as a gzip stream of about 1/1000 the size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    return b"".join(compressor.compress(chunk) for _ in range(decompressed_mb)) + compressor.flush()
