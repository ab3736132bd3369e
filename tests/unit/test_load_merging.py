"""Cross-article merging and retraction in `load_batch`, on a real DuckDB file.

Articles are cleaned from real RawDocuments with `flows.clean.to_article`;
the events are given as `ExtractedEvent`s (what the extractor returns), so
these tests hold whatever the extractor finds today.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import duckdb
import pytest

from flows.clean import to_article
from flows.model import ExtractedEvent, RawDocument
from flows.warehouse.load import load_batch
from flows.warehouse.migrate import migrate

VERSION = "test-1"
REUTERS = "Japan will invest up to $400 billion in U.S. technology and infrastructure, a joint statement said on Tuesday."
NIKKEI = "Tokyo committed $400bn of investment in American infrastructure projects, officials said on Wednesday."


def doc(url: str, text: str, source: str, published: str = "2025-10-28") -> RawDocument:
    return RawDocument(url=url, body=text, media_type="text/plain", origin="seed", source=source,
                       published=published, title=text[:40])


def deal(sentence: str, **changes) -> ExtractedEvent:
    event = ExtractedEvent(
        event_type="COOPERATE", actor1_code="JPN", actor1_name="Japan", actor2_code="USA",
        actor2_name="United States", sentence=sentence, char_start=0, char_end=len(sentence), mode="investment",
        event_date=date(2025, 10, 28), date_precision="day", amount_value=400e9, amount_unit="USD",
        amount_text="$400 billion", status="pledged", topics=("investment",), confidence=0.8,
    )
    return replace(event, **changes)


def three_reports():
    """Two outlets and a syndicated copy of the first (same text, another site, same wire source)."""
    reuters = to_article(doc("https://reuters.example/jp-us-deal", REUTERS, "Reuters"))
    nikkei = to_article(doc("https://nikkei.example/tokyo-400bn", NIKKEI, "Nikkei", "2025-10-29"))
    copy = to_article(doc("https://yahoo.example/news/jp-us-deal", REUTERS, "Reuters"))
    events = {
        reuters.article_id: [deal(REUTERS)],
        nikkei.article_id: [deal(NIKKEI, event_date=date(2025, 10, 29), amount_value=4.0e11, confidence=0.7)],
        copy.article_id: [deal(REUTERS)],
    }
    return [reuters, nikkei, copy], events


def rows(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()


def test_three_reports_of_one_deal_are_one_event_with_three_mentions(con):
    articles, events = three_reports()
    counts = load_batch(con, "run-1", articles, events, VERSION)
    assert (counts.articles_new, counts.events_new, counts.mentions_new) == (3, 1, 3)
    [event] = rows(con, "select event_id, num_mentions, num_articles, num_sources, event_date, amount_value,"
                        " sources, len(article_urls), pair_key, summary, is_retracted from events")
    assert event[1:4] == (3, 3, 2)  # three articles, two outlets (the copy is Reuters again)
    assert event[4] == date(2025, 10, 28) and event[5] == 400e9  # the most confident report's attributes
    assert event[6] == "Nikkei, Reuters" and event[7] == 3 and event[8] == "JPN-USA"
    assert event[9] == "2025-10-28 JPN -> USA COOPERATE investment $400bn (pledged)"
    assert event[10] is False
    mentions = rows(con, "select article_id from event_mentions where event_id = ? order by 1", [event[0]])
    assert sorted(m[0] for m in mentions) == sorted(a.article_id for a in articles)
    first, last = rows(con, "select first_seen_at::date, last_seen_at::date from events")[0]
    assert (first, last) == (date(2025, 10, 28), date(2025, 10, 29))


def test_reports_arriving_one_by_one_keep_the_counts_current(con):
    articles, events = three_reports()
    seen = []
    for number, article in enumerate(articles):
        load_batch(con, f"run-{number}", [article], {article.article_id: events[article.article_id]}, VERSION)
        seen.append(rows(con, "select num_mentions, num_articles, num_sources from events")[0])
    assert seen == [(1, 1, 1), (2, 2, 2), (3, 3, 2)]
    assert rows(con, "select count(*) from events") == [(1,)]


def test_event_ids_are_deterministic(tmp_path):
    ids = []
    for name, batches in (("one", [[0, 1, 2]]), ("split", [[0], [1, 2]]), ("again", [[0, 1, 2]])):
        connection = duckdb.connect(str(tmp_path / f"{name}.duckdb"))
        migrate(connection)
        articles, events = three_reports()
        for batch in batches:
            load_batch(connection, "r", [articles[i] for i in batch], events, VERSION)
        ids.append(rows(connection, "select event_id from events"))
        connection.close()
    assert ids[0] == ids[1] == ids[2] and len(ids[0]) == 1
    # the id is the event's, not the first article's: the copy alone gives the same id as Reuters alone
    alone = []
    for index in (0, 2):
        connection = duckdb.connect(str(tmp_path / f"alone{index}.duckdb"))
        migrate(connection)
        articles, events = three_reports()
        load_batch(connection, "r", [articles[index]], events, VERSION)
        alone.append(rows(connection, "select event_id from events"))
        connection.close()
    assert alone[0] == alone[1] == ids[0]


def test_rerunning_changes_nothing_even_when_forced(con):
    articles, events = three_reports()
    load_batch(con, "run-1", articles, events, VERSION)
    before = rows(con, "select * from events")
    mentions_before = rows(con, "select event_id, article_id, sentence from event_mentions order by 1, 2")
    again = load_batch(con, "run-2", articles, events, VERSION)
    assert (again.articles_unchanged, again.events_new, again.mentions_new) == (3, 0, 0)
    forced = load_batch(con, "run-3", articles, events, VERSION, force=True)
    assert (forced.events_new, forced.events_updated, forced.events_retracted) == (0, 0, 0)
    assert rows(con, "select * from events") == before  # updated_at included: nothing really changed
    assert rows(con, "select event_id, article_id, sentence from event_mentions order by 1, 2") == mentions_before


def test_an_event_no_article_supports_any_more_is_retracted_then_revived(con):
    articles, events = three_reports()
    load_batch(con, "run-1", articles, events, VERSION)
    [(event_id, updated_first)] = rows(con, "select event_id, updated_at from events")

    # the Nikkei article is corrected and no longer reports the deal: the event stays, with fewer reports
    nikkei = to_article(doc(articles[1].url, NIKKEI + " Correction: no figure was agreed.", "Nikkei", "2025-10-29"))
    counts = load_batch(con, "run-2", [nikkei], {nikkei.article_id: []}, VERSION)
    assert (counts.articles_updated, counts.events_updated, counts.events_retracted) == (1, 1, 0)
    assert rows(con, "select num_articles, num_sources, is_retracted from events") == [(2, 1, False)]

    # re-extraction finds it in neither Reuters copy: retracted, not deleted, and it says when
    counts = load_batch(con, "run-3", [articles[0], articles[2]], {}, "test-2")
    assert counts.events_retracted == 1
    [(retracted, num_articles, updated_at, sources)] = rows(
        con, "select is_retracted, num_articles, updated_at, sources from events where event_id = ?", [event_id]
    )
    assert retracted is True and num_articles == 0 and updated_at > updated_first
    assert sources == "Reuters"  # where it came from stays readable
    assert rows(con, "select count(*) from timeline") == [(0,)]

    # a new report of the same deal brings the same event back
    counts = load_batch(con, "run-4", [articles[0]], {articles[0].article_id: [deal(REUTERS)]}, "test-3")
    assert counts.events_new == 0
    assert rows(con, "select event_id, is_retracted, num_articles from events") == [(event_id, False, 1)]


@pytest.mark.parametrize("change", [
    {"amount_value": 40e9},                           # another amount: another deal
    {"event_date": date(2025, 11, 20)},               # weeks apart: another event
    {"actor1_code": "USA", "actor2_code": "JPN"},     # the other direction (not a joint event)
    {"event_type": "AID"},                            # another type
    {"mode": "purchase", "amount_value": None, "amount_unit": None},  # another subtype, no amount to tie them
])
def test_incompatible_reports_stay_separate(con, change):
    reuters = to_article(doc("https://reuters.example/a", REUTERS, "Reuters"))
    other = to_article(doc("https://other.example/b", NIKKEI, "Other"))
    events = {reuters.article_id: [deal(REUTERS)], other.article_id: [deal(NIKKEI, **change)]}
    load_batch(con, "run-1", [reuters, other], events, VERSION)
    assert rows(con, "select count(*), sum(num_articles) from events") == [(2, 2)]


def test_refined_subtype_of_the_same_deal_merges(con):
    reuters = to_article(doc("https://reuters.example/a", REUTERS, "Reuters"))
    other = to_article(doc("https://other.example/b", NIKKEI, "Other"))
    events = {reuters.article_id: [deal(REUTERS)], other.article_id: [deal(NIKKEI, mode="investment_pledge")]}
    load_batch(con, "run-1", [reuters, other], events, VERSION)
    assert rows(con, "select count(*), max(num_articles) from events") == [(1, 2)]


def test_joint_events_merge_across_directions(con):
    reuters = to_article(doc("https://reuters.example/a", REUTERS, "Reuters"))
    other = to_article(doc("https://other.example/b", NIKKEI, "Other"))
    summit = deal(REUTERS, event_type="CONSULT", mode="summit", amount_value=None, amount_unit=None,
                  is_symmetric=True)
    flipped = replace(summit, sentence=NIKKEI, actor1_code="USA", actor2_code="JPN")
    load_batch(con, "run-1", [reuters, other], {reuters.article_id: [summit], other.article_id: [flipped]}, VERSION)
    assert rows(con, "select count(*), max(num_articles), max(pair_key) from events") == [(1, 2, "JPN-USA")]


def test_an_article_repeating_an_event_gives_one_mention(con):
    reuters = to_article(doc("https://reuters.example/a", REUTERS, "Reuters"))
    counts = load_batch(con, "run-1", [reuters], {reuters.article_id: [deal(REUTERS), deal(REUTERS)]}, VERSION)
    assert (counts.events_new, counts.mentions_new) == (1, 1)
    assert rows(con, "select num_mentions from events") == [(1,)]


def test_two_similar_events_of_one_article_keep_both_mentions_whatever_the_load_order(tmp_path):
    """An article reporting a 15% tariff cut and, separately, an unquantified cut of the same pair
    must keep both mentions, whether another article's report of the 15% cut was loaded first or not."""
    text_a = "The United States will cut its tariff on Japanese cars to 15%. Separately, Washington eased duties on parts."
    text_b = "Washington agreed to lower the tariff on Japanese cars to 15%, officials said."
    a = to_article(doc("https://a.example/cut", text_a, "Wire A"))
    b = to_article(doc("https://b.example/cut", text_b, "Wire B"))
    cut = deal(text_a, event_type="CONCEDE", actor1_code="USA", actor2_code="JPN", mode="tariff",
               amount_value=15.0, amount_unit="percent")
    events = {
        a.article_id: [cut, replace(cut, amount_value=None, amount_unit=None, char_start=63)],
        b.article_id: [replace(cut, sentence=text_b)],
    }
    counts_by_order = []
    for name, order in (("b-first", [[b], [a]]), ("a-first", [[a], [b]]), ("together", [[a, b]])):
        con = duckdb.connect(str(tmp_path / f"{name}.duckdb"))
        migrate(con)
        for batch in order:
            load_batch(con, "run", batch, {x.article_id: events[x.article_id] for x in batch}, VERSION)
        counts_by_order.append(rows(con, "select (select count(*) from event_mentions),"
                                         " (select count(*) from events where not is_retracted)")[0])
        con.close()
    assert counts_by_order == [(3, 2)] * 3


