"""Name discrepancies: outlets naming different people for one role or deed in one story."""
from __future__ import annotations

from pathlib import Path

import pytest

import crosswire
from crosswire.link import discrepancies
from crosswire.link.discrepancies import compare_story
from crosswire.link.facts import find_facts

RSS_ITEM_2 = "feeds/coastal-daily.rss#item2"
HADDAD_SOURCES = ("harbor-dispatch-10877.html", "coastal-daily-meeting.html", "globalwire-republished.txt",
                  "partner-syndication.jsonl#dl-2023-11-15-0412")


def _doc_id(export: dict, source_end: str) -> str:
    hits = [d["id"] for d in export["documents"] if d["source"].endswith(source_end) or d["id"] == source_end.split("#")[-1]]
    assert len(hits) == 1, (source_end, hits)
    return hits[0]


def test_example_corpus_leader_of_the_vienna_delegation(example_export: dict):
    rows = [d for d in example_export["discrepancies"] if d["kind"] == "name"]
    assert [r["about"] for r in rows] == ["leader of the delegation"]
    row = rows[0]
    main = next(s for s in example_export["stories"] if _doc_id(example_export, RSS_ITEM_2) in s["documents"])
    assert row["story"] == main["id"]
    haddad, nassar = row["values"]
    assert haddad["value"] == "Layla Haddad"
    assert haddad["documents"] == sorted(_doc_id(example_export, s) for s in HADDAD_SOURCES)
    assert haddad["evidence"].startswith("NCM co-founder Layla Haddad, who headed the delegation, said after the meeting")
    assert nassar == {**nassar, "value": "Karim Nassar", "documents": [_doc_id(example_export, RSS_ITEM_2)]}
    assert nassar["evidence"] == ("A 12-member delegation of the Northern Coast Movement headed by Karim Nassar "
                                  "met the Council of Southern Elders in Vienna on Saturday.")
    texts = {d["id"]: d["text"] for d in example_export["documents"]}
    for value in row["values"]:
        for span in value["spans"]:
            assert texts[span["document"]][span["start"]:span["end"]] == span["text"]
            assert value["value"].split()[-1] in span["text"]


def test_the_march_delegation_is_not_compared(example_export: dict):
    """The Geneva delegation was also headed by Haddad, but in another story: no row there."""
    march = next(s for s in example_export["stories"] if "cd-2023-03-15-ncm-geneva" in s["documents"])
    assert not [d for d in example_export["discrepancies"] if d["story"] == march["id"]]


@pytest.mark.parametrize("sentence,key,name", [
    ("A delegation of the Northern Coast Movement headed by its co-founder Layla Haddad met officials on Monday.",
     ("lead", "delegation"), "Layla Haddad"),
    ("The delegation was led by Karim Nassar, the movement's spokesman.", ("lead", "delegation"), "Karim Nassar"),
    ("NCM co-founder Layla Haddad, who headed the delegation, said the talks were frank.",
     ("lead", "delegation"), "Layla Haddad"),
    ("Karim Nassar led the NCM delegation to Vienna.", ("lead", "delegation"), "Karim Nassar"),
    ("The delegation's leader, Karim Nassar, said the talks went well.", ("lead", "delegation"), "Karim Nassar"),
    ("Karim Nassar, the head of the delegation, said the talks went well.", ("lead", "delegation"), "Karim Nassar"),
    ("The video was released by Coastline TV on November 9.", ("release", "video"), "Coastline TV"),
])
def test_name_facts_with_offsets(sentence: str, key: tuple[str, str], name: str):
    text = "Background first.\n\n" + sentence
    facts = [f for f in find_facts(text, "2023-11-12") if f.kind == "name"]
    assert [(f.key, f.value) for f in facts] == [(key, name)]
    fact = facts[0]
    assert text[fact.name_start:fact.name_end] == name
    assert text[fact.start:fact.end] == sentence


@pytest.mark.parametrize("sentence", ["Karim Nassar and Layla Haddad led the delegation.",
                                      "The delegation met officials in Doha on Monday."])
def test_no_single_named_agent_no_fact(sentence: str):
    assert not [f for f in find_facts(sentence, "2023-11-12") if f.kind == "name"]


