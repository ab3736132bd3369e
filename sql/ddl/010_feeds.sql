-- One row per feed ever listed: what the feed list says about it, and the
-- incremental polling state (conditional GET validators, last body hash,
-- failures in a row, when to poll next). Updated after every poll.
create table if not exists feeds (
    feed_id              varchar primary key,  -- hash of the listed url
    url                  varchar not null,     -- as listed
    name                 varchar,
    tags                 varchar[],
    poll_interval_s      integer not null,
    title                varchar,              -- as the feed calls itself
    format               varchar,              -- rss20 | atom10 | rdf | json11 | ...
    final_url            varchar,              -- after redirects, at the last poll
    etag                 varchar,              -- sent back as If-None-Match
    last_modified        varchar,              -- sent back as If-Modified-Since
    body_hash            varchar,              -- sha256 of the last body used (catches ETags that lie)
    last_status          integer,              -- HTTP status of the last poll (null: no answer)
    last_outcome         varchar,              -- ok | unchanged | failed
    last_error           varchar,
    consecutive_failures integer not null default 0,
    retry_after_s        integer,              -- the server's last Retry-After, in seconds
    last_polled_at       timestamp,            -- UTC
    last_ok_at           timestamp,            -- UTC, last poll with new content
    next_poll_at         timestamp,            -- UTC; backoff after failures
    added_at             timestamp not null,
    updated_at           timestamp not null
);
