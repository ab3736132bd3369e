-- One row per (event, article): how one article reports one event, with the
-- evidence sentence, its offsets, and the extractor version that found it.
create table if not exists event_mentions (
    event_id          varchar not null,
    article_id        varchar not null,
    sentence          varchar not null,
    char_start        integer not null,
    char_end          integer not null,
    extra_sentences   varchar[],
    event_type        varchar not null,
    mode              varchar,
    actor1_code       varchar,
    actor1_name       varchar,
    actor2_code       varchar,
    actor2_name       varchar,
    is_symmetric      boolean not null default false,
    event_date        date,
    date_precision    varchar,
    amount_value      double,
    amount_unit       varchar,
    amount_text       varchar,
    status            varchar not null,
    topics            varchar[],
    confidence        double,
    extractor_version varchar not null,
    run_id            varchar,
    created_at        timestamp not null,
    primary key (event_id, article_id)
);
