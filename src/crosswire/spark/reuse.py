"""Reuse detection as Spark jobs: the local detector's three stages, as DataFrame operations.

1. Shingles: each document's hashed word 5-grams (:mod:`crosswire.link.shingles`, in Arrow
   batches), as its distinct ``(id, key)`` postings; ``key`` is the hash shifted right as
   :mod:`crosswire.link.candidates` does, so both engines group the same shingles.
2. Candidates: document frequency per key by ``groupBy``; keys in more than ``max_df``
   documents, or outlet boilerplate, are dropped (the same rule as the local index); a
   self-join on the key counts the rare shingles each pair shares, and pairs below
   ``min_shared`` shingles or ``min_evidence`` summed weight ``1 / (df - 1)`` are dropped.
3. Verification: each candidate pair, with both documents and the frequency codes of the
   second's shared shingles (by key: the worker hashes the text again anyway), is aligned and its direction decided by the local code
   (:func:`crosswire.link.align.align`, :mod:`crosswire.link.direction`) in ``mapInArrow``.

Pairs are ordered ``first < second`` by document id, the order in which the local engine
reads documents from its store, so both engines align the same pair the same way round.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
from pyspark import StorageLevel
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from ..link.align import align
from ..link.candidates import OUTLET_BOILERPLATE_MIN_DOCS
from ..link.reuse import ReuseSettings, _row
from ..link.shingles import Words, batches, tokenize
from ..model import Document
from .documents import record_batch

POSTINGS = pa.schema([("id", pa.string()), ("key", pa.int64())])
POSTING_SCHEMA = "id string, key long"
LINKS = pa.schema([("source", pa.string()), ("target", pa.string()), ("passages", pa.string()),
                   ("coverage", pa.float64()), ("basis", pa.string()), ("confidence", pa.float64())])
REUSE_SCHEMA = "source string, target string, passages string, coverage double, basis string, confidence double"
IGNORED = -1
"""Frequency code of a shingle that is too common or outlet boilerplate (as the local index)."""


DEFAULT_SETTINGS = ReuseSettings()


def find_reuse(documents: DataFrame, settings: ReuseSettings = DEFAULT_SETTINGS) -> list[dict[str, Any]]:
    """Reuse rows among ``documents`` (``id``, ``text``, ``outlet``, ``document`` JSON), collected."""
    n_docs = documents.count()
    shift = max(1, int(n_docs).bit_length())
    postings = documents.select("id", "text").mapInArrow(
        lambda parts: _posting_batches(parts, settings.n, shift), POSTING_SCHEMA
    ).persist(StorageLevel.MEMORY_AND_DISK)
    frequencies = _frequencies(postings, documents.select("id", "outlet"), settings.max_df).persist()
    pairs = _candidate_pairs(postings, frequencies, settings).persist()
    targets = _frequency_codes(postings, frequencies, pairs.select(F.col("second").alias("id")).distinct())
    bodies = documents.select("id", "document")
    work = (
        pairs.join(bodies.withColumnRenamed("id", "first").withColumnRenamed("document", "first_document"), "first")
        .join(bodies.withColumnRenamed("id", "second").withColumnRenamed("document", "second_document"), "second")
        .join(targets.withColumnRenamed("id", "second"), "second", "left")
    )
    found = work.mapInArrow(lambda parts: _verify_batches(parts, settings, shift), REUSE_SCHEMA)
    rows = [_decoded(row.asDict()) for row in found.toLocalIterator()]
    for frame in (postings, frequencies, pairs):
        frame.unpersist()
    return rows


def _posting_batches(parts: Iterator[pa.RecordBatch], n: int, shift: int) -> Iterator[pa.RecordBatch]:
    """Each document's distinct shingle keys (deduplicated here: no shuffle for ``distinct``)."""
    for part in parts:
        ids, texts = part.column("id").to_pylist(), part.column("text").to_pylist()
        for first, last in batches(texts):
            batch = tokenize(texts[first:last], n)
            owners, keys = [], []
            for k in range(last - first):
                _, doc_shingles = batch.document(k)
                doc_keys = np.unique(_keys(doc_shingles, shift))
                owners.append(np.full(doc_keys.size, k))
                keys.append(doc_keys)
            if not keys:
                continue
            owner_ids = pa.array(ids[first:last], type=pa.string()).take(pa.array(np.concatenate(owners)))
            yield pa.RecordBatch.from_arrays([owner_ids, pa.array(np.concatenate(keys))], schema=POSTINGS)


def _keys(hashes: np.ndarray, shift: int) -> np.ndarray:
    """Shingle hashes as the keys both engines group by (they fit in int64: ``shift >= 1``)."""
    return (hashes >> np.uint64(shift)).astype(np.int64)


