"""Invariants that must hold for any input, checked on generated news texts (hypothesis).

Offsets point at their text; re-adding changes nothing; an export re-imports to the same
documents; analysis is deterministic (across processes and hash seeds) and does not
depend on the order the files were added in.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crosswire
from crosswire.extract import extract
from crosswire.model import Document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"
CROSSWIRE = str(Path(sys.executable).with_name("crosswire"))
DERIVED = ("stories", "reuse", "variants", "discrepancies", "events")

NAMES = ["Maria Lopez", "Ahmed al-Rashidi", "Jane Roe", "Dr. Chen Wei", "O'Brien", "Ana García", "the minister",
         "a spokesperson for the Port Authority", "Ma\u200bria Lo\u200dpez", "ناصر"]
VERBS = ["said", "told reporters", "added", "according to", "warned", "claimed", ":"]
OPEN_CLOSE = [('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), ("''", "''"), ('"', ""), ("“", "")]
FILLER = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
WORDS = st.lists(st.sampled_from("the port will reopen on Monday after a long strike by dock workers".split()),
                 min_size=1, max_size=12).map(" ".join)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    name, verb = draw(st.sampled_from(NAMES)), draw(st.sampled_from(VERBS))
    opening, closing = draw(st.sampled_from(OPEN_CLOSE))
    quote = f"{opening}{draw(WORDS)},{closing}"
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return f"{quote} {verb} {name}."
    if shape == 1:
        return f"{name} {verb} {quote}"
    if shape == 2:
        return f"{name} {verb} that {draw(WORDS)}."
    return draw(FILLER)


news_texts = st.lists(st.lists(sentences(), min_size=1, max_size=4).map(" ".join), min_size=1, max_size=5).map(
    "\n\n".join)
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STORE = settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@QUICK
@given(text=news_texts)
def test_statement_and_mention_offsets_point_at_their_text(text: str) -> None:
    ann = extract(Document(id="p", source="p", text=text))
    for span in [*ann.statements, *ann.mentions]:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text, span
    for statement in ann.statements:
        if statement.speaker_span:
            start, end = statement.speaker_span
            assert 0 <= start <= end <= len(text)


def _write_inputs(folder: Path, texts: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"doc{i}.txt"
        path.write_text(f"GENEVA - {text}\n\nOfficials said talks would go on.", "utf-8")
        paths.append(path)
    return paths


def _export(cw: crosswire.Crosswire, tmp: Path) -> dict:
    target = tmp / "export.json"
    cw.export("json", target)
    return json.loads(target.read_text("utf-8"))


@STORE
@given(texts=st.lists(news_texts, min_size=1, max_size=4))
def test_re_adding_and_re_analyzing_change_nothing(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        paths = _write_inputs(tmp / "in", texts)
        with crosswire.open(tmp / "s.db") as cw:
            cw.add(paths)
            cw.analyze()
            counts, first = cw.counts(), _export(cw, tmp)
            again = cw.add(paths)
            cw.analyze()
            assert again.added == 0 and cw.counts() == counts
            assert _export(cw, tmp) == first


@STORE
@given(texts=st.lists(news_texts, min_size=1, max_size=4))
def test_a_jsonl_export_re_imports_to_the_same_documents(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with crosswire.open(tmp / "a.db") as cw:
            cw.add(_write_inputs(tmp / "in", texts))
            cw.export("jsonl", tmp / "export.jsonl")
            original = {d.id: d.text for d in cw.store.documents()}
        with crosswire.open(tmp / "b.db") as cw:
            summary = cw.add([tmp / "export.jsonl"])
            assert summary.failed == 0, summary.errors
            assert {d.id: d.text for d in cw.store.documents()} == original


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(sorted(p.name for p in EXAMPLES.iterdir())))
def test_analysis_does_not_depend_on_the_order_files_are_added(order: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        results = []
        for label, names in (("sorted", sorted(order)), ("shuffled", order)):
            with crosswire.open(tmp / f"{label}.db") as cw:
                for name in names:
                    cw.add([EXAMPLES / name])
                cw.analyze()
                exported = _export(cw, tmp)
            results.append({array: exported[array] for array in DERIVED})
        assert results[0] == results[1]


def test_analyze_is_deterministic_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    """The same stored documents analyzed in two processes whose string hashing differs (set and
    dict orders of strings change with it) give the same record."""
    stored = tmp_path / "stored.db"
    with crosswire.open(stored) as cw:
        cw.add([EXAMPLES])
    exports = []
    for seed in ("1", "2"):
        db = tmp_path / f"seed{seed}.db"
        shutil.copy(stored, db)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for args in (["analyze"], ["export", "--format", "json", "-o", str(tmp_path / f"seed{seed}.json")]):
            done = subprocess.run([CROSSWIRE, "--db", str(db), *args], env=env, capture_output=True, timeout=300)
            assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
        exports.append(json.loads((tmp_path / f"seed{seed}.json").read_text("utf-8")))
    assert exports[0]["stories"] and exports[0]["reuse"]
    assert exports[0] == exports[1]
