"""What a document says about itself: dates, language, identifiers, duration, credits.

All of it is read from the clean text's header lines (and, for credits, from its short lines
and from the lines the cleaner dropped), never from body sentences: "as we reported in
Special Dispatch No. 100" names another document, not this one.

Credit lines ("Originally published by X", "Source: X", "via X") stay in the clean text, so
each cite carries offsets to show it in context; a "Credit: X" line is dropped as a caption
but its cite is kept. Downstream reuse detection reads ``cites`` for the direction of copying.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import Document, RawRecord
from .clean import Cleaned
from .publication import (FoundDate, choose_published, dateline_candidates, find_dates, normalise_date_value,
                          record_origin, url_date)

HEADER_LINES = 15  # identifiers and durations are read from the first non-blank lines
MAX_META_LINE = 300  # longer lines are body paragraphs
LANGUAGE_SAMPLE = 3000  # characters
MIN_STOPWORD_RATIO = 0.12
CRAWL_KEYS = ("warc_date", "crawl_date", "crawled", "fetched", "retrieved")

_IDENTIFIER = re.compile(
    r"\b(?P<key>special dispatch|dispatch|clip|report|inquiry (?:&|and) analysis(?: series)?|bulletin|episode|"
    r"transcript|release|issue|brief|paper)\s{0,3}(?:no\.?|number|nr\.?|#|:)\s{0,3}(?P<value>\d[\d-]{0,11})\b",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"(?<![\w&#])#(?P<value>\d{2,12})\b")
_DURATION = re.compile(
    r"\b(?:duration|length|running time|run ?time)\s{0,3}[:=-]?\s{0,3}"
    r"(?:(?P<clock>\d{1,3}:\d{2}(?::\d{2})?)|(?:(?P<h>\d{1,2})\s{0,2}h(?:ours?|rs?)?\s{0,2})?(?:(?P<m>\d{1,3})\s{0,2}m(?:in(?:ute)?s?)?\.?\s{0,2})?(?:(?P<s>\d{1,2})\s{0,2}s(?:ec(?:ond)?s?)?)?)",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[^\W\d_]+")
# Credit lines, matched at the start of a short line; the name runs to the end of the line.
_CITE_LINES = [
    (re.compile(r"(?:this (?:article|story|piece|post|report) )?(?:was )?(?:originally|first) (?:published|appeared|posted|ran)"
                r"(?: (?:by|in|on|at))? (?P<name>.+)", re.IGNORECASE), "originally published by"),
    (re.compile(r"this (?:article|story|piece|post) (?:is|was) republished (?:from|with permission (?:from|of)) (?P<name>.+)",
                re.IGNORECASE), "originally published by"),
    (re.compile(r"(?:republished|reprinted) (?:with permission )?(?:from|by) (?P<name>.+)", re.IGNORECASE), "originally published by"),
    (re.compile(r"sources?\s?:\s?(?P<name>.+)", re.IGNORECASE), "source"),
    (re.compile(r"\(?via:? (?P<name>[^)]+)\)?", re.IGNORECASE), "via"),
    (re.compile(r"credits?\s?:\s?(?P<name>.+)", re.IGNORECASE), "credit"),
]
CITE_FIRST_WORDS = frozenset("this originally first republished reprinted source sources via credit credits".split())
# "LONDON (Reuters) -", "WASHINGTON, Nov 10 (AP) —": a wire credit at the start of the body.
_WIRE_CREDIT = re.compile(r"[A-Z][A-Za-z .,'’/-]{0,60}?\((?P<name>[A-Z][A-Za-z&.' -]{1,30})\)\s?[-–—]")
_NAME_END = re.compile(r"\s(?:under|on (?=\w+ \d|\d)|and is republished|with permission)\b.*$|[.,;:]+$", re.IGNORECASE)
_QUOTED_DETAIL = re.compile(r"\s[-–—]\s[\"“](?P<detail>[^\"”]{1,200})[\"”]\s*$")


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    data = json.loads(resources.files("crosswire.data").joinpath("language_stopwords.json").read_text("utf-8"))
    return {lang: frozenset(words) for lang, words in data.items()}


def describe(doc: Document, raw: RawRecord, cleaned: Cleaned, published_override: str | None = None) -> None:
    """Fill the document's dates, published, language, identifiers, duration and cites."""
    dates = date_candidates(doc, raw, cleaned, published_override)
    doc.dates = [asdict(d) for d in dates]
    doc.published = choose_published(dates)
    doc.language = guess_language(doc.text)
    head = _header_lines(doc.text)
    doc.identifiers = {**find_identifiers([doc.title or "", *head]), **_reader_identifiers(raw)}
    if doc.duration is None:
        doc.duration = cleaned.duration or find_duration([doc.title or "", *head])
    doc.cites = find_cites(doc.text, cleaned.removed)