def _frequencies(postings: DataFrame, outlets: DataFrame, max_df: int) -> DataFrame:
    """``key``, ``df`` and ``code`` of shingles in two or more documents: code ``df`` when
    evidence, ``IGNORED`` when in over ``max_df`` documents or all 3+ from one known outlet."""
    grouped = postings.join(outlets, "id").groupBy("key").agg(
        F.count("*").alias("df"),
        F.count("outlet").alias("known"),
        F.min("outlet").alias("lowest"),
        F.max("outlet").alias("highest"),
    )
    boilerplate = (F.col("df") >= OUTLET_BOILERPLATE_MIN_DOCS) & (F.col("known") == F.col("df")) & (
        F.col("lowest") == F.col("highest")
    )
    ignored = (F.col("df") > max_df) | boilerplate
    return grouped.filter("df >= 2").select(
        "key", "df", F.when(ignored, F.lit(IGNORED)).otherwise(F.col("df")).alias("code")
    )


def _candidate_pairs(postings: DataFrame, frequencies: DataFrame, settings: ReuseSettings) -> DataFrame:
    """``first``, ``second`` ids sharing enough rare shingles (the banding self-join)."""
    weight = (F.lit(1.0) / (F.col("df") - 1)).cast("float")  # float32, as the local index
    evidence = postings.join(frequencies.filter(F.col("code") > 0).select("key", weight.alias("weight")), "key")
    left = evidence.select("key", F.col("id").alias("first"), "weight")
    right = evidence.select("key", F.col("id").alias("second"))
    return (
        left.join(right, "key")
        .filter(F.col("first") < F.col("second"))
        .groupBy("first", "second")
        .agg(F.count("*").alias("shared"), F.sum("weight").alias("evidence"))
        .filter((F.col("shared") >= settings.min_shared) & (F.col("evidence") >= settings.min_evidence))
        .select("first", "second")
    )


def _frequency_codes(postings: DataFrame, frequencies: DataFrame, wanted: DataFrame) -> DataFrame:
    """Per wanted document, the keys and frequency codes of its shared shingles."""
    return (
        postings.join(wanted, "id", "left_semi")
        .join(frequencies.select("key", "code"), "key")
        .groupBy("id")
        .agg(F.collect_list("key").alias("keys"), F.collect_list("code").alias("codes"))
    )


def _verify_batches(parts: Iterator[pa.RecordBatch], settings: ReuseSettings, shift: int) -> Iterator[pa.RecordBatch]:
    """Align each candidate pair; a pair without a passage of ``min_words`` words yields nothing."""
    cache: dict[str, tuple[Document, Words, np.ndarray]] = {}
    for part in parts:
        out = []
        for row in part.to_pylist():
            a_doc, a_words, a_shingles = _tokens(row["first"], row["first_document"], cache, settings.n)
            b_doc, b_words, b_shingles = _tokens(row["second"], row["second_document"], cache, settings.n)
            b_df = _shingle_codes(_keys(b_shingles, shift), row["keys"], row["codes"])
            passages = align(
                a_doc.text, a_words, a_shingles, b_doc.text, b_words, b_shingles, b_df,
                n=settings.n, min_words=settings.min_words, min_evidence=settings.min_evidence,
            )
            if passages:
                link = _row(a_doc, b_doc, passages, len(a_words), len(b_words))
                out.append((link["source"], link["target"], json.dumps(link["passages"]), link["coverage"],
                            json.dumps(link["basis"], ensure_ascii=False), link["confidence"]))
        if len(cache) > 4096:
            cache.clear()
        yield record_batch(out, LINKS)


def _shingle_codes(shingle_keys: np.ndarray, keys: list[int] | None, codes: list[int] | None) -> np.ndarray:
    """Each shingle's frequency code (0: in no other document), as the local index gives it."""
    found = np.zeros(shingle_keys.size, dtype=np.int64)
    if keys:
        order = np.argsort(np.asarray(keys, dtype=np.int64))
        known, known_codes = np.asarray(keys, dtype=np.int64)[order], np.asarray(codes, dtype=np.int64)[order]
        at = np.minimum(np.searchsorted(known, shingle_keys), known.size - 1)
        hit = known[at] == shingle_keys
        found[hit] = known_codes[at[hit]]
    return found


def _tokens(
    doc_id: str, document_json: str, cache: dict[str, tuple[Document, Words, np.ndarray]], n: int
) -> tuple[Document, Words, np.ndarray]:
    """A document with its words and shingles, tokenised once while it stays in ``cache``."""
    if doc_id not in cache:
        doc = Document(**json.loads(document_json))
        words, shingles = tokenize([doc.text], n).document(0)
        cache[doc_id] = (doc, words, shingles)
    return cache[doc_id]


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    row["passages"] = json.loads(row["passages"])
    row["basis"] = json.loads(row["basis"])
    return row
