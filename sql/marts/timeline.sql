-- One row per live event in date order: readable date, actors, type, amount,
-- the one-line summary ("2025-10-28 JPN -> USA COOPERATE investment $400bn
-- (pledged)") and sources, with running columns per pair of actors
-- (pair_key, e.g. "JPN-USA"): events so far, cooperation score so far (sum of
-- PLOVER intensities: cooperation > 0, conflict < 0), and pledged US dollars
-- so far. Filter on pair_key to follow one relationship.
create or replace view timeline as
with events as (
    select * from stg_events
),
running as (
    select
        *,
        count(*) over pair_so_far as pair_events_so_far,
        sum(intensity) over pair_so_far as running_cooperation_score,
        sum(case when is_pledge and amount_unit = 'USD' then amount_value else 0 end) over pair_so_far
            as running_pledged_usd
    from events
    window pair_so_far as (
        partition by pair_key
        order by event_date, event_id
        rows between unbounded preceding and current row
    )
),
final as (
    select
        event_date,
        date_precision,
        pair_key,
        actor1_code,
        actor1_name,
        actor2_code,
        actor2_name,
        event_type,
        quad_class,
        intensity,
        mode,
        amount_value,
        amount_unit,
        status,
        summary,
        sources,
        num_articles,
        num_sources,
        pair_events_so_far,
        running_cooperation_score,
        running_pledged_usd,
        evidence,
        article_urls,
        topics,
        event_id,
        extractor_version
    from running
)
select * from final order by event_date, event_id
