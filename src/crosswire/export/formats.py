"""The export contract: one JSON object of eight arrays, or JSONL, or a folder of CSV tables.

Interchange formats over the same records: ``parquet`` (a folder, :mod:`.parquet`),
``sqlite`` (a datasette-ready copy, :mod:`.sqlite_copy`), ``jsonld`` (schema.org,
:mod:`.jsonld`), ``prov`` (PROV-O, JSON-LD or Turtle, :mod:`.prov`) and ``graphml``
(the provenance graph, :mod:`.graphml`).

Records are streamed from the store one at a time, so exporting a large store does not
hold it in memory.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from ..model import EXPORT_ARRAYS
from ..store.sqlite import EXPORT_HIDDEN, Store

FORMATS = ("json", "jsonl", "csv", "parquet", "sqlite", "jsonld", "prov", "graphml")
FOLDER_FORMATS = ("csv", "parquet")
PATH_FORMATS = (*FOLDER_FORMATS, "sqlite")
"""Formats written to a path (a folder, or a SQLite file), never to a stream."""

_ORDER = {
    "documents": "id",
    "entities": "id",
    "statements": "document, start, id",
    "stories": "id",
    "reuse": "source, target",
    "variants": "id",
    "discrepancies": "id",
    "events": "id",
}


RECORD_TYPE = {
    "documents": "document",
    "entities": "entity",
    "statements": "statement",
    "stories": "story",
    "reuse": "reuse",
    "variants": "variant",
    "discrepancies": "discrepancy",
    "events": "event",
}


def records(store: Store, array: str) -> Iterator[dict[str, Any]]:
    """The records of one export array, as the contract shapes them."""
    hidden = EXPORT_HIDDEN.get(array, ())
    for row in store.rows(array, order=_ORDER[array]):
        for col in hidden:
            row.pop(col, None)
        yield row


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def _write_json(store: Store, out: IO[str]) -> None:
    out.write("{")
    for i, array in enumerate(EXPORT_ARRAYS):
        out.write(("," if i else "") + f"\n  {_dump(array)}: [")
        for j, rec in enumerate(records(store, array)):
            out.write(("," if j else "") + "\n    " + _dump(rec))
        out.write("\n  ]")
    out.write("\n}\n")


def _write_jsonl(store: Store, out: IO[str]) -> None:
    for array in EXPORT_ARRAYS:
        for rec in records(store, array):
            out.write(_dump({"type": RECORD_TYPE[array], **rec}) + "\n")


def _cell(value: Any) -> Any:
    return _dump(value) if isinstance(value, (list, dict)) else value


def _write_csv(store: Store, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for array in EXPORT_ARRAYS:
        with open(folder / f"{array}.csv", "w", newline="", encoding="utf-8") as f:
            writer: csv.DictWriter[str] | None = None
            for rec in records(store, array):
                if writer is None:
                    writer = csv.DictWriter(f, fieldnames=list(rec))
                    writer.writeheader()
                writer.writerow({k: _cell(v) for k, v in rec.items()})
            if writer is None:  # an empty table still gets its header
                cols = [column.name for column in store.table_info(array)]
                csv.writer(f).writerow([c for c in cols if c not in EXPORT_HIDDEN.get(array, ())
                                        and c not in ("extracted_version", "added_at")])


def export(store: Store, fmt: str, target: str | Path | IO[str]) -> None:
    """Write the store as ``fmt`` to a file path, an open text stream, a folder (csv,
    parquet) or a SQLite file (sqlite)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in PATH_FORMATS:
        if not isinstance(target, (str, Path)):
            raise ValueError(f"{fmt} export needs a {'folder' if fmt in FOLDER_FORMATS else 'file'} path")
        _write_to_path(store, fmt, Path(target))
        return
    writer = _stream_writer(fmt, target)
    if isinstance(target, (str, Path)):
        tmp = Path(str(target) + ".part")
        with open(tmp, "w", encoding="utf-8") as f:
            writer(store, f)
        tmp.replace(target)  # never leave a half-written export under the real name
    else:
        writer(store, target)


def _write_to_path(store: Store, fmt: str, target: Path) -> None:
    if fmt == "csv":
        _write_csv(store, target)
    elif fmt == "parquet":
        from .parquet import write_parquet

        write_parquet(store, target)
    else:
        from .sqlite_copy import write_sqlite_copy

        write_sqlite_copy(store, target)


def _stream_writer(fmt: str, target: str | Path | IO[str]) -> Callable[[Store, IO[str]], None]:
    """The writer of a text format; ``prov`` is Turtle when the target file ends in ``.ttl``."""
    if fmt == "jsonld":
        from .jsonld import write_jsonld

        return write_jsonld
    if fmt == "prov":
        from .prov import write_prov

        turtle = isinstance(target, (str, Path)) and str(target).lower().endswith(".ttl")
        return lambda store, out: write_prov(store, out, turtle)
    if fmt == "graphml":
        from .graphml import write_graphml

        return write_graphml
    return _write_json if fmt == "json" else _write_jsonl
