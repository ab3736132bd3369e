-- One row per input a run could not use (or used with a defect): which, at
-- what stage, and why. Nothing bad is dropped silently.
create table if not exists ingest_errors (
    run_id     varchar not null,
    item       varchar not null,   -- file path, URL or feed
    stage      varchar not null,   -- read | fetch | parse | clean | extract | load
    reason     varchar not null,
    created_at timestamp not null
);
