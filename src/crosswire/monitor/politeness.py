"""Fetching as a good citizen: robots.txt, a minimum interval per host, conditional GET.

Outlets tolerate monitors that identify themselves, ask rarely and ask cheaply. So each
host gets at most one request per ``min_interval`` (or its robots.txt ``Crawl-delay``, if
longer); robots.txt is read once per host per ``robots_ttl`` (RFC 9309: a 4xx means no
rules, a 5xx or no answer means "stay out" until it answers); and a URL fetched before is
asked for with ``If-None-Match``/``If-Modified-Since``, so an unchanged feed costs a 304.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from .fetch import BlockedURL, FetchError, Response, SafeClient
from .state import MonitorState

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
ROBOTS_TTL = 3600.0
ROBOTS_UNREACHABLE_TTL = 300.0


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class HostThrottle:
    """``min_interval`` seconds (longer if the host asks) from the end of one request to a host
    to the start of the next: counted from the end, so a slow connection cannot shorten it."""

    def __init__(self, min_interval: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.min_interval = min_interval
        self.clock, self.sleep = clock, sleep
        self._last: dict[str, float] = {}
        self._interval: dict[str, float] = {}

    def set_interval(self, url: str, seconds: float) -> None:
        self._interval[host_key(url)] = max(self.min_interval, seconds)

    def wait(self, url: str) -> None:
        key = host_key(url)
        last = self._last.get(key)
        if last is not None:
            delay = last + self._interval.get(key, self.min_interval) - self.clock()
            if delay > 0:
                self.sleep(delay)
        self._last[key] = self.clock()

    def done(self, url: str) -> None:
        self._last[host_key(url)] = self.clock()


class RobotsCache:
    """robots.txt rules per host, fetched through the same safe client and throttle."""

    def __init__(self, client: SafeClient, throttle: HostThrottle, user_agent: str, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.client, self.throttle, self.user_agent, self.clock = client, throttle, user_agent, clock
        self._rules: dict[str, tuple[RobotFileParser | None, bool, float]] = {}

    def allowed(self, url: str) -> bool:
        parser, allow_all, expires = self._rules.get(host_key(url), (None, False, -1.0))
        if expires < self.clock():
            parser, allow_all = self._load(url)
        return allow_all if parser is None else parser.can_fetch(self.user_agent, url)

    def _load(self, url: str) -> tuple[RobotFileParser | None, bool]:
        key = host_key(url)
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        parser: RobotFileParser | None = None
        ttl = ROBOTS_TTL
        try:
            response = self.client.get(robots_url, before_hop=self.throttle.wait, after_hop=self.throttle.done,
                                       max_bytes=ROBOTS_MAX_BYTES)
        except BlockedURL:
            raise
        except FetchError as exc:
            allow_all, ttl = exc.status is not None and exc.status < 500 and exc.status != 429, ROBOTS_UNREACHABLE_TTL
        else:
            allow_all = 400 <= response.status < 500
            if 200 <= response.status < 300:
                parser = RobotFileParser(robots_url)
                parser.parse(response.body.decode("utf-8", "replace").splitlines())
                delay = parser.crawl_delay(self.user_agent)
                if delay:
                    self.throttle.set_interval(url, float(delay))
            elif not allow_all:  # a 3xx loop end or a 5xx: unreachable, stay out for now
                ttl = ROBOTS_UNREACHABLE_TTL
        self._rules[key] = (parser, allow_all, self.clock() + ttl)
        return parser, allow_all


@dataclass
class Fetched:
    """A fetched URL: ``response`` is None when the server said 304 Not Modified."""

    url: str
    response: Response | None

    @property
    def not_modified(self) -> bool:
        return self.response is None


class PoliteFetcher:
    """The safe client plus robots.txt, per-host throttling and conditional GET state."""

    def __init__(self, client: SafeClient, state: MonitorState, *, min_interval: float,
                 respect_robots: bool = True, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.client, self.state = client, state
        self.throttle = HostThrottle(min_interval, clock=clock, sleep=sleep)
        self.robots = RobotsCache(client, self.throttle, client.settings.user_agent, clock=clock) if respect_robots else None

    def _before_hop(self, url: str) -> None:
        if self.robots is not None and not self.robots.allowed(url):
            raise BlockedURL(url, "disallowed by robots.txt")
        self.throttle.wait(url)

    def fetch(self, url: str, *, conditional: bool = True) -> Fetched:
        """GET ``url``; a 304 answer to our validators comes back as ``not_modified``.

        Other non-2xx answers raise :class:`FetchError` (retryable for 5xx, as the client says).
        """
        headers: dict[str, str] = {}
        if conditional:
            etag, last_modified = self.state.validators(url)
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        response = self.client.get(url, headers, before_hop=self._before_hop, after_hop=self.throttle.done)
        if response.status == 304 and headers:
            return Fetched(url, None)
        if not 200 <= response.status < 300:
            raise FetchError(url, f"HTTP {response.status}", status=response.status)
        return Fetched(url, response)
