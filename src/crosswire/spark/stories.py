"""Stories with their per-document work on Spark: each document's story features.

A document's features (publication day, the dates its text states, the MinHash signature of
its content words, the names it mentions) are what ``analyze``'s stories step spends most of
its per-document time on, the signature above all. Here they are computed on the executors,
by the local code itself (:func:`crosswire.link.story_features.compute`, over an in-memory
store of each Arrow batch's documents and annotations), and collected to the driver. The
names of documents with entity mentions are read again on the driver, after the entities
step has resolved them (the executors see the mentions' keys only). The driver then places
the documents in stories with the local clustering (:func:`crosswire.link.stories.cluster`),
so both engines give the same stories.
"""
from __future__ import annotations

import json
import pickle
from collections import defaultdict
from collections.abc import Iterator

import pyarrow as pa
from pyspark.sql import DataFrame

from ..extract import EXTRACTOR_VERSION, Extracted
from ..link import stories as local_stories
from ..link import story_features as sf
from ..link.story_features import Features
from ..model import Document
from ..store.sqlite import Store
from .documents import record_batch

FEATURES = pa.schema([("id", pa.string()), ("features", pa.binary())])
FEATURES_SCHEMA = "id string, features binary"
NAMED_TYPES = ("person", "organization", "place")
"""Mention types whose names are story features (as :func:`~.story_features.compute` reads)."""


def story_features(extracted: DataFrame) -> dict[str, Features]:
    """Every document's story features, computed on the executors, by document id in id order."""
    rows = extracted.select("id", "document", "extracted").mapInArrow(_feature_batches, FEATURES_SCHEMA)
    found = {row["id"]: pickle.loads(row["features"]) for row in rows.toLocalIterator()}
    return {doc_id: found[doc_id] for doc_id in sorted(found)}


def _feature_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        with Store(":memory:") as store, store.transaction():
            ids = []
            for doc_json, annotations in zip(batch.column("document").to_pylist(),
                                             batch.column("extracted").to_pylist()):
                doc = Document(**json.loads(doc_json))
                found = Extracted(doc, *pickle.loads(annotations))
                store.put_document(doc)
                store.put_annotations(doc.id, found.statements, found.mentions, EXTRACTOR_VERSION)
                store.put_event_mentions(doc.id, found.events, found.dates)
                ids.append(doc.id)
            out = [(f.document, pickle.dumps(f)) for f in sf.compute(store, ids)]
        yield record_batch(out, FEATURES)


def resolved_names(store: Store, features: dict[str, Features]) -> None:
    """Set the names of documents with entity mentions from the driver's store, where the
    entities step (when it ran) has given mentions their entity ids."""
    names: dict[str, set[str]] = defaultdict(set)
    marks = ",".join("?" * len(NAMED_TYPES))
    for doc_id, type_, key, entity in store.conn.execute(
            f"SELECT document, type, key, entity FROM mentions WHERE type IN ({marks})", NAMED_TYPES):
        names[doc_id].add(f"{type_}:{entity or key.split(':', 1)[-1]}")
    for doc_id, found in names.items():
        if doc_id in features:
            features[doc_id].names = sorted(found)


def run(store: Store, features: dict[str, Features]) -> int:
    """The stories step of a fresh store (as :func:`crosswire.link.stories.run` on its first
    run) with the features given; returns the number of stories."""
    resolved_names(store, features)
    for table in ("story_documents", "story_keys", "stories"):
        store.conn.execute(f"DELETE FROM {table}")
    local_stories._relinked_documents(store)  # records the strong evidence, as the local step does
    store.conn.executemany("INSERT INTO story_documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (sf.to_row(f, "") for f in features.values()))
    store.conn.executemany("INSERT OR IGNORE INTO story_keys (key, document) VALUES (?, ?)",
                           ((k, f.document) for f in features.values() for k in f.keys()))
    return local_stories.place(store, features)
