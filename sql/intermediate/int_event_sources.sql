-- One row per event: the distinct sources and article URLs that report it
-- (the provenance shown next to every timeline row).
create or replace view int_event_sources as
with mentions as (
    select event_id, article_id, sentence, extractor_version from event_mentions
),
articles as (
    select article_id, url, coalesce(source, site_name, 'unknown') as source, published_at from articles
),
final as (
    select
        m.event_id,
        string_agg(distinct a.source, ', ' order by a.source) as sources,
        list(a.url order by a.published_at nulls last, a.url) as article_urls,
        arg_min(m.sentence, coalesce(a.published_at, timestamp '9999-12-31')) as first_sentence,
        max(m.extractor_version) as extractor_version
    from mentions m
    join articles a using (article_id)
    group by m.event_id
)
select * from final
