"""The Python API: the same work as the CLI, in a notebook's few lines."""
from __future__ import annotations

from pathlib import Path

import crosswire

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def _export(db: Path, jobs: int) -> str:
    with crosswire.open(db) as cw:
        summary = cw.add([EXAMPLES / "feeds"], jobs=jobs)
        assert summary.added == 6 and summary.failed == 0
        out = db.with_suffix(".jsonl")
        cw.export("jsonl", out)
    return out.read_text("utf-8")


def test_extraction_in_worker_processes_gives_the_same_record(tmp_path: Path):
    assert _export(tmp_path / "one.db", jobs=1) == _export(tmp_path / "two.db", jobs=2)


def test_the_same_document_twice_in_one_add_is_stored_once(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text("The council met on Monday to discuss the harbour.\n", encoding="utf-8")
    with crosswire.open(tmp_path / "s.db") as cw:
        summary = cw.add([folder])
        assert (summary.added, summary.unchanged) == (1, 1)
        assert cw.counts()["documents"] == 1
