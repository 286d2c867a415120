"""``crosswire watch`` and ``crosswire fetch`` through the real CLI and a local server."""
from __future__ import annotations

import json
from pathlib import Path

from monitor_servers import LocalServer, Route

from crosswire.store.sqlite import Store

PAGE = (b"<html><head><title>Library opens on Sundays</title></head><body><article><h1>Library opens on Sundays</h1>"
        b"<p>The city library will open on Sundays from next month, the culture department announced on Monday, "
        b"after a petition signed by four thousand readers in the old town.</p>"
        b"<p>The extra hours will be paid for by a grant from a private foundation for the first two years.</p>"
        b"</article></body></html>")


def test_watch_once_with_yaml_config(cli, server: LocalServer, tmp_path: Path) -> None:
    server.routes["/page"] = Route(PAGE)
    config = tmp_path / "watch.yaml"
    config.write_text(f"""
options: {{allow_private_addresses: ["127.0.0.1/32"], rate_limit: 0}}
feeds: [{{url: "{server.url('/page')}", outlet: Town Crier, type: page, interval: 5m}}]
watch: {{phrases: [petition signed]}}
""")
    result = cli("watch", str(config), "--once")
    assert result.exit_code == 0, result.output
    assert "[watched_phrase] 'petition signed' in Town Crier" in result.output
    again = cli("watch", str(config), "--once", "--json")  # not due yet: nothing polled, nothing re-alerted
    assert json.loads(again.output)["polled"] == [] and "watched_phrase" not in again.output


def test_watch_rejects_a_config_typo(cli, tmp_path: Path) -> None:
    config = tmp_path / "watch.toml"
    config.write_text('[[feeds]]\nurl = "https://example.org/rss"\nintervall = 60\n')
    result = cli("watch", str(config), "--once")
    assert result.exit_code == 2 and "unknown key(s) 'intervall'" in result.output


def test_fetch_adds_pages_once_and_refuses_private_without_flag(cli, db: str, server: LocalServer,
                                                                 connections: list) -> None:
    server.routes["/page"] = Route(PAGE)
    refused = cli("fetch", server.url("/page"))
    assert refused.exit_code == 1 and "non-public address" in refused.output and connections == []
    added = cli("fetch", server.url("/page"), "--outlet", "Town Crier", "--allow-private")
    assert added.exit_code == 0 and "added 1," in added.output
    again = cli("fetch", server.url("/page"), "--outlet", "Town Crier", "--allow-private")
    assert "added 0, unchanged 1" in again.output
    with Store(db) as store:
        docs = list(store.documents())
    assert [(d.outlet, d.url, d.title) for d in docs] == [("Town Crier", server.url("/page"), "Library opens on Sundays")]
