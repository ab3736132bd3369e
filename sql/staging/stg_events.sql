-- One row per live (not retracted) event: renamed and cast, with its PLOVER
-- intensity, an unordered pair key ("JPN-USA"; a single actor's code when
-- the event has no second actor) and whether it is a pledge (cooperation
-- with a money amount).
create or replace view stg_events as
with events as (
    select * from events where not is_retracted
),
plover_types as (
    select event_type, intensity from plover_types
),
final as (
    select
        events.event_id,
        coalesce(events.event_date, cast(events.first_seen_at as date)) as event_date,
        events.date_precision,
        events.event_type,
        events.mode,
        events.quad_class,
        coalesce(plover_types.intensity, 0) as intensity,
        events.actor1_code,
        events.actor1_name,
        events.actor2_code,
        events.actor2_name,
        events.is_symmetric,
        coalesce(events.pair_key, case  -- stored by the loader; derived here for rows written otherwise
            when events.actor2_code is null or events.actor2_code = events.actor1_code then events.actor1_code
            when events.actor1_code is null then events.actor2_code
            else least(events.actor1_code, events.actor2_code) || '-' || greatest(events.actor1_code, events.actor2_code)
        end) as pair_key,
        events.amount_value,
        events.amount_unit,
        events.status,
        coalesce(events.topics, []) as topics,
        events.summary,
        events.sources,
        events.article_urls,
        events.evidence,
        events.extractor_version,
        events.confidence,
        events.num_mentions,
        events.num_articles,
        events.num_sources,
        events.first_seen_at,
        events.last_seen_at,
        events.created_at,
        events.updated_at,
        events.event_type in ('COOPERATE', 'AID', 'AGREE')
            and coalesce(events.status, '') <> 'denied'
            and events.amount_value is not null
            and regexp_full_match(coalesce(events.amount_unit, ''), '[A-Z]{3}') as is_pledge
    from events
    left join plover_types using (event_type)
)
select * from final
