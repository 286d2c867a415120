"""Cost against corpus size: ``crosswire batch`` on synthetic corpora of 10k to 1M documents.

Each size is generated once (``synthetic.generate_annotated``: planted copies, quote variants
and conflicting dates), written as passim-style JSONL, and run through ``crosswire batch``
with the local engine and with Spark (``local[2]`` by default), each in a fresh process.
Per-document extraction returns the corpus's planted annotations (spaCy on nonsense words
would only measure spaCy, which ``ingest.py`` and ``polnear.py`` do), so the figures are
reading, cleaning, reuse and the cross-document steps. Printed per run: wall time, documents
per second per core (the local engine cleans, extracts and computes story features on every
core of the machine, ``local[N]`` uses N), peak memory (the summed PSS of the run's whole
process tree: Python driver, Spark JVM, Python workers, sampled every half second; PSS
counts pages that forked workers share once across them, where RSS would count them in
each; rows before 2026-11-23 17:25 summed RSS), the CPU seconds of that tree (sampled too, so a lower bound) and
documents per CPU second, which a machine shared with other jobs disturbs far less than wall
time, reuse links and the recall of the planted copies. Every run is
appended to ``benchmarks/results/scale.jsonl``; the plot of cost against size (all runs in
that file) goes to ``benchmarks/results/scale.png`` and ``docs/scale.png``, with the growth
exponent between sizes (1.0 is linear). A run stopped by ``--timeout`` is recorded as
such, never as a result.

    .venv/bin/python benchmarks/scale.py                                   # 10k, both engines, every step
    .venv/bin/python benchmarks/scale.py --n 10000 --n 100000 --steps reuse,stories
    .venv/bin/python benchmarks/scale.py --n 1000000 --steps reuse,stories --engine local --timeout 3600
    .venv/bin/python benchmarks/scale.py --prepare 1000000 --folder /tmp/c1m   # generate once, then:
    .venv/bin/python benchmarks/scale.py --n 1000000 --corpus /tmp/c1m --steps reuse,stories --engine local
    .venv/bin/python benchmarks/scale.py --plot-only                       # redraw from scale.jsonl
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import AnnotatedCorpus, generate_annotated
from crosswire.extract import Extracted
from crosswire.model import Document

RESULTS = ROOT / "benchmarks" / "results" / "scale.jsonl"
PLOTS = (ROOT / "benchmarks" / "results" / "scale.png", ROOT / "docs" / "scale.png")
ENGINES = ("local", "spark")


class PlantedExtractor:
    """Per-document extraction that returns the synthetic corpus's planted annotations.

    The annotations live in a SQLite file keyed by document id, opened lazily in each
    process: Spark ships the extractor to its Python workers by value, and a path travels
    light where a million documents' annotations would not. Offsets are those of the
    generated text (cleaning may shift them); statement texts and speakers, what variants,
    entities and stories compare, are exact.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._conn: sqlite3.Connection | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "_conn": None}

    def __call__(self, doc: Document) -> Extracted:
        if self._conn is None:
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        row = self._conn.execute("SELECT found FROM planted WHERE id = ?", (doc.id,)).fetchone()
        statements, mentions, events, dates = pickle.loads(row[0]) if row else ([], [], [], [])
        return Extracted(doc, statements, mentions, events, dates)


def write_planted(annotated: AnnotatedCorpus, path: Path) -> None:
    """Each document's planted (statements, mentions, events, dates), pickled, by id."""
    found: dict[str, tuple[list, list, list, list]] = {}
    for attribute, index in (("statements", 0), ("mentions", 1), ("events", 2)):
        for item in getattr(annotated, attribute):
            found.setdefault(item.document, ([], [], [], []))[index].append(item)
    for doc_id, expression in annotated.dates:
        found.setdefault(doc_id, ([], [], [], []))[3].append(expression)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE planted (id TEXT PRIMARY KEY, found BLOB NOT NULL)")
        conn.executemany("INSERT INTO planted VALUES (?, ?)", ((k, pickle.dumps(v)) for k, v in found.items()))
    conn.close()


