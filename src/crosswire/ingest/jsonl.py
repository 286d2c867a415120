"""JSON Lines and JSON: one record per object, under the field names common tools use.

Field aliases follow what corpora arrive with: passim (``series``), news-please
(``maintext``, ``date_publish``, ``source_domain``), trafilatura (``sitename``, and a
``source`` that is a URL). A bad line is an error for that line only.
"""
from __future__ import annotations

import json
import re
from typing import Any, BinaryIO, Iterator

from ..model import IngestError, RawRecord
from .dates import to_iso
from .decode import decode_bytes, normalise_text

TEXT_FIELDS = ("text", "maintext", "body", "content", "transcript")
HTML_FIELDS = ("html", "raw_html", "content_html")
OUTLET_FIELDS = ("outlet", "source", "series", "site_name", "sitename", "source_domain", "publisher")
URL_FIELDS = ("url", "link", "uri")
TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = ("published", "date", "date_publish", "datePublished", "published_at", "pubDate")
ID_FIELDS = ("id", "doc_id")
DURATION_FIELDS = ("duration",)
KNOWN_FIELDS = {*TEXT_FIELDS, *HTML_FIELDS, *OUTLET_FIELDS, *URL_FIELDS, *TITLE_FIELDS,
                *PUBLISHED_FIELDS, *ID_FIELDS, *DURATION_FIELDS}


class RecordError(ValueError):
    """An object that parses as JSON but cannot be a document."""


def read_jsonl(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    """One record per non-blank line, streamed: each line, not the file, is held to ``max_bytes``."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield IngestError(source, f"line is over the {max_bytes / 1e6:.3g} MB limit", line=number)
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield from _line_record(line, source, number)


def read_json(data: bytes, source: str) -> Iterator[RawRecord | IngestError]:
    """A ``.json`` file: one object, a list of objects, or (as passim writes them) JSON lines."""
    text, _ = decode_bytes(data)
    try:
        value = _loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several objects, one per line
            yield from _read_lines(text, source)
        else:
            yield IngestError(source, f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno)
        return
    except RecursionError as exc:
        yield IngestError(source, _reason(exc))
        return
    if isinstance(value, dict):
        items: list[Any] = [value]
    elif isinstance(value, list):
        items = value
    else:
        yield IngestError(source, f"expected a JSON object or a list of objects, got {type(value).__name__}")
        return
    for index, item in enumerate(items, 1):
        item_source = source if isinstance(value, dict) else f"{source}#item{index}"
        if _is_exported_annotation(item):
            continue
        try:
            yield record_from_object(item, item_source)
        except RecordError as exc:
            where = "" if isinstance(value, dict) else f"item {index}: "
            yield IngestError(source, where + str(exc))


# The records other than documents in crosswire's own JSONL export: ``analyze`` derives them
# again, and read as documents they would add a document for every statement.
EXPORTED_ANNOTATIONS = {"entity", "statement", "story", "reuse", "variant", "discrepancy", "event"}


def _is_exported_annotation(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.get("type") in EXPORTED_ANNOTATIONS


def record_from_object(obj: Any, source: str) -> RawRecord:
    """A :class:`RawRecord` from one decoded JSON object; unknown fields go to ``extra``."""
    if not isinstance(obj, dict):
        raise RecordError(f"expected a JSON object, got {_json_type(obj)}")
    html = _first_string(obj, HTML_FIELDS)
    text = None if html is not None else _first_string(obj, TEXT_FIELDS)
    if html is None and text is None:
        raise RecordError("no text: needs a non-empty 'text' or 'html' field")
    url = _first_string(obj, URL_FIELDS)
    outlet = _first_string(obj, OUTLET_FIELDS)
    if outlet and outlet.startswith(("http://", "https://")):  # trafilatura's "source" is the URL
        url, outlet = url or outlet, _first_string(obj, ("sitename", "site_name", "source_domain"))
    doc_id = obj.get("id", obj.get("doc_id"))
    published = _first_string(obj, PUBLISHED_FIELDS)
    return RawRecord(
        source=source,
        content=html if html is not None else text or "",
        is_html=html is not None,
        format="jsonl",
        url=url,
        outlet=outlet,
        title=_first_string(obj, TITLE_FIELDS),
        published=to_iso(published) or published,
        doc_id=str(doc_id) if isinstance(doc_id, (str, int)) and str(doc_id).strip() else None,
        duration=_duration(obj.get("duration")),
        extra={k: v for k, v in obj.items() if k not in KNOWN_FIELDS},
    )


def _parse(line: bytes | str) -> Any:
    try:
        return _loads(line)
    except UnicodeDecodeError:  # not UTF-8, as JSON should be: decode as we decode any text
        return _loads(decode_bytes(line)[0])


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _loads(text: str | bytes) -> Any:
    """``json.loads``, with lone surrogates (``"\\ud800"`` is valid JSON but not text) made U+FFFD:
    neither spaCy nor SQLite can encode them, and one would fail the whole record downstream."""
    value = json.loads(text)
    escape = _SURROGATE_ESCAPE_BYTES if isinstance(text, bytes) else _SURROGATE_ESCAPE
    return _without_surrogates(value) if escape.search(text) else value  # type: ignore[arg-type]


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def _read_lines(text: str, source: str) -> Iterator[RawRecord | IngestError]:
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield from _line_record(line, source, number)


def _line_record(line: bytes | str, source: str, number: int) -> Iterator[RawRecord | IngestError]:
    """The document on one JSON line (nothing for an exported annotation), or why it has none."""
    try:
        obj = _parse(line)
        if not _is_exported_annotation(obj):
            yield record_from_object(obj, f"{source}#L{number}")
    except (ValueError, RecursionError) as exc:
        yield IngestError(source, _reason(exc), line=number)


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg} (column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    return str(exc)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def _first_string(obj: dict[str, Any], fields: tuple[str, ...]) -> str | None:
    """The first of ``fields`` holding a non-empty string (a list of strings is joined)."""
    for name in fields:
        value = obj.get(name)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = ", ".join(value)
        if isinstance(value, str) and value.strip():
            return normalise_text(value).strip()
    return None


def _duration(value: Any) -> float | None:
    """Seconds from a number or an ``H:MM:SS``/``MM:SS`` string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value >= 0 else None
    if isinstance(value, str):
        try:
            seconds = 0.0
            for part in value.strip().split(":"):
                seconds = seconds * 60 + float(part)
            return seconds
        except ValueError:
            return None
    return None


def _json_type(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )
