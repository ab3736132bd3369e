-- One row per live event in date order: readable date, actors, type, amount,
-- one-line summary and sources, with running columns per pair of actors:
-- events so far, cooperation score (sum of PLOVER intensities) so far, and
-- pledged US dollars so far.
create or replace view timeline as
with events as (
    select * from stg_events
),
sources as (
    select * from int_event_sources
),
running as (
    select
        e.*,
        s.sources,
        s.article_urls,
        s.first_sentence as evidence,
        s.extractor_version,
        count(*) over pair_so_far as pair_events_so_far,
        sum(e.intensity) over pair_so_far as running_cooperation_score,
        coalesce(sum(case when e.is_pledge and e.amount_unit = 'USD' then e.amount_value end) over pair_so_far, 0)
            as running_pledged_usd
    from events e
    left join sources s using (event_id)
    window pair_so_far as (
        partition by e.pair_key
        order by e.event_date, e.event_id
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
