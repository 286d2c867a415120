"""Input documents for ``batch``: passim's convention, one JSON object (or Parquet row) each.

``id`` and ``text`` are required as in passim; ``series``/``outlet``, ``date`` and the other
field names of :mod:`crosswire.ingest.jsonl` are read as ``add`` reads them, and unknown
fields are passed through to the record's ``extra``. This module has no Spark in it: the
local engine reads files with it, and the Spark jobs call :func:`document_from_record`.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..extract import Extracted
from ..ingest.jsonl import RecordError, record_from_object
from ..ingest.pipeline import build_document
from ..model import Document, IngestError

Extractor = Callable[[Document], Extracted]
"""Per-document extraction; the default runs spaCy (:func:`crosswire.extract.extract_for_store`)."""

INPUT_SUFFIXES = (".jsonl", ".json", ".ndjson", ".parquet")


def document_from_record(obj: Any, source: str) -> Document | IngestError:
    """Clean one input record into a document, or say why it cannot be one (as ``add`` does)."""
    try:
        raw = record_from_object(obj, source)
    except RecordError as exc:
        return IngestError(source, str(exc))
    try:
        doc = build_document(raw)
    except Exception as exc:  # noqa: BLE001 - a bug or hostile input must not abort the batch
        return IngestError(source, f"could not clean: {type(exc).__name__}: {exc}")
    if not doc.text.strip():
        return IngestError(source, "no text left after cleaning")
    return doc


def input_format(path: str) -> str:
    """``parquet`` or ``json`` from a file or folder name (a folder: from the files inside)."""
    local = Path(path)
    names = [p.name for p in sorted(local.rglob("*")) if p.is_file()] if local.is_dir() else [path]
    return "parquet" if any(name.endswith(".parquet") for name in names) else "json"


def read_local_records(path: str | Path, *, parse: bool = True) -> Iterator[tuple[Any, str]]:
    """(object, source) of every record in a JSONL/Parquet file or a folder of them, in order.

    ``parse=False`` leaves JSON lines as text (:func:`parsed_line` parses them), so worker
    processes can parse them in parallel.
    """
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.suffix in INPUT_SUFFIXES) if path.is_dir() else [path]
    for file in files:
        if file.suffix == ".parquet":
            import pyarrow.parquet as pq

            for number, row in enumerate(pq.read_table(file).to_pylist(), 1):
                yield {k: _plain(v) for k, v in row.items()}, f"{file}#row{number}"
            continue
        with open(file, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield parsed_line(line) if parse else line, f"{file}#L{number}"


def parsed_line(line: str) -> Any:
    """The line's JSON value; None (rejected later as not an object) when it is not JSON."""
    try:
        return json.loads(line)
    except ValueError:
        return None


def _plain(value: Any) -> Any:
    """Dates and timestamps as ISO text, as Spark's ``to_json`` writes them."""
    return value.isoformat() if hasattr(value, "isoformat") else value
