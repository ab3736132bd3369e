"""`alliance-timeline why EVENT_ID`: the evidence behind one event (the `event_evidence` view)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from flows.cli.common import WarehouseOption, console, fail_usage, require_warehouse
from flows.summaries import format_amount

FORMATS = ("text", "json")


def why(
    event_id: str = typer.Argument(..., help="The event's id, or its first characters (at least 6)."),
    warehouse: Path = WarehouseOption,
    output: str = typer.Option("text", "--format", "-f", help="text (for people) or json (for tools)."),
) -> None:
    """Show why an event is in the timeline: every article that reports it, the
    sentence and offsets, what each article said, the confidence and the
    extractor version and run that wrote it. Ids are in the `event_id` column
    of every view and in `alliance-timeline timeline`.

    Example: alliance-timeline why 78c0be0d
    """
    if output not in FORMATS:
        fail_usage(f"--format must be one of {', '.join(FORMATS)}, not {output!r}")
    prefix = event_id.strip().lower()
    if len(prefix) < 6 or any(ch not in "0123456789abcdef" for ch in prefix):
        fail_usage(f"{event_id!r} is not an event id: give at least 6 of its hexadecimal characters, "
                   "as printed by `alliance-timeline timeline`")
    require_warehouse(warehouse)
    from flows.warehouse import connect_read_only

    con = connect_read_only(warehouse)
    try:
        matches = [row[0] for row in con.execute(
            "select distinct event_id from event_evidence where starts_with(event_id, ?) order by event_id limit 6",
            [prefix],
        ).fetchall()]
        if not matches:
            fail_usage(f"no event id starts with {prefix!r} in {warehouse}")
        if len(matches) > 1:
            fail_usage(f"{prefix!r} matches several events ({', '.join(matches[:5])}...): give more characters")
        cursor = con.execute("select * from event_evidence where event_id = ? order by mention_rank", [matches[0]])
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, row)) for row in cursor.fetchall()]
    finally:
        con.close()
    if output == "json":
        typer.echo(json.dumps(to_document(rows), default=str, ensure_ascii=False, indent=2))
        return
    print_text(rows)


EVENT_FIELDS = ("event_id", "summary", "event_type", "mode", "actor1_code", "actor2_code", "is_symmetric",
                "event_date", "date_precision", "amount_value", "amount_unit", "status", "num_articles",
                "num_sources", "is_retracted")


def to_document(rows: list[dict]) -> dict:
    """{event fields..., "mentions": [per-article evidence, earliest first]}."""
    document = {field: rows[0][field] for field in EVENT_FIELDS}
    document["mentions"] = [{k: v for k, v in row.items() if k not in EVENT_FIELDS} for row in rows]
    return document


def print_text(rows: list[dict]) -> None:
    event = rows[0]
    state = "[red]retracted[/red]" if event["is_retracted"] else "live"
    amount = format_amount(event["amount_value"], event["amount_unit"]) if event["amount_value"] is not None else "-"
    console.print(Panel(
        f"[bold]{escape(event['summary'] or '')}[/bold]\n"
        f"type {event['event_type']}{' / ' + event['mode'] if event['mode'] else ''}; "
        f"{event['actor1_code'] or '?'} {'<->' if event['is_symmetric'] else '->'} {event['actor2_code'] or '-'}; "
        f"date {event['event_date'] or 'unknown'} ({event['date_precision'] or 'no precision'}); amount {amount}; "
        f"status {event['status']}; {state}\n"
        f"reported by {event['num_articles']} article(s) from {event['num_sources']} source(s)",
        title=f"event {event['event_id']}", expand=False,
    ))
    for row in rows:
        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        published = row["article_published_at"].strftime("%Y-%m-%d %H:%M") if row["article_published_at"] else "-"
        said = [f"date {row['mention_event_date'] or '-'}", f"status {row['mention_status']}"]
        if row["mention_amount_text"]:
            said.append(f"amount {row['mention_amount_text']!r}")
        table.add_row("article", escape(f"{row['article_title'] or '(no title)'} - {row['article_source'] or '?'}, {published}"))
        table.add_row("url", escape(row["article_url"] or row["article_id"]))
        table.add_row("sentence", f"[italic]{escape(row['sentence'])}[/italic]")
        table.add_row("offsets", f"{row['char_start']}-{row['char_end']} in the article's text"
                      + (f"; {row['num_extra_sentences']} more sentence(s) about it" if row["num_extra_sentences"] else ""))
        table.add_row("it says", escape("; ".join(said)))
        table.add_row("coded by", escape(f"extractor {row['extractor_version']}, confidence {row['confidence']:.2f}, "
                                         f"run {(row['run_id'] or '-')[:12]}"))
        console.rule(f"article {row['mention_rank']} of {len(rows)}", align="left", style="dim")
        console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(why)
