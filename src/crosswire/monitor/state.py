"""The watcher's memory, in the store beside the documents (tables ``monitor_*``).

Everything needed to resume after a crash or restart without re-fetching, re-adding or
re-alerting: when each feed is due and how often it failed; each URL's validators and
content hash; documents added but not yet checked for alerts; alerts and their delivery to
each sink (an outbox: an alert is recorded first and delivered after, so a sink that is
down gets it later and the others get it once).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from ..store.sqlite import Store

MAX_DELIVERY_ATTEMPTS = 5


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class FeedState:
    url: str
    next_due: float
    failures: int
    last_error: str | None


@dataclass
class UrlState:
    url: str
    content_hash: str | None
    document: str | None


class MonitorState:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # -- feeds -------------------------------------------------------------------------

    def feed(self, url: str) -> FeedState:
        row = self.conn.execute("SELECT next_due, failures, last_error FROM monitor_feeds WHERE url = ?",
                                (url,)).fetchone()
        return FeedState(url, row[0], row[1], row[2]) if row else FeedState(url, 0.0, 0, None)

    def feed_polled(self, url: str, next_due: float, status: int | None) -> None:
        self.conn.execute(
            "INSERT INTO monitor_feeds (url, last_poll, last_status, next_due, failures, last_error)"
            " VALUES (?, ?, ?, ?, 0, NULL) ON CONFLICT(url) DO UPDATE SET last_poll = excluded.last_poll,"
            " last_status = excluded.last_status, next_due = excluded.next_due, failures = 0, last_error = NULL",
            (url, _now(), status, next_due))

    def feed_failed(self, url: str, next_due: float, error: str, status: int | None) -> None:
        self.conn.execute(
            "INSERT INTO monitor_feeds (url, last_poll, last_status, next_due, failures, last_error)"
            " VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(url) DO UPDATE SET last_poll = excluded.last_poll,"
            " last_status = excluded.last_status, next_due = excluded.next_due,"
            " failures = monitor_feeds.failures + 1, last_error = excluded.last_error",
            (url, _now(), status, next_due, error))

    # -- URLs --------------------------------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.conn.execute("SELECT etag, last_modified FROM monitor_urls WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def url(self, url: str) -> UrlState | None:
        row = self.conn.execute("SELECT content_hash, document FROM monitor_urls WHERE url = ?", (url,)).fetchone()
        return UrlState(url, row[0], row[1]) if row else None

    def seen(self, urls: Iterable[str]) -> set[str]:
        urls = list(urls)
        found: set[str] = set()
        for start in range(0, len(urls), 500):
            chunk = urls[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(r[0] for r in self.conn.execute(
                f"SELECT url FROM monitor_urls WHERE url IN ({marks}) AND content_hash IS NOT NULL", chunk))
        return found

    def url_fetched(self, url: str, etag: str | None, last_modified: str | None,
                    content_hash: str | None, document: str | None) -> None:
        """Remember a URL's validators and content; ``content_hash`` None keeps the stored one."""
        self.conn.execute(
            "INSERT INTO monitor_urls (url, etag, last_modified, content_hash, document, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,"
            " last_modified = excluded.last_modified,"
            " content_hash = coalesce(excluded.content_hash, monitor_urls.content_hash),"
            " document = coalesce(excluded.document, monitor_urls.document), fetched_at = excluded.fetched_at",
            (url, etag, last_modified, content_hash, document, _now()))

    # -- documents awaiting alert detection -----------------------------------------------

    def add_pending(self, document: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO monitor_pending (document, added_at) VALUES (?, ?)",
                          (document, _now()))

    def pending(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT document FROM monitor_pending")}

    def clear_pending(self, documents: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM monitor_pending WHERE document = ?", [(d,) for d in documents])

    # -- alerts ------------------------------------------------------------------------

    def record_alert(self, key: str, kind: str, alert: dict[str, Any], sinks: Iterable[str]) -> bool:
        """Queue an alert for each sink; False (and nothing queued) when the key was seen before."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO monitor_alerts (key, kind, created_at, alert) VALUES (?, ?, ?, ?)",
            (key, kind, _now(), json.dumps(alert, ensure_ascii=False, sort_keys=True)))
        if cursor.rowcount == 0:
            return False
        self.conn.executemany("INSERT OR IGNORE INTO monitor_deliveries (alert, sink) VALUES (?, ?)",
                              [(key, sink) for sink in sinks])
        return True

    def undelivered(self, sinks: Iterable[str]) -> list[tuple[str, str, dict[str, Any]]]:
        """(alert key, sink, alert) still to send to one of ``sinks``, oldest first."""
        sinks = list(sinks)
        if not sinks:
            return []
        marks = ", ".join("?" for _ in sinks)
        rows = self.conn.execute(
            "SELECT d.alert, d.sink, a.alert FROM monitor_deliveries d JOIN monitor_alerts a ON a.key = d.alert"
            f" WHERE d.delivered_at IS NULL AND d.attempts < ? AND d.sink IN ({marks})"
            " ORDER BY a.rowid, d.sink", [MAX_DELIVERY_ATTEMPTS, *sinks])
        return [(r[0], r[1], json.loads(r[2])) for r in rows]

    def delivery_done(self, key: str, sink: str, error: str | None) -> None:
        self.conn.execute(
            "UPDATE monitor_deliveries SET attempts = attempts + 1, last_error = ?,"
            " delivered_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE alert = ? AND sink = ?",
            (error, error, _now(), key, sink))

    def alert_keys(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT key FROM monitor_alerts ORDER BY rowid")]
