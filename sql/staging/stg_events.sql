-- One row per live (not retracted) event, with its PLOVER quad class and
-- intensity and an unordered pair key ("JPN-USA") for per-relationship views.
create or replace view stg_events as
with events_live as (
    select * from events where not is_retracted
),
plover as (
    select event_type, intensity from plover_types
),
final as (
    select
        e.event_id,
        coalesce(e.event_date, cast(e.first_seen_at as date)) as event_date,
        e.date_precision,
        e.event_type,
        e.mode,
        e.quad_class,
        coalesce(p.intensity, 0) as intensity,
        e.actor1_code,
        e.actor1_name,
        e.actor2_code,
        e.actor2_name,
        e.is_symmetric,
        case
            when e.actor2_code is null then e.actor1_code
            else least(e.actor1_code, e.actor2_code) || '-' || greatest(e.actor1_code, e.actor2_code)
        end as pair_key,
        e.amount_value,
        e.amount_unit,
        e.status,
        e.topics,
        e.summary,
        e.confidence,
        e.num_mentions,
        e.num_articles,
        e.num_sources,
        e.first_seen_at,
        e.last_seen_at,
        e.updated_at,
        e.event_type in ('COOPERATE', 'AID', 'AGREE')
            and e.amount_value is not null
            and e.amount_unit is not null
            and length(e.amount_unit) = 3
            and e.amount_unit = upper(e.amount_unit) as is_pledge
    from events_live e
    left join plover p using (event_type)
)
select * from final
