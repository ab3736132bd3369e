-- One row per flow run: what it was asked to do, when, how it ended, counts.
create table if not exists ingest_runs (
    run_id            varchar primary key,
    flow_name         varchar not null,
    parameters        json,
    started_at        timestamp not null,
    ended_at          timestamp,
    status            varchar not null,   -- running | completed | completed_with_errors | failed | crashed
    documents_seen    integer not null default 0,
    articles_new      integer not null default 0,
    articles_updated  integer not null default 0,
    articles_unchanged integer not null default 0,
    articles_non_english integer not null default 0,
    events_new        integer not null default 0,
    events_updated    integer not null default 0,
    events_retracted  integer not null default 0,
    mentions_new      integer not null default 0,
    feeds_ok          integer not null default 0,
    feeds_unchanged   integer not null default 0,
    feeds_failed      integer not null default 0,
    errors            integer not null default 0,
    error_summary     varchar,
    extractor_version varchar
);
