-- One row per (feed, entry) ever seen: which article it became (if any) and
-- the raw entry as the feed gave it, so articles can be traced to feeds and
-- re-derived later.
create table if not exists feed_entries (
    feed_id        varchar not null,
    entry_key      varchar not null,   -- guid, else link, else a hash of title and text
    url            varchar,            -- entry link as given
    canonical_url  varchar,
    article_id     varchar,            -- null: no article could be made (see ingest_errors)
    title          varchar,
    published      varchar,            -- as the feed gave it (ISO 8601 when parseable)
    raw_entry      json,
    first_run_id   varchar not null,
    first_seen_at  timestamp not null,
    last_seen_at   timestamp not null,
    primary key (feed_id, entry_key)
);
