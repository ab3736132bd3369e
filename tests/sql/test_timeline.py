"""`timeline`: one row per live event in date order, with running columns per pair of actors."""

from tests.sql.conftest import given_events, view_rows
from tests.sql.fixtures import US_JAPAN


def test_running_columns_per_pair(con):
    given_events(con, US_JAPAN)
    rows = view_rows(con, "select event_id, event_date::varchar, pair_key, summary, pair_events_so_far,"
                          " running_cooperation_score, running_pledged_usd from timeline where pair_key = 'JPN-USA'")
    assert rows == [
        ("e9", "2025-01-01", "JPN-USA", "2025 USA -> JPN CONCEDE (announced)", 1, 4.0, 0.0),
        ("e1", "2025-07-22", "JPN-USA", "2025-07-22 JPN -> USA COOPERATE investment $550bn (pledged)", 2, 10.0, 550e9),
        ("e2", "2025-10-28", "JPN-USA", "2025-10-28 USA <-> JPN AGREE (completed)", 3, 13.0, 550e9),
        ("e3", "2025-10-28", "JPN-USA", "2025-10-28 JPN -> USA COOPERATE investment $400bn (planned)", 4, 19.0, 950e9),
        ("e5", "2025-11-05", "JPN-USA", "2025-11-05 USA -> JPN SANCTION tariff (announced)", 5, 13.0, 950e9),
        ("e8", "2025-11-06", "JPN-USA", "2025-11-06 JPN -> USA AID €5bn (pledged)", 6, 20.0, 950e9),
    ]


def test_every_live_event_once_in_date_order_with_sources(con):
    given_events(con, US_JAPAN)
    rows = view_rows(con, "select event_id, pair_key, pair_events_so_far, sources from timeline")
    assert [r[0] for r in rows] == ["e9", "e1", "e2", "e3", "e4", "e7", "e5", "e8"]  # e6 is retracted
    by_id = {r[0]: r for r in rows}
    assert by_id["e4"][1:3] == ("JPN", 1)  # a one-actor event is its own "pair"
    assert by_id["e7"][1:3] == ("CHN-USA", 1)
    assert by_id["e2"][3] == "Nikkei, Reuters"


def test_undated_event_falls_back_to_first_seen_day(con):
    given_events(con, [{"event_id": "u1", "event_date": None, "date_precision": None, "event_type": "CONSULT",
                        "actor1_code": "USA", "actor2_code": "KOR"}])
    assert view_rows(con, "select event_date::varchar, pair_key from timeline") == [("2025-11-01", "KOR-USA")]
