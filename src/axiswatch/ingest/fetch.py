"""Fetch web pages and feeds politely and defensively.

One :class:`Fetcher` per run. For every request it:

* identifies itself with a user agent naming axiswatch;
* asks the host's ``robots.txt`` first (once per host) and keeps its
  ``Crawl-delay``; a ``robots.txt`` that answers 401/403 or a server error
  means "do not fetch", a missing one (404) means "fetch anything";
* waits so that one host sees at most one request per ``min_interval`` seconds;
* retries connection failures, timeouts, 429 and 5xx answers with exponential
  backoff (a ``Retry-After`` in seconds is honoured, capped);
* gives up on a response larger than ``max_bytes`` (announced or streamed),
  one that takes longer than ``deadline`` seconds in all (a slow drip), a
  redirect loop, or a content type that is neither text, HTML nor a feed;
* connects only to public internet addresses, checked after DNS resolution and
  on every redirect (:mod:`axiswatch.ingest.addresses`), unless ``allow_private``;
* keeps the raw bytes of what it fetched in a cache folder, so that a re-run
  reads them from disk; feeds are asked again with ``If-None-Match`` /
  ``If-Modified-Since`` (``refresh=True``).

Every failure is a :class:`FetchError` naming the URL and the problem.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from axiswatch import __version__
from axiswatch.ingest.addresses import BlockedAddress, PublicOnlyTransport, parse_networks

USER_AGENT = f"axiswatch/{__version__} (+https://github.com/axiswatch/axiswatch; news research)"
ROBOTS_NAME = "axiswatch"
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/xml",
                        "text/xml", "application/rdf+xml", "application/feed+json"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    def __init__(self, url: str, reason: str, transient: bool = False,
                 status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.transient = transient  # worth trying again on a later run
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = USER_AGENT
    timeout: float = 20.0          # connect and per-read timeout, seconds
    deadline: float = 60.0         # whole response, seconds
    retries: int = 3
    backoff: float = 0.5           # first wait; doubles each retry
    max_backoff: float = 30.0
    min_interval: float = 1.0      # seconds between requests to one host
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    respect_robots: bool = True
    cache_dir: str | None = None
    allow_private: bool = False    # fetch from loopback/private/link-local addresses too
    allow_networks: str | None = None  # or only from these ("10.8.0.0/16,192.168.1.5")

    @classmethod
    def from_mapping(cls, data: dict) -> FetchSettings:
        """Settings from a configuration file, each checked against its default's type."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fetch setting(s): {', '.join(unknown)}")
        defaults = cls()
        for name, value in data.items():
            default = getattr(defaults, name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int | float):
                ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
                if ok and isinstance(default, int) and not isinstance(value, int):
                    ok = False
            else:
                ok = isinstance(value, str) or (default is None and value is None)
            if not ok:
                kind = {bool: "true or false", int: "whole number, 0 or more",
                        float: "number, 0 or more"}.get(type(default), "text")
                raise ValueError(f"{name}: expected a {kind}, not {value!r}")
        return cls(**data)


