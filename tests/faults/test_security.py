"""Security, end to end through the real CLI: no request to private addresses,
no local file read through feed XML, SQL stays data, report HTML stays inert.

The allow-list names only `localhost` (the tests' server is reached as
http://localhost:PORT), so everything addressed to 127.0.0.1 (the same
server!), ::1, 0.0.0.0, 2130706433, 169.254.169.254, 10/8, 172.16/12,
192.168/16 or a metadata host name is refused by default, directly or
through a redirect; the server's request log proves nothing was asked.
"""

from __future__ import annotations

import html as html_lib
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.faults.feeds_support import WIRE, feed_list, page, rss, summary
from tests.faults.support import cli_env, rows, run_cli
from tests.support.http_server import LocalServer, Route, redirect

PEAK_RSS_LIMIT = 1536 * 1024 * 1024
PASSWD_LINE = Path("/etc/passwd").read_text().splitlines()[0]
SQL_TITLE = "'); drop table events; --"
HTML_TITLE = "<script>alert('title')</script><img src=x onerror=alert(1)> Japan and US deal"
SCRIPT_SENTENCE = "Officials said <script>alert('body')</script> nothing more."
NEVER_ASKED = ("/private/page", "/feeds/loopback.xml", "/feeds/decimal.xml", "/feeds/zero.xml",
               "/feeds/loopback-target.xml")

