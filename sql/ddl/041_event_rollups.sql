-- The loader's running state for each live event: what it needs to fold a
-- batch's new mentions into the event without re-reading all of the event's
-- earlier mentions (a story reported by thousands of articles would otherwise
-- be re-aggregated on every batch that reports it again). Bookkeeping, not
-- for queries: `events` and `event_mentions` are the public tables.
--
-- An event without a row here (retracted, or stored before this table
-- existed) is rebuilt from all of its mentions the next time a batch touches
-- it, as is every event that loses a mention (an article changed).
create table if not exists event_rollups (
    event_id       varchar primary key,
    -- distinct outlets as events.num_sources counts them: source, site name or, failing both, the article's URL
    source_names   varchar[] not null,
    -- distinct outlets as events.sources names them: source, site name or 'unknown'
    source_labels  varchar[] not null,
    -- the earliest reporting articles, in events.article_urls order (publication time, missing last; URL)
    url_keys       struct(seen timestamp, url varchar)[] not null,
    -- the few mentions that decide the event's attributes: the most confident (type, actors, status), the
    -- best-dated, the best with a mode, the best with an amount, the earliest (evidence)
    deciders       struct(
        article_id varchar, sentence varchar, event_type varchar, mode varchar,
        actor1_code varchar, actor1_name varchar, actor2_code varchar, actor2_name varchar,
        event_date date, date_precision varchar, amount_value double, amount_unit varchar, status varchar,
        confidence double, seen_at timestamp, evidence_key timestamp, url varchar
    )[] not null
);