@dataclass
class Response:
    url: str                      # as asked
    final_url: str                # after redirects
    status: int
    content_type: str             # media type only, lower case ("" when none)
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    from_cache: bool = False
    not_modified: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def default_cache_dir() -> Path:
    root = os.environ.get("AXISWATCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "axiswatch")
    return Path(root) / "http"


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return message.get_content_type().lower(), str(charset) if charset else None


class ResponseCache:
    """Raw bytes and headers of fetched URLs, one pair of files per URL."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / f"{key}.body", self.folder / f"{key}.json"

    def get(self, url: str) -> Response | None:
        body_path, meta_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if len(body) != meta.get("length"):
            return None  # a torn write: fetch again
        meta.pop("length", None)
        meta["body"] = body
        meta["from_cache"] = True
        try:
            return Response(**meta)
        except TypeError:
            return None

    def put(self, response: Response) -> None:
        body_path, meta_path = self._paths(response.url)
        meta = {k: v for k, v in asdict(response).items()
                if k not in ("body", "from_cache", "not_modified")}
        meta["length"] = len(response.body)
        for path, data in ((body_path, response.body),
                           (meta_path, json.dumps(meta).encode("utf-8"))):
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)


class Fetcher:
    def __init__(self, settings: FetchSettings | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or FetchSettings()
        s = self.settings
        self.cache = ResponseCache(s.cache_dir or default_cache_dir())
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self.requests = 0  # requests sent, for reports and tests
        self._client = httpx.Client(
            headers={"User-Agent": s.user_agent,
                     "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                               "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,"
                               "*/*;q=0.1"},
            timeout=httpx.Timeout(s.timeout), follow_redirects=True,
            max_redirects=s.max_redirects,
            transport=None if s.allow_private else
            PublicOnlyTransport(parse_networks(s.allow_networks)))

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- politeness ------------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        interval = max(self.settings.min_interval, self._delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            wait = last + interval - time.monotonic()
            if wait > 0:
                self._sleep(wait)
        self._last[host] = time.monotonic()

    def _robots_for(self, url: str) -> RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            response = self._request(origin + "/robots.txt", {}, retries=1, check_type=False)
        except FetchError as exc:
            if exc.transient:
                raise FetchError(url, f"robots.txt could not be read ({exc.reason}); "
                                      "not fetching", transient=True) from None
            if exc.status in (401, 403):
                parser.disallow_all = True  # type: ignore[attr-defined]  # not in typeshed
            else:
                parser.allow_all = True  # type: ignore[attr-defined]  # not in typeshed
        else:
            text = response.body[:512 * 1024].decode("utf-8", errors="replace")
            parser.parse(text.splitlines())
            delay = parser.crawl_delay(ROBOTS_NAME)
            if delay:
                self._delay[parts.netloc] = min(float(delay), 30.0)
        self._robots[origin] = parser
        return parser

    def allowed(self, url: str) -> bool:
        if not self.settings.respect_robots:
            return True
        parser = self._robots_for(url)
        return parser is None or parser.can_fetch(ROBOTS_NAME, url)

    # -- requests --------------------------------------------------------

    def fetch(self, url: str, kinds: frozenset[str] = TEXT_TYPES | FEED_TYPES,
              refresh: bool = False) -> Response:
        """The response for ``url``, from the cache unless ``refresh``."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) URL")
        cached = self.cache.get(url)
        if cached is not None and not refresh:
            return cached
        if not self.allowed(url):
            raise FetchError(url, "disallowed by the site's robots.txt")
        headers = {}
        if cached is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        response = self._request(url, headers, retries=self.settings.retries, kinds=kinds)
        if response.status == 304 and cached is not None:
            cached.not_modified = True
            return cached
        self.cache.put(response)
        return response

    def _request(self, url: str, headers: dict[str, str], retries: int,
                 kinds: frozenset[str] = TEXT_TYPES | FEED_TYPES,
                 check_type: bool = True) -> Response:
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            self._wait_turn(host)
            try:
                return self._once(url, headers, kinds, check_type)
            except FetchError as exc:
                attempt += 1
                if not exc.transient or attempt > retries:
                    if exc.transient and attempt > 1:
                        raise FetchError(url, f"{exc.reason} (gave up after {attempt} "
                                              "attempts)", transient=True) from None
                    raise
                wait = min(self.settings.backoff * 2 ** (attempt - 1), self.settings.max_backoff)
                if exc.retry_after is not None:
                    wait = min(max(wait, exc.retry_after), self.settings.max_backoff)
                self._sleep(wait)

    def _once(self, url: str, headers: dict[str, str], kinds: frozenset[str],
              check_type: bool) -> Response:
        s = self.settings
        started = time.monotonic()
        self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                if r.status_code in RETRY_STATUSES:
                    raise FetchError(url, f"HTTP {r.status_code}", transient=True,
                                     status=r.status_code,
                                     retry_after=_retry_after(r.headers.get("retry-after")))
                if r.status_code == 304:
                    return Response(url, str(r.url), 304, "", None, b"")
                if r.status_code >= 400:
                    raise FetchError(url, f"HTTP {r.status_code}", status=r.status_code)
                media, charset = _media_type(r.headers.get("content-type"))
                if check_type and media and media not in kinds and not media.startswith("text/"):
                    raise FetchError(url, f"unsupported content type {media}")
                announced = r.headers.get("content-length")
                if announced and announced.isdigit() and int(announced) > s.max_bytes:
                    raise FetchError(url, f"response too large ({int(announced):,} bytes; "
                                          f"limit {s.max_bytes:,})")
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > s.max_bytes:
                        raise FetchError(url, f"response too large (over {s.max_bytes:,} "
                                              "bytes)")
                    if time.monotonic() - started > s.deadline:
                        raise FetchError(url, f"response too slow (over {s.deadline:g} s)",
                                         transient=True)
                    chunks.append(chunk)
                return Response(url, str(r.url), r.status_code, media, charset, b"".join(chunks),
                                etag=r.headers.get("etag"),
                                last_modified=r.headers.get("last-modified"))
        except BlockedAddress as exc:
            raise FetchError(url, str(exc)) from None
        except httpx.TooManyRedirects:
            raise FetchError(url, f"too many redirects (more than {s.max_redirects}; "
                                  "a redirect loop?)") from None
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out (no answer within {s.timeout:g} s)",
                             transient=True) from None
        except httpx.UnsupportedProtocol:
            raise FetchError(url, "redirected to a URL that is not http(s)") from None
        except (httpx.DecodingError, httpx.RemoteProtocolError) as exc:
            raise FetchError(url, f"broken response ({exc})", transient=True) from None
        except httpx.TransportError as exc:
            raise FetchError(url, f"cannot connect ({exc or type(exc).__name__})",
                             transient=True) from None
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"invalid URL ({exc})") from None


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
