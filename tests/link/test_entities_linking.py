"""Entities across documents, through the real store: add text files, analyze, export."""
from __future__ import annotations

import json

import pytest

import crosswire
from crosswire.model import Statement

DOCS = {
    "a.txt": "Sheikh Mohammed al-Rashidi, the leader of the Northern Coast Movement (NCM), said on "
             "Monday that talks would resume. Al-Rashidi told reporters the movement's leader would not resign.\n",
    "b.txt": "Muhammad al-Rashidi, the party founder, arrived in Geneva on Tuesday. The NCM delegation "
             "followed him.\n",
    "c.txt": "Mohamed al-Rasheedi met Prime Minister Yusuf Haddad in Geneva. Haddad, who heads the "
             "delegation, declined to comment.\n",
    "d.txt": "A shopkeeper named Ali said the market was closed on Friday.\n",
    "e.txt": "Ali, a farmer from the valley, said the harvest had failed.\n",
}


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("entities")
    for name, text in DOCS.items():
        (tmp / name).write_text(text, "utf-8")
    cw = crosswire.open(tmp / "test.db")
    cw.add([tmp / name for name in DOCS])
    yield cw, tmp
    cw.close()


def _entities(cw) -> list[dict]:
    return list(cw.store.rows("entities", order="id"))


def _entity_with_alias(cw, alias: str) -> dict:
    hits = [e for e in _entities(cw) if alias in e["aliases"]]
    assert len(hits) == 1, (alias, hits)
    return hits[0]


def test_transliteration_variants_are_one_entity_with_all_aliases(analyzed):
    cw, _ = analyzed
    cw.analyze()
    rashidi = _entity_with_alias(cw, "Mohamed al-Rasheedi")
    assert rashidi["type"] == "person"
    assert rashidi["name"] == "Mohammed al-Rashidi"
    assert {"Sheikh Mohammed al-Rashidi", "Al-Rashidi", "Muhammad al-Rashidi", "Mohamed al-Rasheedi"} <= set(rashidi["aliases"])
    assert rashidi["aliases"] == sorted(rashidi["aliases"])
    assert {"leader of the Northern Coast Movement", "party founder"} <= set(rashidi["roles"])


def test_roles_from_titles_and_who_clauses(analyzed):
    cw, _ = analyzed
    cw.analyze()
    haddad = _entity_with_alias(cw, "Prime Minister Yusuf Haddad")
    assert haddad["name"] == "Yusuf Haddad"
    assert {"Prime Minister", "head of the delegation"} <= set(haddad["roles"])
    assert "Haddad" in haddad["aliases"]


def test_given_name_alone_in_unrelated_documents_stays_two_entities(analyzed):
    cw, _ = analyzed
    cw.analyze()
    alis = [e for e in _entities(cw) if e["aliases"] == ["Ali"]]
    assert len(alis) == 2 and alis[0]["id"] != alis[1]["id"]


def test_organisation_and_its_acronym_are_one_entity_across_documents(analyzed):
    cw, _ = analyzed
    cw.analyze()
    ncm = _entity_with_alias(cw, "Northern Coast Movement")
    assert ncm["type"] == "organization" and ncm["name"] == "Northern Coast Movement"
    assert "NCM" in ncm["aliases"]
    documents = {m.document for m in cw.store.mentions("entity = ?", (ncm["id"],))}
    assert len(documents) == 2  # b.txt names only "NCM"
    geneva = [e for e in _entities(cw) if e["name"] == "Geneva"]
    assert len(geneva) == 1 and geneva[0]["type"] == "place"


def test_every_mention_has_an_existing_entity_and_ids_are_stable(analyzed):
    cw, _ = analyzed
    cw.analyze()
    ids = {e["id"] for e in _entities(cw)}
    assert all(m.entity in ids for m in cw.store.mentions())
    cw.analyze()
    assert {e["id"] for e in _entities(cw)} == ids


def test_statement_speakers_point_to_entities(analyzed):
    cw, tmp = analyzed
    store = cw.store
    doc = next(d for d in store.documents() if d.source.endswith("c.txt"))
    existing = list(store.statements("document = ?", (doc.id,)))
    start = doc.text.index("declined")
    ours = Statement(id="s-test", document=doc.id, kind="reported", text="declined to comment",
                     start=start, end=start + 19, speaker_key="person:yusuf haddad",
                     addressee_key="person:mohamed rasheedi")
    with store.transaction():
        mentions = list(store.mentions("document = ?", (doc.id,)))
        store.put_annotations(doc.id, [*existing, ours], mentions, version=store.conn.execute(
            "SELECT extracted_version FROM documents WHERE id = ?", (doc.id,)).fetchone()[0])
    cw.analyze()
    out = tmp / "export.json"
    cw.export("json", out)
    exported = json.loads(out.read_text("utf-8"))
    ids = {e["id"] for e in exported["entities"]}
    statement = next(s for s in exported["statements"] if s["id"] == "s-test")
    haddad = _entity_with_alias(cw, "Prime Minister Yusuf Haddad")
    rashidi = _entity_with_alias(cw, "Mohamed al-Rasheedi")
    assert statement["speaker"] == haddad["id"] and statement["addressee"] == rashidi["id"]
    assert all(s["speaker"] in ids for s in exported["statements"] if s["speaker"])
    assert "speaker_key" not in statement
