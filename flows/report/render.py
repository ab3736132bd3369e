"""The report as one self-contained HTML string (pure: data in, HTML out).

Inline CSS and SVG only: no script, no fonts, no images to fetch, so it opens
offline, and a Content-Security-Policy forbids loading or running anything
else. Every piece of text that came from an article (titles, sources,
summaries, evidence sentences, URLs) goes through `html.escape`; a link gets
an `href` only when its URL is http(s), otherwise it is shown as text.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from flows.report.lanes import QUAD_COLOURS, QUAD_LABELS, TimeAxis, to_lane_svg, MAX_MARKS
from flows.report.model import QUAD_CLASSES, PairLane, ReportData, SourceLink, TableRow
from flows.summaries import format_amount, format_date

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1d2430; background: #fff; margin: 0 auto; max-width: 1100px; padding: 20px 24px 40px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0; }
h2 .code { font-weight: normal; color: #6b7280; font-size: 13px; margin-left: 6px; }
.meta, .note, .facts { color: #4b5563; margin: 4px 0; }
.note { font-style: italic; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; margin: 14px 0;
          padding: 8px 12px; background: #f6f7f9; border-radius: 6px; }
.legend .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
                  margin-right: 5px; vertical-align: -1px; }
.legend .line { display: inline-block; width: 22px; border-top: 2px solid #111827; margin-right: 5px;
                vertical-align: 3px; }
section.pair { margin: 18px 0 8px; padding-top: 10px; border-top: 1px solid #e5e7eb; }
svg.lane { width: 100%; height: auto; display: block; }
svg .row { stroke: #eef0f3; }
svg .grid { stroke: #e5e7eb; stroke-dasharray: 2 3; }
svg .zero { stroke: #9ca3af; }
svg .bound { stroke: #eef0f3; }
svg .rowlabel { font-size: 11px; fill: #4b5563; }
svg .rowlabel.index { fill: #111827; font-weight: 600; }
svg .tick { font-size: 11px; fill: #374151; }
svg .empty { font-size: 13px; fill: #6b7280; }
svg .earlier { font-size: 11px; fill: #6b7280; }
svg circle.ev { stroke: #fff; stroke-width: 0.8; }
svg path.index { fill: none; stroke: #111827; stroke-width: 1.8; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e5e7eb; }
th { background: #f6f7f9; font-weight: 600; font-size: 13px; }
#pairs { font-size: 13px; }
#pairs th { vertical-align: bottom; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
#developments { font-size: 13px; }
#developments td.summary { max-width: 380px; }
.chip { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; }
.sources a, .sources span.url { display: inline-block; margin-right: 8px; }
details summary { cursor: pointer; color: #1b5fa8; }
details blockquote { margin: 4px 0 0; padding: 4px 8px; border-left: 3px solid #d1d5db; color: #374151; }
.pos { color: #1b5fa8; } .neg { color: #c0392b; } .mid { color: #6b7280; }
footer { margin-top: 28px; color: #6b7280; font-size: 12px; }
"""


