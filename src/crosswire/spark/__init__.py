"""The batch backend on Apache Spark: the same pipeline over millions of documents.

``crosswire batch --engine spark`` reads documents (JSONL or Parquet, passim's fields), runs
cleaning and per-document extraction in Arrow batches on the executors, finds reuse with
DataFrame joins, and writes the export contract as Parquet tables (see ``docs/spark.md``).
"""
from .batch import run_batch

__all__ = ["run_batch"]
