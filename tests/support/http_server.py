"""A real, scriptable HTTP server on 127.0.0.1 for tests and benchmarks.

Start it, add routes, point real clients at `server.url(path)`, then read
`server.requests` to see what the client actually asked for:

    with LocalServer() as server:
        server.add("/feed.xml", Route(body=xml, content_type="application/rss+xml", etag='"v1"'))
        server.add("/moved", redirect("/feed.xml"))
        server.add("/slow", Route(body=b"x" * 1000, drip_bytes=10, drip_delay_s=0.2))
        server.add("/reset", Route(reset=True))
        server.serve_dir("/pages/", Path("../shared/corpus/pages"))
        ...
        assert [r.path for r in server.requests_for("/feed.xml")] == ["/feed.xml"]

A `Route` is plain data (status, headers, body, gzip, conditional GET via
`etag`/`last_modified`, slow drip, connection reset, a lying ETag that
changes on every response); a callable route `(Request) -> Route` scripts
anything else (a different answer per call, headers that depend on the
request). Each request is handled in its own daemon thread; `close()` stops
the server and joins its thread. Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import gzip as gzip_lib
import itertools
import mimetypes
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Union
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    """One request as the server saw it."""

    method: str
    path: str  # path and query, as sent
    headers: dict[str, str]  # lower-case names
    at: float  # time.monotonic() when it arrived
    client_port: int

    @property
    def is_conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


@dataclass
class Route:
    """What to answer. Defaults: 200, empty body, text/html."""

    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # sent as ETag; a matching If-None-Match gets 304
    last_modified: str | None = None  # sent as Last-Modified; a matching If-Modified-Since gets 304
    lying_etag: bool = False  # send a fresh ETag on every response and never answer 304
    gzip: bool = False  # Content-Encoding: gzip (body compressed here)
    raw_gzip_body: bytes | None = None  # pre-compressed bytes sent as-is with Content-Encoding: gzip
    drip_bytes: int = 0  # send the body in chunks of this size ...
    drip_delay_s: float = 0.0  # ... sleeping this long before each chunk
    delay_s: float = 0.0  # sleep before sending anything
    reset: bool = False  # abort the connection with a TCP reset instead of answering
    reset_after_bytes: int | None = None  # send headers and this many body bytes, then reset
    content_length: bool = True  # False: no Content-Length, close the connection to end the body


Handler = Union[Route, Callable[[Request], Route]]

_lie_counter = itertools.count(1)


def redirect(location: str, status: int = 302) -> Route:
    """A redirect to `location` (absolute URL or path)."""
    return Route(status=status, headers={"Location": location}, content_type=None)


def redirect_chain(server: "LocalServer", prefix: str, hops: int, target: str, status: int = 302) -> str:
    """Install `prefix0 -> prefix1 -> ... -> target`; returns the first path."""
    for i in range(hops):
        nxt = f"{prefix}{i + 1}" if i + 1 < hops else target
        server.add(f"{prefix}{i}", redirect(nxt, status))
    return f"{prefix}0"


def http_date(timestamp: float) -> str:
    return formatdate(timestamp, usegmt=True)


class LocalServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 with an ephemeral port."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._routes: dict[str, Handler] = {}
        self._prefixes: list[tuple[str, Callable[[Request], Route | None]]] = []
        self._lock = threading.Lock()
        self.requests: list[Request] = []
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
                pass

            def do_GET(self):  # noqa: N802
                server._handle(self, "GET")

            def do_HEAD(self):  # noqa: N802
                server._handle(self, "HEAD")

        self._httpd = ThreadingHTTPServer((host, 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="local-http-server", daemon=True)

    # lifecycle -----------------------------------------------------------
    def start(self) -> "LocalServer":
        self._thread.start()
        return self

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # addresses -----------------------------------------------------------
    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # routes --------------------------------------------------------------
    def add(self, path: str, handler: Handler) -> str:
        """Answer `path` (exact match, query included if given) with `handler`; returns the URL."""
        with self._lock:
            self._routes[path] = handler
        return self.url(path)

    def add_sequence(self, path: str, routes: list[Route]) -> str:
        """Answer successive requests to `path` with successive routes (the last one repeats)."""
        calls = itertools.count()

        def handler(_request: Request) -> Route:
            return routes[min(next(calls), len(routes) - 1)]

        return self.add(path, handler)

    def serve_dir(self, prefix: str, directory: Path, **route_options) -> None:
        """Serve the files under `directory` at `prefix<relative path>` (content type from the suffix)."""
        directory = Path(directory).resolve()

        def lookup(request: Request) -> Route | None:
            relative = urlsplit(request.path).path[len(prefix):]
            path = (directory / relative).resolve()
            if directory not in path.parents or not path.is_file():
                return None
            guessed, _ = mimetypes.guess_type(path.name)
            content_type = guessed or "application/octet-stream"
            if content_type.startswith("text/"):
                content_type += "; charset=utf-8"
            return Route(body=path.read_bytes(), content_type=content_type, **route_options)

        with self._lock:
            self._prefixes.append((prefix, lookup))

    def add_prefix(self, prefix: str, lookup: Callable[[Request], Route | None]) -> None:
        """Answer every path under `prefix` with `lookup(request)` (None: 404)."""
        with self._lock:
            self._prefixes.append((prefix, lookup))

    # request log ---------------------------------------------------------
    def requests_for(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # internals -----------------------------------------------------------
    def _resolve(self, request: Request) -> Route:
        with self._lock:
            handler = self._routes.get(request.path) or self._routes.get(urlsplit(request.path).path)
            prefixes = list(self._prefixes)
        if handler is None:
            for prefix, lookup in prefixes:
                if request.path.startswith(prefix):
                    found = lookup(request)
                    if found is not None:
                        return found
            return Route(status=404, body=b"not found", content_type="text/plain")
        return handler(request) if callable(handler) else handler

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        request = Request(
            method=method, path=h.path, headers={k.lower(): v for k, v in h.headers.items()},
            at=time.monotonic(), client_port=h.client_address[1],
        )
        with self._lock:
            self.requests.append(request)
        route = self._resolve(request)
        if route.delay_s:
            time.sleep(route.delay_s)
        if route.reset:
            _reset(h)
            return
        body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
        headers = dict(route.headers)
        etag = f'"lie-{next(_lie_counter)}"' if route.lying_etag else route.etag
        if etag:
            headers["ETag"] = etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        status = route.status
        if not route.lying_etag and status == 200 and _not_modified(request, route):
            status, body = 304, b""
        if status != 304:
            if route.raw_gzip_body is not None:
                body = route.raw_gzip_body
                headers["Content-Encoding"] = "gzip"
            elif route.gzip:
                body = gzip_lib.compress(body)
                headers["Content-Encoding"] = "gzip"
        h.send_response(status)
        if route.content_type and status != 304:
            h.send_header("Content-Type", route.content_type)
        for name, value in headers.items():
            h.send_header(name, value)
        if route.content_length or status == 304:
            h.send_header("Content-Length", str(len(body) if status != 304 else 0))
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        if method == "HEAD" or status == 304:
            return
        try:
            if route.reset_after_bytes is not None:
                h.wfile.write(body[: route.reset_after_bytes])
                h.wfile.flush()
                _reset(h)
                return
            if route.drip_bytes:
                for start in range(0, len(body), route.drip_bytes):
                    time.sleep(route.drip_delay_s)
                    h.wfile.write(body[start:start + route.drip_bytes])
                    h.wfile.flush()
            else:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True  # the client gave up (a timeout or a size limit): expected


def _not_modified(request: Request, route: Route) -> bool:
    if route.etag and request.headers.get("if-none-match"):
        return route.etag in [tag.strip() for tag in request.headers["if-none-match"].split(",")]
    if route.last_modified and request.headers.get("if-modified-since"):
        return request.headers["if-modified-since"] == route.last_modified
    return False


def _reset(h: BaseHTTPRequestHandler) -> None:
    """Close the connection with a TCP RST (SO_LINGER 0) rather than a clean FIN."""
    try:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    h.close_connection = True
    try:
        h.connection.close()
    except OSError:
        pass
