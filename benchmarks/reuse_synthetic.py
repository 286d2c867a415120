"""Reuse step on a synthetic corpus with planted copies: speed, memory, precision/recall, direction.

The step runs in a fresh process on the stored corpus, so its peak memory (ru_maxrss) is its
own, not the generator's.

    .venv/bin/python benchmarks/reuse_synthetic.py            # 20k documents
    .venv/bin/python benchmarks/reuse_synthetic.py --n 100000
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

import crosswire  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from crosswire.link import reuse  # noqa: E402
from crosswire.link.shingles import batches, shingles, tokenize  # noqa: E402

WORD = re.compile(r"\w+")


def compare_tokenizers(texts: list[str]) -> None:
    """Our numpy tokeniser and hashes against the obvious regex + Python hash, words with offsets."""
    size = sum(len(t) for t in texts) / 1e6
    t0 = time.perf_counter()
    for text in texts:
        found = [(m.start(), m.end(), hash(m.group().lower())) for m in WORD.finditer(text)]
        shingles(np.array([h for _, _, h in found], dtype=np.int64).view(np.uint64))
    regex = time.perf_counter() - t0
    t0 = time.perf_counter()
    for first, last in batches(texts):
        tokenize(texts[first:last])
    ours = time.perf_counter() - t0
    print(f"tokenise + 5-gram hashes, {size:.1f} M chars: regex+hash() {size / regex:.1f} MB/s, "
          f"crosswire numpy batches {size / ours:.1f} MB/s")


def run_step(db: str) -> None:
    """The reuse step alone, through the store, as ``analyze`` runs it; prints a JSON summary."""
    with crosswire.open(db) as cw:
        t0, cpu0 = time.perf_counter(), time.process_time()
        with cw.store.transaction():
            written = reuse.run(cw.store)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"written": written, "elapsed": elapsed, "cpu": cpu, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--step", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        return run_step(args.step)

    t0 = time.perf_counter()
    corpus = generate(args.n, seed=args.seed)
    megabytes = sum(len(d.text.encode("utf-8")) for d in corpus.documents) / 1e6
    print(f"generated {len(corpus.documents)} documents, {megabytes:.1f} MB, {len(corpus.links)} planted links "
          f"in {time.perf_counter() - t0:.1f}s")
    compare_tokenizers([d.text for d in corpus.documents[:5000]])

    with tempfile.TemporaryDirectory() as tmp:
        with crosswire.open(Path(tmp) / "bench.db") as cw:
            t0 = time.perf_counter()
            with cw.store.transaction():
                for doc in corpus.documents:
                    cw.store.put_document(doc)
            print(f"stored in {time.perf_counter() - t0:.1f}s")
            del corpus.documents[:]
        db = str(Path(tmp) / "bench.db")
        step = subprocess.run([sys.executable, __file__, "--step", db], capture_output=True, text=True, check=True)
        result = json.loads(step.stdout.strip().splitlines()[-1])
        with crosswire.open(db) as cw:
            rows = list(cw.store.rows("reuse"))

    elapsed, cpu = result["elapsed"], result["cpu"]
    # CPU time is the per-core cost; on a shared machine wall time also counts waiting for a core.
    print(f"reuse step: {result['written']} links in {elapsed:.1f}s wall, {cpu:.1f}s CPU: "
          f"{args.n / cpu:.0f} docs/s, {megabytes / cpu:.1f} MB/s per core ({megabytes / elapsed:.1f} MB/s wall; "
          f"store read + index + align + write), "
          f"peak RSS of the step's process {result['peak_mb']:.0f} MB")

    truth = {frozenset((l.source, l.target)): l for l in corpus.links}
    found = {frozenset((r["source"], r["target"])): r for r in rows}
    hits = truth.keys() & found.keys()
    precision = len(hits) / len(found) if found else 0.0
    recall = len(hits) / len(truth) if truth else 0.0
    right_way = sum(found[k]["source"] == truth[k].source for k in hits)
    print(f"planted links: precision {precision:.4f} recall {recall:.4f} "
          f"F1 {2 * precision * recall / (precision + recall or 1):.4f}; "
          f"direction right {right_way}/{len(hits)} = {right_way / max(1, len(hits)):.4f}")
    missed = Counter(truth[k].kind for k in truth.keys() - found.keys())
    if missed:
        print("missed by kind:", dict(missed.most_common(8)))
    wrong = Counter(truth[k].kind for k in hits if found[k]["source"] != truth[k].source)
    if wrong:
        print("wrong direction by kind:", dict(wrong.most_common(8)))


if __name__ == "__main__":
    main()
