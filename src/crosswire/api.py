"""The Python API: everything the CLI does, in a few lines of a notebook.

>>> import crosswire
>>> cw = crosswire.open("news.db")
>>> cw.add(["examples/"])
>>> cw.analyze()
>>> cw.export("json", "out.json")
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from .client import Accessors
from .extract import EXTRACTOR_VERSION, Extracted, extract_all
from .ingest import IngestOptions, ingest_paths
from .model import Document, IngestError
from .store.backend import open_store


@dataclass
class AddSummary:
    added: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "unchanged": self.unchanged, "failed": self.failed, "errors": self.errors}


class Crosswire(Accessors):
    """A crosswire store with the operations of the pipeline (add, analyze, export) and typed
    record accessors (documents(), statements(speaker=...), stories() ...: see :mod:`crosswire.client`)."""

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        self.store = open_store(db)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Crosswire":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(
        self,
        paths: Iterable[str | Path],
        *,
        outlet: str | None = None,
        url: str | None = None,
        published: str | None = None,
        jobs: int = 1,
        on_item: Callable[[Document | IngestError], None] | None = None,
    ) -> AddSummary:
        """Ingest files and folders; each document is stored with its annotations atomically.

        ``jobs`` > 1 runs the per-document extraction in that many processes.
        """
        summary = AddSummary()
        options = IngestOptions(outlet=outlet, url=url, published=published)

        def new_documents() -> Iterator[Document]:
            seen: set[str] = set()
            for item in ingest_paths(paths, options):
                if isinstance(item, IngestError):
                    summary.failed += 1
                    summary.errors.append(str(item))
                    with self.store.transaction():
                        self.store.log_error(item)
                elif item.id in seen or self.store.has_document(item.id):
                    summary.unchanged += 1
                else:
                    seen.add(item.id)
                    yield item
                    continue
                if on_item:
                    on_item(item)

        for result in extract_all(new_documents(), jobs):
            with self.store.transaction():
                self.store.put_document(result.document)
                self._put_extracted(result)
            summary.added += 1
            summary.bytes += len(result.document.text.encode("utf-8"))
            if on_item:
                on_item(result.document)
        return summary

    def _put_extracted(self, result: Extracted) -> None:
        doc_id = result.document.id
        self.store.put_annotations(doc_id, result.statements, result.mentions, EXTRACTOR_VERSION)
        self.store.put_event_mentions(doc_id, result.events, result.dates)

    def extract_stale(self, jobs: int = 1, on_document: Callable[[str], None] | None = None) -> int:
        """Re-run per-document extraction where the stored result is from an older extractor."""
        stale = self.store.stale_documents(EXTRACTOR_VERSION)
        docs = (doc for doc in map(self.store.document, stale) if doc is not None)
        for result in extract_all(docs, jobs):
            with self.store.transaction():
                self._put_extracted(result)
            if on_document:
                on_document(result.document.id)
        return len(stale)

    def analyze(self, on_step: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Run every cross-document step over the whole store."""
        from .link import run_steps

        self.extract_stale()
        return run_steps(self.store, on_step)

    def export(self, fmt: str, target: str | Path | IO[str]) -> None:
        from .export import export

        export(self.store, fmt, target)

    def counts(self) -> dict[str, int]:
        return self.store.counts()


def open(db: str | os.PathLike[str] | None = None) -> Crosswire:  # noqa: A001 - like sqlite3.connect
    """Open (or create) a crosswire store: ``--db`` path, else ``$CROSSWIRE_DB``, else ``./crosswire.db``."""
    return Crosswire(db)
