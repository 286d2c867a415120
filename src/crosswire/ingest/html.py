"""Article extraction from HTML: trafilatura first, a plain lxml walk when it finds nothing.

The page is parsed once; ``<meta>`` tags and JSON-LD give title, outlet, URL and dates
(origin ``html-meta``), trafilatura gives the body and htmldate's guess of the date
(origin ``htmldate``, run without extensive search, which is slow). The extracted text then
goes through the same line cleaner as plain text, so "Read more:" lines that survive
extraction are dropped and audited the same way.
"""
from __future__ import annotations

import html as html_module
import json
import re
from typing import Any, Iterator

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from ..model import RawRecord
from .clean import Cleaned, clean_text
from .publication import FoundDate, normalise_date_value

MAX_JSON_LD = 1_000_000
MAX_AUDIT_ENTRIES = 20
AUDIT_SNIPPET = 200
HTMLDATE_PARAMS = {"extensive_search": False, "original_date": True}
ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting", "VideoObject", "AnalysisNewsArticle")
# Elements whose text is page furniture, listed in ``removed`` so the extraction can be audited.
BOILERPLATE_XPATH = (
    "//nav | //header | //footer | //aside | //form"
    " | //*[contains(@class, 'cookie') or contains(@id, 'cookie') or contains(@class, 'consent')]"
    " | //*[contains(@class, 'comment') or contains(@id, 'comment')]"
    " | //*[contains(@class, 'share') or contains(@class, 'social') or contains(@class, 'related')]"
)
PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
                  "dc.date.issued", "dcterms.created", "date", "sailthru.date", "parsely-pub-date")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li br tr blockquote pre section article td dd dt figcaption title".split())
SKIP_TAGS = frozenset("script style noscript nav header footer aside form template svg iframe".split())
_DURATION_ISO = re.compile(r"P(?:T)?(?:(\d{1,4})H)?(?:(\d{1,6})M)?(?:(\d{1,7})(?:\.\d+)?S)?", re.IGNORECASE)


def extract_html(raw: RawRecord) -> Cleaned:
    """Body text, title, outlet, URL and date candidates of one HTML page."""
    tree = load_html(raw.content)
    if tree is None:
        return clean_text(_strip_tags(raw.content))
    meta = read_meta(tree)
    removed = _furniture(tree)
    result = trafilatura.bare_extraction(
        tree,
        url=raw.url,
        include_comments=False,
        favor_recall=True,
        with_metadata=True,
        date_extraction_params=HTMLDATE_PARAMS,
    )
    body = "\n\n".join(line.strip() for line in (result.text or "").splitlines() if line.strip()) if result else ""
    cleaned = clean_text(body)
    if not cleaned.text:
        fresh = load_html(raw.content)  # trafilatura prunes the tree it is given
        cleaned = clean_text(fallback_text(fresh) if fresh is not None else "")
        removed.append({"text": "<trafilatura found no article: plain text of the page used>", "reason": "html-fallback"})
    if not cleaned.text:  # libxml2 drops text nodes over 10 MB
        cleaned = clean_text(_strip_tags(raw.content))
    # A block that looked like furniture but whose text made it into the body was not removed.
    removed = [entry for entry in removed if entry["text"][:60] not in cleaned.text]
    for entry in cleaned.removed:
        del entry["line"]  # a line of the extracted text, not of the page: it would mislead
    cleaned.removed = removed + cleaned.removed
    cleaned.title = meta.get("title") or (result.title if result else None) or cleaned.title
    byline = find_byline(tree, meta.get("author") or (result.author if result else None))
    if byline:
        cleaned.text = with_byline(cleaned.text, byline, cleaned.title)
    cleaned.outlet = meta.get("outlet") or (result.sitename if result else None)
    cleaned.url = meta.get("url") or (result.url if result else None)
    cleaned.duration = meta.get("duration")
    cleaned.dates = meta["dates"]
    guess = normalise_date_value(result.date) if result and result.date else None
    if guess:
        cleaned.dates.append(FoundDate(guess, "htmldate", result.date))
    return cleaned


# "By Jane Roe", "By Jane Roe and John Doe | Monday 13 November 2023 - 09:15": the names end at a
# separator before a date or a role.
_BYLINE_LINE = re.compile(r"By\s+(?P<names>[A-Z][\w'’.-]*(?:\s+(?:and\s+)?[A-Z][\w'’.-]*){0,5})\s*(?:$|[|•·,–—-])")
_BYLINE_ELEMENTS = "p div span address small".split()
MAX_BYLINE_CHARS = 150


def find_byline(tree: HtmlElement, author: str | None) -> str | None:
    """The page's byline ("By Jane Roe"): a short "By ..." block, else the metadata's author.

    trafilatura drops the byline from the body; readers (and the entities step) want it.
    """
    for el in tree.iter(*_BYLINE_ELEMENTS):
        text = " ".join(" ".join(el.itertext()).split())
        if len(text) <= MAX_BYLINE_CHARS and (match := _BYLINE_LINE.match(text)):
            return f"By {match['names']}"
    author = " ".join(author.split()) if author else ""
    return f"By {author}" if 0 < len(author) <= MAX_BYLINE_CHARS else None


