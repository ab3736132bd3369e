-- One row per pair of actors (pair_key, e.g. "JPN-USA") and calendar month
-- with at least one live event: counts by PLOVER quad class, the cooperation
-- score (sum of intensities), a cooperation index from -1 (all conflict) to
-- +1 (all cooperation), and the US dollars pledged that month. Events dated
-- only to a year count in that year's January (see num_dated_to_year).
create or replace view relations_monthly as
with events as (
    select * from stg_events
),
monthly as (
    select
        pair_key,
        cast(date_trunc('month', event_date) as date) as month_start_date,
        count(*) as num_events,
        count(*) filter (where quad_class = 'verbal_cooperation') as num_verbal_cooperation,
        count(*) filter (where quad_class = 'material_cooperation') as num_material_cooperation,
        count(*) filter (where quad_class = 'verbal_conflict') as num_verbal_conflict,
        count(*) filter (where quad_class = 'material_conflict') as num_material_conflict,
        count(*) filter (where date_precision = 'year') as num_dated_to_year,
        sum(intensity) as cooperation_score,
        coalesce(sum(amount_value) filter (where is_pledge and amount_unit = 'USD'), 0) as pledged_usd
    from events
    where event_date is not null
    group by pair_key, month_start_date
),
final as (
    select
        pair_key,
        month_start_date,
        num_events,
        num_verbal_cooperation,
        num_material_cooperation,
        num_verbal_conflict,
        num_material_conflict,
        round(
            (num_verbal_cooperation + num_material_cooperation - num_verbal_conflict - num_material_conflict)
            / num_events, 3
        ) as cooperation_index,
        cooperation_score,
        pledged_usd,
        num_dated_to_year
    from monthly
)
select * from final order by pair_key, month_start_date
