"""The report's numbers, read from real DuckDB warehouses written by the real loader.

Also home of the warehouse builders the report tests share (`build_warehouse`,
`make_article`, `make_event`): rows go in through `flows.warehouse.load`, the
same path as the ingest flow, so they stay right as the schema grows.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

from flows.ids import to_article_id, to_content_hash
from flows.model import Article, ExtractedEvent
from flows.report.build import write_report
from flows.report.query import read_report_data
from flows.warehouse import connect_read_only, open_for_writing
from flows.warehouse.load import load_batch
from flows.warehouse.runs import start_run
from tests.conftest import run_cli

GENERATED_AT = datetime(2026, 1, 1, 12, 0)


def make_article(n: int, *, title: str | None = None, url: str | None = None, source: str = "Reuters",
                 published: date = date(2025, 10, 28)) -> Article:
    url = url or f"https://news.example.test/story/{n}"
    text = f"Story {n}: what was agreed, pledged and imposed."
    return Article(
        article_id=to_article_id(url), url=url, canonical_url=url, title=title or f"Story {n}", source=source,
        author=None, site_name=None, published_at=datetime.combine(published, datetime.min.time()),
        published_precision="day", language="en", is_english=True, text=text, text_source="plain",
        content_hash=to_content_hash(text), origin="seed",
    )


def make_event(event_type: str, actor1: str | None, actor2: str | None, day: date, *, sentence: str | None = None,
               amount: float | None = None, unit: str | None = None, mode: str | None = None,
               status: str = "announced") -> ExtractedEvent:
    sentence = sentence or f"{actor1} and {actor2}: {event_type.lower()} on {day}."
    return ExtractedEvent(
        event_type=event_type, actor1_code=actor1, actor1_name=actor1, actor2_code=actor2, actor2_name=actor2,
        sentence=sentence, char_start=0, char_end=len(sentence), mode=mode, event_date=day, date_precision="day",
        amount_value=amount, amount_unit=unit, status=status,
    )


def build_warehouse(path: Path, stories: list[tuple[Article, list[ExtractedEvent]]], batch: int = 200) -> Path:
    """Load the articles and their events into a warehouse at `path` and publish it."""
    with open_for_writing(path) as con:
        run_id = start_run(con, "report-test", {}, "report-test")
        for i in range(0, len(stories), batch):
            chunk = stories[i:i + batch]
            load_batch(con, run_id, [a for a, _ in chunk], {a.article_id: evs for a, evs in chunk}, "report-test")
    return path


def small_stories() -> list[tuple[Article, list[ExtractedEvent]]]:
    """Japan-US: a $550bn pledge, a summit, then tariffs; China-US: two conflicts; Japan alone: defence spending."""
    return [
        (make_article(1, source="Reuters", published=date(2025, 7, 22)), [
            make_event("AGREE", "JPN", "USA", date(2025, 7, 22), amount=550e9, unit="USD", mode="investment",
                       status="pledged", sentence="Japan will invest $550 billion in the United States."),
        ]),
        (make_article(2, source="Kyodo", published=date(2025, 10, 28)), [
            make_event("CONSULT", "USA", "JPN", date(2025, 10, 28), mode="summit"),
            make_event("MOBILIZE", "JPN", None, date(2025, 10, 28), mode="defence_spending"),
        ]),
        (make_article(3, source="Nikkei", published=date(2025, 11, 5)), [
            make_event("SANCTION", "USA", "JPN", date(2025, 11, 5), amount=15, unit="percent", mode="tariff"),
            make_event("SANCTION", "USA", "CHN", date(2025, 11, 5), mode="export_control"),
        ]),
        (make_article(4, source="Xinhua", published=date(2025, 11, 9)), [
            make_event("ACCUSE", "CHN", "USA", date(2025, 11, 9)),
        ]),
    ]


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("small") / "timeline.duckdb", small_stories())


def read(path: Path, **kwargs):
    con = connect_read_only(path)
    try:
        return read_report_data(con, warehouse=str(path), generated_at=GENERATED_AT, **kwargs)
    finally:
        con.close()


def test_pairs_counts_index_and_pledges(small_warehouse):
    data = read(small_warehouse)
    by_key = {lane.pair_key: lane for lane in data.pairs}
    assert [lane.pair_key for lane in data.pairs] == ["JPN-USA", "CHN-USA", "JPN"]  # most events first
    assert data.total_events == 6
    jpn_usa = by_key["JPN-USA"]
    assert jpn_usa.name == "Japan - United States"
    assert jpn_usa.num_events == 3
    assert jpn_usa.counts == {"material_cooperation": 0, "verbal_cooperation": 2, "verbal_conflict": 0,
                              "material_conflict": 1}
    assert jpn_usa.cooperation_index == pytest.approx((2 - 1) / 3)
    assert jpn_usa.pledged == {"USD": 550e9}
    assert [p.running_index for p in jpn_usa.points] == pytest.approx([1.0, 1.0, 1 / 3])
    assert by_key["CHN-USA"].cooperation_index == pytest.approx(-1.0)
    assert by_key["JPN"].name == "Japan (one-sided)"


def test_the_index_matches_relations_monthly(small_warehouse):
    """The report's index is relations_monthly's definition, accumulated over the months."""
    con = duckdb.connect(str(small_warehouse), read_only=True)
    try:
        coop, conflict, events = con.execute(
            "select sum(num_verbal_cooperation + num_material_cooperation),"
            " sum(num_verbal_conflict + num_material_conflict), sum(num_events)"
            " from relations_monthly where pair_key = 'JPN-USA'"
        ).fetchone()
    finally:
        con.close()
    lane = next(lane for lane in read(small_warehouse).pairs if lane.pair_key == "JPN-USA")
    assert lane.cooperation_index == pytest.approx((coop - conflict) / events)


def test_table_rows_link_each_article_with_its_sentence(small_warehouse):
    data = read(small_warehouse)
    assert [row.event_date for row in data.table] == sorted((row.event_date for row in data.table), reverse=True)
    pledge = next(row for row in data.table if row.event_type == "AGREE")
    assert pledge.actors == "Japan → United States"
    assert pledge.amount == "$550bn"
    assert [(s.source, s.url, s.sentence) for s in pledge.sources] == [
        ("Reuters", "https://news.example.test/story/1", "Japan will invest $550 billion in the United States.")
    ]


def test_since_limits_what_is_shown_not_the_running_values(small_warehouse):
    data = read(small_warehouse, since=date(2025, 11, 1))
    jpn_usa = next(lane for lane in data.pairs if lane.pair_key == "JPN-USA")
    assert jpn_usa.num_events == 1 and [p.event_date for p in jpn_usa.points] == [date(2025, 11, 5)]
    assert jpn_usa.cooperation_index == pytest.approx(1 / 3)  # the pair's whole history
    assert jpn_usa.points[0].running_index == pytest.approx(1 / 3)
    assert jpn_usa.pledged == {"USD": 550e9}
    assert data.total_events == 3
    assert {row.event_date for row in data.table} == {date(2025, 11, 5), date(2025, 11, 9)}


def test_pairs_asked_for_come_in_that_order_even_without_events(small_warehouse):
    data = read(small_warehouse, pairs=("GBR-USA", "JPN-USA"))
    assert [(lane.pair_key, lane.num_events) for lane in data.pairs] == [("GBR-USA", 0), ("JPN-USA", 3)]
    assert data.pairs[0].name == "United Kingdom - United States"
    assert data.total_events == 3 and {row.pair_key for row in data.table} == {"JPN-USA"}


def test_caps_say_what_they_left_out(small_warehouse):
    data = read(small_warehouse, lane_limit=1, table_limit=2)
    assert [lane.pair_key for lane in data.lanes] == ["JPN-USA"]
    assert data.lanes_omitted == 2 and data.events_omitted == 3
    assert len(data.table) == 2 and data.total_events == 6
    assert all(not lane.points for lane in data.pairs[1:])  # only drawn lanes carry points


def test_pledged_totals_fall_back_to_the_timeline_without_the_pledges_view(small_warehouse, tmp_path):
    older = tmp_path / "older.duckdb"
    shutil.copyfile(small_warehouse, older)
    con = duckdb.connect(str(older))
    con.execute("drop view pledges")
    con.close()
    jpn_usa = next(lane for lane in read(older).pairs if lane.pair_key == "JPN-USA")
    assert jpn_usa.pledged == {"USD": 550e9}


def test_report_cli_writes_the_file_and_names_fixes(small_warehouse, tmp_path):
    out = tmp_path / "out" / "report.html"
    done = run_cli("report", "--warehouse", str(small_warehouse), "--pair", "usa-jpn", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "3 events" in done.stdout and out.is_file()
    html = out.read_text(encoding="utf-8")
    assert 'data-pair="JPN-USA" data-events="3"' in html and "CHN-USA" not in html

    bad_pair = run_cli("report", "--warehouse", str(small_warehouse), "--pair", "USA-JPN-CHN", "--out", str(out))
    assert bad_pair.returncode == 2 and "--pair like USA-JPN" in bad_pair.stderr
    missing = run_cli("report", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(out))
    assert missing.returncode == 2 and "alliance-timeline ingest" in missing.stderr
    no_out = run_cli("report", "--warehouse", str(small_warehouse))
    assert no_out.returncode == 2 and "--out" in no_out.stderr


def test_write_report_replaces_the_file_whole(small_warehouse, tmp_path):
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    data = write_report(small_warehouse, out, generated_at=GENERATED_AT)
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert data.total_events == 6
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left behind