def with_byline(text: str, byline: str, title: str | None) -> str:
    """``text`` with the byline as its own paragraph after the headline (or first), unless it has one."""
    names = byline.removeprefix("By ")
    if not text or names in text[:2000]:
        return text
    paragraphs = text.split("\n\n")
    after_title = next((i + 1 for i, p in enumerate(paragraphs[:3]) if title and p.strip() == title.strip()), 0)
    return "\n\n".join([*paragraphs[:after_title], byline, *paragraphs[after_title:]])


def _furniture(tree: HtmlElement) -> list[dict[str, Any]]:
    """Coarse audit of what HTML extraction leaves out: nav, header, footer, comments, banners."""
    removed: list[dict[str, Any]] = []
    seen: set[HtmlElement] = set()  # holding the elements keeps their proxies, and identities, stable
    for el in tree.xpath(BOILERPLATE_XPATH):
        if any(a in seen for a in el.iterancestors()):
            continue
        seen.add(el)
        text = " ".join(" ".join(el.itertext()).split())
        if text:
            snippet = text if len(text) <= AUDIT_SNIPPET else text[:AUDIT_SNIPPET] + "…"
            removed.append({"text": snippet, "reason": "html-boilerplate", "element": el.tag})
        if len(removed) >= MAX_AUDIT_ENTRIES:
            break
    return removed


def read_meta(tree: HtmlElement) -> dict[str, Any]:
    """Title, outlet, URL, duration and dated candidates from ``<meta>``, ``<link>`` and JSON-LD."""
    meta: dict[str, Any] = {"dates": []}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or el.get("datetime") or "").strip()
        if not key or not value:
            continue
        if key == "og:title":
            meta.setdefault("title", value)
        elif key in ("author", "article:author", "dc.creator") and not value.startswith("http"):
            meta.setdefault("author", value)
        elif key in ("og:site_name", "application-name"):
            meta.setdefault("outlet", value)
        elif key == "og:url":
            meta.setdefault("url", value)
        elif key in PUBLISHED_META or key in MODIFIED_META:
            _add_date(meta, value, "updated" if key in MODIFIED_META else "published", f"meta {key}")
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            meta.setdefault("url", el.get("href").strip())
    for el in tree.iter("time"):
        if (el.get("itemprop") or "").lower() == "datepublished" and el.get("datetime"):
            _add_date(meta, el.get("datetime"), "published", "time itemprop=datePublished")
    for item in _json_ld_articles(tree):
        if isinstance(item.get("headline"), str):
            meta.setdefault("title", item["headline"].strip())
        author = item.get("author")
        author = author[0] if isinstance(author, list) and author else author
        if isinstance(author, dict) and isinstance(author.get("name"), str):
            meta.setdefault("author", author["name"].strip())
        publisher = item.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            meta.setdefault("outlet", publisher["name"].strip())
        for key, label in (("datePublished", "published"), ("uploadDate", "published"), ("dateModified", "updated")):
            if isinstance(item.get(key), str):
                _add_date(meta, item[key], label, f"json-ld {key}")
        if isinstance(item.get("duration"), str):
            meta.setdefault("duration", iso_duration_seconds(item["duration"]))
    return meta


def _add_date(meta: dict[str, Any], value: str, label: str, where: str) -> None:
    iso = normalise_date_value(value)
    if iso and not any(d.value == iso and d.label == label for d in meta["dates"]):
        meta["dates"].append(FoundDate(iso, "html-meta", value, label=label, where=where))


def _json_ld_articles(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Article-like objects of every JSON-LD block, @graph included; bad JSON is skipped."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        source = script.text or ""
        if len(source) > MAX_JSON_LD:
            continue
        try:
            data = json.loads(source)
        except ValueError:
            continue
        stack = list(data[:50]) if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"][:50])
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t in ARTICLE_TYPES for t in types):
                yield item


def iso_duration_seconds(value: str) -> float | None:
    """'PT3M15S' -> 195.0 (schema.org durations)."""
    match = _DURATION_ISO.fullmatch(value.strip())
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


def fallback_text(tree: HtmlElement) -> str:
    """Text of the page's blocks, one paragraph each, skipping scripts and page furniture."""
    chunks: list[str] = []
    skipping = 0
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in SKIP_TAGS:
                skipping += 1
            elif not skipping and el.text:
                chunks.append(el.text)
            continue
        if tag in SKIP_TAGS:
            skipping -= 1
        elif tag in BLOCK_TAGS and not skipping:
            chunks.append("\n")
        if el.tail and not skipping:
            chunks.append(el.tail)
    paragraphs = (" ".join(line.split()) for line in "".join(chunks).split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


_CODE_ELEMENT = re.compile(r"<(script|style|noscript|template)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)


def _strip_tags(content: str) -> str:
    """Last resort when lxml cannot parse the page or loses its text; scripts and styles are
    code, not text, here as in :func:`fallback_text`."""
    return html_module.unescape(re.sub(r"<[^<>]{0,2000}>", "\n", _CODE_ELEMENT.sub("\n", content)))
