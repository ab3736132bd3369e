-- One row per HTTP request made for feeds (feed polls, article pages,
-- robots.txt), or refused before it was made: what, how it went, how long.
create table if not exists feed_fetches (
    run_id       varchar not null,
    feed_id      varchar,            -- the feed polled, or whose entry linked the page
    kind         varchar not null,   -- feed | page | robots
    url          varchar not null,
    final_url    varchar,            -- after redirects
    status       integer,            -- HTTP status (null: no answer)
    outcome      varchar not null,   -- ok | unchanged | failed | refused
    bytes        bigint not null default 0,  -- body bytes after decompression
    duration_ms  integer not null default 0,
    redirects    integer not null default 0,
    error        varchar,
    fetched_at   timestamp not null
);
