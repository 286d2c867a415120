"""robots.txt, the per-host interval and conditional GET, observed from the server's side."""
from __future__ import annotations

import pytest
from monitor_servers import LocalServer, Route

from crosswire.monitor.fetch import BlockedURL, FetchSettings, SafeClient, parse_networks
from crosswire.monitor.politeness import PoliteFetcher
from crosswire.monitor.state import MonitorState
from crosswire.store.sqlite import Store

AGENT = "crosswire/0.1 (+desk@example.org)"


@pytest.fixture
def polite(db: str):
    def make(interval: float = 0.0) -> PoliteFetcher:
        client = SafeClient(FetchSettings(allow_private=parse_networks(["127.0.0.0/8"]), user_agent=AGENT))
        return PoliteFetcher(client, MonitorState(Store(db)), min_interval=interval)
    return make


def test_robots_disallow_is_honoured_for_our_agent(server: LocalServer, polite) -> None:
    server.routes["/robots.txt"] = Route(b"User-agent: crosswire\nDisallow: /archive/\n\nUser-agent: *\nDisallow: /\n",
                                         content_type="text/plain")
    server.routes["/archive/1"] = Route(b"old")
    server.routes["/news/1"] = Route(b"new")
    fetcher = polite()
    with pytest.raises(BlockedURL, match="robots.txt"):
        fetcher.fetch(server.url("/archive/1"))
    assert fetcher.fetch(server.url("/news/1")).response.body == b"new"  # "*" says no, our group says yes
    assert server.hits("/archive/1") == [] and len(server.hits("/robots.txt")) == 1


def test_robots_unreachable_means_stay_out_missing_means_go(server: LocalServer, polite) -> None:
    server.routes["/robots.txt"] = Route(status=503)
    server.routes["/page"] = Route(b"x")
    with pytest.raises(BlockedURL):
        polite().fetch(server.url("/page"))
    del server.routes["/robots.txt"]  # now a 404: no rules
    assert polite().fetch(server.url("/page")).response.status == 200


def test_rate_limit_spaces_requests_to_one_host(server: LocalServer, polite) -> None:
    server.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", content_type="text/plain")
    server.routes["/a"] = Route(b"a")
    fetcher = polite(interval=0.3)
    fetcher.fetch(server.url("/a"))
    fetcher.fetch(server.url("/a"))
    times = [r.at for r in server.requests]
    assert len(times) == 3 and all(b - a >= 0.29 for a, b in zip(times, times[1:]))


def test_conditional_get_sends_validators_and_handles_304(server: LocalServer, polite) -> None:
    server.routes["/feed"] = Route(b"<rss/>", etag='"v1"', headers={"Last-Modified": "Tue, 05 Mar 2024 10:00:00 GMT"})
    fetcher = polite()
    first = fetcher.fetch(server.url("/feed"))
    fetcher.state.url_fetched(server.url("/feed"), first.response.headers["etag"],
                              first.response.headers["last-modified"], None, None)
    second = fetcher.fetch(server.url("/feed"))
    assert second.not_modified
    sent = server.hits("/feed")[1].headers
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Tue, 05 Mar 2024 10:00:00 GMT"
