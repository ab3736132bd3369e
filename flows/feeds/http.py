"""HTTP fetching for feeds, pages and robots.txt: the only module that talks to the network.

Every request:
- only http/https; each hop of a redirect chain is checked again: hosts that
  resolve to private, loopback, link-local, reserved or cloud-metadata
  addresses are refused unless the host is on the allow-list;
- connect, read and total timeouts; redirects followed by hand up to a limit,
  loops detected; conditional GET (If-None-Match / If-Modified-Since);
- the body is streamed raw and decompressed here (gzip/deflate) with a bound
  on the output, so a body over `max_bytes` after decompression (a gzip bomb
  included) is cut without ever being held in memory;
- a User-Agent naming the project.

`fetch_many` runs requests in a thread pool with a per-host concurrency limit
and a politeness delay between two requests to the same host, and checks
robots.txt (fetched once per host per `Fetcher`) for pages. Nothing here
raises for a network problem: every outcome is a `FetchResult` with a
status and/or an error.

Known limit: the address check resolves the host before httpx connects; a
DNS answer that changes in between (rebinding) is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from flows.feeds.model import FetchRequest, FetchResult
from flows.feeds.settings import FetchSettings

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
_METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})
_METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
                                 ipaddress.ip_address("100.100.100.200")})


class _Refused(Exception):
    pass


class _Unreachable(Exception):
    pass


def _is_forbidden_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address in _METADATA_ADDRESSES or address.is_private or address.is_loopback or address.is_link_local
        or address.is_reserved or address.is_multicast or address.is_unspecified
        or (isinstance(address, ipaddress.IPv4Address) and address in ipaddress.ip_network("100.64.0.0/10"))
    )


def check_destination(url: str, settings: FetchSettings) -> None:
    """Raise _Refused (scheme, private address) or _Unreachable (no such host) for a URL we must not fetch."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise _Refused(f"refused: scheme {parts.scheme or '(none)'!r} (only http and https)")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise _Refused("refused: URL without a host")
    if host in settings.allow_hosts:
        return
    if host in _METADATA_HOSTS:
        raise _Refused(f"refused: {host} is a cloud metadata host")
    try:
        literal = ipaddress.ip_address(host)
        addresses = [literal]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                       type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, OSError) as exc:
            raise _Unreachable(f"unreachable: cannot resolve {host} ({exc})") from None
        addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    for address in addresses:
        if _is_forbidden_address(address):
            raise _Refused(
                f"refused: {host} resolves to the non-public address {address}; "
                f"add it to ALLIANCE_TIMELINE_ALLOW_HOSTS to allow it"
            )


