"""Read, clean and describe: from input paths to :class:`Document` objects."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Document, IngestError, RawRecord
from .clean import clean_html, clean_text
from .metadata import describe
from .readers import read_path


@dataclass
class IngestOptions:
    """Values the user gives for all inputs of one ``add``; they override what is found."""

    outlet: str | None = None
    url: str | None = None
    published: str | None = None


def document_id(raw: RawRecord) -> str:
    """Stable id: the record's own id when it has one, else a hash of what identifies it.

    The same input gives the same id wherever the file lies, so re-adding is a no-op;
    the same text from two outlets or URLs gives two documents.
    """
    if raw.doc_id:
        return str(raw.doc_id).strip()[:200]
    h = hashlib.sha256()
    for part in (raw.url or "", raw.outlet or "", raw.content):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return "d" + h.hexdigest()[:16]


def build_document(raw: RawRecord, options: IngestOptions | None = None) -> Document:
    """Clean one raw record and read its metadata."""
    options = options or IngestOptions()
    if options.outlet:
        raw.outlet = options.outlet
    if options.url:
        raw.url = options.url
    doc_id = document_id(raw)
    cleaned = clean_html(raw) if raw.is_html else clean_text(raw.content)
    doc = Document(
        id=doc_id,
        source=raw.source,
        text=cleaned.text,
        outlet=raw.outlet or cleaned.outlet,
        title=raw.title or cleaned.title,
        url=raw.url or cleaned.url,
        format=raw.format,
        duration=raw.duration,
        removed=cleaned.removed,
    )
    describe(doc, raw, cleaned, published_override=options.published)
    return doc


def ingest_paths(paths: Iterable[str | Path], options: IngestOptions | None = None) -> Iterator[Document | IngestError]:
    """Yield a document or a clear error for every record found under ``paths``.

    One bad file or line yields an :class:`IngestError` and the batch goes on.
    """
    for path in paths:
        for item in read_path(Path(path)):
            if isinstance(item, IngestError):
                yield item
                continue
            try:
                doc = build_document(item, options)
            except Exception as exc:  # a bug or hostile input must not abort the batch
                yield IngestError(item.source, f"could not clean: {type(exc).__name__}: {exc}")
                continue
            if not doc.text.strip():
                yield IngestError(item.source, "no text left after cleaning")
                continue
            yield doc
