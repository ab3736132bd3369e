"""The pure parts of the report: names, links, escaping, the time axis, thinning."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from flows.report.lanes import BIN_PX, MAX_MARKS, PLOT_WIDTH, TimeAxis, to_lane_svg
from flows.report.model import QUAD_CLASSES, LanePoint, PairLane, ReportData, SourceLink, TableRow
from flows.report.names import FALLBACK_NAMES, read_actor_names, to_pair_key, to_pair_name
from flows.report.render import safe_href, to_html, to_pledged_text

EVIL = "<script>alert(1)</script>"


@pytest.mark.parametrize("url, expected", [
    ("https://example.test/a?b=1&c=2", "https://example.test/a?b=1&c=2"),
    ("http://example.test/", "http://example.test/"),
    ("  HTTPS://example.test/x  ", "HTTPS://example.test/x"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("file:///etc/passwd", None),
    ("//example.test/no-scheme", None),
    ("https://", None),
    ("http://[::1", None),  # malformed
    ("", None),
    (None, None),
])
def test_only_http_urls_become_links(url, expected):
    assert safe_href(url) == expected


@pytest.mark.parametrize("text, key", [
    ("USA-JPN", "JPN-USA"), ("jpn_usa", "JPN-USA"), ("EU USA", "EU-USA"), ("usa", "USA"), (" CHN - USA ", "CHN-USA"),
])
def test_pairs_as_users_write_them(text, key):
    assert to_pair_key(text) == key


@pytest.mark.parametrize("text", ["", "-", "USA-JPN-CHN"])
def test_bad_pairs_are_refused(text):
    with pytest.raises(ValueError):
        to_pair_key(text)


def test_pair_names_in_full_with_or_without_the_gazetteer(tmp_path):
    assert to_pair_name("JPN-USA") == "Japan - United States"
    assert to_pair_name("EU-USA") == "European Union - United States"
    assert to_pair_name("USA") == "United States (one-sided)"
    assert to_pair_name("") == "Actors not identified"
    assert to_pair_name("USA-XXQ") == "United States - XXQ"  # unknown codes stay readable
    assert read_actor_names(tmp_path / "missing") == FALLBACK_NAMES
    (tmp_path / "countries.csv").write_text("iso3,name,aliases\nJPN,Nippon,\nXXQ,Qland,\n", encoding="utf-8")
    names = read_actor_names(tmp_path)
    assert to_pair_name("JPN-XXQ", names) == "Nippon - Qland" and names["USA"] == "United States"


def test_pledged_totals_read_dollars_first():
    assert to_pledged_text({"EUR": 20e9, "USD": 550e9}) == "$550bn + €20bn"
    assert to_pledged_text({}) == "–"


def point(day: date, quad: str = "verbal_cooperation", amount: float | None = None, index: float = 0.5,
          label: str = "x") -> LanePoint:
    return LanePoint(event_date=day, quad_class=quad, event_type="AGREE", amount_usd=amount, running_index=index,
                     label=label)


def lane(points: list[LanePoint], key: str = "JPN-USA", name: str = "Japan - United States") -> PairLane:
    counts = {q: sum(p.quad_class == q for p in points) for q in QUAD_CLASSES}
    return PairLane(pair_key=key, name=name, num_events=len(points), counts=counts, pledged={},
                    cooperation_score=0.0, cooperation_index=points[-1].running_index if points else 0.0,
                    first_date=points[0].event_date if points else None,
                    last_date=points[-1].event_date if points else None, points=points)


def report(lanes: list[PairLane], table: list[TableRow] = ()) -> ReportData:
    total = sum(lane.num_events for lane in lanes)
    return ReportData(warehouse="w.duckdb", generated_at=datetime(2026, 1, 1), since=None, pairs_requested=(),
                      total_events=total, pairs=lanes, lanes=lanes, pairs_omitted=0, lanes_omitted=0,
                      events_omitted=0, table=list(table), table_limit=200)


@pytest.mark.parametrize("start, end", [
    (date(2025, 10, 28), date(2025, 10, 28)),
    (date(2025, 10, 1), date(2025, 10, 20)),
    (date(2024, 1, 1), date(2025, 12, 31)),
    (date(1990, 1, 1), date(2026, 1, 1)),
])
def test_axis_has_a_few_labelled_ticks_inside_it(start, end):
    axis = TimeAxis.spanning([start, end], fallback=end)
    ticks = axis.ticks()
    assert 2 <= len(ticks) <= 8
    assert all(axis.start <= day <= axis.end for day, _ in ticks)
    assert [day for day, _ in ticks] == sorted(day for day, _ in ticks)
    assert all(label for _, label in ticks)
    assert axis.x(start) >= axis.x(axis.start) and axis.x(end) <= axis.x(axis.end)


def test_a_few_old_events_do_not_squash_the_axis():
    days = [date(2019, 1, 1)] + [date(2025, 1, 1) + timedelta(days=i) for i in range(30)]
    axis = TimeAxis.spanning(days, fallback=date(2026, 1, 1))
    assert axis.start > date(2024, 12, 1)
    svg = to_lane_svg(lane([point(d) for d in days]), axis, 0.0)
    assert "1 earlier event (from 2019-01-01)" in svg
    assert svg.count("<circle") == 30


def count_marks(html: str) -> int:
    return len(re.findall(r"<circle class=\"ev", html))


def test_one_event_draws_one_mark_in_the_middle():
    day = date(2025, 10, 28)
    html = to_html(report([lane([point(day, amount=550e9)])]))
    assert count_marks(html) == 1
    axis = TimeAxis.spanning([day], fallback=day)
    assert axis.start < day < axis.end
    assert "largest $550bn" in html


def test_ten_thousand_events_draw_as_a_few_hundred_marks():
    start = date(2020, 1, 1)
    points = [point(start + timedelta(days=i // 5), QUAD_CLASSES[i % 4], index=((i % 7) - 3) / 3) for i in range(10_000)]
    html = to_html(report([lane(points)]))
    marks = count_marks(html)
    assert 0 < marks <= (PLOT_WIDTH // BIN_PX + 1) * len(QUAD_CLASSES)
    assert len(points) > MAX_MARKS
    titles = [int(n) for n in re.findall(r"<title>(\d+) [a-z ]+ events, ", html)]
    assert sum(titles) == 10_000  # every event is in exactly one aggregated mark
    path = re.search(r'<path class="index" d="([^"]+)"', html).group(1)
    assert path.count("H") <= PLOT_WIDTH // BIN_PX + 2  # the line is thinned too


def test_no_events_says_so():
    html = to_html(report([]))
    assert 'id="no-events"' in html and count_marks(html) == 0


def test_article_text_is_escaped_everywhere():
    row = TableRow(
        event_id='e"1', event_date=date(2025, 10, 28), date_precision="day", pair_key="JPN-USA",
        actors=f"Japan → {EVIL}", event_type="AGREE", mode="<b>deal</b>", quad_class="verbal_cooperation",
        summary=f"summary {EVIL}", amount="$1bn", status="pledged", evidence=f"evidence {EVIL}",
        sources=(
            SourceLink(source=f"<img src=x onerror=alert(2)>", url="javascript:alert(3)", title=EVIL,
                       sentence=f"sentence {EVIL}"),
            SourceLink(source="Reuters", url='https://example.test/a"onmouseover="alert(4)', title=f'{EVIL}"',
                       sentence=None),
        ),
    )
    evil_lane = lane([point(date(2025, 10, 28), label=f"label {EVIL}")], key='JPN-"USA', name=f"name {EVIL}")
    html = to_html(report([evil_lane], [row]))
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<b>" not in html
    assert 'href="javascript' not in html.lower()
    assert "javascript:alert(3)" in html  # shown, as text
    assert 'href="https://example.test/a&quot;onmouseover=&quot;alert(4)"' in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 6
    assert 'data-pair="JPN-&quot;USA"' in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