def write_corpus(annotated: AnnotatedCorpus, path: Path) -> None:
    """The corpus as JSONL documents: ``id``, ``text``, ``series`` (outlet), ``date``."""
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"id": doc.id, "text": doc.text, "series": doc.outlet, "date": doc.published}) + "\n"
                       for doc in annotated.corpus.documents)


def prepare(n: int, seed: int, folder: Path) -> dict[str, Any]:
    """Generate the corpus into ``folder``: documents, planted annotations, planted links."""
    started = time.perf_counter()
    annotated = generate_annotated(n, seed=seed)
    write_corpus(annotated, folder / "documents.jsonl")
    write_planted(annotated, folder / "planted.db")
    links = [(link.source, link.target) for link in annotated.corpus.links]
    (folder / "links.json").write_text(json.dumps(links))
    return {"seconds": round(time.perf_counter() - started, 1),
            "mb": round((folder / "documents.jsonl").stat().st_size / 1e6, 1), "links": len(links)}


def run_engine(folder: Path, engine: str, master: str, steps: tuple[str, ...]) -> dict[str, Any]:
    """One engine on the prepared corpus, in this process (a child of ``main``)."""
    from crosswire.spark import run_batch

    if engine == "spark":
        from pyspark import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need no benchmarks/
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def mark(name: str, _count: int) -> None:
        marks[name] = round(time.perf_counter() - started - sum(marks.values()), 1)

    output = folder / engine
    summary = run_batch(str(folder / "documents.jsonl"), str(output), engine=engine, master=master,
                        extractor=PlantedExtractor(folder / "planted.db"), on_step=mark, steps=steps)
    summary["step_seconds"] = marks
    if "reuse" in steps:
        found = reuse_pairs(output)
        planted = {tuple(pair) for pair in json.loads((folder / "links.json").read_text())}
        summary["recall"] = len(planted & (found | {(t, s) for s, t in found})) / max(1, len(planted))
    return summary


def reuse_pairs(output: Path) -> set[tuple[str, str]]:
    import pyarrow.parquet as pq

    table = pq.read_table(output / "reuse", columns=["source", "target"])
    return set(zip(table.column("source").to_pylist(), table.column("target").to_pylist()))


def process_tree(root: int) -> set[int]:
    """``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return tree


def resident_bytes(pid: int) -> int:
    """The process's proportional set size (pages shared with forked workers counted once
    across them), or its resident size where the kernel gives no ``smaps_rollup``."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def tree_usage(root: int, cpu: dict[int, float]) -> float:
    """Summed resident MB of ``root``'s process tree now; ``cpu`` gets each process's CPU seconds."""
    total = 0
    for pid in process_tree(root):
        try:
            total += resident_bytes(pid)
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    return total / 2**20


def child(args: list[str], timeout: float | None) -> tuple[dict[str, Any] | None, float, float, str]:
    """Run this script as a child with ``args``.

    Returns its JSON result (None when it failed or timed out), the peak summed RSS (MB) and
    the CPU seconds of its process tree, and the tail of its stderr.
    """
    env = {**os.environ, "SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")}
    cpu: dict[int, float] = {}
    stopped = ""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([sys.executable, __file__, *args], stdout=out, stderr=err, text=True, env=env)
        started, peak = time.monotonic(), 0.0
        while process.poll() is None:
            peak = max(peak, tree_usage(process.pid, cpu))
            if timeout and time.monotonic() - started > timeout:
                for pid in process_tree(process.pid):  # this run's processes only, by id
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                process.wait()
                stopped = f"stopped after {timeout:.0f} s (--timeout)"
                break
            time.sleep(0.5)
        out.seek(0), err.seek(0)
        lines = out.read().strip().splitlines()
        tail = stopped or "\n".join(err.read().strip().splitlines()[-5:])
    result = json.loads(lines[-1]) if process.returncode == 0 and lines else None
    return result, peak, sum(cpu.values()), tail


def cores(engine: str, master: str) -> int:
    if engine == "local":
        return os.cpu_count() or 1  # its worker pools (crosswire.spark.local_load, story features)
    inside = master.removeprefix("local[").removesuffix("]")
    return int(inside) if inside.isdigit() else os.cpu_count() or 1


