"""alliance-timeline: news in, a queryable timeline of alliance and trade events out.

Pure library modules (seeds, clean, extract, ids, model) know nothing of
Prefect, HTTP or DuckDB; `warehouse` owns DuckDB, `pipeline` owns Prefect,
`cli` is a thin typer layer over all of them.
"""

__version__ = "0.1.0"
