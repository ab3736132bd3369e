-- One row per live event and topic: the extractor's topics ("rare_earths"),
-- or, for an event without topics, its mode ("investment") or lower-cased
-- type ("consult"). The unit of a storyline in `developments`.
create or replace view int_event_topics as
with events as (
    select * from stg_events
),
final as (
    select
        *,
        unnest(
            case
                when len(topics) > 0 then topics
                else [coalesce(mode, lower(event_type))]
            end
        ) as topic
    from events
)
select * from final
