-- One row per real-world action, merged across every article that reports
-- it. Attributes come from its mentions; counts stay current as reports
-- arrive; an event no mention supports any more is retracted, not deleted.
create table if not exists events (
    event_id        varchar primary key,
    event_date      date,
    date_precision  varchar,            -- day | month | year
    event_type      varchar not null,   -- PLOVER root
    mode            varchar,            -- subtype: investment, tariff, summit ...
    quad_class      varchar not null,   -- verbal_cooperation | material_cooperation | verbal_conflict | material_conflict
    actor1_code     varchar,
    actor1_name     varchar,
    actor2_code     varchar,
    actor2_name     varchar,
    is_symmetric    boolean not null default false,
    amount_value    double,
    amount_unit     varchar,
    status          varchar not null,
    topics          varchar[],
    summary         varchar,
    confidence      double,
    num_mentions    integer not null default 0,   -- evidence sentences over all articles
    num_articles    integer not null default 0,
    num_sources     integer not null default 0,
    first_seen_at   timestamp,
    last_seen_at    timestamp,
    created_at      timestamp not null,
    updated_at      timestamp not null,
    is_retracted    boolean not null default false
);