def test_a_copy_of_an_article_with_two_similar_events_maps_each_to_its_own_event(con):
    """A syndicated copy reporting the same two tariff moves (one with a rate, one without) must attach
    each report to the matching event, not cross them over (the closest candidate wins, not the first)."""
    text = "The United States will cut its tariff on Japanese cars to 15%. Separately, Washington eased duties on parts."
    original = to_article(doc("https://a.example/cut", text, "Wire A"))
    copy = to_article(doc("https://c.example/cut-copy", text, "Wire A"))
    vague = deal(text, event_type="CONCEDE", actor1_code="USA", actor2_code="JPN", mode="tariff",
                 amount_value=None, amount_unit=None, char_start=63)
    rate = replace(vague, amount_value=15.0, amount_unit="percent", char_start=0)
    # the original lists the vague move first, so it creates the vague event before the rate event
    load_batch(con, "run-1", [original], {original.article_id: [vague, rate]}, VERSION)
    load_batch(con, "run-2", [copy], {copy.article_id: [rate, vague]}, VERSION)
    pairs = rows(con, "select e.amount_value, count(*) from event_mentions m join events e using (event_id)"
                      " where m.amount_value is not distinct from e.amount_value group by 1 order by 1")
    assert pairs == [(15.0, 2), (None, 2)]


