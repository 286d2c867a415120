"""Whole ``analyze`` on a synthetic annotated corpus: time and memory per step, accuracy.

Documents and what the per-document extractors would have found (names, quotes with
speakers, dated event sentences; see ``synthetic.generate_annotated``) are stored in bulk,
bypassing spaCy: the per-document cost is measured by other benchmarks, this one measures
the cross-document steps. ``analyze`` runs in a fresh process on the stored corpus, so the
peak memory (ru_maxrss) is its own. The stories step computes document features in a pool of
worker processes (one per core): CPU seconds include the workers', and the largest worker's
peak RSS is printed beside the process's own. docs/s per core is documents per CPU second
(wall time on a shared machine also counts waiting for a core).

    .venv/bin/python benchmarks/analyze_scale.py              # 20k documents
    .venv/bin/python benchmarks/analyze_scale.py --n 100000
    .venv/bin/python benchmarks/analyze_scale.py --profile analyze.prof
"""
from __future__ import annotations

import argparse
import cProfile
import json
import resource
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import crosswire  # noqa: E402
from benchmarks.synthetic import AnnotatedCorpus, generate_annotated  # noqa: E402
from crosswire.extract import EXTRACTOR_VERSION  # noqa: E402
from crosswire.link.pipeline import run_steps  # noqa: E402


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker pools)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run_analyze(db: str, profile: str | None) -> None:
    """``run_steps`` on the stored corpus, timing each step; prints a JSON summary."""
    steps: list[dict] = []
    with crosswire.open(db) as cw:
        last = start = time.perf_counter()
        last_cpu = start_cpu = _cpu()

        def on_step(name: str, written: int) -> None:
            nonlocal last, last_cpu
            now, now_cpu = time.perf_counter(), _cpu()
            steps.append({"step": name, "seconds": now - last, "cpu": now_cpu - last_cpu, "written": written,
                          "peak_mb": _peak_mb()})
            last, last_cpu = now, now_cpu

        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        run_steps(cw.store, on_step)
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        elapsed, cpu = time.perf_counter() - start, _cpu() - start_cpu
    print(json.dumps({"steps": steps, "elapsed": elapsed, "cpu": cpu, "peak_mb": _peak_mb(),
                      "worker_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN)}))


def store_corpus(db: Path, annotated: AnnotatedCorpus) -> None:
    with crosswire.open(db) as cw, cw.store.transaction():
        cw.store.put_documents(annotated.corpus.documents)
        cw.store.add_annotations(annotated.statements, annotated.mentions, annotated.events, annotated.dates)
        cw.store.conn.execute("UPDATE documents SET extracted_version = ?", (EXTRACTOR_VERSION,))


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(g, 2)}


def _precision_recall(found: set, truth: set) -> str:
    hits = len(found & truth)
    return f"precision {hits / len(found) if found else 0:.4f} recall {hits / len(truth) if truth else 0:.4f}"


def report_accuracy(db: Path, annotated: AnnotatedCorpus) -> None:
    with crosswire.open(db) as cw:
        reuse = {frozenset((r["source"], r["target"])) for r in cw.store.rows("reuse")}
        variants = [r["statements"] for r in cw.store.rows("variants")]
        dates = [[set(v["documents"]) for v in r["values"]] for r in cw.store.rows("discrepancies", "kind = 'date'")]
    planted_links = {frozenset((l.source, l.target)) for l in annotated.corpus.links}
    print(f"planted reuse links ({len(planted_links)}): {_precision_recall(reuse, planted_links)}")
    print(f"planted variant groups ({len(annotated.variant_groups)}), statement pairs: "
          f"{_precision_recall(_pairs(variants), _pairs(annotated.variant_groups))}; "
          f"{len(variants)} groups found")

    def disputed(a: str, b: str) -> bool:  # a and b on different sides of one date discrepancy
        return any(any(a in v for v in values) and any(b in v and a not in v for v in values) for values in dates)

    found = sum(disputed(a, b) for a, b in annotated.date_conflicts)
    false = sum(disputed(a, b) for a, b in annotated.date_agreements)
    print(f"planted date conflicts found {found}/{len(annotated.date_conflicts)}; "
          f"agreeing pairs reported as conflicts {false}/{len(annotated.date_agreements)}; "
          f"{len(dates)} date discrepancies in all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of analyze to FILE")
    parser.add_argument("--analyze", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.analyze:
        return run_analyze(args.analyze, args.profile)

    t0 = time.perf_counter()
    annotated = generate_annotated(args.n, seed=args.seed)
    docs = annotated.corpus.documents
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    print(f"generated {len(docs)} documents, {megabytes:.1f} MB, {len(annotated.statements)} statements, "
          f"{len(annotated.mentions)} mentions, {len(annotated.events)} event mentions, "
          f"{len(annotated.corpus.links)} planted links, {len(annotated.variant_groups)} variant groups, "
          f"{len(annotated.date_conflicts)} date conflicts in {time.perf_counter() - t0:.1f}s")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        store_corpus(db, annotated)
        print(f"stored in bulk in {time.perf_counter() - t0:.1f}s")
        command = [sys.executable, __file__, "--analyze", str(db)] + (["--profile", args.profile] if args.profile else [])
        step = subprocess.run(command, capture_output=True, text=True)
        if step.returncode:
            sys.exit(step.stderr)
        result = json.loads(step.stdout.strip().splitlines()[-1])
        n = len(docs)
        print(f"{'step':<15}{'seconds':>9}{'CPU s':>9}{'docs/CPU s':>12}{'rows':>9}{'peak RSS MB':>13}")
        for s in result["steps"]:
            print(f"{s['step']:<15}{s['seconds']:>9.1f}{s['cpu']:>9.1f}{n / max(s['cpu'], 1e-9):>12.0f}"
                  f"{s['written']:>9}{s['peak_mb']:>13.0f}")
        elapsed, cpu = result["elapsed"], result["cpu"]
        # On a shared machine wall time includes waiting for a core; CPU time is the per-core cost.
        print(f"analyze: {elapsed:.1f}s wall, {cpu:.1f}s CPU: {n / cpu:.0f} docs/s per core (CPU of the process "
              f"and its story-feature workers; {n / elapsed:.0f} docs/s wall), {megabytes / cpu:.2f} MB/s per core, "
              f"peak RSS {result['peak_mb']:.0f} MB (largest worker {result['worker_peak_mb']:.0f} MB)")
        report_accuracy(db, annotated)


if __name__ == "__main__":
    main()