def date_candidates(doc: Document, raw: RawRecord, cleaned: Cleaned, published_override: str | None) -> list[FoundDate]:
    """Every document-level date, in the order of the published rule's origins."""
    found: list[FoundDate] = []
    if published_override:
        found.append(FoundDate(normalise_date_option(published_override), "option", published_override))
    if raw.published:
        value = normalise_date_value(str(raw.published))
        if value:
            found.append(FoundDate(value, record_origin(raw.format), str(raw.published)))
    for key in CRAWL_KEYS:
        value = raw.extra.get(key)
        iso = normalise_date_value(value) if isinstance(value, str) else None
        if iso:
            found.append(FoundDate(iso, "warc", value, where=key))
    found.extend(cleaned.dates)
    found.extend(dateline_candidates(doc.text))
    from_url = url_date(doc.url)
    if from_url:
        found.append(from_url)
    return found


def _header_lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            if len(line) <= MAX_META_LINE:
                lines.append(line)
            if len(lines) >= HEADER_LINES:
                break
    return lines


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language whose stopwords are most frequent, if frequent enough."""
    words = _WORDS.findall(text[:LANGUAGE_SAMPLE].lower())
    if len(words) < 3:
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in counts.keys() & stop) / len(words) for lang, stop in _stopwords().items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= MIN_STOPWORD_RATIO else None


def find_identifiers(lines: list[str]) -> dict[str, str]:
    """Numbers the document gives itself: {"dispatch": "10877"}, {"clip": "4312"}, {"number": "1234"}."""
    found: dict[str, str] = {}
    for line in lines:
        for match in _IDENTIFIER.finditer(line[:MAX_META_LINE]):
            key = match["key"].lower()
            key = "dispatch" if key.endswith("dispatch") else ("inquiry & analysis" if key.startswith("inquiry") else key)
            found.setdefault(key, match["value"].rstrip("-"))
        match = _BARE_NUMBER.search(line[:MAX_META_LINE])
        if match and not _IDENTIFIER.search(line[:MAX_META_LINE]):
            found.setdefault("number", match["value"])
    return found


def _reader_identifiers(raw: RawRecord) -> dict[str, str]:
    given = raw.extra.get("identifiers")
    if not isinstance(given, dict):
        return {}
    return {str(k): str(v) for k, v in given.items() if isinstance(v, (str, int))}


def find_duration(lines: list[str]) -> float | None:
    """Seconds from "Duration: 03:15" (195.0), "Length: 1:02:03" (3723.0) or "Duration: 4 min 10 sec"."""
    for line in lines:
        for match in _DURATION.finditer(line[:MAX_META_LINE]):
            if match["clock"]:
                seconds = 0
                for part in match["clock"].split(":"):
                    seconds = seconds * 60 + int(part)
                return float(seconds)
            if match["h"] or match["m"] or match["s"]:
                return float(int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60 + int(match["s"] or 0))
    return None


def find_cites(text: str, removed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sources the document names as its origin, from short lines of the text and dropped lines.

    Each cite is {"name", "relation", "text", "start", "end"} (offsets into the clean text,
    None for a dropped line), plus "detail" for 'Source: Channel - "programme"'.
    """
    cites: list[dict[str, Any]] = []
    offset = 0
    nonblank = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            nonblank += 1
            start = offset + len(line) - len(line.lstrip())
            cite = _cite_line(stripped) if len(stripped) <= MAX_META_LINE else None
            if cite:
                cite.update(text=stripped, start=start, end=start + len(stripped))
                cites.append(cite)
            elif nonblank <= HEADER_LINES:
                cites.extend(_wire_credit(line[:MAX_META_LINE], offset))
        offset += len(line) + 1
    for entry in removed:
        cite = _cite_line(entry["text"]) if len(entry["text"]) <= MAX_META_LINE else None
        if cite:
            cite.update(text=entry["text"], start=None, end=None)
            cites.append(cite)
    return cites


def _cite_line(line: str) -> dict[str, Any] | None:
    line = line.strip("()[]—–- ")
    if line[:12].split(" ", 1)[0].rstrip(":").lower() not in CITE_FIRST_WORDS:
        return None
    for pattern, relation in _CITE_LINES:
        match = pattern.fullmatch(line)
        if not match:
            continue
        if relation == "via" and len(line) > 80:
            return None
        name = match["name"].strip()
        cite: dict[str, Any] = {"relation": relation}
        detail = _QUOTED_DETAIL.search(name)
        if detail:
            cite["detail"] = detail["detail"].strip()
            name = name[: detail.start()]
        name = _NAME_END.sub("", name).strip(" \"'“”‘’")
        if not name or len(name) > 120 or find_dates(name):  # "First published on 10 Nov 2023" is a dateline
            return None
        return {"name": name, **cite}
    return None


def _wire_credit(line: str, offset: int) -> list[dict[str, Any]]:
    """The "(Reuters)" of "LONDON (Reuters) -", with offsets of the parenthesis."""
    indent = len(line) - len(line.lstrip())
    match = _WIRE_CREDIT.match(line, indent)
    if not match:
        return []
    start, end = offset + match.start("name") - 1, offset + match.end("name") + 1
    return [{"name": match["name"].strip(), "relation": "credit", "text": line[start - offset : end - offset], "start": start, "end": end}]


def normalise_date_option(value: str) -> str:
    """The ``--published`` option as ISO 8601: a date (2023-11-13) or a datetime (2023-11-13T09:15)."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"not an ISO date or datetime: {value!r} (expected e.g. 2023-11-13 or 2023-11-13T09:15)") from None
