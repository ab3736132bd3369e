"""`developments`: storylines per pair of actors and topic."""

from datetime import datetime

from tests.sql.conftest import given_events, view_rows
from tests.sql.fixtures import US_JAPAN


def test_storylines_per_pair_and_topic(con):
    given_events(con, US_JAPAN)
    rows = view_rows(con, "select pair_key, topic, first_event_date::varchar, latest_event_date::varchar,"
                          " num_events, latest_status, latest_summary, pledged_usd from developments")
    assert rows == [
        ("JPN-USA", "defence", "2025-11-06", "2025-11-06", 1, "pledged", "2025-11-06 JPN -> USA AID €5bn (pledged)", 0.0),
        ("JPN-USA", "tariff", "2025-11-05", "2025-11-05", 1, "announced",
         "2025-11-05 USA -> JPN SANCTION tariff (announced)", 0.0),
        ("CHN-USA", "rare_earths", "2025-10-30", "2025-10-30", 1, "announced",
         "2025-10-30 CHN -> USA SANCTION export controls (announced)", 0.0),
        ("JPN", "mobilize", "2025-10-28", "2025-10-28", 1, "pledged", "2025-10-28 JPN MOBILIZE 2% of GDP (pledged)", 0.0),
        ("JPN-USA", "investment", "2025-07-22", "2025-10-28", 2, "planned",
         "2025-10-28 JPN -> USA COOPERATE investment $400bn (planned)", 950e9),
        ("JPN-USA", "rare_earths", "2025-10-28", "2025-10-28", 1, "completed",
         "2025-10-28 USA <-> JPN AGREE (completed)", 0.0),
        ("JPN-USA", "tariffs", "2025-01-01", "2025-01-01", 1, "announced", "2025 USA -> JPN CONCEDE (announced)", 0.0),
    ]


def test_latest_update_and_first_seen(con):
    given_events(con, [
        {"event_id": "a", "event_date": "2025-10-01", "event_type": "AGREE", "actor1_code": "USA",
         "actor2_code": "JPN", "topics": ["rare_earths"], "status": "proposed", "summary": "first",
         "first_seen_at": datetime(2025, 10, 1, 8), "last_seen_at": datetime(2025, 10, 2, 8),
         "updated_at": datetime(2025, 10, 2, 8)},
        {"event_id": "b", "event_date": "2025-10-28", "event_type": "AGREE", "actor1_code": "JPN",
         "actor2_code": "USA", "topics": ["rare_earths", "critical_minerals"], "status": "completed",
         "summary": "signed", "first_seen_at": datetime(2025, 10, 28, 8), "last_seen_at": datetime(2025, 10, 29, 8),
         "updated_at": datetime(2025, 10, 30, 8)},
    ])
    rows = view_rows(con, "select topic, first_seen_at, last_updated_at, num_events, latest_status, latest_summary,"
                          " latest_event_id from developments where topic = 'rare_earths'")
    assert rows == [("rare_earths", datetime(2025, 10, 1, 8), datetime(2025, 10, 30, 8), 2, "completed", "signed", "b")]
