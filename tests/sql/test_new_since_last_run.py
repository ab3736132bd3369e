"""`new_since_last_run`: what the latest run added, changed or retracted."""

from datetime import datetime

from tests.sql.conftest import given_events, view_rows

R1 = datetime(2025, 11, 1, 10, 0)
R2 = datetime(2025, 11, 2, 10, 0)


def given_runs(con):
    con.execute("insert into ingest_runs (run_id, flow_name, started_at, ended_at, status) values"
                " ('r1', 'ingest', ?, ?, 'completed'), ('r2', 'ingest', ?, ?, 'completed_with_errors')",
                [R1, R1.replace(minute=5), R2, R2.replace(minute=5)])


def mention(con, event_id, article_id, run_id, created_at):
    con.execute("insert into event_mentions (event_id, article_id, sentence, char_start, char_end, event_type,"
                " status, extractor_version, run_id, created_at) values (?, ?, 's', 0, 1, 'AGREE', 'announced',"
                " 'test', ?, ?)", [event_id, article_id, run_id, created_at])


def test_added_updated_retracted_by_the_latest_run(con):
    given_runs(con)
    in_r1, in_r2 = R1.replace(minute=1), R2.replace(minute=1)
    base = {"event_date": "2025-10-28", "event_type": "AGREE", "actor1_code": "USA", "actor2_code": "JPN"}
    given_events(con, [
        {**base, "event_id": "old", "created_at": in_r1, "updated_at": in_r1},
        {**base, "event_id": "new", "created_at": in_r2, "updated_at": in_r2, "summary": "a new deal"},
        {**base, "event_id": "more", "created_at": in_r1, "updated_at": in_r2, "num_articles": 2},
        {**base, "event_id": "gone", "created_at": in_r1, "updated_at": in_r2, "is_retracted": True},
    ])
    mention(con, "old", "a1", "r1", in_r1)
    mention(con, "new", "a2", "r2", in_r2)
    mention(con, "more", "a1", "r1", in_r1)
    mention(con, "more", "a3", "r2", in_r2)
    rows = view_rows(con, "select run_id, run_status, change_kind, event_id, num_new_mentions, num_articles"
                          " from new_since_last_run")
    assert rows == [
        ("r2", "completed_with_errors", "added", "new", 1, 1),
        ("r2", "completed_with_errors", "retracted", "gone", 0, 1),
        ("r2", "completed_with_errors", "updated", "more", 1, 2),
    ]


def test_nothing_new_after_a_run_that_changed_nothing(con):
    given_runs(con)
    given_events(con, [{"event_id": "old", "event_date": "2025-10-28", "event_type": "AGREE", "actor1_code": "USA",
                        "created_at": R1.replace(minute=1), "updated_at": R1.replace(minute=1)}])
    assert view_rows(con, "select count(*) from new_since_last_run") == [(0,)]