def safe_href(url: str | None) -> str | None:
    """The URL if it may be a link (http or https with a host), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def to_index_text(value: float) -> str:
    leaning = "cooperative" if value > 0.2 else "conflictual" if value < -0.2 else "mixed"
    css = "pos" if value > 0.2 else "neg" if value < -0.2 else "mid"
    return f'<span class="{css}">{value:+.2f} {leaning}</span>'


def to_pledged_text(pledged: dict[str, float]) -> str:
    """'$550bn + €20bn' (US dollars first); '–' when nothing was pledged."""
    parts = [format_amount(total, unit) for unit, total in sorted(pledged.items(), key=lambda kv: (kv[0] != "USD", kv[0]))
             if total]
    return escape(" + ".join(p for p in parts if p)) or "–"


def to_legend(max_amount_usd: float, any_binned: bool) -> str:
    items = [
        f'<span><span class="swatch" style="background:{QUAD_COLOURS[q]}"></span>{escape(QUAD_LABELS[q])}</span>'
        for q in QUAD_CLASSES
    ]
    if max_amount_usd > 0:
        items.append(f"<span>mark size: amount in US$ (largest {escape(format_amount(max_amount_usd, 'USD'))})</span>")
    if any_binned:
        items.append(f"<span>lanes over {MAX_MARKS} events: one mark per period, size = number of events</span>")
    items.append('<span><span class="line"></span>cooperation index so far: (cooperation − conflict events) '
                 "/ events, +1 all cooperation, −1 all conflict</span>")
    items.append("<span>hover a mark for its event</span>")
    return '<div class="legend" id="legend">' + "".join(items) + "</div>"


QUAD_SHORT = {
    "material_cooperation": "material<br>cooperation",
    "verbal_cooperation": "verbal<br>cooperation",
    "verbal_conflict": "verbal<br>conflict",
    "material_conflict": "material<br>conflict",
}


def to_pairs_table(pairs: list[PairLane], drawn: set[str]) -> str:
    """One row per pair: name (a link to its lane when drawn), counts, pledged, index."""
    head = "".join(
        f'<th class="num" title="{escape(QUAD_LABELS[q])} events"><span class="chip" style="background:{QUAD_COLOURS[q]}">'
        f"</span>{QUAD_SHORT[q]}</th>" for q in QUAD_CLASSES
    )
    rows = []
    for lane in pairs:
        counts = "".join(f'<td class="num">{lane.counts.get(q, 0):,}</td>' for q in QUAD_CLASSES)
        name = escape(lane.name)
        if lane.pair_key in drawn:
            name = f'<a href="#{_anchor(lane.pair_key)}">{name}</a>'
        rows.append(
            f'<tr data-pair="{escape(lane.pair_key)}" data-events="{lane.num_events}">'
            f'<td class="name">{name}</td>'
            f'<td class="num events">{lane.num_events:,}</td>{counts}'
            f'<td class="num pledged">{to_pledged_text(lane.pledged)}</td>'
            f'<td class="num">{to_index_text(lane.cooperation_index)}</td></tr>'
        )
    return (
        '<table id="pairs"><thead><tr><th>pair of actors</th><th class="num">events</th>'
        f'{head}<th class="num">pledged<br>to date</th><th class="num">cooperation<br>index</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _anchor(pair_key: str) -> str:
    return "pair-" + escape(pair_key or "unknown")


def to_lane_section(lane: PairLane, axis: TimeAxis, max_amount_usd: float) -> str:
    span = ""
    if lane.first_date:
        span = f"{lane.first_date.isoformat()}" + (
            f" to {lane.last_date.isoformat()}" if lane.last_date and lane.last_date != lane.first_date else "")
    facts = [f'<span class="count">{lane.num_events}</span> event{"s" if lane.num_events != 1 else ""}']
    if span:
        facts.append(escape(span))
    facts.append("pledged to date " + to_pledged_text(lane.pledged).replace("–", "none"))
    facts.append(f"cooperation index {to_index_text(lane.cooperation_index)}")
    notes = []
    if len(lane.points) > MAX_MARKS:
        notes.append(f"{lane.num_events:,} events: drawn as one mark per quad class per period (hover for counts).")
    undated = lane.num_events - len(lane.points)
    if undated > 0:
        notes.append(f"{undated} undated event{'s' if undated != 1 else ''} not drawn.")
    return (
        f'<section class="pair" id="{_anchor(lane.pair_key)}" data-pair="{escape(lane.pair_key)}"'
        f' data-events="{lane.num_events}">'
        f'<h2>{escape(lane.name)}<span class="code">{escape(lane.pair_key)}</span></h2>'
        f'<p class="facts">{" · ".join(facts)}</p>'
        + "".join(f'<p class="note">{escape(n)}</p>' for n in notes)
        + to_lane_svg(lane, axis, max_amount_usd)
        + "</section>"
    )


def to_source_links(sources: tuple[SourceLink, ...]) -> str:
    links = []
    for link in sources:
        label = escape(link.source or "source")
        title = f' title="{escape(link.title)}"' if link.title else ""
        href = safe_href(link.url)
        if href:
            links.append(f'<a href="{escape(href)}"{title} rel="noopener noreferrer nofollow">{label}</a>')
        else:
            links.append(f'<span class="url"{title}>{label}: {escape(link.url or "")}</span>')
    return "".join(links)


def to_evidence(row: TableRow) -> str:
    """The evidence sentence(s), each with the articles that state it, behind a <details>;
    the first sentence is also the hover title."""
    cites: dict[str, list[SourceLink]] = {}
    for link in row.sources:
        if link.sentence:
            cites.setdefault(link.sentence, []).append(link)
    if not cites and row.evidence:
        cites[row.evidence] = []
    if not cites:
        return ""
    quotes = []
    for sentence, links in cites.items():
        by = "; ".join(escape(link.source or "") + (": " + escape(link.title) if link.title else "") for link in links)
        quotes.append(f"<blockquote>{escape(sentence)}" + (f"<br><small>{by}</small>" if by else "") + "</blockquote>")
    first = next(iter(cites))
    return f'<details title="{escape(first)}"><summary>evidence</summary>{"".join(quotes)}</details>'


def to_short_summary(row: TableRow) -> str:
    """The event's summary without the leading date the date column already shows."""
    summary = row.summary or ""
    prefix = format_date(row.event_date, row.date_precision) + " "
    return summary[len(prefix):] if summary.startswith(prefix) else summary


