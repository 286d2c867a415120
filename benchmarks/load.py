"""The web app under load: many concurrent HTTP clients against a real ``crosswire serve``.

A store is built (the example corpus through ``add`` and ``analyze``, plus synthetic annotated
documents stored in bulk, as ``analyze_scale.py`` does), ``crosswire serve`` is started as its
own process on a free loopback port, and ``--clients`` concurrent clients (asyncio + httpx, one
keep-alive connection each) request a seeded mix of HTML pages, JSON API lists and records,
and full-text searches for ``--seconds``. Every request has a 30 s timeout, so the run is bounded.

    .venv/bin/python benchmarks/load.py                       # 50 clients, 60 s, 2,000 synthetic docs
    .venv/bin/python benchmarks/load.py --clients 10 --seconds 10 --docs 200
    .venv/bin/python benchmarks/load.py --db news.db          # an existing store (analyzed)

Prints p50/p95/p99 latency overall and per kind of request, errors (any status but 200, any
timeout or connection failure), requests/s, the server's CPU time per request and its resident
memory (start, peak, end, read from /proc). The clients share the machine with the server: on
2 cores the figures are those of the pair, not of the server alone.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import crosswire  # noqa: E402
from benchmarks.analyze_scale import store_corpus  # noqa: E402
from benchmarks.synthetic import generate_annotated  # noqa: E402
from crosswire.store.sqlite import Store  # noqa: E402

CROSSWIRE = str(Path(sys.executable).with_name("crosswire"))
TIMEOUT = 30.0


def build_store(db: Path, docs: int) -> None:
    """Example corpus (real extraction) plus ``docs`` synthetic annotated documents, analyzed."""
    with crosswire.open(db) as cw:
        cw.add([ROOT / "examples" / "corpus"])
    if docs:
        store_corpus(db, generate_annotated(docs, seed=3))
    with crosswire.open(db) as cw:
        cw.analyze()


def _ids(store: Store, sql: str, limit: int = 200) -> list[str]:
    return [row[0] for row in store.conn.execute(f"{sql} LIMIT ?", (limit,))]


def request_mix(db: Path) -> list[tuple[str, str]]:
    """(kind, url) pairs drawn uniformly by the clients: pages, API and search, about a third each."""
    with Store(db, readonly=True) as store:
        docs = _ids(store, "SELECT id FROM documents ORDER BY random()")
        stories = _ids(store, "SELECT id FROM stories ORDER BY random()")
        entities = _ids(store, "SELECT id FROM entities ORDER BY random()")
        variants = _ids(store, "SELECT id FROM variants ORDER BY random()")
        speakers = _ids(store, "SELECT name FROM entities WHERE type = 'PERSON' ORDER BY random()", 50)
        words = [w for t in _ids(store, "SELECT text FROM statements ORDER BY random()", 100) for w in t.split()
                 if w.isalpha() and len(w) > 4][:200]
    rng = random.Random(5)
    pick = rng.choice
    mix: list[tuple[str, str]] = []
    for _ in range(40):
        a, b = pick(docs), pick(docs)
        mix += [("page", "/"), ("page", f"/stories/{pick(stories)}"), ("page", f"/documents/{a}"),
                ("page", f"/compare?a={a}&b={b}")]
        mix += [("page", f"/entities/{pick(entities)}")] if entities else []
        mix += [("page", f"/variants/{pick(variants)}")] if variants else []
        mix += [("api", "/api/documents?limit=50"), ("api", "/api/stories?limit=20"), ("api", f"/api/documents/{a}"),
                ("api", f"/api/reuse?document={b}"), ("api", f"/api/statements?document={a}"),
                ("api", "/api/discrepancies?limit=20")]
        mix += [("api", f"/api/statements?speaker={quote(pick(speakers))}&limit=20")] if speakers else []
        mix += [("search", f"/search?q={quote(pick(words))}"), ("search", f"/api/search?q={quote(pick(words))}"),
                ("search", f"/api/search?q={quote(pick(words) + ' ' + pick(words))}&scope=documents"),
                ("search", f"/api/search?q={quote(pick(words)[:4])}*")]
    return mix


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> tuple[float, float]:
    """The process's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)


