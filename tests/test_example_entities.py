"""Entities on the real example corpus (examples/corpus), against its answer sheet."""
from __future__ import annotations

from pathlib import Path

import pytest

import crosswire

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
RASHIDI_SPELLINGS = ("Mohammed al-Rashidi", "Sheikh Muhammad al-Rashidi", "Sheikh Mohamed al-Rasheedi",
                     "Sheikh Mohammad al-Rashidi")


@pytest.fixture(scope="module")
def entities(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    cw = crosswire.open(tmp_path_factory.mktemp("example") / "example.db")
    try:
        cw.add([CORPUS])
        cw.analyze()
        yield list(cw.store.rows("entities", order="id"))
    finally:
        cw.close()


def _with_alias(entities: list[dict], alias: str) -> list[dict]:
    return [e for e in entities if alias in e["aliases"]]


def test_every_spelling_of_al_rashidi_is_one_person(entities):
    hits = {e["id"]: e for spelling in RASHIDI_SPELLINGS for e in _with_alias(entities, spelling)}
    assert len(hits) == 1
    person = hits.popitem()[1]
    assert person["type"] == "person" and person["name"] == "Mohammed al-Rashidi"
    assert "leader of the Northern Coast Movement" in person["roles"]
    assert not any("Leader" in e["name"] or e["name"] == "Al-Rashidi" for e in entities if e is not person)


@pytest.mark.parametrize("name,titled", [("Layla Haddad", "Sister Layla Haddad"),
                                         ("Yusuf Karam", "Elder Yusuf Karam"),
                                         ("Karim Nassar", None)])
def test_other_people_are_single_person_entities(entities, name, titled):
    named = [e for e in entities if name in e["aliases"] or e["name"] == name]
    assert [e["type"] for e in named] == ["person"]
    assert titled is None or titled in named[0]["aliases"]
    surname = name.split()[-1]
    assert all(e["type"] == "person" for e in _with_alias(entities, surname))


def test_roles_are_descriptions_not_forms_of_address(entities):
    karam = next(e for e in entities if e["name"] == "Yusuf Karam")
    assert "Council chairman" in karam["roles"]
    assert not any(role.lower() in ("sister", "elder", "sheikh") for e in entities for role in e["roles"])


@pytest.mark.parametrize("junk", ["4312", "Background", "Duration", "Delegation To Vienna", "boycotts"])
def test_labels_and_headline_fragments_are_not_entities(entities, junk):
    assert not [e for e in entities if junk in e["aliases"]]
    assert not [e for e in entities if "KESSAN -" in e["name"] or "Leader" in e["name"]]


def test_acronym_and_short_form_join_their_organisations(entities):
    ncm = _with_alias(entities, "NCM")
    assert [(e["name"], e["type"]) for e in ncm] == [("Northern Coast Movement", "organization")]
    council = _with_alias(entities, "Council")
    assert [e["name"] for e in council] == ["Council of Southern Elders"]


def test_places_and_datelines(entities):
    for place in ("Vienna", "Geneva", "Port Kessan", "Ras Amir"):
        assert [e["type"] for e in entities if e["name"] == place] == ["place"], place
    assert "PORT KESSAN" in next(e for e in entities if e["name"] == "Port Kessan")["aliases"]


@pytest.mark.parametrize("author", ["Thomas Reinhardt", "Helena Brandt", "Marta Lindqvist"])
def test_byline_authors_are_person_entities(entities, author):
    assert [e["type"] for e in entities if e["name"] == author] == ["person"]
    assert not any(author in e["name"] and e["name"] != author for e in entities)
