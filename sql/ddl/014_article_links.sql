-- One row per article that is a copy of an earlier one: an exact copy (same
-- content hash under another URL) or a near duplicate (SimHash within a few
-- bits: the same wire story syndicated on another site). The copy stays an
-- article of its own (another source for the same story; its events merge
-- into the original's events) and is never counted as a separate story.
create table if not exists article_links (
    article_id       varchar primary key,   -- the copy
    duplicate_of     varchar not null,      -- the original (first ingested)
    link_type        varchar not null,      -- exact | near
    distance         integer not null,      -- SimHash Hamming distance (0 for exact)
    run_id           varchar not null,
    created_at       timestamp not null
);