async def client(base: str, mix: list[tuple[str, str]], seed: int, until: float, tally: Tally) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as http:
        while time.monotonic() < until:
            kind, url = rng.choice(mix)
            started = time.perf_counter()
            try:
                status = (await http.get(url)).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            tally.latencies[kind].append(time.perf_counter() - started)
            if status != 200:
                tally.errors[kind] += 1
                if len(tally.examples) < 10:
                    tally.examples.append(f"{url}: {status}")


async def hammer(base: str, mix: list[tuple[str, str]], clients: int, seconds: float, pid: int) -> tuple[Tally, float, float]:
    """Run the clients; sample the server's memory every second. Returns the tally, elapsed s, peak RSS."""
    tally = Tally()
    started = time.monotonic()
    until = started + seconds
    tasks = [asyncio.create_task(client(base, mix, i, until, tally)) for i in range(clients)]
    peak = 0.0
    while not all(t.done() for t in tasks):
        peak = max(peak, rss_mb(pid)[0])
        await asyncio.sleep(1)
    await asyncio.gather(*tasks)
    return tally, time.monotonic() - started, peak


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(tally: Tally, elapsed: float) -> None:
    print(f"{'kind':<8}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    every = [x for values in tally.latencies.values() for x in values]
    for kind, values in sorted(tally.latencies.items()) + [("all", every)]:
        errors = sum(tally.errors.values()) if kind == "all" else tally.errors.get(kind, 0)
        ms = [x * 1000 for x in values]
        print(f"{kind:<8}{len(ms):>10}{errors:>8}{percentile(ms, 50):>9.0f}{percentile(ms, 95):>9.0f}"
              f"{percentile(ms, 99):>9.0f}{max(ms):>9.0f}")
    print(f"throughput: {len(every) / elapsed:.1f} requests/s over {elapsed:.1f}s")
    for example in tally.examples:
        print(f"  error: {example}")


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([CROSSWIRE, "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    sys.exit("the server did not answer within 60 s")


def run(db: Path, clients: int, seconds: float) -> int:
    mix = request_mix(db)
    port = free_port()
    server = serve(db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=TIMEOUT) as warm:  # every URL once: first-hit costs out of the figures
            bad = [url for _, url in dict.fromkeys(mix) if warm.get(url).status_code != 200]
        start_rss, start_cpu = rss_mb(server.pid)[0], cpu_seconds(server.pid)
        print(f"{len(set(mix))} distinct URLs ({len(bad)} not 200 when warming up); server RSS {start_rss:.0f} MB; "
              f"{clients} clients for {seconds:g}s on 127.0.0.1, {os.cpu_count()} cores")
        tally, elapsed, peak = asyncio.run(hammer(base, mix, clients, seconds, server.pid))
        end_rss, hwm = rss_mb(server.pid)
        cpu = cpu_seconds(server.pid) - start_cpu
        report(tally, elapsed)
        requests = sum(len(v) for v in tally.latencies.values())
        print(f"server CPU: {cpu:.1f}s in {elapsed:.0f}s, {1000 * cpu / max(requests, 1):.1f} ms per request; "
              f"machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"server RSS: start {start_rss:.0f} MB, peak {max(peak, hwm):.0f} MB, end {end_rss:.0f} MB")
        return 1 if tally.errors or bad else 0
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--docs", type=int, default=2_000, help="synthetic documents added to the example corpus")
    parser.add_argument("--db", type=Path, help="serve this (analyzed) store instead of building one")
    args = parser.parse_args()
    if args.db:
        sys.exit(run(args.db, args.clients, args.seconds))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        started = time.perf_counter()
        build_store(db, args.docs)
        with Store(db, readonly=True) as store:
            counts = store.counts()
        print(f"store built in {time.perf_counter() - started:.0f}s: "
              + ", ".join(f"{n} {k}" for k, n in counts.items() if n))
        status = run(db, args.clients, args.seconds)
    sys.exit(status)


if __name__ == "__main__":
    main()