def _compare(texts: dict[str, str]) -> list[dict]:
    """Compare by name words alone, as a story compared without the entities step is."""
    facts = {doc: find_facts(text, "2023-11-12") for doc, text in texts.items()}
    return [r for r in compare_story("s1", facts, texts.__getitem__) if r["kind"] == "name"]


def test_surname_only_fits_the_full_name_but_another_person_does_not():
    full = "Layla Haddad headed the delegation to Doha."
    assert _compare({"a": full, "b": "The delegation was led by Haddad, the movement's co-founder."}) == []
    rows = _compare({"a": full, "b": "The delegation was led by Nassar, the movement's spokesman."})
    assert [(v["value"], v["documents"]) for v in rows[0]["values"]] == [("Layla Haddad", ["a"]), ("Nassar", ["b"])]


DOCS = {
    "a.txt": "The Northern Coast Movement delegation, headed by Sheikh Mohammed al-Rashidi, arrived in Doha on "
             "Monday for talks with the Council.\n",
    "b.txt": "Muhammad al-Rashidi led the delegation, which arrived in Doha on Monday for talks with the Council.\n",
    "c.txt": "Mohamed al-Rasheedi, who headed the delegation, said the talks with the Council in Doha were frank.\n",
    "d.txt": "The delegation was led by al-Rashidi, the movement's founder, and arrived in Doha on Monday.\n",
    "e.txt": "The delegation to Doha was headed by Layla Haddad, the movement's co-founder, on Monday.\n",
    "f.txt": "Prime Minister Yusuf Haddad flew to Doha on Monday. Haddad, who headed the delegation, met the Council.\n",
    "g.txt": "The Northern Coast Movement (NCM) sent a delegation to Doha. The delegation was led by the NCM itself.\n",
    "h.txt": "The delegation was led by the Northern Coast Movement and arrived in Doha on Monday.\n",
}


def _analyzed(tmp_path: Path, names: list[str]) -> list[dict]:
    """Real entities step on these files, then discrepancies over one story holding them all."""
    for name in names:
        (tmp_path / name).write_text(DOCS[name], "utf-8")
    cw = crosswire.open(tmp_path / "t.db")
    try:
        cw.add([tmp_path / name for name in names])
        cw.analyze()
        store = cw.store
        with store.transaction():
            ids = sorted(r[0] for r in store.conn.execute("SELECT id FROM documents"))
            store.replace_rows("stories", [{"id": "s1", "title": "t", "documents": ids, "reasons": []}])
            discrepancies.run(store)
        facts = discrepancies.document_facts(store, ids)
        assert all(any(f.kind == "name" for f in facts[d]) for d in ids)  # every document names a leader
        return [r for r in store.rows("discrepancies") if r["kind"] == "name"]
    finally:
        cw.close()


def test_spelling_variants_titles_and_surnames_of_one_person_agree(tmp_path: Path):
    assert _analyzed(tmp_path, ["a.txt", "b.txt", "c.txt", "d.txt"]) == []


def test_a_different_person_is_a_discrepancy_shown_by_entity_names(tmp_path: Path):
    rows = _analyzed(tmp_path, ["a.txt", "b.txt", "c.txt", "e.txt"])
    assert len(rows) == 1 and rows[0]["about"] == "leader of the delegation"
    values = [(v["value"], len(v["documents"])) for v in rows[0]["values"]]
    assert values == [("Mohammed al-Rashidi", 3), ("Layla Haddad", 1)]
    assert rows[0]["values"][1]["evidence"] == DOCS["e.txt"].strip()


def test_surname_resolves_to_its_own_documents_person(tmp_path: Path):
    """A lone "Haddad" fits "Layla Haddad" by its words, but its document says Yusuf Haddad."""
    rows = _analyzed(tmp_path, ["e.txt", "f.txt"])
    assert [sorted(v["value"] for v in r["values"]) for r in rows] == [["Layla Haddad", "Yusuf Haddad"]]


def test_acronym_and_full_name_of_one_organisation_agree(tmp_path: Path):
    assert _analyzed(tmp_path, ["g.txt", "h.txt"]) == []
    assert len(_compare({"g": DOCS["g.txt"], "h": DOCS["h.txt"]})) == 1  # words alone would disagree


def test_a_person_and_an_organisation_do_not_contradict(tmp_path: Path):
    assert _analyzed(tmp_path, ["e.txt", "h.txt"]) == []
