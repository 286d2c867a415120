"""The watcher: poll what is due, add what is new, link it, alert on what changed.

One round (:meth:`Watcher.run_once`) polls each due feed, fetches the articles it lists
that were not seen before, adds those whose content is new (by URL and content hash), runs
the cross-document steps once if anything arrived, detects alerts for the new documents and
delivers them. Every step commits its own state, so an interrupted round resumes where it
stopped: documents added but not yet checked stay pending; alerts recorded but not yet sent
stay queued. A failing feed is retried later with exponential backoff; the others go on.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

from ..extract import EXTRACTOR_VERSION, extract
from ..ingest.decode import codec_name, declared_charset, decode_bytes
from ..ingest.pipeline import build_document
from ..model import RawRecord
from ..store.sqlite import Store
from .alerts import detect
from .config import FeedConfig, MonitorConfig
from .discover import Discovery, Item, NotAFeed, discover
from .fetch import FetchError, Response, SafeClient
from .politeness import PoliteFetcher
from .sinks import build_sinks, deliver
from .state import MonitorState

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "")
MAX_SITEMAPS_PER_POLL = 10
UNAVAILABLE = "unavailable"  # content hash of an item given up on (robots, refused, 4xx)


class PageError(ValueError):
    """A fetched page that cannot become a document (wrong type, no text)."""


@dataclass
class RoundReport:
    polled: list[str] = field(default_factory=list)
    not_modified: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    delivered: int = 0
    next_due: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Watcher:
    """Polls the configured feeds into ``store``; ``clock`` is wall time, injectable for tests."""

    def __init__(self, store: Store, config: MonitorConfig, *, echo: Callable[[str], None] = print,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep) -> None:
        self.store, self.config, self.clock, self.sleep = store, config, clock, sleep
        options = config.options
        self.state = MonitorState(store)
        self.client = SafeClient(options.fetch_settings(), sleep=sleep)
        self.fetcher = PoliteFetcher(self.client, self.state, min_interval=options.rate_limit,
                                     respect_robots=options.respect_robots, sleep=sleep)
        self.sinks = build_sinks(config.sinks, self.client, echo)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the loop ----------------------------------------------------------------------

    def due_feeds(self) -> list[FeedConfig]:
        now = self.clock()
        return [f for f in self.config.feeds if self.state.feed(f.url).next_due <= now]

    def next_due(self) -> float | None:
        return min((self.state.feed(f.url).next_due for f in self.config.feeds), default=None)

    def run_once(self) -> RoundReport:
        """One polling round over the due feeds, then linking, alerts and delivery."""
        report = RoundReport()
        for feed in self.due_feeds():
            self._poll(feed, report)
        self._link_and_alert(report)
        report.next_due = self.next_due()
        return report

    def run_forever(self, on_round: Callable[[RoundReport], None] | None = None,
                    should_stop: Callable[[], bool] = lambda: False) -> None:
        """Rounds until ``should_stop`` (or Ctrl-C), sleeping until the next feed is due."""
        while not should_stop():
            report = self.run_once()
            if on_round:
                on_round(report)
            wait = (report.next_due or self.clock() + 60) - self.clock()
            self.sleep(min(max(wait, 1.0), 300.0))

    # -- polling -----------------------------------------------------------------------

    def _poll(self, feed: FeedConfig, report: RoundReport) -> None:
        report.polled.append(feed.url)
        try:
            fetched = self.fetcher.fetch(feed.url)
            if fetched.not_modified:
                report.not_modified.append(feed.url)
            else:
                self._read_feed(feed, fetched.response, report)
        except Exception as exc:  # one feed's failure, even a bug on its input, must not stop the others
            self._feed_failed(feed, exc, report)
            return
        with self.store.transaction():
            if fetched.response is not None:
                self._remember(feed.url, fetched.response, None, None)
            self.state.feed_polled(feed.url, self.clock() + feed.interval, 304 if fetched.not_modified else 200)

    def _feed_failed(self, feed: FeedConfig, exc: Exception, report: RoundReport) -> None:
        failures = self.state.feed(feed.url).failures + 1
        delay = min(feed.interval * 2 ** (failures - 1), max(self.config.options.max_backoff, feed.interval))
        if isinstance(exc, FetchError):
            reason = exc.reason
        elif isinstance(exc, (NotAFeed, PageError)):
            reason = str(exc)
        else:
            reason = f"{type(exc).__name__}: {exc}"
        with self.store.transaction():
            self.state.feed_failed(feed.url, self.clock() + delay, reason, getattr(exc, "status", None))
        report.errors.append(f"{feed.url}: {reason} (failure {failures}, next try in {delay:.0f} s)")

    def _read_feed(self, feed: FeedConfig, response: Response, report: RoundReport) -> None:
        found = discover(response.body, response.content_type, feed.type, feed.url, self.client.settings.max_bytes)
        if found.kind == "page":
            self._add_response(feed.url, response, feed.outlet, None, report)
            return
        items = found.items + self._sitemap_children(found, report)
        seen = self.state.seen(i.url for i in items if i.url)
        fresh = [i for i in items if not i.url or i.url not in seen]
        for item in fresh[: self.config.options.max_items_per_poll]:
            self._add_item(item, feed, report)

    def _sitemap_children(self, found: Discovery, report: RoundReport) -> list[Item]:
        items: list[Item] = []
        for url in found.sitemaps[:MAX_SITEMAPS_PER_POLL]:
            try:
                fetched = self.fetcher.fetch(url)
                if fetched.response is None:
                    continue
                child = discover(fetched.response.body, fetched.response.content_type, "sitemap", url,
                                 self.client.settings.max_bytes)
            except (FetchError, NotAFeed) as exc:
                report.errors.append(f"{url}: {exc}")
                continue
            items += child.items
            with self.store.transaction():
                self._remember(url, fetched.response, None, None)
        return items

    def _add_item(self, item: Item, feed: FeedConfig, report: RoundReport) -> None:
        """Fetch an item's page; when it cannot be had, fall back to the feed's own copy."""
        outlet = feed.outlet or (item.record.outlet if item.record else None)
        key = item.url or f"{feed.url}#{item.record.extra.get('guid', item.record.source) if item.record else ''}"
        try:
            if item.url is None:
                if item.record is not None:
                    self._add_record(item.record, outlet, key, None, report)
                return
            try:
                fetched = self.fetcher.fetch(item.url)
                if fetched.response is not None:
                    self._add_response(item.url, fetched.response, outlet, item.record, report)
                return
            except FetchError as exc:
                report.errors.append(f"{item.url}: {exc.reason}")
                if exc.retryable:
                    return  # not marked seen: tried again at the next poll
            if item.record is None:
                raise PageError("no copy in the feed either")
            self._add_record(item.record, outlet, key, None, report)
        except PageError as exc:
            report.errors.append(f"{key}: {exc}")
            with self.store.transaction():
                self.state.url_fetched(key, None, None, UNAVAILABLE, None)

    # -- adding documents ---------------------------------------------------------------

    def _add_response(self, url: str, response: Response, outlet: str | None, hint: RawRecord | None,
                      report: RoundReport, *, pending: bool = True) -> str | None:
        digest = hashlib.sha256(response.body).hexdigest()
        known = self.state.url(url)
        if known is not None and known.content_hash == digest:
            report.unchanged += 1
            with self.store.transaction():
                self._remember(url, response, digest, None)
            return None
        raw = page_record(url, response, outlet, hint)
        return self._add_record(raw, outlet, url, response, report, digest=digest, pending=pending)

    def _add_record(self, raw: RawRecord, outlet: str | None, url: str, response: Response | None,
                    report: RoundReport, *, digest: str | None = None, pending: bool = True) -> str | None:
        """Clean, extract and store one record, with its URL state, in one transaction."""
        raw.outlet = outlet or raw.outlet
        try:
            doc = build_document(raw)
        except Exception as exc:  # hostile markup must not stop the round
            raise PageError(f"could not clean: {type(exc).__name__}: {exc}") from exc
        if not doc.text.strip():
            raise PageError("no text left after cleaning")
        digest = digest or hashlib.sha256(raw.content.encode("utf-8", "surrogatepass")).hexdigest()
        is_new = not self.store.has_document(doc.id)
        annotations = extract(doc) if is_new else None
        with self.store.transaction():
            if annotations is not None:
                self.store.put_document(doc)
                self.store.put_annotations(doc.id, annotations.statements, annotations.mentions, EXTRACTOR_VERSION)
                if pending:
                    self.state.add_pending(doc.id)
            if response is not None:
                self._remember(url, response, digest, doc.id)
            else:
                self.state.url_fetched(url, None, None, digest, doc.id)
        if is_new:
            report.added.append(doc.id)
        else:
            report.unchanged += 1
        return doc.id if is_new else None

    def _remember(self, url: str, response: Response, digest: str | None, document: str | None) -> None:
        self.state.url_fetched(url, response.headers.get("etag"), response.headers.get("last-modified"),
                               digest, document)

    def fetch_pages(self, urls: list[str], outlet: str | None = None) -> RoundReport:
        """One-off pages (``crosswire fetch``): same safety and politeness, no alerts."""
        report = RoundReport()
        for url in urls:
            try:
                fetched = self.fetcher.fetch(url)
                if fetched.response is None:
                    report.not_modified.append(url)
                    continue
                self._add_response(url, fetched.response, outlet, None, report, pending=False)
            except FetchError as exc:
                report.errors.append(str(exc))
            except PageError as exc:
                report.errors.append(f"{url}: {exc}")
        return report

    # -- linking and alerts ---------------------------------------------------------------

    def _link_and_alert(self, report: RoundReport) -> None:
        pending = self.state.pending()
        if pending:
            from ..link import run_steps

            run_steps(self.store)
            options = self.config.options
            alerts = detect(self.store, pending, self.config.watch, options.story_outlets_threshold)
            names = [s.name for s in self.sinks]
            with self.store.transaction():
                for alert in alerts:
                    if self.state.record_alert(alert.key, alert.kind, alert.to_dict(), names):
                        report.alerts.append(alert.to_dict())
                self.state.clear_pending(pending)
        report.delivered, failures = deliver(self.state, self.sinks)
        report.errors += failures


def page_record(url: str, response: Response, outlet: str | None, hint: RawRecord | None) -> RawRecord:
    """A raw record of a fetched page; the feed item (``hint``) lends its title and date."""
    content_type = response.content_type
    is_html = content_type in HTML_TYPES or (content_type in TEXT_TYPES and b"<html" in response.body[:2048].lower())
    if not is_html and content_type not in TEXT_TYPES:
        raise PageError(f"unsupported content type {content_type!r}")
    charset = response.headers.get("content-type", "").partition("charset=")[2].strip(" \"';")
    declared = codec_name(charset) or (declared_charset(response.body) if is_html else None)
    text, _ = decode_bytes(response.body, declared)
    return RawRecord(source=response.final_url, content=text, is_html=is_html, format="html" if is_html else "text",
                     url=response.final_url, outlet=outlet, title=hint.title if hint else None,
                     published=hint.published if hint else None)
