-- One row per event that has mentions: the distinct sources and article URLs
-- that report it and the earliest article's evidence sentence. The loader
-- copies these onto `events` (sources, article_urls, evidence) for the
-- events a batch touched; this view is the definition and the audit.
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
        list(articles.url order by articles.published_at nulls last, articles.url) as article_urls,
        arg_min(mentions.sentence, (coalesce(articles.published_at, timestamp '9999-12-31'), articles.url)) as evidence,
        max(mentions.extractor_version) as extractor_version
    from mentions
    join articles using (article_id)
    group by mentions.event_id
)
select * from final
