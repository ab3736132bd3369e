"""A small dated archive for the backfill and re-extraction tests (articles written for the tests)."""

from __future__ import annotations

import json

ARTICLE = """---
title: {title}
url: https://example.test/archive/{slug}
source: {source}
published: {day}
---
{body}
"""
DAY1, DAY2, DAY3 = "2025-10-27", "2025-10-28", "2025-10-29"


def write(folder, slug, day, body, source="Harbour Wire", title="Untitled"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.txt").write_text(
        ARTICLE.format(title=title, slug=slug, source=source, day=day, body=body), encoding="utf-8")


def build_archive(root):
    """Three days of archived articles (two in files on day 2), a dump for day 3, noise outside the window."""
    write(root / DAY1, "kuala-lumpur", DAY1,
          "KUALA LUMPUR, Oct 27 (Harbour Wire) - Japan and the United States signed a framework on rare earth "
          "supplies on Monday. Officials in Japan warned the United States that shipping delays could slow it.")
    write(root / DAY2, "a-tokyo", DAY2,
          "TOKYO, Oct 28 (Harbour Wire) - Japan pledged to invest $550 billion in the United States, the two "
          "governments said. Japan and the United States signed a shipbuilding memorandum in Tokyo.")
    write(root / DAY2, "b-yokosuka", DAY2,
          "YOKOSUKA, Oct 28 (Bay Courier) - Australia and Japan signed a deal on frigate maintenance at the "
          "naval base.", source="Bay Courier")
    write(root / "2025-11-02", "later", "2025-11-02",
          "Japan and the Philippines signed a port access accord.")
    (root / "dumps").mkdir()
    (root / "dumps" / "wire.jsonl").write_text("\n".join([
        json.dumps({"url": "https://example.test/archive/gyeongju", "title": "Swap line",
                    "source": "Harbour Wire", "published": DAY3,
                    "text": "GYEONGJU, Oct 29 - South Korea and the United States signed a currency swap line."}),
        "{this line is broken",
        json.dumps({"url": "https://example.test/archive/manila", "published": "2025-11-05",
                    "text": "The Philippines and Japan signed a visiting forces pact."}),
    ]) + "\n", encoding="utf-8")
    return root