def test_only_events_a_report_could_merge_with_are_read_as_candidates(con):
    """The database filters candidates by date compatibility (not by a year's window around the batch):
    a story with thousands of dated events must not make every report read all of them."""
    from flows.warehouse.load import _candidate_events

    old = to_article(doc("https://old.example/deal", REUTERS, "Reuters", "2019-10-28"))
    load_batch(con, "run-1", [old], {old.article_id: [deal(REUTERS, event_date=date(2019, 10, 28))]}, VERSION)

    def read(when, precision="day", **changes):
        found = _candidate_events(con, [("a", deal(NIKKEI, event_date=when, date_precision=precision, **changes))])
        return sum(len(group.everything) for group in found.values())

    assert read(date(2019, 10, 31)) == 1 and read(date(2019, 10, 25)) == 1  # within three days
    assert read(date(2019, 11, 1)) == 0 and read(date(2020, 6, 1)) == 0     # further than that
    assert read(date(2019, 10, 1), "month") == 1 and read(date(2019, 9, 1), "month") == 0
    assert read(date(2019, 1, 1), "year") == 1 and read(date(2020, 1, 1), "year") == 0
    assert read(None, None) == 1                                              # undated: any date
    assert read(date(2019, 10, 28), actor2_code="CHN") == 0                   # another pair
    assert read(date(2019, 10, 28), actor1_code="USA", actor2_code="JPN") == 1  # the pair, either way round
    assert read(date(2019, 10, 28), event_type="AID") == 0                    # another type
    # and the 2025 report of a similar deal is a new event, the 2019 one untouched
    new = to_article(doc("https://new.example/deal", NIKKEI, "Nikkei", "2025-10-28"))
    counts = load_batch(con, "run-2", [new], {new.article_id: [deal(NIKKEI)]}, VERSION)
    assert counts.events_new == 1
    assert rows(con, "select count(*) from events") == [(2,)]


