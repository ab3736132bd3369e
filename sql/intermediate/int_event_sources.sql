-- One row per event that has mentions: the distinct sources and the earliest
-- article URLs that report it (at most 20, earliest first) and the earliest
-- article's evidence sentence. The loader keeps the same on `events`
-- (sources, article_urls, evidence), folding each batch's new mentions in
-- (flows/warehouse/load.py, MAX_ARTICLE_URLS); this view is the definition
-- they must agree with, read from all mentions (tests/unit/test_load_rollups.py).
-- Every reporting article of an event: the event_evidence view.
create or replace view int_event_sources as
with mentions as (
    select event_id, article_id, sentence, extractor_version from event_mentions
),
articles as (
    select article_id, url, coalesce(source, site_name, 'unknown') as source, published_at from articles
),
final as (
    select
        mentions.event_id,
        string_agg(distinct articles.source, ', ' order by articles.source) as sources,
        list_slice(list(articles.url order by articles.published_at nulls last, articles.url), 1, 20) as article_urls,
        arg_min(mentions.sentence, (coalesce(articles.published_at, timestamp '9999-12-31'), articles.url)) as evidence,
        max(mentions.extractor_version) as extractor_version
    from mentions
    join articles using (article_id)
    group by mentions.event_id
)
select * from final
