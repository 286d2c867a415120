"""The export contract other tools rely on: its arrays, fields and formats."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from crosswire.model import EXPORT_ARRAYS

DOCUMENT_FIELDS = {"id", "source", "outlet", "title", "published", "language", "text",
                   "identifiers", "duration", "cites", "removed", "dates"}
STATEMENT_FIELDS = {"id", "document", "kind", "text", "start", "end", "speaker", "speaker_span",
                    "cue", "addressee", "said"}
ENTITY_FIELDS = {"id", "name", "type", "aliases", "roles"}
STORY_FIELDS = {"id", "title", "documents", "reasons"}
REUSE_FIELDS = {"source", "target", "passages", "coverage", "basis", "confidence"}
VARIANT_FIELDS = {"id", "statements", "canonical", "differences"}
DISCREPANCY_FIELDS = {"id", "story", "kind", "about", "values"}
EVENT_FIELDS = {"id", "type", "date", "date_precision", "place", "actors", "targets", "documents",
                "evidence", "mentions"}


@pytest.fixture
def small_store(cli, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Harbor talks resume\n\nNovember 13, 2023\n\n"
        '"We will not give up our land," Jane Roe, the party founder, said on Monday.\n',
        encoding="utf-8",
    )
    (folder / "b.jsonl").write_text(
        json.dumps({"id": "wire-1", "text": "The port strike entered its third day.", "outlet": "Wire",
                    "published": "2023-11-14"}) + "\n",
        encoding="utf-8",
    )
    result = cli("add", folder)
    assert result.exit_code == 0, result.output
    assert cli("analyze").exit_code == 0
    return cli


def test_json_export_has_every_array_and_document_field(small_store, tmp_path: Path):
    out = tmp_path / "out.json"
    assert small_store("export", "--format", "json", "-o", out).exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert list(data) == list(EXPORT_ARRAYS)
    assert all(isinstance(data[k], list) for k in EXPORT_ARRAYS)
    assert len(data["documents"]) == 2
    for doc in data["documents"]:
        assert DOCUMENT_FIELDS <= set(doc)
        assert isinstance(doc["identifiers"], dict)
        assert isinstance(doc["cites"], list) and isinstance(doc["removed"], list)
        assert isinstance(doc["dates"], list)
    wire = next(d for d in data["documents"] if d["id"] == "wire-1")
    assert wire["outlet"] == "Wire" and wire["published"].startswith("2023-11-14")


def test_jsonl_export_types_every_record(small_store, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    assert small_store("export", "--format", "jsonl", "-o", out).exit_code == 0
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {r["type"] for r in records} >= {"document"}
    assert sum(r["type"] == "document" for r in records) == 2


def test_csv_export_writes_one_table_per_array(small_store, tmp_path: Path):
    folder = tmp_path / "csv"
    assert small_store("export", "--format", "csv", "-o", folder).exit_code == 0
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(EXPORT_ARRAYS)
    with open(folder / "documents.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2 and json.loads(rows[0]["identifiers"]) is not None


def test_example_corpus_export_fields(example_export):
    expected = {
        "documents": DOCUMENT_FIELDS, "statements": STATEMENT_FIELDS, "entities": ENTITY_FIELDS,
        "stories": STORY_FIELDS, "reuse": REUSE_FIELDS, "variants": VARIANT_FIELDS,
        "discrepancies": DISCREPANCY_FIELDS, "events": EVENT_FIELDS,
    }
    for array, fields in expected.items():
        for record in example_export[array]:
            assert fields <= set(record), (array, fields - set(record))
    texts = {d["id"]: d["text"] for d in example_export["documents"]}
    for st in example_export["statements"]:
        assert texts[st["document"]][st["start"]:st["end"]] == st["text"]
