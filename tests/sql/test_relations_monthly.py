"""`relations_monthly`: per pair and month, counts by quad class and a cooperation index."""

from tests.sql.conftest import given_events, view_rows
from tests.sql.fixtures import US_JAPAN


def test_monthly_counts_index_and_pledges(con):
    given_events(con, US_JAPAN)
    rows = view_rows(con, "select month_start_date::varchar, num_events, num_verbal_cooperation,"
                          " num_material_cooperation, num_verbal_conflict, num_material_conflict,"
                          " cooperation_index, cooperation_score, pledged_usd, num_dated_to_year"
                          " from relations_monthly where pair_key = 'JPN-USA'")
    assert rows == [
        ("2025-01-01", 1, 1, 0, 0, 0, 1.0, 4.0, 0.0, 1),
        ("2025-07-01", 1, 0, 1, 0, 0, 1.0, 6.0, 550e9, 0),
        ("2025-10-01", 2, 1, 1, 0, 0, 1.0, 9.0, 400e9, 0),
        ("2025-11-01", 2, 0, 1, 0, 1, 0.0, 1.0, 0.0, 0),
    ]


def test_pairs_are_kept_apart_and_retracted_events_ignored(con):
    given_events(con, US_JAPAN)
    rows = view_rows(con, "select pair_key, month_start_date::varchar, num_events, cooperation_index"
                          " from relations_monthly where pair_key <> 'JPN-USA'")
    assert rows == [("CHN-USA", "2025-10-01", 1, -1.0), ("JPN", "2025-10-01", 1, -1.0)]
