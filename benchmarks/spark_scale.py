"""The batch engines at scale: local engine against Spark on a synthetic corpus with planted copies.

Documents are written as JSONL (passim's fields) and run through ``crosswire batch`` with
each engine; per-document extraction uses the corpus's planted annotations (spaCy on
nonsense words would only measure spaCy), so the figures are cleaning, reuse and the
cross-document steps. Each engine runs in a fresh process: peak memory (ru_maxrss of the
process and its children: the Spark JVM and Python workers) is its own.

    .venv/bin/python benchmarks/spark_scale.py               # 10k documents
    .venv/bin/python benchmarks/spark_scale.py --n 100000    # add larger corpora
    .venv/bin/python benchmarks/spark_scale.py --n 10000 --n 100000 --master local[2]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import AnnotatedCorpus, generate_annotated
from crosswire.extract import Extracted
from crosswire.model import Document


class PlantedExtractor:
    """Per-document extraction that returns the synthetic corpus's planted annotations.

    Offsets are those of the generated text (cleaning may shift them); statement texts and
    speakers, what variants and entities compare, are exact.
    """

    def __init__(self, annotated: AnnotatedCorpus) -> None:
        self.found: dict[str, tuple[list, list, list, list]] = {}
        for attribute, index in (("statements", 0), ("mentions", 1), ("events", 2)):
            for item in getattr(annotated, attribute):
                self.found.setdefault(item.document, ([], [], [], []))[index].append(item)
        for doc_id, expression in annotated.dates:
            self.found.setdefault(doc_id, ([], [], [], []))[3].append(expression)

    def __call__(self, doc: Document) -> Extracted:
        statements, mentions, events, dates = self.found.get(doc.id, ([], [], [], []))
        return Extracted(doc, list(statements), list(mentions), list(events), list(dates))


def write_corpus(annotated: AnnotatedCorpus, path: Path) -> None:
    """The corpus as JSONL documents: ``id``, ``text``, ``series`` (outlet), ``date``."""
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"id": doc.id, "text": doc.text, "series": doc.outlet, "date": doc.published}) + "\n" for doc in annotated.corpus.documents)


def run_engine(n: int, seed: int, engine: str, master: str, folder: Path) -> dict[str, Any]:
    """One engine on the corpus, in this process (called in a child: see ``main``)."""
    from crosswire.spark import run_batch

    annotated = generate_annotated(n, seed=seed)
    corpus = folder / "documents.jsonl"
    if not corpus.exists():
        write_corpus(annotated, corpus)
    if engine == "spark":
        from pyspark import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need no benchmarks/
    summary = run_batch(str(corpus), str(folder / engine), engine=engine, master=master,
                        extractor=PlantedExtractor(annotated))
    found = {(row["source"], row["target"]) for row in _rows(folder / engine / "reuse")}
    planted = {(link.source, link.target) for link in annotated.corpus.links}
    either_way = found | {(t, s) for s, t in found}
    summary["recall"] = len(planted & either_way) / max(1, len(planted))
    summary["peak_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                          + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return summary


def _rows(folder: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(folder).to_pylist()


def _cores(engine: str, master: str) -> int:
    if engine == "local":
        return 1
    inside = master.removeprefix("local[").removesuffix("]")
    return os.cpu_count() or 1 if inside == "*" else int(inside) if inside.isdigit() else os.cpu_count() or 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="documents (repeatable; default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--engine", choices=("local", "spark"), help=argparse.SUPPRESS)  # the child's job
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(run_engine(args.n[0], args.seed, args.engine, args.master, Path(args.folder))))
        return
    print(f"{'documents':>9} {'engine':<14} {'wall s':>8} {'docs/s/core':>11} {'peak MB':>8} {'links':>7} {'recall':>7}")
    for n in args.n or [10_000]:
        with tempfile.TemporaryDirectory() as tmp:
            for engine in ("local", "spark"):
                child = subprocess.run(
                    [sys.executable, __file__, "--n", str(n), "--seed", str(args.seed), "--master", args.master,
                     "--engine", engine, "--folder", tmp],
                    capture_output=True, text=True, check=True, env={**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"},
                )
                result = json.loads(child.stdout.strip().splitlines()[-1])
                label = engine if engine == "local" else f"spark {args.master}"
                rate = n / result["seconds"] / _cores(engine, args.master)
                print(f"{n:>9} {label:<14} {result['seconds']:>8.1f} {rate:>11.1f} {result['peak_mb']:>8.0f} "
                      f"{result['reuse']:>7} {result['recall']:>7.3f}", flush=True)


if __name__ == "__main__":
    main()
