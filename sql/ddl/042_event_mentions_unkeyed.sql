-- event_mentions without its primary key. The key's index (DuckDB keeps an
-- ART index in memory, entirely) grew with every mention: about 35 MB at
-- 600,000 mentions, and it had to be held whole by every insert, so the
-- loader's memory grew with the warehouse. Nothing reads mentions by that
-- key; its uniqueness (one row per event and article) is the loader's rule
-- (flows/warehouse/load.py: a changed article's mentions are deleted before
-- its new ones go in, and one article reports one event once), checked by
-- the crash, re-run and folding tests. Same columns, same order, same rows.
create table event_mentions_unkeyed (
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
    created_at        timestamp not null
);

insert into event_mentions_unkeyed select * from event_mentions;
drop table event_mentions;
alter table event_mentions_unkeyed rename to event_mentions;
