"""`event_evidence`: one row per (event, reporting article), earliest article first."""

from datetime import datetime

from tests.sql.conftest import T0, given_events, view_rows


def article(con, article_id, url, published_at, source="Reuters", title="t"):
    con.execute("insert into articles (article_id, url, canonical_url, title, source, published_at, is_english, text,"
                " text_source, content_hash, origin, ingested_at, updated_at)"
                " values (?, ?, ?, ?, ?, ?, true, 'text', 'plain', 'h', 'seed', ?, ?)",
                [article_id, url, url, title, source, published_at, T0, T0])


def mention(con, event_id, article_id, sentence, char_start, version="0.6.0", amount_text=None):
    con.execute("insert into event_mentions (event_id, article_id, sentence, char_start, char_end, event_type, status,"
                " amount_text, confidence, extractor_version, run_id, created_at)"
                " values (?, ?, ?, ?, ?, 'COOPERATE', 'pledged', ?, 0.7, ?, 'r1', ?)",
                [event_id, article_id, sentence, char_start, char_start + len(sentence), amount_text, version, T0])


def test_each_mention_is_a_row_with_its_article_earliest_first(con):
    base = {"event_date": "2025-10-28", "event_type": "COOPERATE", "actor1_code": "JPN", "actor2_code": "USA"}
    given_events(con, [
        {**base, "event_id": "e1", "summary": "pledge", "amount_value": 4e11, "amount_unit": "USD", "num_articles": 2},
        {**base, "event_id": "gone", "is_retracted": True},
        {**base, "event_id": "orphan"},  # an event row without mentions has no evidence rows
    ])
    article(con, "late", "https://b.test/2", datetime(2025, 10, 29), source="Kyodo")
    article(con, "early", "https://a.test/1", datetime(2025, 10, 28))
    mention(con, "e1", "late", "Japan will invest $400bn.", 10, version="0.7.0", amount_text="$400bn")
    mention(con, "e1", "early", "Tokyo pledged $400 billion.", 0)
    mention(con, "gone", "early", "Something since withdrawn.", 40)
    rows = view_rows(con, "select event_id, mention_rank, article_id, article_source, article_url, sentence,"
                          " char_end - char_start, mention_amount_text, extractor_version, is_retracted"
                          " from event_evidence order by event_id, mention_rank")
    assert rows == [
        ("e1", 1, "early", "Reuters", "https://a.test/1", "Tokyo pledged $400 billion.", 27, None, "0.6.0", False),
        ("e1", 2, "late", "Kyodo", "https://b.test/2", "Japan will invest $400bn.", 25, "$400bn", "0.7.0", False),
        ("gone", 1, "early", "Reuters", "https://a.test/1", "Something since withdrawn.", 26, None, "0.6.0", True),
    ]
