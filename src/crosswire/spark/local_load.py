"""The local engine's loading stage: input records cleaned and extracted on every core, stored in id order.

Cleaning and extraction are per document, so chunks of raw records go to a pool of worker
processes (parsing the JSON there too); the main process only writes. What the workers send
back is staged, pickled, in a table keyed by document id in a temporary SQLite file: its
primary key keeps the first record of each id (``INSERT OR IGNORE``, as ``add`` keeps the
first) and hands them back in id order without holding a million documents in memory. The
store then gets them in bulk, in id order, as the Spark engine stores them.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

from ..extract import EXTRACTOR_VERSION, Extracted
from ..model import IngestError
from ..store.sqlite import Store
from .records import Extractor, document_from_record, parsed_line, read_local_records

CHUNK = 200
"""Records per task: enough to amortise the pool's messages, few enough to keep both cores busy."""
IN_FLIGHT = 4
"""Chunks per worker sent ahead of the results read back."""
WRITE_CHUNK = 2000
"""Staged documents written to the store per bulk insert."""

_extractor: Extractor | None = None


def load_documents(
    store: Store, input_url: str, extractor: Extractor, staging: Path, workers: int | None = None
) -> int:
    """Clean, extract and store every record of ``input_url``; return the number rejected.

    ``workers`` defaults to the machine's cores; 1 runs in this process (no pool).
    """
    workers = workers or os.cpu_count() or 1
    rejected = 0
    with closing(sqlite3.connect(staging)) as stage:
        stage.execute("PRAGMA journal_mode=OFF")
        stage.execute("PRAGMA synchronous=OFF")
        stage.execute("CREATE TABLE staged (id TEXT PRIMARY KEY, payload BLOB NOT NULL) WITHOUT ROWID")
        for results in _prepared(_chunks(read_local_records(input_url, parse=False)), extractor, workers):
            errors = [item for item in results if isinstance(item, IngestError)]
            if errors:
                rejected += len(errors)
                with store.transaction():
                    for error in errors:
                        store.log_error(error)
            stage.executemany("INSERT OR IGNORE INTO staged VALUES (?, ?)",
                              (item for item in results if not isinstance(item, IngestError)))
        stage.commit()
        rows = stage.execute("SELECT payload FROM staged ORDER BY id")
        with store.transaction():
            while batch := rows.fetchmany(WRITE_CHUNK):
                _store(store, [pickle.loads(payload) for (payload,) in batch])
    return rejected


def _chunks(records: Iterable[tuple[Any, str]]) -> Iterator[list[tuple[Any, str]]]:
    chunk: list[tuple[Any, str]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prepared(chunks: Iterator[list[tuple[Any, str]]], extractor: Extractor, workers: int) -> Iterator[list[Any]]:
    """Each chunk's results, in input order: an ``IngestError`` or ``(id, pickled Extracted)`` per record."""
    global _extractor
    _extractor = extractor
    if workers <= 1:
        yield from map(_prepare, chunks)
        return
    # fork: the workers inherit the extractor (a spaCy pipeline or a closure need not pickle).
    # A bounded window of chunks in flight: ``imap`` would queue results without limit when
    # this process falls behind, and a million documents' results do not fit in memory.
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_prepare, (chunk,)))
            if len(pending) >= IN_FLIGHT * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _prepare(chunk: list[tuple[Any, str]]) -> list[Any]:
    """Parse, clean and extract one chunk of records (in a worker)."""
    extractor = _extractor
    if extractor is None:
        raise RuntimeError("no extractor: _prepare runs inside load_documents")
    out: list[Any] = []
    for raw, source in chunk:
        item = document_from_record(parsed_line(raw) if isinstance(raw, str) else raw, source)
        if isinstance(item, IngestError):
            out.append(item)
        else:
            found = extractor(item)
            out.append((item.id, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)))
    return out


def _store(store: Store, found: list[Extracted]) -> None:
    """Documents and their annotations in bulk: the rows ``batch._put`` writes one by one."""
    store.put_documents(f.document for f in found)
    store.add_annotations([s for f in found for s in f.statements], [m for f in found for m in f.mentions],
                          [e for f in found for e in f.events], [(f.document.id, d) for f in found for d in f.dates])
    store.conn.executemany("UPDATE documents SET extracted_version = ? WHERE id = ?",
                           ((EXTRACTOR_VERSION, f.document.id) for f in found))
