"""Web archives (WARC, ARC, gzipped or not): one record per archived HTML or text page.

Archives are large and streamed; the size limit holds per record, after HTTP
decompression, so a gzip bomb in a payload costs at most the limit. Requests,
metadata, redirects and non-text payloads (images, scripts) are skipped silently.
Common Crawl WET files (``conversion`` records of plain text) are read as well.
"""
from __future__ import annotations

import io
import zlib
from typing import Any, BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..model import IngestError, RawRecord
from .decode import decode_bytes, declared_charset
from .detect import sniff

PAGE_RECORD_TYPES = {"response", "resource", "conversion"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    """Yield each archived page; a damaged record is an error, and reading stops only
    where the archive itself can no longer be followed."""
    iterator = ArchiveIterator(stream)
    try:
        for record in iterator:
            offset = iterator.offset
            if record.rec_type not in PAGE_RECORD_TYPES:
                continue
            try:
                item = _page(record, source, offset, max_bytes)
            except (zlib.error, OSError, ValueError, EOFError) as exc:
                item = IngestError(source, f"record at offset {offset}: unreadable payload ({_describe(exc)})")
            if item is not None:
                yield item
    except Exception as exc:  # warcio raises many kinds of errors on damaged archives
        reason = _describe(exc) if isinstance(exc, ArchiveLoadFailed) else f"unreadable record ({type(exc).__name__})"
        yield IngestError(source, f"corrupt archive at offset {iterator.offset}: {reason}; stopped reading it")
        return
    size = stream.seek(0, io.SEEK_END)
    if iterator.offset < size:
        yield IngestError(source, f"corrupt archive at offset {iterator.offset}: "
                                  f"{size - iterator.offset} bytes could not be read as records")


def _page(record: Any, source: str, offset: int, max_bytes: int) -> RawRecord | IngestError | None:
    """The page in one archive record, None when the record holds no text page."""
    headers = record.http_headers
    if headers is not None and record.rec_type == "response":
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    mime, charset = _media_type(content_type)
    if mime and mime not in HTML_TYPES | TEXT_TYPES:
        return None
    payload = record.content_stream().read(max_bytes + 1)
    url = record.rec_headers.get_header("WARC-Target-URI")
    if len(payload) > max_bytes:
        return IngestError(source, f"record at offset {offset} ({url}): page is over "
                                   f"the {max_bytes / 1e6:.3g} MB limit once decompressed; skipped")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        return IngestError(source, f"record at offset {offset} ({url}): truncated, {missing} bytes missing")
    if not payload.strip():
        return None
    is_html = mime in HTML_TYPES or (not mime and sniff(payload[:2048]) == "html")
    text, encoding = decode_bytes(payload, charset or (declared_charset(payload) if is_html else None))
    extra = {
        "warc_date": record.rec_headers.get_header("WARC-Date"),
        "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
        "content_type": content_type or None,
        "encoding": encoding,
    }
    return RawRecord(source=f"{source}#offset={offset}", content=text, is_html=is_html, format="warc", url=url,
                     extra={k: v for k, v in extra.items() if v})


def _media_type(content_type: str) -> tuple[str, str | None]:
    """``("text/html", "utf-8")`` from ``text/html; charset=UTF-8``."""
    mime, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _describe(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