def to_developments_table(rows: list[TableRow], total_events: int, limit: int) -> str:
    body = []
    for row in rows:
        colour = QUAD_COLOURS.get(row.quad_class, "#777")
        kind = row.event_type + (f" · {row.mode.replace('_', ' ')}" if row.mode else "")
        body.append(
            f'<tr data-event-id="{escape(row.event_id)}" data-pair="{escape(row.pair_key)}">'
            f'<td class="date">{escape(format_date(row.event_date, row.date_precision))}</td>'
            f"<td>{escape(row.actors)}</td>"
            f'<td><span class="chip" style="background:{colour}" title="{escape(QUAD_LABELS.get(row.quad_class, row.quad_class))}">'
            f"</span>{escape(kind)}</td>"
            f'<td class="summary">{escape(to_short_summary(row))}{to_evidence(row)}</td>'
            f'<td class="num">{escape(row.amount or "")}</td>'
            f'<td class="sources">{to_source_links(row.sources)}</td></tr>'
        )
    note = ""
    if total_events > len(rows):
        note = (f'<p class="note" id="table-cap">Showing the latest {len(rows):,} of {total_events:,} events. '
                "The rest: <code>alliance-timeline timeline --limit N</code> or SQL on the <code>timeline</code> view.</p>")
    return (
        '<h2 id="latest">Latest developments</h2>' + note
        + '<table id="developments"><thead><tr><th>date</th><th>actors</th><th>type</th><th>summary</th>'
        '<th class="num">amount</th><th>sources</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def to_html(data: ReportData) -> str:
    """The whole report page."""
    days = [p.event_date for lane in data.lanes for p in lane.points]
    axis = TimeAxis.spanning(days, fallback=data.generated_at.date())
    max_amount = max((p.amount_usd or 0 for lane in data.lanes for p in lane.points), default=0.0)
    any_binned = any(len(lane.points) > MAX_MARKS for lane in data.lanes)
    scope = []
    if data.pairs_requested:
        scope.append(("pairs " if len(data.pairs_requested) > 1 else "pair ")
                     + ", ".join(escape(p) for p in data.pairs_requested))
    if data.since:
        scope.append(f"events since {escape(data.since.isoformat())}")
    num_pairs = len(data.pairs) + data.pairs_omitted
    meta = (f'<span id="total-events">{data.total_events:,}</span> event{"s" if data.total_events != 1 else ""} · {num_pairs:,} '
            f"pair{'s' if num_pairs != 1 else ''} of actors" + ("".join(" · " + s for s in scope)))
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Alliance timeline report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header><h1>Alliance timeline</h1>",
        f'<p class="meta">{meta}</p></header>',
    ]
    if not data.total_events and not data.lanes:
        parts.append('<p class="note" id="no-events">No events match yet. Run <code>alliance-timeline ingest</code>, '
                     "or widen <code>--pair</code>/<code>--since</code>.</p>")
    else:
        parts.append(to_legend(max_amount, any_binned))
        parts.append(to_pairs_table(data.pairs, {lane.pair_key for lane in data.lanes}))
        if data.pairs_omitted:
            parts.append(f'<p class="note" id="pairs-cap">{data.pairs_omitted:,} more pairs are not listed; '
                         "choose them with <code>--pair</code>.</p>")
        if data.lanes_omitted:
            parts.append(f'<p class="note" id="lanes-cap">The {len(data.lanes)} pairs with most events are drawn below; '
                         f"{data.lanes_omitted:,} more with {data.events_omitted:,} events are not "
                         "(choose them with <code>--pair</code>, or raise <code>--lane-limit</code>).</p>")
        parts.extend(to_lane_section(lane, axis, max_amount) for lane in data.lanes)
        parts.append(to_developments_table(data.table, data.total_events, data.table_limit))
    versions = ", ".join(escape(v) for v in data.extractor_versions) or "none"
    last_run = data.last_run_at.strftime("%Y-%m-%d %H:%M UTC") if data.last_run_at else "unknown"
    parts.append(
        f"<footer>Generated {escape(data.generated_at.strftime('%Y-%m-%d %H:%M UTC'))} from "
        f"<code>{escape(data.warehouse)}</code> (last run {escape(last_run)}; extractor {versions}). "
        "Every event links to the articles that report it; open “evidence” for the sentence.</footer>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)