def measure(n: int, args: argparse.Namespace) -> None:
    """Prepare one size, run each engine, print and record the rows."""
    steps = tuple(args.steps.split(","))
    with tempfile.TemporaryDirectory(prefix="crosswire-scale-", dir=args.tmp) as made_here:
        tmp = args.corpus or made_here
        if args.corpus:
            check_corpus(Path(args.corpus), n)
            print(f"# {n} documents prepared before in {args.corpus}", flush=True)
        else:
            made, made_peak, _, tail = child(["--prepare", str(n), "--seed", str(args.seed), "--folder", tmp], None)
            if made is None:
                sys.exit(f"generating {n} documents failed:\n{tail}")
            print(f"# {n} documents generated in {made['seconds']} s ({made['mb']} MB JSONL, {made['links']} planted "
                  f"links, generator peak {made_peak:.0f} MB)", flush=True)
        for engine in args.engine or ENGINES:
            found, peak, cpu, tail = child(["--run", engine, "--master", args.master, "--steps", args.steps,
                                       "--folder", tmp], args.timeout)
            row = {"date": time.strftime("%Y-%m-%d"), "n": n, "engine": engine, "master": args.master if engine == "spark" else None,
                   "cores": cores(engine, args.master), "steps": list(steps), "peak_mb": round(peak),
                   "cpu_seconds": round(cpu, 1), "memory": "pss"}
            if found is None:
                row["failed"] = tail
                print(f"{n:>9} {label(row):<14} {row['failed']}", flush=True)
            else:
                row.update(seconds=found["seconds"], step_seconds=found["step_seconds"], reuse=found.get("reuse"),
                           stories=found.get("stories"), recall=found.get("recall"))
                print(format_row(row), flush=True)
            with open(RESULTS, "a", encoding="utf-8") as log:
                log.write(json.dumps(row) + "\n")
            if engine == "spark" and found is not None and "reuse" in steps and (Path(tmp) / "local").exists():
                same = reuse_pairs(Path(tmp) / "local") == reuse_pairs(Path(tmp) / "spark")
                print(f"#   spark reuse links {'identical to' if same else 'DIFFER from'} the local engine's", flush=True)


def check_corpus(folder: Path, n: int) -> None:
    """A folder made by ``--prepare N`` for this ``n`` (its outputs are written beside the corpus)."""
    missing = [name for name in ("documents.jsonl", "planted.db", "links.json") if not (folder / name).is_file()]
    if missing:
        sys.exit(f"--corpus {folder}: no {', '.join(missing)} (make it with --prepare N --folder {folder})")
    with open(folder / "documents.jsonl", "rb") as lines:
        count = sum(1 for _ in lines)
    if count != n:
        sys.exit(f"--corpus {folder} holds {count} documents, not --n {n}")


def label(row: dict[str, Any]) -> str:
    return row["engine"] if row["engine"] == "local" else f"spark {row['master']}"


def format_row(row: dict[str, Any]) -> str:
    rate = row["n"] / row["seconds"] / row["cores"]
    recall = "" if row.get("recall") is None else f"{row['recall']:.4f}"
    steps = " ".join(f"{k} {v:.0f}s" for k, v in row["step_seconds"].items())
    per_cpu = row["n"] / max(row["cpu_seconds"], 0.1)
    return (f"{row['n']:>9} {label(row):<14} {row['seconds']:>8.1f} {rate:>11.1f} {row['cpu_seconds']:>7.0f} "
            f"{per_cpu:>9.1f} {row['peak_mb']:>8} {row.get('reuse') or 0:>8} {recall:>7}   {steps}")


TARGET = 1_000_000


def by_series(rows: list[dict[str, Any]]) -> dict[str, dict[int, dict[str, Any]]]:
    """Finished runs per engine and step set, by size (the latest run of a size wins)."""
    series: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        if "seconds" in row:
            series.setdefault(f"{label(row)}: {'+'.join(row['steps'])}", {})[row["n"]] = row
    return series


def projection(points: dict[int, dict[str, Any]]) -> tuple[int, float, float] | None:
    """(largest size, growth exponent of the two largest runs, CPU seconds at ``TARGET``).

    The projection grows at least linearly from the largest run: an exponent below 1 between
    two small, noisy runs is no promise for a hundred times more documents.
    """
    sizes = sorted(points)
    if len(sizes) < 2 or sizes[-1] >= TARGET:
        return None
    a, b = sizes[-2:]
    slope = math.log(points[b]["cpu_seconds"] / points[a]["cpu_seconds"]) / math.log(b / a)
    return b, slope, points[b]["cpu_seconds"] * (TARGET / b) ** max(slope, 1.0)


