"""RSS 2.0, Atom and RSS 1.0 (RDF) feeds: one record per item or entry.

Feeds come from anywhere, so parsing is defensive: entity declarations are refused
(billion laughs, external entities), lxml never loads a DTD or touches the network,
and a slightly broken feed (a bare ``&``, an HTML entity, an unclosed tag) is parsed
again in recovery mode, which the record says in ``extra["recovered"]``.
"""
from __future__ import annotations

import re
from html.entities import name2codepoint
from typing import Iterator

from lxml import etree

from ..model import IngestError, RawRecord
from .dates import to_iso
from .decode import declared_charset, decode_bytes

SAFE_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)

_DOCTYPE_WITH_ENTITY = re.compile(r"<!DOCTYPE[^\[>]{0,1000}\[[^\]]{0,100000}?<!ENTITY", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,300}\?>")
_HTML_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.S)
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_LOOKS_HTML = re.compile(r"<[A-Za-z/!]|&#?\w{1,32};")


class FeedError(ValueError):
    """A file that cannot be read as a feed at all."""


def read_feed(data: bytes, source: str) -> Iterator[RawRecord | IngestError]:
    """One :class:`RawRecord` per item (RSS, RDF) or entry (Atom), or one error for the file."""
    try:
        root, recovered = parse_feed(data)
    except FeedError as exc:
        yield IngestError(source, str(exc))
        return
    kind = _local(root)
    if kind == "rss":
        channel = _child(root, "channel")
        feed = channel if channel is not None else root
        items = _children(feed, "item")
    elif kind == "RDF":
        feed = _child(root, "channel")
        items = _children(root, "item")
    elif kind == "feed":
        feed, items = root, _children(root, "entry")
    else:
        yield IngestError(source, f"not an RSS, Atom or RDF feed (root element <{kind}>)")
        return
    feed_title = _text(_child(feed, "title")) if feed is not None else None
    if not items:
        yield IngestError(source, "feed has no items or entries")
        return
    read_item = _atom_entry if kind == "feed" else _rss_item
    for number, item in enumerate(items, 1):
        record = read_item(item, f"{source}#item{number}", feed_title)
        if record is None:
            yield IngestError(source, f"item {number}: no title, description or content")
            continue
        if recovered:
            record.extra["recovered"] = recovered
        yield record


def parse_feed(data: bytes) -> tuple[etree._Element, str | None]:
    """The root element, and the first parse error when recovery was needed."""
    text, _ = decode_bytes(data, declared_charset(data))
    if _DOCTYPE_WITH_ENTITY.search(text[:200_000]):
        raise FeedError("feed declares XML entities (<!ENTITY>): refused, entity expansion is an attack vector")
    text = _XML_DECLARATION.sub("", text, count=1)
    # HTML entities (&nbsp; &eacute;) are the most common error in hand-made feeds.
    text = "".join(part if part.startswith("<![CDATA[") else _HTML_ENTITY.sub(_numeric_entity, part)
                   for part in _CDATA.split(text))
    body = text.encode("utf-8")
    try:
        return etree.fromstring(body, etree.XMLParser(**SAFE_PARSER_OPTIONS)), None
    except etree.XMLSyntaxError as exc:
        first_error = _one_line(exc)
    try:
        root = etree.fromstring(body, etree.XMLParser(recover=True, **SAFE_PARSER_OPTIONS))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise FeedError(f"malformed feed: {first_error}")
    return root, first_error


def _rss_item(item: etree._Element, source: str, feed_title: str | None) -> RawRecord | None:
    title = _text(_child(item, "title"))
    encoded = _child(item, "encoded")
    body_el = encoded if encoded is not None and _text(encoded) else _child(item, "description")
    body = _text(body_el)
    guid = _text(_child(item, "guid"))
    link = _text(_child(item, "link"))
    if not link and guid and guid.startswith(("http://", "https://")):
        link = guid
    date_text = _first_text(item, "pubDate", "date", "published", "updated", "issued")
    extra = _extra(guid=guid, author=_authors(item, "author", "creator"),
                   categories=[t for el in _children(item, "category", "subject") if (t := _text(el))])
    return _record(source, title, body, body_el is encoded or bool(body and _LOOKS_HTML.search(body)),
                   link, _text(_child(item, "source")) or feed_title, date_text, extra)


def _atom_entry(entry: etree._Element, source: str, feed_title: str | None) -> RawRecord | None:
    title = _atom_text(_child(entry, "title"))
    content = _child(entry, "content")
    if content is None or content.get("src") or not _atom_text(content):
        content = _child(entry, "summary")
    body = _atom_text(content)
    is_html = content is not None and (content.get("type") or "text").lower() in ("html", "xhtml", "text/html")
    source_el = _child(entry, "source")
    outlet = _text(_child(source_el, "title")) if source_el is not None else None
    date_text = _first_text(entry, "published", "issued", "updated", "modified")
    extra = _extra(guid=_text(_child(entry, "id")), author=_authors(entry, "author"),
                   categories=[c for el in _children(entry, "category") if (c := el.get("term"))])
    return _record(source, title, body, is_html, _atom_link(entry), outlet or feed_title, date_text, extra)


def _record(source: str, title: str | None, body: str | None, is_html: bool, url: str | None,
            outlet: str | None, date_text: str | None, extra: dict) -> RawRecord | None:
    if not body and not title:
        return None
    if not body:  # a headline-only feed: the headline is still a statement of the outlet
        body, is_html = title, False
        extra["title_only"] = True
    published = to_iso(date_text)
    if date_text and not published:
        extra["feed_date"] = date_text
    return RawRecord(source=source, content=body or "", is_html=is_html, format="feed", url=url,
                     outlet=outlet, title=title, published=published, extra=extra)


def _atom_text(el: etree._Element | None) -> str | None:
    """Atom text constructs: ``xhtml`` is markup to keep, ``html`` is escaped markup, else text."""
    if el is None:
        return None
    if (el.get("type") or "").lower() == "xhtml":
        markup = (el.text or "") + "".join(etree.tostring(c, encoding="unicode", with_tail=True) for c in el)
        return markup.strip() or None
    return _text(el)


def _atom_link(entry: etree._Element) -> str | None:
    links = [el for el in _children(entry, "link") if el.get("href")]
    for el in links:
        if el.get("rel", "alternate") == "alternate":
            return el.get("href").strip()
    return links[0].get("href").strip() if links else None


def _authors(item: etree._Element, *names: str) -> str | None:
    """Author names; an Atom or RSS ``author`` may hold ``name``/``email`` children."""
    found = []
    for el in _children(item, *names):
        name = _child(el, "name")
        value = _text(name if name is not None else el)
        if value and value not in found:
            found.append(value)
    return ", ".join(found) or None


def _extra(**values: object) -> dict:
    return {k: v for k, v in values.items() if v}


def _numeric_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES or name not in name2codepoint:
        return match.group(0)
    return f"&#{name2codepoint[name]};"


def _local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _children(el: etree._Element | None, *names: str) -> list[etree._Element]:
    return [] if el is None else [c for c in el if _local(c) in names]


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    found = _children(el, name)
    return found[0] if found else None


def _first_text(el: etree._Element, *names: str) -> str | None:
    for name in names:
        if value := _text(_child(el, name)):
            return value
    return None


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    value = "".join(el.itertext()).strip()
    return value or None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
