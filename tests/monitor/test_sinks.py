"""Alert delivery to a real webhook receiver and a real SMTP receiver, through the outbox."""
from __future__ import annotations

import json
from pathlib import Path

from monitor_servers import LocalServer, Route, SmtpSink

from crosswire.monitor.config import config_from_dict
from crosswire.monitor.fetch import FetchSettings, SafeClient, parse_networks
from crosswire.monitor.sinks import build_sinks, deliver
from crosswire.monitor.state import MonitorState
from crosswire.store.sqlite import Store

ALERT = {"key": "quote:d1:s1:jane roe", "kind": "watched_quote", "summary": "Jane Roe quoted in Daily",
         "evidence": {"document": "d1", "url": "https://example.org/a", "start": 10, "end": 42}}


def test_webhook_and_email_get_each_alert_once_even_when_down_at_first(
        server: LocalServer, smtp: SmtpSink, tmp_path: Path, db: str) -> None:
    server.routes["/hook"] = Route(status=500, content_type="application/json")
    config = config_from_dict({"sinks": [
        {"type": "webhook", "url": server.url("/hook")},
        {"type": "email", "host": "127.0.0.1", "port": smtp.port, "from": "cw@example.org", "to": "desk@example.org"},
        {"type": "jsonl", "path": str(tmp_path / "a.jsonl")},
    ]})
    client = SafeClient(FetchSettings(allow_private=parse_networks(["127.0.0.1/32"]), retries=1, backoff=0.01))
    sinks = build_sinks(config.sinks, client, print)
    with Store(db) as store:
        state = MonitorState(store)
        with store.transaction():
            assert state.record_alert(ALERT["key"], ALERT["kind"], ALERT, [s.name for s in sinks])
            assert not state.record_alert(ALERT["key"], ALERT["kind"], ALERT, [s.name for s in sinks])
        sent, failures = deliver(state, sinks)
        assert sent == 2 and len(failures) == 1 and failures[0].endswith("/hook: HTTP 500")
        assert len(server.hits("/hook")) == 2  # retried once, then left queued for the next round
        server.routes["/hook"] = Route(b"{}", content_type="application/json")
        assert deliver(state, sinks) == (1, [])
        assert deliver(state, sinks) == (0, [])

    posted = server.hits("/hook")[-1]
    assert json.loads(posted.body) == ALERT and posted.headers["X-Crosswire-Alert"] == ALERT["key"]
    assert posted.headers["Content-Type"] == "application/json"
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["to"] == ["<desk@example.org>"] and "Jane Roe quoted in Daily" in mail["data"]
    assert '"start": 10' in mail["data"]
    assert [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()] == [ALERT]


def test_webhook_to_a_private_address_is_refused(db: str, connections: list) -> None:
    config = config_from_dict({"sinks": [{"type": "webhook", "url": "http://169.254.169.254/hook"}]})
    sinks = build_sinks(config.sinks, SafeClient(FetchSettings()), print)
    with Store(db) as store:
        state = MonitorState(store)
        with store.transaction():
            state.record_alert(ALERT["key"], ALERT["kind"], ALERT, [s.name for s in sinks])
        sent, failures = deliver(state, sinks)
    assert sent == 0 and "non-public address" in failures[0] and connections == []
