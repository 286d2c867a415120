"""The same work on both stores, SQLite and PostgreSQL: bulk ingest, analyze, search.

A seeded synthetic annotated corpus (``synthetic.generate_annotated``: documents with their
names, quotes and dated events, planted copies and quote variants; no spaCy, so the store's
own cost shows) is stored in bulk, analyzed (every cross-document step) and searched
(full-text, top 20, rare to common words, a phrase, a prefix, an outlet filter) on a SQLite
file and on a PostgreSQL database. Prints docs/s per phase, search p50/p95 per backend, peak
RSS of this process (the server's memory is its own) and whether both backends found the
same reuse links, variants and stories.

    .venv/bin/python benchmarks/postgres.py                 # 5,000 documents, a local server
    .venv/bin/python benchmarks/postgres.py --n 20000 --url postgresql://me@host/bench

Without ``--url`` a throwaway server is started from the Debian binaries
(``scripts/install-postgres``) with durability off, so PostgreSQL's figures are a best case
for its ingest (a production server fsyncs every commit; here every phase is one commit).
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.analyze_scale import store_corpus  # noqa: E402
from benchmarks.search import percentile  # noqa: E402
from benchmarks.synthetic import AnnotatedCorpus, generate_annotated  # noqa: E402
from crosswire.link.pipeline import run_steps  # noqa: E402
from crosswire.store import pg_server  # noqa: E402
from crosswire.store.backend import open_store  # noqa: E402
from crosswire.web.search import search_statements  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def search_queries(annotated: AnnotatedCorpus, seed: int) -> list[dict[str, Any]]:
    """Rare, middling and common words of the stored statements, phrases, prefixes, outlet filters."""
    counts = Counter(w for st in annotated.statements for w in st.text.lower().split() if w.isalpha())
    ranked = [w for w, _ in counts.most_common()]
    rng = np.random.default_rng(seed)

    def pick(lo: float, hi: float) -> str:
        return ranked[int(rng.integers(int(lo * len(ranked)), max(int(lo * len(ranked)) + 1, int(hi * len(ranked)))))]

    outlets = sorted({d.outlet for d in annotated.corpus.documents if d.outlet})
    return ([{"query": pick(0.5, 1.0)} for _ in range(40)] + [{"query": pick(0.05, 0.5)} for _ in range(40)]
            + [{"query": pick(0, 0.01)} for _ in range(20)]
            + [{"query": f'"{pick(0, 0.05)} {pick(0, 0.05)}"'} for _ in range(20)]
            + [{"query": pick(0.01, 0.3)[:4] + "*"} for _ in range(20)]
            + [{"query": pick(0.05, 0.5), "outlet": outlets[int(rng.integers(len(outlets)))]} for _ in range(20)])


def run(db: str, annotated: AnnotatedCorpus, queries: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(annotated.corpus.documents)
    started = time.perf_counter()
    store_corpus(db, annotated)  # type: ignore[arg-type]
    stored = time.perf_counter() - started
    with open_store(db) as store:
        started = time.perf_counter()
        run_steps(store, None)
        analyzed = time.perf_counter() - started
        times = []
        for params in queries:
            started = time.perf_counter()
            search_statements(store, limit=20, **params)
            times.append((time.perf_counter() - started) * 1000)
        found = {
            "reuse": sorted((r["source"], r["target"]) for r in store.rows("reuse")),
            "variants": sorted(tuple(r["statements"]) for r in store.rows("variants")),
            "stories": sorted(tuple(sorted(r["documents"])) for r in store.rows("stories")),
        }
    return {"store docs/s": n / stored, "analyze docs/s": n / analyzed, "analyze s": analyzed,
            "search p50 ms": percentile(times, 50), "search p95 ms": percentile(times, 95),
            "peak RSS MB": _peak_mb(), "found": found}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=5_000, help="documents (default 5,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="an empty PostgreSQL database to use (default: start a local server)")
    args = parser.parse_args()

    annotated = generate_annotated(args.n, seed=args.seed)
    print(f"{args.n:,} documents, {len(annotated.statements):,} statements, {len(annotated.mentions):,} mentions, "
          f"{len(annotated.corpus.links):,} planted links")
    queries = search_queries(annotated, args.seed)
    server = None if args.url else pg_server.start()
    try:
        url = args.url or server.create_database("bench")  # type: ignore[union-attr]
        with tempfile.TemporaryDirectory() as tmp:
            run(str(Path(tmp) / "warm-up.db"), generate_annotated(100, seed=args.seed), queries[:5])  # imports, caches
            results = {"sqlite": run(str(Path(tmp) / "bench.db"), annotated, queries),
                       "postgresql": run(url, annotated, queries)}
    finally:
        if server:
            server.stop()
    print(f"{'':<16}" + "".join(f"{name:>14}" for name in results))
    for key in ("store docs/s", "analyze docs/s", "analyze s", "search p50 ms", "search p95 ms", "peak RSS MB"):
        print(f"{key:<16}" + "".join(f"{r[key]:>14,.1f}" for r in results.values()))
    planted = {frozenset((link.source, link.target)) for link in annotated.corpus.links}
    for name, r in results.items():
        reuse = {frozenset(pair) for pair in r["found"]["reuse"]}
        print(f"{name}: planted reuse recall {len(reuse & planted) / len(planted):.4f}, "
              f"{len(r['found']['variants'])} variant groups, {len(r['found']['stories'])} stories")
    same = {k: results["sqlite"]["found"][k] == results["postgresql"]["found"][k] for k in ("reuse", "variants", "stories")}
    print("same results on both backends: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in same.items()))
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
