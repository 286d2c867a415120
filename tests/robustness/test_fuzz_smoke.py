"""A short run of the atheris harnesses (``fuzz/harness.py``), all targets in one process,
started from the seeds of the example corpus; the long runs are ``bash fuzz/run [SECONDS]``."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is not installed: fuzzing is skipped")

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
sys.path.insert(0, str(FUZZ))
from seeds import ORDER, write_seeds  # noqa: E402

SECONDS = 12


def test_the_harnesses_find_no_crash(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    seeded = write_seeds("all", corpus)
    assert seeded >= len(ORDER)
    done = subprocess.run(
        [sys.executable, str(FUZZ / "harness.py"), "all", str(corpus), f"-max_total_time={SECONDS}", "-max_len=4096",
         "-timeout=20", "-rss_limit_mb=2048", f"-artifact_prefix={tmp_path}/", "-seed=1"],
        capture_output=True, timeout=SECONDS + 120)
    log = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, log[-3000:]
    runs = re.search(r"^Done (\d+) runs", log, re.MULTILINE)
    assert runs and int(runs.group(1)) > seeded, log[-3000:]  # past the seeds: mutated inputs ran too
    assert not list(tmp_path.glob("crash-*")), log[-3000:]


def test_every_harness_target_is_in_the_all_target() -> None:
    source = (FUZZ / "harness.py").read_text("utf-8")
    listed = re.search(r"TARGETS: dict\[.*?\] = \{(.*?)\}", source, re.DOTALL)
    assert listed and sorted(re.findall(r'"(\w+)":', listed.group(1))) == sorted(ORDER)
