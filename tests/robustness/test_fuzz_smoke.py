"""A short run of the atheris harnesses (``fuzz/harness.py``), all targets in one process;
the long runs are ``bash fuzz/run [SECONDS]``."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is not installed: fuzzing is skipped")

HARNESS = Path(__file__).resolve().parents[2] / "fuzz" / "harness.py"
SECONDS = 12


def test_the_harnesses_find_no_crash(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(HARNESS), "all", f"-max_total_time={SECONDS}", "-max_len=4096", "-timeout=20",
         "-rss_limit_mb=2048", f"-artifact_prefix={tmp_path}/", "-seed=1"],
        capture_output=True, timeout=SECONDS + 120)
    log = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, log[-3000:]
    assert "Done" in log, log[-3000:]
