-- One row per event the latest run added, changed or retracted (change_kind
-- = added | updated | retracted), with the mentions that run wrote for it.
-- "Latest run" is the newest row of ingest_runs; an event counts when its
-- updated_at falls inside that run (the loader bumps updated_at only when an
-- event's content, evidence or counts really change).
create or replace view new_since_last_run as
with ingest_runs as (
    select run_id, started_at, ended_at, status from ingest_runs
),
events as (
    select * from events
),
event_mentions as (
    select event_id, run_id from event_mentions
),
last_run as (
    select * from ingest_runs order by started_at desc, run_id desc limit 1
),
changed as (
    select
        last_run.run_id,
        last_run.status as run_status,
        case
            when events.is_retracted then 'retracted'
            when events.created_at >= last_run.started_at then 'added'
            else 'updated'
        end as change_kind,
        events.*
    from events
    join last_run
        on events.updated_at >= last_run.started_at
       and (last_run.ended_at is null or events.updated_at <= last_run.ended_at)
),
run_mentions as (
    select event_mentions.event_id, count(*) as num_new_mentions
    from event_mentions
    join last_run using (run_id)
    group by event_mentions.event_id
),
final as (
    select
        changed.run_id,
        changed.run_status,
        changed.change_kind,
        changed.event_date,
        changed.event_type,
        changed.actor1_code,
        changed.actor2_code,
        changed.amount_value,
        changed.amount_unit,
        changed.status,
        changed.summary,
        changed.sources,
        changed.num_articles,
        coalesce(run_mentions.num_new_mentions, 0) as num_new_mentions,
        changed.created_at,
        changed.updated_at,
        changed.event_id
    from changed
    left join run_mentions using (event_id)
)
select * from final order by change_kind, event_date, event_id
