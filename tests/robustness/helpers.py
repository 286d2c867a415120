"""Inputs and checks shared by the crash and concurrency tests: real files, real subprocesses."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "corpus"
CROSSWIRE = [str(Path(sys.executable).with_name("crosswire"))]
OUTLETS = ["Harbor Dispatch", "Coastal Daily", "Nile Radio", "Meridian"]


def synthetic_folder(folder: Path, count: int, prefix: str) -> Path:
    """``count`` short news texts with quotes, shared wording (reuse) and names."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        outlet = OUTLETS[i % len(OUTLETS)]
        (folder / f"{prefix}-{i:03d}.txt").write_text(
            f"PORT KESSAN - Dock workers voted to end the strike on day {i}, {outlet} reported.\n\n"
            f'"The port will reopen on Monday," said Maria Lopez, the harbour master, in statement {prefix}{i}.\n\n'
            f"Union leader Ahmed Karim said the deal raised wages by {i % 9 + 2} percent.", "utf-8")
    return folder


def corpus_copy(tmp: Path, synthetic: int = 12) -> Path:
    """The example corpus plus synthetic documents, in a private folder."""
    folder = tmp / "corpus"
    shutil.copytree(EXAMPLES, folder)
    synthetic_folder(folder / "synthetic", synthetic, "syn")
    return folder


def crosswire_process(db: Path, *args: str | Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([*CROSSWIRE, "--db", str(db), *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def run_crosswire(db: Path, *args: str | Path, timeout: float = 240) -> str:
    """Run a command to completion; ``add`` exits 1 when some inputs were rejected, which is fine here."""
    done = subprocess.run([*CROSSWIRE, "--db", str(db), *map(str, args)], capture_output=True, timeout=timeout)
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert done.returncode in (0, 1) and "Traceback" not in output, output
    return output


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
