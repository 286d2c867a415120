"""The safe client against a real local server: address checks before connecting, limits, retries."""
from __future__ import annotations

import ipaddress
import time

import pytest
from monitor_servers import LocalServer, Route

from crosswire.monitor.fetch import BlockedURL, FetchError, FetchSettings, SafeClient, parse_networks

LOOPBACK = parse_networks(["127.0.0.0/8"])

REFUSED = [
    "http://127.0.0.1:9/", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://127.1/",
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://0.0.0.0/", "http://224.0.0.1/",
    "http://100.64.0.1/", "http://192.168.1.1/", "http://[fc00::1]/", "http://[2002:7f00:1::]/",
    "http://240.0.0.1/", "http://localhost:9/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_non_public_addresses_are_refused_before_connecting(url: str, connections: list) -> None:
    with SafeClient(FetchSettings(retries=0)) as client, pytest.raises(BlockedURL, match="non-public address"):
        client.get(url)
    assert connections == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1/", "//127.0.0.1/",
                                 "http://user:pw@127.0.0.1/"])
def test_only_plain_http_urls(url: str, connections: list) -> None:
    with SafeClient(FetchSettings(allow_private=True)) as client, pytest.raises(BlockedURL):
        client.get(url)
    assert connections == []


def test_allowing_loopback_allows_only_loopback() -> None:
    with SafeClient(FetchSettings(allow_private=LOOPBACK, retries=0)) as client:
        with pytest.raises(BlockedURL, match="10.0.0.1"):
            client.get("http://10.0.0.1/")
        with pytest.raises(BlockedURL):
            client.get("http://[::ffff:10.0.0.1]/")


def test_redirect_to_private_address_is_refused_without_connecting(server: LocalServer, connections: list) -> None:
    server.routes["/go"] = Route(status=302, headers={"Location": "/hop"})
    server.routes["/hop"] = Route(status=301, headers={"Location": "http://10.0.0.1/admin"})
    with SafeClient(FetchSettings(allow_private=LOOPBACK)) as client, pytest.raises(BlockedURL, match="10.0.0.1"):
        client.get(server.url("/go"))
    assert [r.path for r in server.requests] == ["/go", "/hop"]
    assert all(ipaddress.ip_address(a[0]).is_loopback for a in connections) and connections


def test_redirects_are_followed_and_counted(server: LocalServer) -> None:
    server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    server.routes["/b"] = Route(b"landed", content_type="text/plain")
    server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with SafeClient(FetchSettings(allow_private=LOOPBACK, max_redirects=3)) as client:
        response = client.get(server.url("/a"))
        assert (response.status, response.body, response.final_url) == (200, b"landed", server.url("/b"))
        with pytest.raises(FetchError, match="more than 3 redirects"):
            client.get(server.url("/loop"))
    assert len(server.hits("/loop")) == 4


@pytest.mark.parametrize("no_length", [False, True])
def test_bodies_stop_at_max_bytes(server: LocalServer, no_length: bool) -> None:
    server.routes["/big"] = Route(b"x" * 500_000, content_type="text/plain", no_length=no_length)
    with SafeClient(FetchSettings(allow_private=LOOPBACK, max_bytes=100_000)) as client:
        with pytest.raises(FetchError, match="too large") as caught:
            client.get(server.url("/big"))
    assert not caught.value.retryable and len(server.hits("/big")) == 1


def test_slow_server_times_out_and_is_retried_with_backoff(server: LocalServer) -> None:
    server.routes["/slow"] = Route(b"late", delay=1.0)
    slept: list[float] = []
    settings = FetchSettings(allow_private=LOOPBACK, read_timeout=0.2, retries=2, backoff=0.01)
    started = time.monotonic()
    with SafeClient(settings, sleep=slept.append) as client, pytest.raises(FetchError, match="timed out") as caught:
        client.get(server.url("/slow"))
    assert caught.value.retryable and slept == [0.01, 0.02]
    assert len(server.hits("/slow")) == 3 and time.monotonic() - started < 2.5


def test_server_errors_are_retried_then_succeed(server: LocalServer) -> None:
    server.routes["/flaky"] = Route(b"ok", content_type="text/plain", statuses=[500, 503])
    with SafeClient(FetchSettings(allow_private=LOOPBACK, retries=2, backoff=0.01)) as client:
        response = client.get(server.url("/flaky"))
    assert (response.status, response.body, len(server.hits("/flaky"))) == (200, b"ok", 3)


def test_user_agent_and_host_header(server: LocalServer) -> None:
    server.routes["/p"] = Route(b"ok")
    with SafeClient(FetchSettings(allow_private=LOOPBACK, user_agent="crosswire/0.1 (+desk@example.org)")) as client:
        client.get(server.url("/p", host="localhost"))
    seen = server.hits("/p")[0].headers
    assert seen["User-Agent"] == "crosswire/0.1 (+desk@example.org)" and seen["Host"] == f"localhost:{server.port}"
