-- One row per staged batch the loader has merged into the warehouse. A batch
-- id is a hash of the batch's inputs and the extractor version, so a batch
-- staged twice (a rerun, a retried task, a second worker) is loaded once:
-- the loader skips ids already here, counts their articles as unchanged and
-- records their problems again for the new run.
create table if not exists staged_batches (
    batch_id            varchar primary key,
    run_id              varchar not null,       -- ingest_runs.run_id of the run that loaded it
    extractor_version   varchar not null,
    num_documents       integer not null,
    num_articles        integer not null,
    num_events          integer not null,
    problems            struct(item varchar, stage varchar, reason varchar)[],
    loaded_at           timestamp not null      -- UTC
);
