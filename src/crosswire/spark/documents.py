"""Spark jobs per document: read the input, clean it, extract statements, mentions and events.

Each job is a ``mapInArrow`` over Arrow record batches: the Python worker (reused between tasks)
loads spaCy once and processes a batch of rows per call, never one Python UDF call per row.
A record travels as one JSON string (``to_json`` of the input row), so JSONL and Parquet
inputs, nested fields included, reach :func:`~.records.document_from_record` alike.
"""
from __future__ import annotations

import json
import pickle
from collections.abc import Iterator

import pyarrow as pa
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from ..model import Document, IngestError
from .records import Extractor, document_from_record, input_format

BUILT = pa.schema([("seq", pa.int64()), ("id", pa.string()), ("document", pa.string()),
                   ("error", pa.string()), ("source", pa.string())])
BUILT_SCHEMA = "seq long, id string, document string, error string, source string"
EXTRACTED = pa.schema([("id", pa.string()), ("text", pa.string()), ("outlet", pa.string()),
                       ("document", pa.string()), ("extracted", pa.binary())])
EXTRACTED_SCHEMA = "id string, text string, outlet string, document string, extracted binary"


def read_records(spark: SparkSession, url: str) -> DataFrame:
    """``seq`` (input order), ``record`` (the row as JSON) and ``source`` of every input row."""
    reader = spark.read.parquet if input_format(url) == "parquet" else spark.read.json
    rows = reader(url)
    columns = [c for c in rows.columns if c != "_corrupt_record"]
    return rows.select(
        F.monotonically_increasing_id().alias("seq"),
        F.to_json(F.struct(*columns)).alias("record"),
        F.input_file_name().alias("source"),
    )


def build_documents(records: DataFrame) -> DataFrame:
    """Cleaned documents (``document`` as JSON) or errors, one row per record."""
    return records.mapInArrow(_build_batches, BUILT_SCHEMA)


def _build_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        out = []
        columns = batch.to_pydict()
        for seq, record, source in zip(columns["seq"], columns["record"], columns["source"]):
            item = document_from_record(json.loads(record), source)
            if isinstance(item, IngestError):
                out.append((seq, None, None, item.message, source))
            else:
                out.append((seq, item.id, json.dumps(item.to_dict(), ensure_ascii=False), None, source))
        yield record_batch(out, BUILT)


def first_of_each_id(built: DataFrame) -> DataFrame:
    """One document per id, the first in input order (``add`` keeps the first, too).

    Range-partitioned and sorted by id: read partition by partition, the documents (and all
    that is computed from them row by row) come in id order, with no sort of their own.
    """
    return (
        built.filter(F.col("error").isNull())
        .select("id", "seq", "document")
        .repartitionByRange("id")
        .sortWithinPartitions("id", "seq")
        .mapInArrow(_first_batches, "id string, document string")
    )


def _first_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The first row of each id in a partition sorted by (id, seq); an id may span batches."""
    last = None
    for batch in batches:
        ids = batch.column("id").to_pylist()
        keep = [k for k, doc_id in enumerate(ids) if doc_id != (ids[k - 1] if k else last)]
        last = ids[-1] if ids else last
        yield batch.select(["id", "document"]).take(pa.array(keep, type=pa.int64()))


def extract_documents(documents: DataFrame, extractor: Extractor) -> DataFrame:
    """Per-document extraction; ``extracted`` is the pickled (statements, mentions, events, dates).

    Persisted: reuse detection and the driver's collection both read it.
    """

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            out = []
            for doc_json in batch.column("document").to_pylist():
                doc = Document(**json.loads(doc_json))
                found = extractor(doc)
                annotations = (found.statements, found.mentions, found.events, found.dates)
                out.append((doc.id, doc.text, doc.outlet or None, doc_json, pickle.dumps(annotations)))
            yield record_batch(out, EXTRACTED)

    return documents.mapInArrow(run, EXTRACTED_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)


def record_batch(rows: list[tuple], schema: pa.Schema) -> pa.RecordBatch:
    """Rows of Python values as an Arrow batch of ``schema``."""
    columns = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.RecordBatch.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(columns, schema)], schema=schema)
