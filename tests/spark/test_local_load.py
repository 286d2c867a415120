"""The local engine's loading stage: the same store from a pool of workers as from one process."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.extract import Extracted
from crosswire.model import Document, Mention
from crosswire.spark.local_load import load_documents
from crosswire.store.sqlite import Store


def _extract(doc: Document) -> Extracted:
    """A real, cheap extraction: every capitalised word is a mention (spaCy is not the subject here)."""
    mentions, start = [], 0
    for word in doc.text.split():
        start = doc.text.index(word, start)
        if word[:1].isupper():
            mentions.append(Mention(doc.id, start, start + len(word), word, "person", f"person:{word.lower()}"))
        start += len(word)
    return Extracted(doc, [], mentions, [], [])


def _write_input(path: Path) -> None:
    records = [{"id": f"d{k:03d}", "text": f"Report {k} by Alice Smith about Harbor {k % 7}.", "series": "Wire",
                "date": f"2024-01-{k % 28 + 1:02d}"} for k in range(450)]
    records.reverse()  # not in id order
    records.append({"id": "d005", "text": "A later duplicate of d005 is ignored.", "series": "Post"})
    records.insert(20, {"id": "d999", "text": "   "})
    lines = [json.dumps(r) for r in records]
    lines.insert(30, "not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _contents(store: Store) -> dict[str, list]:
    def rows(sql: str) -> list[tuple]:
        return [tuple(row) for row in store.conn.execute(sql)]

    return {
        "documents": [(d.id, d.text, d.outlet) for d in store.documents()],
        "rowids": [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY rowid")],
        "mentions": rows("SELECT document, start, text FROM mentions ORDER BY rowid"),
        "versions": rows("SELECT DISTINCT extracted_version FROM documents"),
        "errors": rows("SELECT source, message FROM ingest_errors ORDER BY rowid"),
    }


@pytest.fixture()
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "documents.jsonl"
    _write_input(path)
    return path


def test_pool_and_single_process_store_the_same(tmp_path: Path, input_file: Path) -> None:
    found = {}
    for workers in (1, 2):
        with Store(tmp_path / f"{workers}.db") as store:
            rejected = load_documents(store, str(input_file), _extract, tmp_path / f"stage{workers}.db", workers)
            found[workers] = (rejected, _contents(store))
    assert found[1] == found[2]
    rejected, contents = found[2]
    assert rejected == 2  # the record without text and the line that is not JSON
    ids = [d[0] for d in contents["documents"]]
    assert len(ids) == 450 and contents["rowids"] == sorted(ids)  # stored in id order
    assert ("d005", "Report 5 by Alice Smith about Harbor 5.", "Wire") in contents["documents"]  # the first d005 kept
    assert contents["mentions"][:3] == [("d000", 0, "Report"), ("d000", 12, "Alice"), ("d000", 18, "Smith")]
    assert len(contents["versions"]) == 1 and contents["versions"][0][0] > 0
    assert len(contents["errors"]) == 2
