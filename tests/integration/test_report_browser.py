"""The report in a real browser: Debian's chromium, headless, driven by Playwright.

Warehouses: the real ingest (CLI, subprocess) of the seeds and the
development articles; one with hostile text in every field an article
controls; one with 10,000 events; one with a single event. Each report is
made by the real `alliance-timeline report` command and opened from disk.
Screenshots go to test-artifacts/ (gitignored) for people to look at.

Without chromium these tests fail (they do not skip): install it with
`apt-get install -y chromium` (.ci/run does this in CI).
"""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.conftest import DEV_ARTICLES, REPO_ROOT, SEEDS_DIR, run_cli
from tests.integration.test_report_query import build_warehouse, make_article, make_event

ARTIFACTS = REPO_ROOT / "test-artifacts"
EVIL = "<script>alert(1)</script>"
BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def find_chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        "chromium is not installed, so the report cannot be checked in a browser: install Debian's package "
        "with `apt-get update && apt-get install -y chromium` (or set CHROMIUM=/path/to/chromium); "
        ".ci/run installs it in CI", pytrace=False,
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One headless chromium for the module, with a fresh profile directory."""
    executable = find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright: `.venv/bin/pip install -e '.[test]'`", pytrace=False)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable, headless=True,
            args=BROWSER_ARGS, viewport={"width": 1200, "height": 900}, offline=True,
        )
        try:
            yield context
        finally:
            context.close()


class Opened:
    """A report open in a page, with everything the page complained about."""

    def __init__(self, context, path: Path):
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri(), wait_until="load")

    def text(self, selector: str = "body") -> str:
        return self.page.inner_text(selector)

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def pairs(self) -> dict[str, int]:
        """The pair table as the browser shows it: pair key -> the number in its events cell."""
        rows = self.page.locator("#pairs tbody tr")
        return {
            rows.nth(i).get_attribute("data-pair"): int(rows.nth(i).locator("td.events").inner_text().replace(",", ""))
            for i in range(rows.count())
        }

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def assert_clean(self, report: Path) -> None:
        assert self.problems == [], self.problems
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"
        assert self.requests == [report.as_uri()], f"the report fetched more than itself: {self.requests}"
        assert self.count("script") == 0


def make_report(warehouse: Path, out: Path, *args: str) -> Path:
    done = run_cli("report", "--warehouse", str(warehouse), "--out", str(out), *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def sql(warehouse: Path, query: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory) -> Path:
    """The real ingest, in a subprocess, of seeds/articles and the development articles."""
    root = tmp_path_factory.mktemp("seed-report")
    inputs = root / "articles"
    inputs.mkdir()
    for source in (SEEDS_DIR, DEV_ARTICLES):
        for path in source.iterdir():
            if path.is_file():
                shutil.copyfile(path, inputs / f"{source.name}-{path.name}")
    warehouse = root / "timeline.duckdb"
    done = run_cli("ingest", "--seeds", str(inputs), "--no-feeds", "--warehouse", str(warehouse))
    assert done.returncode in (0, 3), done.stdout + done.stderr
    return warehouse


def test_seed_report_shows_every_pair_and_event(browser, seed_warehouse, tmp_path):
    report = make_report(seed_warehouse, tmp_path / "report.html", "--lane-limit", "100")
    expected = dict(sql(seed_warehouse, "select coalesce(pair_key, ''), count(*) from timeline group by 1"))
    total = sum(expected.values())
    assert total > 0, "the ingest found no events in the seeds and development articles"
    opened = Opened(browser, report)
    opened.screenshot("report-seed.png")
    opened.screenshot("report-seed-full.png", full_page=True)
    opened.assert_clean(report)

    assert opened.pairs() == expected
    assert int(opened.text("#total-events").replace(",", "")) == total
    assert "Japan - United States" in opened.text("#pairs")  # names in full
    for key, count in expected.items():  # every event drawn: a mark, or counted as earlier than the axis
        section = opened.page.locator(f'section.pair[data-pair="{key}"]')
        marks = section.locator("circle.ev").count()
        earlier = section.locator("text.earlier")
        before = int(earlier.text_content().split()[1]) if earlier.count() else 0
        assert marks + before == count, key
    assert opened.count("#developments tbody tr") == min(total, 200)

    urls = {row[0] for row in sql(seed_warehouse, "select url from articles")}
    hrefs = opened.page.eval_on_selector_all("#developments a[href]", "links => links.map(a => a.href)")
    assert hrefs and set(hrefs) <= urls

    event_id, sentence = sql(seed_warehouse, "select event_id, sentence from event_mentions order by event_id limit 1")[0]
    row = opened.page.locator(f'#developments tr[data-event-id="{event_id}"]')
    assert not row.locator("blockquote").first.is_visible()
    row.locator("details summary").click()
    assert sentence in row.locator("details").inner_text()
    opened.page.close()


def test_one_pair_since_a_date(browser, seed_warehouse, tmp_path):
    since = sql(seed_warehouse, "select min(event_date) from timeline where pair_key = 'JPN-USA'")[0][0]
    since = since + timedelta(days=1)
    report = make_report(seed_warehouse, tmp_path / "one.html", "--pair", "USA-JPN", "--since", since.isoformat())
    (count,) = sql(seed_warehouse, "select count(*) from timeline where pair_key = 'JPN-USA' and event_date >= ?",
                   [since])[0]
    opened = Opened(browser, report)
    opened.assert_clean(report)
    assert opened.pairs() == {"JPN-USA": count}
    assert opened.count("section.pair") == 1
    assert f"events since {since.isoformat()}" in opened.text("header")
    opened.page.close()


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory) -> Path:
    """Hostile text in every field an article or a feed controls."""
    day = date(2025, 10, 28)
    stories = [
        (make_article(1, title=EVIL, source="<img src=x onerror=alert(2)>", url="javascript:alert(3)"), [
            make_event("AGREE", "JPN", "USA", day, sentence=f"</blockquote>{EVIL}", amount=1e9, unit="USD"),
        ]),
        (make_article(2, title=f'"><svg onload=alert(4)>{EVIL}', source=EVIL), [
            make_event("SANCTION", "USA", '"><b>X', day, sentence=f"<iframe src=https://evil.test/>{EVIL}"),
        ]),
    ]
    warehouse = build_warehouse(tmp_path_factory.mktemp("hostile") / "timeline.duckdb", stories)
    con = duckdb.connect(str(warehouse))  # the published snapshot; summaries are the warehouse's own text
    try:
        con.execute("update events set summary = ?", [f"{EVIL} & <b>bold</b>"])
    finally:
        con.close()
    return warehouse


def test_hostile_text_is_shown_as_text(browser, hostile_warehouse, tmp_path):
    report = make_report(hostile_warehouse, tmp_path / "hostile.html")
    opened = Opened(browser, report)
    for details in opened.page.locator("#developments details summary").all():
        details.click()
    opened.screenshot("report-hostile.png", full_page=True)
    opened.assert_clean(report)  # no alert, no console error, no request, no script element
    assert opened.count("img, iframe, svg b, #developments b, #developments svg") == 0
    text = opened.text("#developments")
    assert EVIL in text  # the literal text is what a reader sees
    assert f"{EVIL} & <b>bold</b>" in text
    assert "javascript:alert(3)" in text  # not a link, but still shown
    hrefs = opened.page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert all(h.startswith(("http://", "https://", "#")) for h in hrefs), hrefs
    titles = opened.page.eval_on_selector_all("#developments [title]", "els => els.map(e => e.title)")
    assert EVIL in titles  # the article title, on hover
    opened.page.close()


@pytest.fixture(scope="module")
def big_warehouse(tmp_path_factory) -> Path:
    """10,000 distinct events: 9 pairs x 8 types, one every 4 days per (pair, type), 20 per article."""
    pairs = [("USA", "JPN"), ("USA", "CHN"), ("EU", "USA"), ("USA", "KOR"), ("CHN", "JPN"), ("GBR", "USA"),
             ("IND", "USA"), ("AUS", "CHN"), ("USA", None)]
    types = ["AGREE", "CONSULT", "COOPERATE", "AID", "ACCUSE", "THREATEN", "SANCTION", "MOBILIZE"]
    start = date(2023, 1, 1)
    stories = []
    for i in range(10_000):
        if i % 20 == 0:
            stories.append((make_article(i // 20, published=start + timedelta(days=i // 20)), []))
        pair_i, type_i = divmod(i % (len(pairs) * len(types)), len(types))
        (actor1, actor2), event_type = pairs[pair_i], types[type_i]
        amount = float(1 + i % 97) * 1e9 if event_type in ("AGREE", "COOPERATE") and i % 3 == 0 else None
        stories[-1][1].append(make_event(
            event_type, actor1, actor2, start + timedelta(days=4 * (i // (len(pairs) * len(types)))),
            amount=amount, unit="USD" if amount else None, sentence=f"Event {i}.",
        ))
    return build_warehouse(tmp_path_factory.mktemp("big") / "timeline.duckdb", stories, batch=100)


def test_ten_thousand_events_render(browser, big_warehouse, tmp_path):
    expected = dict(sql(big_warehouse, "select pair_key, count(*) from timeline group by 1"))
    assert sum(expected.values()) == 10_000
    report = make_report(big_warehouse, tmp_path / "big.html")
    assert report.stat().st_size < 3_000_000
    opened = Opened(browser, report)
    opened.screenshot("report-10000.png")
    opened.assert_clean(report)
    assert opened.pairs() == expected
    assert opened.count("#developments tbody tr") == 200
    assert "Showing the latest 200 of 10,000 events" in opened.text("#table-cap")
    assert opened.count("circle.ev") <= 9 * 4 * 140  # aggregated, not 10,000 marks
    counted = opened.page.eval_on_selector_all(
        "circle.ev.bin title", "ts => ts.reduce((n, t) => n + parseInt(t.textContent), 0)")
    assert counted == 10_000
    opened.page.close()


def test_a_single_event_renders(browser, tmp_path):
    warehouse = build_warehouse(tmp_path / "one.duckdb", [
        (make_article(1), [make_event("AGREE", "USA", "JPN", date(2025, 10, 28), amount=550e9, unit="USD")]),
    ])
    report = make_report(warehouse, tmp_path / "one.html")
    opened = Opened(browser, report)
    opened.screenshot("report-single.png")
    opened.assert_clean(report)
    assert opened.pairs() == {"JPN-USA": 1}
    assert opened.count("circle.ev") == 1
    box = opened.page.locator("circle.ev").bounding_box()
    lane = opened.page.locator("svg.lane").bounding_box()
    assert lane["x"] + 0.3 * lane["width"] < box["x"] < lane["x"] + lane["width"] * 0.9  # not at an edge
    assert opened.count("svg.lane text.tick") >= 2  # dated axis
    opened.page.close()
