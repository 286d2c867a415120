"""The hostile corpus through every component: no crash, clear errors, nothing good lost,
offsets exact, time and memory bounded per file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import crosswire
from crosswire.ingest.readers import MAX_FILE_MB_ENV
from crosswire.store.sqlite import Store

from .corpus import EITHER, REJECTED, STORED, over_limit_file, write_corpus
from .run import Report, add_each, analyze_export_serve

SCALE = 0.01  # huge line 100 kB, 500 paragraphs; benchmarks/hostile.py runs the full sizes
SECONDS_PER_FILE = 20.0
PEAK_RSS_MB = 2_000


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Report, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile-in")
    out = tmp_path_factory.mktemp("hostile-out")
    cases = write_corpus(folder, SCALE)
    db = out / "hostile.db"
    report = add_each(db, folder, cases)
    analyze_export_serve(db, out, report)
    return folder, db, report, {case.name: case.expect for case in cases}


def test_no_component_crashes(hostile) -> None:
    _, _, report, _ = hostile
    assert report.crashes == []
    assert report.pages >= 30


def test_each_file_is_stored_or_rejected_as_expected_with_clear_errors(hostile) -> None:
    folder, _, report, expect = hostile
    for result in report.files:
        for error in result.errors:
            assert error.startswith(str(folder / result.name)) and "\n" not in error, error
        if expect[result.name] == STORED:
            assert result.documents >= 1, (result.name, result.errors)
        elif expect[result.name] == REJECTED:
            assert result.documents == 0 and result.errors, (result.name, result.errors)
        else:
            assert result.documents or result.errors, result.name
        assert expect[result.name] in (STORED, REJECTED, EITHER)


def test_time_and_memory_per_file_are_bounded(hostile) -> None:
    _, _, report, _ = hostile
    slowest = max(report.files, key=lambda f: f.seconds)
    assert slowest.seconds < SECONDS_PER_FILE, slowest
    assert max(f.peak_rss_mb for f in report.files) < PEAK_RSS_MB


def test_offsets_point_at_their_text(hostile) -> None:
    _, db, _, _ = hostile
    with Store(db, readonly=True) as store:
        texts = {doc.id: doc.text for doc in store.documents()}
        spans = [*store.statements(), *store.mentions()]
    assert spans
    for span in spans:
        assert texts[span.document][span.start:span.end] == span.text, span


def test_exports_are_valid(hostile) -> None:
    _, db, _, _ = hostile
    out = db.parent
    exported = json.loads((out / "export.json").read_text("utf-8"))
    lines = [json.loads(line) for line in (out / "export.jsonl").read_text("utf-8").splitlines()]
    assert len(exported["documents"]) == sum(1 for r in lines if r["type"] == "document") > 20
    assert (out / "csv" / "documents.csv").stat().st_size > 0


def test_a_mixed_folder_loses_no_good_document(hostile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All at once, with a file over a lowered size limit: the same documents as one by one."""
    folder, db, _, _ = hostile
    big = over_limit_file(folder, 2)
    monkeypatch.setenv(MAX_FILE_MB_ENV, "1.5")
    try:
        with crosswire.open(tmp_path / "all.db") as cw:
            summary = cw.add([folder])
            together = {doc.id for doc in cw.store.documents()}
    finally:
        big.unlink()
    assert f"{big}: file is 2 MB, over the 1.5 MB limit" in summary.errors
    assert not [e for e in summary.errors if "could not" in e]
    with Store(db, readonly=True) as store:
        one_by_one = {doc.id for doc in store.documents()}
    assert together == one_by_one
