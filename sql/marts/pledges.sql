-- One row per live investment or purchase pledge: a cooperation event
-- (COOPERATE, AID or AGREE) with a money amount, who pledged it to whom, and
-- running totals per pair of actors and currency in date order, so
-- "$550bn + $400bn" is `select pair_key, amount_unit, max(pair_total) ...`
-- or simply the last row's running_total.
create or replace view pledges as
with events as (
    select * from stg_events where is_pledge
),
running as (
    select
        *,
        count(*) over pair_so_far as pair_pledges_so_far,
        sum(amount_value) over pair_so_far as running_total,
        sum(amount_value) over (partition by pair_key, amount_unit) as pair_total
    from events
    window pair_so_far as (
        partition by pair_key, amount_unit
        order by event_date, event_id
        rows between unbounded preceding and current row
    )
),
final as (
    select
        event_date,
        date_precision,
        pair_key,
        actor1_code as pledger_code,
        actor1_name as pledger_name,
        actor2_code as recipient_code,
        actor2_name as recipient_name,
        event_type,
        coalesce(mode, lower(event_type)) as pledge_kind,
        amount_value,
        amount_unit,
        status,
        summary,
        sources,
        num_sources,
        pair_pledges_so_far,
        running_total,
        pair_total,
        evidence,
        event_id
    from running
)
select * from final order by pair_key, amount_unit, event_date, event_id