XXE = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>XXE &secret;</title>
<item><title>Leak &secret;</title><guid>urn:faults:xxe</guid>
<description>{html_lib.escape(WIRE[:600])} &secret;</description></item></channel></rss>"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol">""" + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + """]>
<rss version="2.0"><channel><title>Laughs</title><item><title>&lol9;</title><guid>urn:faults:laughs</guid>
<description>Billion laughs</description></item></channel></rss>"""


def build(server: LocalServer) -> tuple[dict[str, str], str]:
    port = server.port
    local = f"http://localhost:{port}"
    loop = f"http://127.0.0.1:{port}"
    server.add("/private/page", Route(body=page("SECRET internal page", WIRE)))
    server.add("/feeds/loopback-target.xml", Route(body=rss([{"title": "internal", "guid": "urn:x"}])))
    for path in ("/feeds/loopback.xml", "/feeds/decimal.xml", "/feeds/zero.xml"):
        server.add(path, Route(body=rss([{"title": "should never be read", "guid": "urn:never"}])))
    server.add("/redirect-to-loopback", redirect(f"{loop}/private/page"))
    server.add("/redirect-to-metadata", redirect("http://169.254.169.254/latest/meta-data/"))
    server.add("/feeds/redirect-loopback.xml", redirect(f"{loop}/feeds/loopback-target.xml"))
    server.add("/feeds/redirect-metadata.xml", redirect("http://169.254.169.254/latest/meta-data/"))
    server.add("/robots.txt", Route(body="User-agent: *\nAllow: /\n", content_type="text/plain"))
    entries = [
        {"title": "File link", "link": "file:///etc/passwd", "description": summary("file")},
        {"title": "Loopback link", "link": f"{loop}/private/page", "description": summary("loopback")},
        {"title": "IPv6 loopback link", "link": f"http://[::1]:{port}/private/page", "description": summary("v6")},
        {"title": "Metadata link", "link": "http://169.254.169.254/latest/meta-data/", "description": summary("md")},
        {"title": "Private link", "link": "http://10.1.2.3/internal", "description": summary("ten")},
        {"title": "Router link", "link": "http://192.168.1.10/admin", "description": summary("router")},
        {"title": "Redirect to loopback", "link": f"{local}/redirect-to-loopback", "description": summary("rl")},
        {"title": "Redirect to metadata", "link": f"{local}/redirect-to-metadata", "description": summary("rm")},
        {"title": SQL_TITLE, "guid": "urn:faults:sql", "description": WIRE},
        {"title": HTML_TITLE, "link": "javascript:alert(document.cookie)",
         "description": html_lib.escape(SCRIPT_SENTENCE) + "\n\n" + WIRE},
    ]
    server.add("/feeds/entries.xml", Route(body=rss(entries), content_type="application/rss+xml"))
    server.add("/feeds/xxe.xml", Route(body=XXE, content_type="application/rss+xml"))
    server.add("/feeds/laughs.xml", Route(body=LAUGHS, content_type="application/rss+xml"))
    feeds = {
        "entries": f"{local}/feeds/entries.xml", "xxe": f"{local}/feeds/xxe.xml", "laughs": f"{local}/feeds/laughs.xml",
        "loopback": f"{loop}/feeds/loopback.xml", "v6": f"http://[::1]:{port}/feeds/v6.xml",
        "decimal": f"http://2130706433:{port}/feeds/decimal.xml", "zero": f"http://0.0.0.0:{port}/feeds/zero.xml",
        "metadata": "http://169.254.169.254/latest/meta-data/", "metadata-name": "http://metadata.google.internal/x",
        "ten": "http://10.0.0.1/feed.xml", "seventeen": "http://172.16.5.4/feed.xml",
        "one-nine-two": "http://192.168.0.1/feed.xml",
        "redirect-loopback": f"{local}/feeds/redirect-loopback.xml",
        "redirect-metadata": f"{local}/feeds/redirect-metadata.xml",
    }
    return feeds, feed_list(feeds) + '\n[[feeds]]\nname = "file"\nurl = "file:///etc/passwd"\n'


@pytest.fixture(scope="module")
def secured(tmp_path_factory, prefect_api_url):
    root = tmp_path_factory.mktemp("security")
    warehouse = root / "timeline.duckdb"
    env = cli_env(prefect_api_url, ALLIANCE_TIMELINE_ALLOW_HOSTS="localhost", TMPDIR=str(root))
    with LocalServer() as server:
        feeds, listing = build(server)
        feeds_file = root / "feeds.toml"
        feeds_file.write_text(listing, encoding="utf-8")
        run = run_cli(["ingest", "--no-seeds", "--feeds", str(feeds_file), "--warehouse", str(warehouse)], env,
                      measure=True)
        asked = [r.path for r in server.requests]
    report = root / "report.html"
    reported = run_cli(["report", "--warehouse", str(warehouse), "--out", str(report)], env)
    return {"warehouse": warehouse, "feeds": feeds, "run": run, "asked": asked, "report": report,
            "reported": reported}


def text_columns(warehouse) -> list[tuple[str, str]]:
    return rows(warehouse, "select table_name, column_name from information_schema.columns"
                           " where table_schema = 'main' and data_type in ('VARCHAR', 'JSON', 'VARCHAR[]')"
                           " and table_name in (select table_name from information_schema.tables"
                           " where table_type = 'BASE TABLE')")


def test_the_run_completes_with_the_refusals_recorded(secured):
    run = secured["run"]
    assert run.returncode == 3, run.stderr[-2000:]
    assert 0 < run.peak_rss_bytes < PEAK_RSS_LIMIT  # the billion-laughs feed included


def test_nothing_was_requested_from_a_refused_address(secured):
    assert "/feeds/entries.xml" in secured["asked"]  # the allowed host was polled
    assert not [path for path in secured["asked"] if path in NEVER_ASKED], secured["asked"]


@pytest.mark.parametrize("name", ["loopback", "v6", "decimal", "zero", "metadata", "metadata-name", "ten",
                                  "seventeen", "one-nine-two", "redirect-loopback", "redirect-metadata"])
def test_feeds_at_private_addresses_are_refused_by_default(secured, name):
    (state,) = rows(secured["warehouse"], "select last_outcome, last_error from feeds where url = ?",
                    [secured["feeds"][name]])
    assert state[0] == "failed" and state[1].startswith("refused"), state


def test_a_file_url_in_the_feed_list_is_skipped_with_the_reason(secured):
    recorded = rows(secured["warehouse"], "select reason from ingest_errors where stage = 'read'"
                                          " and reason like '%file:///etc/passwd%'")
    assert recorded and "only http and https" in recorded[0][0]
    assert rows(secured["warehouse"], "select count(*) from feeds where url like 'file:%'") == [(0,)]


@pytest.mark.parametrize("needle", ["127.0.0.1", "[::1]", "169.254.169.254", "10.1.2.3", "192.168.1.10",
                                    "/redirect-to-loopback", "/redirect-to-metadata"])
def test_entry_links_to_private_addresses_are_refused(secured, needle):
    fetches = rows(secured["warehouse"], "select outcome, error from feed_fetches where kind = 'page'"
                                         " and url like ?", [f"%{needle}%"])
    assert fetches, needle
    assert all(outcome == "refused" and "refused" in error for outcome, error in fetches), fetches


def test_file_and_javascript_links_are_never_fetched(secured):
    assert rows(secured["warehouse"], "select count(*) from feed_fetches where url like 'file:%'"
                                      " or url like 'javascript:%'") == [(0,)]


def test_no_local_file_content_lands_in_any_row(secured):
    warehouse = secured["warehouse"]
    leaks = []
    for table, column in text_columns(warehouse):
        found = rows(warehouse, f'select count(*) from "{table}" where cast("{column}" as varchar) like ?',
                     [f"%{PASSWD_LINE}%"])[0][0]
        if found:
            leaks.append((table, column, found))
    assert not leaks
    assert rows(warehouse, "select count(*) from feed_entries where entry_key = 'urn:faults:xxe'") == [(1,)]


def test_sql_in_a_title_is_stored_as_text_and_every_table_survives(secured):
    warehouse = secured["warehouse"]
    assert rows(warehouse, "select count(*) from articles where title = ?", [SQL_TITLE]) == [(1,)]
    tables = {r[0] for r in rows(warehouse, "select table_name from information_schema.tables")}
    assert {"articles", "events", "event_mentions", "feeds", "feed_entries", "ingest_runs", "timeline"} <= tables
    assert rows(warehouse, "select count(*) from events")[0][0] > 0


def test_html_in_a_title_is_stored_verbatim(secured):
    found = rows(secured["warehouse"], "select url, text from articles where title = ?", [HTML_TITLE])
    assert len(found) == 1
    assert "<script>alert('body')</script>" in found[0][1]  # text, as the feed wrote it


def test_the_report_renders_hostile_text_inert(secured):
    assert secured["reported"].returncode == 0, secured["reported"].stderr[-1500:]
    source = secured["report"].read_text(encoding="utf-8")
    # the hostile title made it into the report, escaped: as text, never as markup
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in source
    assert "<script" not in source.lower() and "<img" not in source.lower()
    assert "javascript:alert(document.cookie)" in source  # shown as text ...
    tree = lxml_html.fromstring(source)
    assert tree.xpath("//script") == []
    assert [a for a in tree.xpath("//@*") if a.attrname.lower().startswith("on")] == []
    assert [h for h in tree.xpath("//@href | //@src") if h.strip().lower().startswith(("javascript:", "file:"))] == []
