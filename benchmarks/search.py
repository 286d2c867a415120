"""Full-text search latency over a synthetic store of N statements (FTS5, BM25, top 20).

Statements are random sentences over a Zipf-distributed vocabulary of 20,000 made-up words
(so some words are in a third of all statements, most in a handful), 20 per document, over
50 outlets and two years. Queries mix rare, middling and common words, two-word AND,
phrases, prefixes, and outlet, speaker and date filters, through the same function the web
app and API call (``search_statements``: joins, snippet and all).

    .venv/bin/python benchmarks/search.py            # 200,000 statements
    .venv/bin/python benchmarks/search.py --n 1000000 --semantic

Prints the build time (insert with the FTS triggers live, then the index optimised) and
p50/p95 query latency per query class and overall. ``--semantic`` also times brute-force
cosine over N random int8 vectors of 384 dimensions (the semantic index's layout).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from crosswire.store.sqlite import Store
from crosswire.web.search import search_statements

VOCABULARY = 20_000
PER_DOCUMENT = 20
OUTLETS = 50
SPEAKERS = 2_000


def make_words(rng: np.random.Generator) -> list[str]:
    consonants, vowels = list("bcdfghklmnprstvz"), list("aeiou")
    words: set[str] = set()
    while len(words) < VOCABULARY:
        n = int(rng.integers(2, 5))
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(n)))
    return sorted(words, key=lambda w: (len(w), w))


def vocabulary(seed: int = 7) -> tuple[list[str], list[str]]:
    """The made-up words and speaker names (the same for the same seed)."""
    rng = np.random.default_rng(seed)
    words = make_words(rng)
    speakers = [f"{words[int(i)].title()} {words[int(j)].title()}"
                for i, j in rng.integers(200, VOCABULARY, (SPEAKERS, 2))]
    return words, speakers


def build(path: Path, n: int, words: list[str], speakers: list[str], seed: int = 7) -> float:
    """Fill a new store with ``n`` statements; return the seconds taken."""
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, VOCABULARY + 1) ** 1.1
    weights /= weights.sum()
    lengths = rng.integers(6, 31, n)
    tokens = rng.choice(VOCABULARY, size=int(lengths.sum()), p=weights)
    started = time.perf_counter()
    store = Store(path)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    with store.transaction() as conn:
        for d in range(0, n, PER_DOCUMENT):
            day = f"2022-{1 + (d // PER_DOCUMENT) % 12:02d}-{1 + (d // PER_DOCUMENT) % 28:02d}"
            texts = [" ".join(words[t] for t in tokens[offsets[i]:offsets[i + 1]]) + "."
                     for i in range(d, min(d + PER_DOCUMENT, n))]
            doc_id = f"doc{d // PER_DOCUMENT}"
            conn.execute("INSERT INTO documents (id, source, outlet, published, format, text, added_at) "
                         "VALUES (?, 'synthetic', ?, ?, 'text', ?, ?)",
                         (doc_id, f"Outlet {d // PER_DOCUMENT % OUTLETS}", day, " ".join(texts), day))
            conn.executemany(
                "INSERT INTO statements (id, document, kind, text, start, \"end\", speaker_name) "
                "VALUES (?, ?, 'direct', ?, ?, ?, ?)",
                [(f"{doc_id}:s{i}", doc_id, text, i, i + len(text), speakers[int(rng.integers(SPEAKERS))])
                 for i, text in enumerate(texts)])
    store.conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('optimize')")
    store.conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")
    store.close()
    return time.perf_counter() - started


def queries(words: list[str], speakers: list[str], rng: np.random.Generator) -> dict[str, list[dict]]:
    def pick(lo: int, hi: int) -> str:
        return words[int(rng.integers(lo, hi))]

    def phrase() -> str:  # two frequent-ish words, often adjacent somewhere
        return f'"{pick(0, 30)} {pick(0, 30)}"'

    return {
        "rare word": [{"query": pick(5000, VOCABULARY)} for _ in range(40)],
        "middling word": [{"query": pick(100, 1000)} for _ in range(40)],
        "common word": [{"query": pick(0, 20)} for _ in range(20)],
        "two words": [{"query": f"{pick(50, 2000)} {pick(50, 2000)}"} for _ in range(40)],
        "phrase": [{"query": phrase()} for _ in range(20)],
        "prefix": [{"query": pick(200, 3000)[:4] + "*"} for _ in range(20)],
        "word + outlet": [{"query": pick(100, 1000), "outlet": f"Outlet {int(rng.integers(OUTLETS))}"} for _ in range(20)],
        "word + speaker": [{"query": pick(20, 500), "speaker": speakers[int(rng.integers(SPEAKERS))]} for _ in range(20)],
        "word + dates": [{"query": pick(100, 1000), "since": "2022-03-01", "until": "2022-04-30"} for _ in range(20)],
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=200_000, help="statements (default 200,000)")
    parser.add_argument("--db", type=Path, help="keep the store here, or reuse it if it exists (default: a temporary file)")
    parser.add_argument("--semantic", action="store_true", help="also time brute-force int8 cosine over N vectors")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "search.db"
        words, speakers = vocabulary()
        if path.exists():
            print(f"reusing {path}")
        else:
            seconds = build(path, args.n, words, speakers)
            print(f"{args.n:,} statements in {args.n // PER_DOCUMENT:,} documents: built in {seconds:.1f} s "
                  f"({args.n / seconds:,.0f} statements/s), {path.stat().st_size / 1e6:,.0f} MB")
        store = Store(path, readonly=True)
        n = store.count("statements")
        rng = np.random.default_rng(11)
        every: list[float] = []
        print(f"{'query class':<16}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}{'hits (median)':>15}")
        for name, batch in queries(words, speakers, rng).items():
            times, hits = [], []
            for params in batch:
                started = time.perf_counter()
                result = search_statements(store, limit=20, **params)
                times.append((time.perf_counter() - started) * 1000)
                hits.append(len(result.hits))
            every += times
            print(f"{name:<16}{len(batch):>4}{percentile(times, 50):>9.1f}{percentile(times, 95):>9.1f}"
                  f"{statistics.median(hits):>15.0f}")
        print(f"{'all':<16}{len(every):>4}{percentile(every, 50):>9.1f}{percentile(every, 95):>9.1f}")
        store.close()
    if args.semantic:
        from crosswire.web.semantic import DIMENSIONS, search_matrix

        matrix = rng.integers(-127, 128, (n, DIMENSIONS), dtype=np.int8)
        ids = [str(i) for i in range(n)]
        query = rng.standard_normal(DIMENSIONS).astype(np.float32)
        query /= np.linalg.norm(query)
        times = []
        for _ in range(10):
            started = time.perf_counter()
            search_matrix(matrix, ids, query, 20)
            times.append((time.perf_counter() - started) * 1000)
        print(f"semantic brute force over {n:,} int8 vectors ({matrix.nbytes / 1e6:,.0f} MB): "
              f"p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
