"""From a polled URL's body to the article URLs it lists: RSS/Atom items, sitemap locations.

XML goes through the ingest layer's hardened feed parser (no entities, no DTD, no network)
whatever it turns out to be; a gzipped sitemap is inflated with the same size limit as any
response. A page that is neither feed nor sitemap is itself the article.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from ..ingest.feeds import FeedError, parse_feed, read_feed
from ..model import IngestError, RawRecord

GZIP_MAGIC = b"\x1f\x8b"
_XML_STARTS = (b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:RDF")


class NotAFeed(ValueError):
    """A body that should be a feed or sitemap and is not."""


@dataclass
class Item:
    url: str | None
    record: RawRecord | None = None  # the feed's own copy, used when the page cannot be fetched


@dataclass
class Discovery:
    kind: str  # feed, sitemap, page
    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index


def discover(body: bytes, content_type: str, declared: str, source: str, max_bytes: int) -> Discovery:
    """What ``body`` is (``declared``: auto, feed, sitemap or page) and what it lists."""
    if declared == "page":
        return Discovery("page")
    if body[:2] == GZIP_MAGIC:
        body = gunzip(body, max_bytes)
    if declared == "auto" and not _looks_xml(body, content_type):
        return Discovery("page")
    try:
        root, _ = parse_feed(body)
    except FeedError as exc:
        raise NotAFeed(str(exc)) from exc
    kind = _local(root)
    if kind in ("rss", "feed", "RDF"):
        items = [Item(r.url, r) for r in read_feed(body, source) if not isinstance(r, IngestError)]
        return Discovery("feed", items)
    if kind in ("urlset", "sitemapindex"):
        locations = [loc for entry in root if (loc := _loc(entry))]
        if kind == "urlset":
            return Discovery("sitemap", [Item(loc) for loc in locations])
        return Discovery("sitemap", sitemaps=locations)
    if declared == "auto" and kind.lower() == "html":
        return Discovery("page")
    raise NotAFeed(f"not a feed or sitemap (root element <{kind}>)")


def gunzip(data: bytes, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise NotAFeed(f"broken gzip: {exc}") from exc
    if len(out) > max_bytes:
        raise NotAFeed(f"gzipped body inflates past the limit of {max_bytes} bytes")
    return out


def _looks_xml(body: bytes, content_type: str) -> bool:
    if "xhtml" not in content_type and any(t in content_type for t in ("xml", "rss", "atom")):
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:20].startswith(_XML_STARTS)


def _local(el: object) -> str:
    tag = getattr(el, "tag", None)
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _loc(entry: object) -> str | None:
    for child in entry:  # type: ignore[attr-defined]
        if _local(child) == "loc" and child.text and child.text.strip():
            return child.text.strip()
    return None
