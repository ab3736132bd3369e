"""`pledges`: investment and purchase pledges with running totals per pair and currency."""

from tests.sql.conftest import given_events, view_rows
from tests.sql.fixtures import US_JAPAN


def test_pledges_and_running_totals(con):
    given_events(con, US_JAPAN)
    rows = view_rows(con, "select event_id, pledger_code, recipient_code, pledge_kind, amount_value, amount_unit,"
                          " status, pair_pledges_so_far, running_total, pair_total from pledges")
    assert rows == [
        ("e8", "JPN", "USA", "aid", 5e9, "EUR", "pledged", 1, 5e9, 5e9),
        ("e1", "JPN", "USA", "investment", 550e9, "USD", "pledged", 1, 550e9, 950e9),
        ("e3", "JPN", "USA", "investment", 400e9, "USD", "planned", 2, 950e9, 950e9),
    ]  # not the 2%-of-GDP defence pledge (not money), not the retracted $100bn


def test_550bn_plus_400bn_is_one_query(con):
    given_events(con, US_JAPAN)
    assert view_rows(con, "select pair_key, sum(amount_value) from pledges where amount_unit = 'USD'"
                          " group by pair_key") == [("JPN-USA", 950e9)]


def test_denied_pledges_are_not_pledges(con):
    given_events(con, [{"event_id": "d1", "event_date": "2025-10-01", "event_type": "COOPERATE",
                        "actor1_code": "KOR", "actor2_code": "USA", "amount_value": 350e9, "amount_unit": "USD",
                        "status": "denied"}])
    assert view_rows(con, "select count(*) from pledges") == [(0,)]