class _Decoder:
    """Bounded decompression of a raw body (identity, gzip, deflate)."""

    def __init__(self, encoding: str) -> None:
        encoding = (encoding or "identity").strip().lower()
        if encoding in ("identity", ""):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
        else:
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")
        self._deflate_raw_tried = encoding != "deflate"

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decompress `data`, producing at most `limit` + 1 bytes (enough to see the limit crossed)."""
        if self._zlib is None:
            return data[: limit + 1]
        try:
            out = self._zlib.decompress(data, limit + 1)
        except zlib.error:
            if self._deflate_raw_tried:
                raise
            self._deflate_raw_tried = True  # some servers send raw deflate without the zlib header
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._zlib.decompress(data, limit + 1)
        return out


class HostGate:
    """Per-host concurrency limit and a minimum delay between request starts to one host."""

    def __init__(self, per_host: int, delay_s: float) -> None:
        self._per_host = max(1, per_host)
        self._delay_s = max(0.0, delay_s)
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            semaphore = self._semaphores.setdefault(host, threading.Semaphore(self._per_host))
        with semaphore:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, 0.0))
                self._next_start[host] = start + self._delay_s
            if start > now:
                time.sleep(start - now)
            yield


def _headers_of(response: httpx.Response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items()}


def fetch_url(client: httpx.Client, request: FetchRequest, settings: FetchSettings,
              max_bytes: int | None = None) -> FetchResult:
    """GET one URL under the rules above. Never raises for network or server problems."""
    limit = settings.max_bytes if max_bytes is None else max_bytes
    started = time.monotonic()
    deadline = started + settings.total_timeout_s
    result = FetchResult(url=request.url, kind=request.kind, final_url=request.url, key=request.key)
    accept = FEED_ACCEPT if request.kind == "feed" else "text/plain, */*;q=0.5" if request.kind == "robots" else PAGE_ACCEPT
    headers = {"User-Agent": settings.user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    visited = [request.url]
    current = request.url
    try:
        while True:
            check_destination(current, settings)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise httpx.ReadTimeout("total timeout")
            timeout = httpx.Timeout(connect=min(settings.connect_timeout_s, remaining),
                                    read=min(settings.read_timeout_s, remaining),
                                    write=min(settings.read_timeout_s, remaining), pool=remaining)
            with client.stream("GET", current, headers=headers, timeout=timeout) as response:
                result.status = response.status_code
                result.headers = _headers_of(response)
                result.final_url = current
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    nxt = urljoin(current, location.strip())
                    result.redirects += 1
                    if nxt in visited:
                        result.error = "redirect loop: " + " -> ".join(visited + [nxt])
                        break
                    if result.redirects > settings.max_redirects:
                        result.error = f"too many redirects (more than {settings.max_redirects})"
                        break
                    visited.append(nxt)
                    current = nxt
                    continue
                if response.status_code == 304 or response.status_code >= 400 or response.status_code < 200:
                    if response.status_code == 304:
                        # a 304 has no body; reading it marks the response complete, so the connection
                        # goes back to the pool instead of being closed (a run whose hundred feeds
                        # all answer 304 opened a hundred connections to the same host)
                        response.read()
                    if response.status_code >= 400:
                        result.error = f"HTTP {response.status_code} {response.reason_phrase}".strip()
                    break
                result.content = _read_body(response, limit, deadline, result)
                break
    except _Refused as exc:
        result.error = str(exc)
    except _Unreachable as exc:
        result.error = str(exc)
    except httpx.ConnectTimeout:
        result.error = f"connect timeout (over {settings.connect_timeout_s:g}s)"
    except httpx.ReadTimeout as exc:
        if "total timeout" in str(exc) or time.monotonic() >= deadline:
            result.error = f"total timeout (over {settings.total_timeout_s:g}s)"
        else:
            result.error = f"read timeout (no data for {settings.read_timeout_s:g}s)"
    except httpx.TimeoutException as exc:
        result.error = f"timeout: {type(exc).__name__}"
    except httpx.ConnectError as exc:
        result.error = f"could not connect: {exc}"[:500]
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        result.error = f"connection broken: {type(exc).__name__}: {exc or 'closed by the server'}"[:500]
    except (httpx.HTTPError, ValueError, zlib.error, OSError) as exc:
        result.error = f"{type(exc).__name__}: {exc}"[:500]
    result.duration_s = time.monotonic() - started
    if result.error and result.content is not None and not result.ok:
        result.content = None
    return result


def _read_body(response: httpx.Response, limit: int, deadline: float, result: FetchResult) -> bytes | None:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and response.headers.get("content-encoding", "identity") == "identity" \
            and int(declared) > limit:
        result.error = f"body too large: Content-Length {declared} over the {limit}-byte limit"
        return None
    decoder = _Decoder(response.headers.get("content-encoding", "identity"))
    chunks: list[bytes] = []
    size = 0
    for raw in response.iter_raw():
        data = decoder.feed(raw, limit - size)
        size += len(data)
        result.bytes_read = size
        if size > limit:
            result.error = f"body too large: over the {limit}-byte limit (after decompression); cut"
            return None
        chunks.append(data)
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("total timeout")
    return b"".join(chunks)


class RobotsRules:
    """robots.txt per origin, fetched once (RFC 9309: 4xx allows all, 5xx/unreachable disallows all)."""

    def __init__(self, client: httpx.Client, settings: FetchSettings, gate: HostGate) -> None:
        self._client = client
        self._settings = settings
        self._gate = gate
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, tuple[RobotFileParser | None, bool]] = {}  # origin -> (parser, allow_all)
        self.fetches: list[FetchResult] = []

    def allowed(self, url: str) -> tuple[bool, str | None]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        with origin_lock:
            if origin not in self._rules:
                self._rules[origin] = self._load(origin)
        parser, allow_all = self._rules[origin]
        if parser is None:
            return allow_all, None if allow_all else f"robots.txt of {origin} could not be read; not fetched (RFC 9309)"
        if parser.can_fetch(self._settings.user_agent, url):
            return True, None
        return False, f"robots.txt of {origin} disallows this URL"

    def _load(self, origin: str) -> tuple[RobotFileParser | None, bool]:
        request = FetchRequest(url=f"{origin}/robots.txt", kind="robots")
        with self._gate.slot(request.url):
            result = fetch_url(self._client, request, self._settings, max_bytes=ROBOTS_MAX_BYTES)
        with self._lock:
            self.fetches.append(result)
        if result.ok and result.content is not None:
            parser = RobotFileParser()
            parser.parse(result.content.decode("utf-8", errors="replace").splitlines())
            return parser, True
        if result.status is not None and 400 <= result.status < 500:
            return None, True
        return None, False


def new_client(settings: FetchSettings) -> httpx.Client:
    return httpx.Client(
        follow_redirects=False, trust_env=False, http2=False,
        limits=httpx.Limits(max_connections=max(1, settings.max_workers) * 2, max_keepalive_connections=16),
        timeout=httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s),
    )


class Fetcher:
    """A client, a host gate and robots rules shared by every fetch of one run."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self.client = new_client(settings)
        self.gate = HostGate(settings.per_host_concurrency, settings.politeness_delay_s)
        self.robots = RobotsRules(self.client, settings, self.gate)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fetch_one(self, request: FetchRequest) -> FetchResult:
        if request.kind == "page" and self.settings.respect_robots:
            try:
                check_destination(request.url, self.settings)
            except (_Refused, _Unreachable) as exc:
                return FetchResult(url=request.url, kind=request.kind, final_url=request.url, error=str(exc),
                                   key=request.key)
            allowed, why = self.robots.allowed(request.url)
            if not allowed:
                return FetchResult(url=request.url, kind=request.kind, final_url=request.url,
                                   error=f"refused: {why}", key=request.key)
        with self.gate.slot(request.url):
            return fetch_url(self.client, request, self.settings)

    def fetch_many(self, requests: list[FetchRequest]) -> list[FetchResult]:
        """Fetch all requests concurrently (per-host limits apply); results in request order."""
        if not requests:
            return []
        order = _interleave_by_host(list(range(len(requests))), [requests[i].url for i in range(len(requests))])
        results: list[FetchResult | None] = [None] * len(requests)
        workers = max(1, min(self.settings.max_workers, len(requests)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
            futures = {pool.submit(self.fetch_one, requests[i]): i for i in order}
            for future, index in futures.items():
                try:
                    results[index] = future.result()
                except Exception as exc:  # a bug must not lose the other results
                    request = requests[index]
                    results[index] = FetchResult(url=request.url, kind=request.kind, final_url=request.url,
                                                 error=f"{type(exc).__name__}: {exc}"[:500], key=request.key)
        return [r for r in results if r is not None]


def _interleave_by_host(indexes: list[int], urls: list[str]) -> list[int]:
    """Round-robin over hosts so one slow host does not hold every worker."""
    by_host: dict[str, list[int]] = {}
    for index in indexes:
        by_host.setdefault((urlsplit(urls[index]).hostname or "").lower(), []).append(index)
    queues = list(by_host.values())
    order: list[int] = []
    while queues:
        for queue in list(queues):
            order.append(queue.pop(0))
            if not queue:
                queues.remove(queue)
    return order
