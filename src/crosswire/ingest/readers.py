"""Every record in a file or folder, whatever its format; bad input is an error, never an exception.

Formats: plain text, HTML, JSON Lines and JSON (news-please, trafilatura, passim too),
WARC/ARC (and WET), RSS/Atom/RDF feeds, SRT and WebVTT captions, Media Cloud CSV story
lists, each optionally gzipped. Whole-file formats are held
to a size limit (``CROSSWIRE_MAX_FILE_MB``, default 50); streamed formats (JSONL, WARC)
hold each line or record to it instead, as archives of several GB are normal.
"""
from __future__ import annotations

import gzip
import io
import os
import stat
import warnings
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from ..model import IngestError, RawRecord
from .decode import declared_charset, decode_bytes
from .detect import ASSET_EXTENSIONS, GZIP_MAGIC, binary_kind, detect_format
from .feeds import read_feed
from .interchange import enrich, is_mediacloud_csv, read_mediacloud_csv
from .jsonl import read_json, read_jsonl
from .subtitles import read_subtitles
from .warc import read_warc

MAX_FILE_MB = 50.0
MAX_FILE_MB_ENV = "CROSSWIRE_MAX_FILE_MB"
HEAD_BYTES = 8192


def max_file_bytes() -> int:
    """The size limit in bytes: ``$CROSSWIRE_MAX_FILE_MB`` (decimal megabytes) or :data:`MAX_FILE_MB`."""
    value = os.environ.get(MAX_FILE_MB_ENV)
    megabytes = MAX_FILE_MB
    if value:
        try:
            megabytes = float(value)
        except ValueError:
            warnings.warn(f"{MAX_FILE_MB_ENV}={value!r} is not a number; using {MAX_FILE_MB:g} MB", stacklevel=2)
        if megabytes <= 0:
            megabytes = MAX_FILE_MB
    return int(megabytes * 1_000_000)


def read_path(path: Path, *, max_bytes: int | None = None) -> Iterator[RawRecord | IngestError]:
    """Records of a file, or of every file under a folder (sorted, hidden entries skipped)."""
    limit = max_file_bytes() if max_bytes is None else max_bytes
    path = Path(path)
    if not os.path.lexists(path):
        yield IngestError(str(path), "no such file or directory")
        return
    if not path.is_dir():
        yield from read_file(path, limit)
        return
    for found in walk_files(path):
        if isinstance(found, IngestError):
            yield found
        else:
            yield from read_file(found, limit)


def walk_files(folder: Path) -> Iterator[Path | IngestError]:
    """Files under ``folder`` in name order, depth first; hidden names, web-page assets
    (images, styles, scripts) and symbolic-link loops are skipped."""
    return _walk(folder, visited=set())


def _walk(folder: Path, visited: set[tuple[int, int]]) -> Iterator[Path | IngestError]:
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield IngestError(str(folder), _os_reason(exc))
        return
    if (info.st_dev, info.st_ino) in visited:
        return
    visited.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():
            yield from _walk(path, visited)
        elif path.suffix.lower() not in ASSET_EXTENSIONS:
            yield path


def read_file(path: Path, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    """Records of one file; any failure becomes an :class:`IngestError` naming the file."""
    source = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            yield IngestError(source, "not a regular file")
            return
        if info.st_size == 0:
            yield IngestError(source, "empty file")
            return
        with open(path, "rb") as stream:
            yield from _read_stream(stream, path.name, source, info.st_size, max_bytes)
    except OSError as exc:
        reason = "broken symbolic link" if isinstance(exc, FileNotFoundError) and path.is_symlink() else _os_reason(exc)
        yield IngestError(source, reason)
    except Exception as exc:  # a reader bug or an input no parser expected must not stop a batch
        yield IngestError(source, f"could not read: {type(exc).__name__}: {exc}")


def read_bytes(data: bytes, name: str, source: str) -> Iterator[RawRecord | IngestError]:
    """Records of a file already in memory, its format detected from ``name`` and content."""
    if not data:
        yield IngestError(source, "empty file")
        return
    fmt = detect_format(name, data[:HEAD_BYTES])
    kind = binary_kind(data[:HEAD_BYTES])
    if fmt == "warc":
        yield from read_warc(io.BytesIO(data), source, len(data))
    elif kind:
        yield IngestError(source, f"binary file (looks like {kind})")
    elif fmt == "jsonl":
        yield from _enriched(read_jsonl(io.BytesIO(data), source, len(data)))
    elif fmt == "json":
        yield from _enriched(read_json(data, source))
    elif is_mediacloud_csv(name, data[:HEAD_BYTES]):
        yield from read_mediacloud_csv(data, source)
    elif fmt == "feed":
        yield from read_feed(data, source)
    elif fmt in ("srt", "vtt"):
        text, _ = decode_bytes(data)
        yield from read_subtitles(text, source, fmt)
    else:
        yield _page(data, source, is_html=fmt == "html")


def _read_stream(stream: BinaryIO, name: str, source: str, size: int, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if head.startswith(GZIP_MAGIC):
        yield from _read_gzip(stream, head, name, source, max_bytes)
        return
    fmt = detect_format(name, head)
    kind = binary_kind(head)
    if fmt == "warc":  # archived payloads are binary; the archive format is not
        yield from read_warc(stream, source, max_bytes)
    elif kind:
        yield IngestError(source, f"binary file (looks like {kind})")
    elif fmt == "jsonl":
        yield from _enriched(read_jsonl(stream, source, max_bytes))
    else:
        data = b"" if size > max_bytes else stream.read(max_bytes + 1)
        size = max(size, len(data))  # the file may have grown since it was measured
        if size > max_bytes:
            yield IngestError(source, f"file is {_megabytes(size)} MB, over the {_megabytes(max_bytes)} MB limit")
        else:
            yield from read_bytes(data, name, source)


def _read_gzip(stream: BinaryIO, head: bytes, name: str, source: str, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    """A gzipped WARC is streamed by warcio; any other ``.gz`` is unpacked up to the limit."""
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    if _gunzip_head(head).startswith(b"WARC/") or inner_name.lower().endswith((".warc", ".arc")):
        yield from read_warc(stream, source, max_bytes)
        return
    if inner_name == name:
        yield IngestError(source, "binary file (looks like gzip-compressed file)")
        return
    try:
        with gzip.GzipFile(fileobj=stream) as unpacked:
            data = unpacked.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield IngestError(source, f"corrupt gzip file: {exc}")
        return
    if len(data) > max_bytes:
        yield IngestError(source, f"unpacks to over the {_megabytes(max_bytes)} MB limit")
        return
    yield from read_bytes(data, inner_name, source)


def _page(data: bytes, source: str, *, is_html: bool) -> RawRecord | IngestError:
    """A plain-text or HTML file: one record of decoded content."""
    text, encoding = decode_bytes(data, declared_charset(data) if is_html else None)
    if not text.strip():
        return IngestError(source, "no text (only whitespace or control characters)")
    fmt = "html" if is_html else "text"
    return RawRecord(source=source, content=text, is_html=is_html, format=fmt, extra={"encoding": encoding})


def _enriched(items: Iterator[RawRecord | IngestError]) -> Iterator[RawRecord | IngestError]:
    """JSON records with the fields of news-please, trafilatura and passim mapped (:mod:`.interchange`)."""
    for item in items:
        yield enrich(item) if isinstance(item, RawRecord) else item


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g}"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return f"cannot read: {exc.strerror or exc}"