def extrapolate(rows: list[dict[str, Any]]) -> None:
    """Print the projected CPU seconds at ``TARGET`` documents, labelled as a projection."""
    for name, points in sorted(by_series(rows).items()):
        if (found := projection(points)) is not None:
            largest, slope, cpu = found
            cores_used = points[largest]["cores"]
            print(f"# EXTRAPOLATED, not measured: {name} at {TARGET:,} documents: {cpu:,.0f} CPU s, about "
                  f"{cpu / cores_used / 3600:.1f} h on {cores_used} idle core(s) (growth exponent {max(slope, 1):.2f} "
                  f"from {largest:,}; measured {slope:.2f} between the two largest runs)")


def plot(rows: list[dict[str, Any]]) -> None:
    """Cost against size, log-log, per engine and step set: CPU seconds (solid, annotated
    with the growth exponent between sizes; 1.0 is linear) and wall seconds (dashed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = by_series(rows)
    fig, ax = plt.subplots(figsize=(7.5, 4.8))
    for name, points in sorted(series.items()):
        sizes = sorted(points)
        cpu = [points[n]["cpu_seconds"] for n in sizes]
        line, = ax.plot(sizes, cpu, marker="o", label=f"{name} (CPU s)")
        ax.plot(sizes, [points[n]["seconds"] for n in sizes], marker=".", linestyle="--", color=line.get_color(),
                label=f"{name} (wall s)")
        for (a, b), (ca, cb) in zip(itertools.pairwise(sizes), itertools.pairwise(cpu)):
            ax.annotate(f"{math.log(cb / ca) / math.log(b / a):.2f}", (math.sqrt(a * b), math.sqrt(ca * cb)),
                        fontsize=8, color=line.get_color())
        if (found := projection(points)) is not None:
            largest, _, cpu_at_target = found
            ax.plot([largest, TARGET], [points[largest]["cpu_seconds"], cpu_at_target], linestyle=":",
                    marker="o", markerfacecolor="none", color=line.get_color())
            ax.annotate("extrapolated", (TARGET, cpu_at_target), fontsize=7, color=line.get_color(),
                        ha="right", va="bottom")
    ax.axhline(3600, color="red", linewidth=0.8, linestyle=":", label="1 hour")
    ax.set(xscale="log", yscale="log", xlabel="documents", ylabel="seconds",
           title="crosswire batch: cost against corpus size (labels: growth exponent)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    for path in PLOTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="documents (repeatable; default 10000)")
    parser.add_argument("--engine", action="append", choices=ENGINES, help="repeatable; default both")
    parser.add_argument("--steps", default="entities,reuse,variants,stories,events,discrepancies",
                        help="analyze steps to run, comma-separated (default: all)")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, help="seconds per engine run; a longer run is stopped")
    parser.add_argument("--tmp", help="folder for the corpora and outputs (default: the system's)")
    parser.add_argument("--corpus", help="a folder made by --prepare N --folder DIR: run on it instead of generating "
                                         "(one --n, the same N)")
    parser.add_argument("--plot-only", action="store_true")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)  # the children's jobs
    parser.add_argument("--run", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.prepare, args.seed, Path(args.folder))))
        return
    if args.run:
        print(json.dumps(run_engine(Path(args.folder), args.run, args.master, tuple(args.steps.split(",")))))
        return
    if not args.plot_only:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        print(f"{'documents':>9} {'engine':<14} {'wall s':>8} {'docs/s/core':>11} {'CPU s':>7} {'docs/CPUs':>9} "
              f"{'peak MB':>8} {'links':>8} {'recall':>7}   wall seconds per step")
        for n in args.n or [10_000]:
            measure(n, args)
    rows = [json.loads(line) for line in RESULTS.read_text("utf-8").splitlines()] if RESULTS.exists() else []
    extrapolate(rows)
    plot(rows)
    print(f"# plot: {', '.join(str(p.relative_to(ROOT)) for p in PLOTS)}")


if __name__ == "__main__":
    main()