def test_new_events_are_stored_in_the_order_their_articles_state_them(con):
    """A plain scan of `events` reads them in text order, ties within a sentence in the extractor's
    order, even when the same batch also updates an event stored before (upsert path)."""
    first = to_article(doc("https://a.example/one", REUTERS, "Reuters"))
    load_batch(con, "run-1", [first], {first.article_id: [deal(REUTERS)]}, VERSION)
    text = "Lee pledged $200bn. Seoul will buy oil and invest $600bn. Hanwha put in $5bn."
    second = to_article(doc("https://b.example/two", text, "Yonhap"))
    offsets = {"$200bn": 0, "oil": 20, "$600bn": 20, "$5bn": 58}
    kinds = [("$5bn", 5e9), ("$600bn", 600e9), ("oil", None), ("$200bn", 200e9)]
    # given out of order on purpose except within the shared sentence, where "oil" precedes "$600bn"
    events = [
        deal(text, actor1_code="KOR", actor1_name="South Korea", char_start=offsets[k], amount_value=v,
             amount_unit="USD" if v else None, amount_text=k if v else None, mode="purchase" if v is None else "investment")
        for k, v in kinds
    ]
    events = [events[3], events[2], events[1], events[0]]
    third = to_article(doc("https://c.example/three", REUTERS, "Reuters"))  # another report of the first deal
    load_batch(con, "run-2", [second, third],
               {second.article_id: events, third.article_id: [deal(REUTERS)]}, VERSION)
    stored = con.execute(
        "select amount_value from events where actor1_code = 'KOR'"  # no order by: storage order
    ).fetchall()
    assert [row[0] for row in stored] == [200e9, None, 600e9, 5e9]
    assert con.execute("select num_articles from events where actor1_code = 'JPN'").fetchone() == (2,)
