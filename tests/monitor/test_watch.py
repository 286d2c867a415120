"""The watcher end to end against a real local server whose feeds change between polls."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.monitor.config import config_from_dict
from crosswire.monitor.watch import Watcher
from crosswire.store.sqlite import Store

from monitor_servers import LocalServer, Route

DREDGING = [
    "The harbour authority approved a plan on Tuesday to dredge the northern channel of the port of Elsmere, "
    "a project that engineers say will allow container ships twice the present size to dock by the end of the decade.",
    '"We will finish the dredging before the winter storms arrive, and the fishermen will be compensated in full," '
    "said Mayor Jane Roe at a press conference in the old customs house.",
    "Environmental groups have asked for an independent survey of the silt, which they believe contains heavy metals "
    "left by the shipyards that closed in the nineteen seventies, and they have promised to take the authority to court.",
    "Work is expected to begin in the spring once the licences are granted by the regional ministry, and the authority "
    "has promised monthly public meetings so that residents can follow the progress of the works.",
]
REACTION = [
    "Fishermen in Elsmere reacted with anger on Tuesday to the harbour authority's plan to dredge the northern "
    "channel of the port, saying the oyster beds near the breakwater would be destroyed.",
    '"We will finish the dredging before the winter storms come, and fishermen will be compensated in full," '
    "Mayor Jane Roe told Coast News.",
    "The association of oyster farmers said it would ask the regional ministry to refuse the licences.",
]
LIBRARY = [
    "The city library will open on Sundays from next month, the culture department announced on Monday, after a "
    "petition signed by four thousand readers.",
    "The extra hours will be paid for by a grant from a private foundation for the first two years.",
]
INTERVIEW = [
    "In an interview on Wednesday, the mayor defended the cost of the harbour works in Elsmere.",
    '"Every cent of the forty million will be accounted for in public," said Mayor Jane Roe, adding that the '
    "accounts would be published each quarter.",
]


def page(title: str, paragraphs: list[str], date: str = "2024-03-05") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title><meta name='date' content='{date}'></head>"
            f"<body><nav>Home | News | Sport</nav><article><h1>{title}</h1>{body}</article></body></html>").encode()


def rss(server: LocalServer, title: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{server.url(path)}</link><description>{t}: summary"
                      f"</description></item>" for path, t in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{entries}</channel></rss>'.encode()


def sitemap(server: LocalServer, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{server.url(p)}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site(server: LocalServer) -> LocalServer:
    """Round 1: Harbor Daily's feed (2 items, one behind robots.txt), Coast News's sitemap, and
    feeds that fail in every way: garbage, slow, 500 then OK, a redirect to the metadata address,
    an oversized body."""
    r = server.routes
    r["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    r["/harbor/feed.xml"] = Route(rss(server, "Harbor Daily", [("/harbor/dredging", "Harbour dredging plan approved"),
                                                                ("/private/draft", "Library opens on Sundays")]),
                                  content_type="application/rss+xml", etag='"h1"')
    r["/harbor/dredging"] = Route(page("Harbour dredging plan approved", DREDGING))
    r["/private/draft"] = Route(page("Library opens on Sundays", LIBRARY))
    r["/coast/sitemap.xml"] = Route(sitemap(server, ["/coast/reaction"]), content_type="application/xml",
                                    headers={"Last-Modified": "Tue, 05 Mar 2024 10:00:00 GMT"})
    r["/coast/reaction"] = Route(page("Fishermen angry at dredging plan", REACTION))
    r["/broken/feed.xml"] = Route(b"<<<this is not a feed &&& at all", content_type="application/rss+xml")
    r["/slow/feed.xml"] = Route(rss(server, "Slow", [("/slow/a", "Slow")]), content_type="application/rss+xml", delay=3.0)
    r["/flaky/feed.xml"] = Route(rss(server, "Flaky", [("/flaky/a", "Library opens on Sundays")]),
                                 content_type="application/rss+xml", statuses=[500])
    r["/flaky/a"] = Route(page("Library opens on Sundays", LIBRARY))
    r["/evil/feed.xml"] = Route(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    r["/big/feed.xml"] = Route(b"<rss>" + b"x" * 300_000 + b"</rss>", content_type="application/rss+xml")
    return server


def config(server: LocalServer, tmp_path: Path, **sinks: dict) -> dict:
    feeds = [("/harbor/feed.xml", "Harbor Daily"), ("/coast/sitemap.xml", "Coast News"),
             ("/wire/sitemap.xml", "Wire Copy"), ("/broken/feed.xml", "Broken"), ("/slow/feed.xml", "Slow"),
             ("/flaky/feed.xml", "Flaky Times"), ("/evil/feed.xml", "Evil"), ("/big/feed.xml", "Big")]
    return {
        "options": {"allow_private_addresses": ["127.0.0.0/8"], "contact": "desk@example.org", "rate_limit": 0.05,
                    "timeout": 1.0, "total_timeout": 2.5, "retries": 1, "backoff": 0.01, "max_bytes": 200_000,
                    "story_outlets_threshold": 3},
        "feeds": [{"url": server.url(path), "outlet": outlet, "interval": "10m"} for path, outlet in feeds],
        "watch": {"people": ["Jane Roe"], "phrases": ["oyster beds"]},
        "sinks": [{"type": "jsonl", "path": str(tmp_path / "alerts.jsonl")}, *sinks.values()],
    }


def alert_lines(tmp_path: Path) -> list[dict]:
    path = tmp_path / "alerts.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def test_two_rounds_and_a_restart(site: LocalServer, tmp_path: Path, db: str, connections: list) -> None:
    clock = Clock()
    settings = config_from_dict(config(site, tmp_path))
    printed: list[str] = []
    with Store(db) as store, Watcher(store, settings, clock=clock, echo=printed.append) as watcher:
        first = watcher.run_once()
        round1_docs = store.count("documents")
        round1_alerts = alert_lines(tmp_path)
        flaky_hits = len(site.hits("/flaky/feed.xml"))

        # Round 2: a new item quoting the watched mayor; the wire copies Harbor Daily's article.
        site.routes["/harbor/feed.xml"] = Route(
            rss(site, "Harbor Daily", [("/harbor/interview", "Mayor defends harbour costs"),
                                       ("/harbor/dredging", "Harbour dredging plan approved"),
                                       ("/private/draft", "Library opens on Sundays")]),
            content_type="application/rss+xml", etag='"h2"')
        site.routes["/harbor/interview"] = Route(page("Mayor defends harbour costs", INTERVIEW))
        site.routes["/wire/sitemap.xml"] = Route(sitemap(site, ["/wire/copy"]), content_type="application/xml")
        wire = [p.replace("before the winter storms arrive", "before winter storms come") for p in DREDGING]
        site.routes["/wire/copy"] = Route(page("Harbour dredging plan approved", wire, "2024-03-06"))
        clock.now += 601
        second = watcher.run_once()

    # Round 1: the good feeds arrived, each bad one was reported and scheduled again.
    assert sorted(first.added) == sorted(set(first.added)) and len(first.added) == round1_docs == 4
    errors = "\n".join(first.errors)
    for path, reason in [("/broken/feed.xml", "malformed feed"), ("/slow/feed.xml", "timed out"),
                         ("/evil/feed.xml", "169.254.169.254"), ("/big/feed.xml", "too large"),
                         ("/private/draft", "robots.txt")]:
        assert any(path in line and reason in line for line in first.errors), (path, errors)
    assert not any("/flaky/" in line for line in first.errors), errors  # 500, then OK on the retry
    assert flaky_hits == 2
    assert site.hits("/private/draft") == []  # robots.txt honoured; the feed's own summary was used instead
    assert not [a for a in connections if a[0] != "127.0.0.1"]  # the metadata address was never contacted
    assert {r.headers["User-Agent"] for r in site.requests} == {"crosswire/0.1 (+desk@example.org)"}

    kinds1 = {a["kind"] for a in round1_alerts}
    assert {"watched_quote", "watched_phrase"} <= kinds1
    roe = next(a for a in round1_alerts if a["kind"] == "watched_quote")
    doc = Store(db).document(roe["evidence"]["document"])
    assert doc.text[roe["evidence"]["start"]:roe["evidence"]["end"]] == roe["evidence"]["text"]
    assert roe["evidence"]["url"].startswith(site.url("/"))

    # Round 2: only the changed feeds cost a full answer; the rest were conditional GETs.
    coast = site.hits("/coast/sitemap.xml")
    assert coast[1].headers.get("If-Modified-Since") == "Tue, 05 Mar 2024 10:00:00 GMT"
    harbor = site.hits("/harbor/feed.xml")
    assert "If-None-Match" not in harbor[0].headers and harbor[1].headers["If-None-Match"] == '"h1"'
    assert len(site.hits("/harbor/dredging")) == 1  # a seen item is not fetched again
    assert len(second.added) == 2

    new_alerts = alert_lines(tmp_path)[len(round1_alerts):]
    kinds2 = {a["kind"] for a in new_alerts}
    assert {"watched_quote", "reuse", "story_outlets", "quote_variant"} <= kinds2, kinds2
    copies = {(a["evidence"]["source"]["outlet"], a["evidence"]["target"]["outlet"])
              for a in new_alerts if a["kind"] == "reuse"}
    assert ("Harbor Daily", "Wire Copy") in copies, copies
    story = next(a for a in new_alerts if a["kind"] == "story_outlets")["evidence"]
    assert story["outlets"] == ["Coast News", "Harbor Daily", "Wire Copy"]
    variant = next(a for a in new_alerts if a["kind"] == "quote_variant")["evidence"]
    assert variant["differences"] and variant["variant"].startswith("var-")
    quoted = [a["evidence"]["text"] for a in new_alerts if a["kind"] == "watched_quote"]
    assert any("Every cent" in text for text in quoted)
    assert len({a["key"] for a in alert_lines(tmp_path)}) == len(alert_lines(tmp_path))  # no duplicates
    assert len(printed) == 0  # no terminal sink configured

    # Restart: a new Store and Watcher on the same file, everything due again, nothing new.
    sent_before = alert_lines(tmp_path)
    docs_before = Store(db).count("documents")
    requests_before = len(site.requests)
    clock.now += 3600
    with Store(db) as store, Watcher(store, settings, clock=clock) as watcher:
        third = watcher.run_once()
        assert store.count("documents") == docs_before
    assert third.added == [] and third.alerts == []
    assert alert_lines(tmp_path) == sent_before
    later = site.requests[requests_before:]
    assert {r.path for r in later if r.path.endswith("/dredging")} == set()
    assert any(r.path == "/harbor/feed.xml" and r.headers.get("If-None-Match") == '"h2"' for r in later)


def test_failing_feed_backs_off_and_recovers(server: LocalServer, tmp_path: Path, db: str) -> None:
    server.routes["/feed.xml"] = Route(status=503, content_type="text/plain")
    settings = config_from_dict({
        "options": {"allow_private_addresses": True, "rate_limit": 0, "retries": 0},
        "feeds": [{"url": server.url("/feed.xml"), "outlet": "Down", "interval": 60}],
    })
    clock = Clock()
    with Store(db) as store, Watcher(store, settings, clock=clock) as watcher:
        assert "HTTP 503" in watcher.run_once().errors[0]
        assert watcher.due_feeds() == []
        clock.now += 61
        assert "failure 2, next try in 120 s" in watcher.run_once().errors[0]
        clock.now += 60
        assert watcher.due_feeds() == []  # backed off: 120 s, not the 60 s interval
        server.routes["/feed.xml"] = Route(page("Library opens on Sundays", LIBRARY))
        clock.now += 61
        report = watcher.run_once()
        assert report.errors == [] and len(report.added) == 1
        row = store.conn.execute("SELECT failures, last_error, next_due FROM monitor_feeds").fetchone()
        assert tuple(row) == (0, None, clock.now + 60)
