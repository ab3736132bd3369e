-- One row per article (identified by its canonical URL): the cleaned text,
-- its metadata, and the compressed raw HTML so it can be re-extracted.
create table if not exists articles (
    article_id          varchar primary key,   -- hash of canonical_url
    url                 varchar not null,
    canonical_url       varchar not null,
    title               varchar,
    source              varchar,                -- outlet / wire ("Reuters")
    author              varchar,
    site_name           varchar,
    published_at        timestamp,              -- UTC
    published_precision varchar,                -- day | month | year
    language            varchar,                -- ISO 639-1, py3langid
    is_english          boolean not null,
    text                varchar not null,
    text_source         varchar not null,       -- plain | trafilatura | feed_summary | empty
    content_hash        varchar not null,
    origin              varchar not null,       -- seed | feed | archive
    origin_path         varchar,
    place               varchar,                -- dateline place ("Tokyo")
    raw_html            blob,                   -- zlib-compressed original bytes
    notes               varchar[],              -- what cleaning decided
    extractor_version   varchar,                -- version that produced its mentions
    num_events          integer not null default 0,
    first_run_id        varchar,
    ingested_at         timestamp not null,
    updated_at          timestamp not null
);
