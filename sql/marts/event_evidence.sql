-- One row per (event, reporting article): "why is this event here?".
-- The event as merged (summary, type, actors, date, amount, status,
-- is_retracted) next to each mention's evidence: the article (title, source,
-- URL, publication time), the sentence and its character offsets into the
-- article's text, what this article's mention said (its own date, amount and
-- status), the confidence, the extractor version and the run that wrote it.
-- Retracted events are included (is_retracted) so their history stays
-- explainable. Mentions are ordered earliest article first by `mention_rank`.
create or replace view event_evidence as
with events as (
    select event_id, summary, event_type, mode, actor1_code, actor2_code, is_symmetric, event_date,
           date_precision, amount_value, amount_unit, status, num_articles, num_sources, is_retracted
    from events
),
mentions as (
    select event_id, article_id, sentence, char_start, char_end, extra_sentences, event_date, date_precision,
           amount_value, amount_unit, amount_text, status, confidence, extractor_version, run_id, created_at
    from event_mentions
),
articles as (
    select article_id, title, coalesce(source, site_name) as source, url, published_at, text_source from articles
),
final as (
    select
        events.event_id,
        events.summary,
        events.event_type,
        events.mode,
        events.actor1_code,
        events.actor2_code,
        events.is_symmetric,
        events.event_date,
        events.date_precision,
        events.amount_value,
        events.amount_unit,
        events.status,
        events.num_articles,
        events.num_sources,
        events.is_retracted,
        row_number() over (
            partition by events.event_id
            order by articles.published_at nulls last, articles.url, mentions.char_start
        ) as mention_rank,
        mentions.article_id,
        articles.title as article_title,
        articles.source as article_source,
        articles.url as article_url,
        articles.published_at as article_published_at,
        articles.text_source as article_text_source,
        mentions.sentence,
        mentions.char_start,
        mentions.char_end,
        coalesce(len(mentions.extra_sentences), 0) as num_extra_sentences,
        mentions.event_date as mention_event_date,
        mentions.date_precision as mention_date_precision,
        mentions.amount_value as mention_amount_value,
        mentions.amount_unit as mention_amount_unit,
        mentions.amount_text as mention_amount_text,
        mentions.status as mention_status,
        mentions.confidence,
        mentions.extractor_version,
        mentions.run_id,
        mentions.created_at as mention_created_at
    from events
    join mentions using (event_id)
    left join articles using (article_id)
)
select * from final
