"""``add`` and ``analyze`` killed with SIGKILL at seeded random points: the store opens,
passes SQLite's integrity check, and a rerun ends with the same export as an uninterrupted run."""
from __future__ import annotations

import json
import random
import signal
import time
from pathlib import Path

import crosswire

from .helpers import corpus_copy, crosswire_process, integrity, run_crosswire

SEED = 20240611


def _kill_after(db: Path, seconds: float, *args: str | Path) -> bool:
    """Start a command and SIGKILL it after ``seconds``; True when it was killed before it ended."""
    process = crosswire_process(db, *args)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    return killed


def _export(db: Path, target: Path) -> dict:
    with crosswire.open(db) as cw:
        cw.export("json", target)
    return json.loads(target.read_text("utf-8"))


def test_killed_add_and_analyze_leave_a_sound_store_and_rerun_to_the_same_result(tmp_path: Path) -> None:
    corpus = corpus_copy(tmp_path)
    baseline_db = tmp_path / "baseline.db"
    started = time.monotonic()
    run_crosswire(baseline_db, "add", corpus)
    add_seconds = time.monotonic() - started
    started = time.monotonic()
    run_crosswire(baseline_db, "analyze")
    analyze_seconds = time.monotonic() - started
    expected = _export(baseline_db, tmp_path / "baseline.json")

    rng = random.Random(SEED)
    db = tmp_path / "killed.db"
    kills = 0
    for args, seconds in ((("add", corpus), add_seconds), (("analyze",), analyze_seconds)):
        for _ in range(2):  # killed twice: the second run starts from the first one's leftovers
            kills += _kill_after(db, rng.uniform(0.3, 0.9) * seconds, *args)
            assert integrity(db) == "ok"
            with crosswire.open(db) as cw:  # opens, migrations and all
                cw.counts()
        run_crosswire(db, *args)
    assert kills >= 3  # the points fell inside the runs
    assert _export(db, tmp_path / "rerun.json") == expected
