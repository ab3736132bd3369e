-- One row per (backfill scope, day): what a backfill did for that day, so an
-- interrupted backfill resumes where it stopped. A scope is the archive root,
-- the source filter and whether stored articles were re-extracted (with
-- which extractor version); `inputs_fingerprint` changes when files are added
-- to or changed in the day's archive, and a changed day is done again.
create table if not exists backfill_days (
    backfill_key        varchar not null,   -- hash of the scope
    backfill_date       date not null,      -- the day (UTC) of articles.published_at
    status              varchar not null,   -- completed | failed
    inputs_fingerprint  varchar not null,
    archive_root        varchar,
    source              varchar,            -- --source filter, if any
    is_reextract        boolean not null default false,
    extractor_version   varchar,
    run_id              varchar not null,   -- ingest_runs.run_id of the run that did it last
    documents_seen      integer not null default 0,
    articles_new        integer not null default 0,
    articles_updated    integer not null default 0,
    articles_unchanged  integer not null default 0,
    articles_reextracted integer not null default 0,
    events_new          integer not null default 0,
    events_retracted    integer not null default 0,
    mentions_new        integer not null default 0,
    errors              integer not null default 0,
    failure_reason      varchar,
    started_at          timestamp not null,
    ended_at            timestamp not null,
    primary key (backfill_key, backfill_date)
);
