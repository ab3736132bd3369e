-- One row per storyline: a pair of actors and a topic (e.g. "JPN-USA",
-- "rare_earths"), with when it started and was last updated, how many live
-- events it holds, and its latest event's status and summary. A topic is
-- what the extractor tagged, else the event's mode or type (int_event_topics).
create or replace view developments as
with event_topics as (
    select * from int_event_topics
),
storylines as (
    select
        pair_key,
        topic,
        min(event_date) as first_event_date,
        max(event_date) as latest_event_date,
        min(first_seen_at) as first_seen_at,
        max(greatest(last_seen_at, updated_at)) as last_updated_at,
        count(*) as num_events,
        list_sort(list_distinct(list(event_type))) as event_types,
        arg_max(status, (event_date, last_seen_at, event_id)) as latest_status,
        arg_max(summary, (event_date, last_seen_at, event_id)) as latest_summary,
        arg_max(event_id, (event_date, last_seen_at, event_id)) as latest_event_id,
        coalesce(sum(amount_value) filter (where is_pledge and amount_unit = 'USD'), 0) as pledged_usd,
        sum(num_articles) as num_articles
    from event_topics
    group by pair_key, topic
),
final as (
    select * from storylines
)
select * from final order by latest_event_date desc, pair_key, topic
