-- Columns the loader keeps on each event so the views read them instead of
-- re-aggregating every mention on every query. Refreshed for the events a
-- batch touches: provenance from the view int_event_sources, pair_key from
-- the actor codes (the same rule as stg_events).
alter table events add column if not exists pair_key varchar;          -- unordered pair "JPN-USA", or one code
alter table events add column if not exists sources varchar;           -- distinct outlets, comma-separated
alter table events add column if not exists article_urls varchar[];    -- reporting articles, earliest first
alter table events add column if not exists evidence varchar;          -- the earliest article's sentence
alter table events add column if not exists extractor_version varchar; -- newest version among its mentions
