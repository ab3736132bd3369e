-- One row per article with enough text: its 64-bit SimHash (3-word
-- shingles), used to find near-duplicate (syndicated) copies.
create table if not exists article_fingerprints (
    article_id   varchar primary key,
    simhash      ubigint not null,
    content_hash varchar not null,
    computed_at  timestamp not null
);
