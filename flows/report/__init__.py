"""The timeline as a picture: a single self-contained HTML report.

- `model`: the plain data the report is drawn from (no I/O);
- `names`: country and organisation names for actor codes ("USA" -> "United States");
- `query`: reads that data from the warehouse views (the only DuckDB code here);
- `lanes`: per pair of actors, an SVG lane of events and the cooperation index (pure);
- `render`: data in, one HTML string out (pure: inline CSS and SVG, no script);
- `artifact`: writes `report.html` next to the warehouse and links it as a Prefect artifact.
"""
