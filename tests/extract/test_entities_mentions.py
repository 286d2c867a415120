"""Entity mentions in one document: offsets, keys, surname and role links, helpers."""
from __future__ import annotations

import pytest

from crosswire.extract import names
from crosswire.extract.entities import is_role_reference, key_for_name, mention_at
from crosswire.extract.pipeline import extract
from crosswire.model import Document

ARTICLE = (
    "Sheikh Mohammed al-Rashidi, the leader of the Northern Coast Movement (NCM), said on "
    "Monday that talks would resume. Al-Rashidi told reporters the movement's leader would "
    "not resign. The Sheikh added that Prime Minister Yusuf Haddad had called him. Haddad, "
    "who heads the delegation, declined to comment."
)


def _mentions(text: str):
    ann = extract(Document(id="d1", source="t.txt", text=text))
    for m in ann.mentions:
        assert text[m.start:m.end] == m.text  # offsets are sacred
    return ann


def _at(ann, surface: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = ann.document.text.index(surface, start + 1)
    return mention_at(ann, start, start + len(surface))


@pytest.fixture(scope="module")
def article():
    return _mentions(ARTICLE)


def test_full_name_keeps_honorific_in_text_not_in_key(article):
    m = _at(article, "Sheikh Mohammed al-Rashidi")
    assert (m.start, m.end, m.type, m.key) == (0, 26, "person", "person:mohammed rashidi")


def test_surname_only_reference_shares_the_full_name_key(article):
    m = _at(article, "Al-Rashidi")
    assert m.text == "Al-Rashidi" and m.key == "person:mohammed rashidi" and m.type == "person"
    assert _at(article, "Haddad", 1).key == "person:yusuf haddad"


def test_title_is_stripped_from_key_and_kept_as_role(article):
    m = _at(article, "Prime Minister Yusuf Haddad")
    assert m.key == "person:yusuf haddad" and m.role == "Prime Minister"


def test_apposition_and_who_clause_give_roles(article):
    leader = _at(article, "the leader of the Northern Coast Movement")
    assert leader.key == "person:mohammed rashidi"
    assert leader.role == "leader of the Northern Coast Movement" and is_role_reference(leader)
    heads = _at(article, "heads the delegation")
    assert heads.key == "person:yusuf haddad" and heads.role == "head of the delegation"


def test_role_only_references_link_to_the_person(article):
    for surface in ("the movement's leader", "The Sheikh"):
        m = _at(article, surface)
        assert m is not None and m.text == surface, surface
        assert m.key == "person:mohammed rashidi" and is_role_reference(m)


def test_acronym_introduced_in_parentheses_shares_the_organisation_key(article):
    assert _at(article, "NCM").key == "organization:northern coast movement"
    assert _at(article, "Northern Coast Movement").key == "organization:northern coast movement"


def test_helpers_for_the_statements_component(article):
    assert key_for_name(article, "Rashidi") == "person:mohammed rashidi"
    assert key_for_name(article, "Mr. Haddad") == "person:yusuf haddad"
    assert key_for_name(article, "NCM") == "organization:northern coast movement"
    assert key_for_name(article, "Vladimir Putin") is None
    assert mention_at(article, 7, 26).key == "person:mohammed rashidi"  # overlapping span


def test_transcript_speakers_are_persons_and_labels_are_not():
    text = "Mohammed al-Rashidi: We will not accept this.\nInterviewer: Why not?\nAL-RASHIDI: Because."
    ann = _mentions(text)
    speaker = mention_at(ann, 0, 19)
    assert speaker.type == "person" and speaker.key == "person:mohammed rashidi"
    assert mention_at(ann, text.index("Interviewer"), text.index("Interviewer") + 11) is None
    assert _at(ann, "AL-RASHIDI").key == "person:mohammed rashidi"


def test_particle_names_stay_whole_and_things_stay_things():
    text = ("The party founder, Omar bin Laden, met Abu Bakr al-Baghdadi and Abd al-Karim Qasim "
            "near the Al-Aqsa Mosque. General Motors declined to comment.")
    ann = _mentions(text)
    assert _at(ann, "Omar bin Laden").key == "person:omar bin laden"
    assert _at(ann, "The party founder").role == "party founder"
    assert _at(ann, "Abu Bakr al-Baghdadi").key == "person:abu bakr baghdadi"
    assert _at(ann, "Abd al-Karim Qasim").key == "person:abd karim qasim"
    assert all(m.type != "person" for m in ann.mentions if "Mosque" in m.text or "Motors" in m.text)


def test_ambiguous_role_reference_is_left_alone():
    text = ("Ali Haddad, the leader of the Coast Party, met Omar Qasim, the leader of the Hill Party. "
            "The leader said little.")
    ann = _mentions(text)
    assert _at(ann, "The leader") is None


@pytest.mark.parametrize("variants", [
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"),
    ("Hussein", "Husayn", "Hussain", "Husain"),
    ("Rashidi", "Rasheedi"),
    ("Gorbachev", "Gorbachyov"),
    ("Dmitriev", "Dmitryev", "Dmitriyev"),
    ("Smirnov", "Smirnoff"),
    ("Osama", "Usama", "Oussama"),
])
def test_transliteration_variants_share_a_skeleton(variants):
    assert len({names.skeleton(names.fold(v)) for v in variants}) == 1


@pytest.mark.parametrize("a,b", [("Hassan", "Hussein"), ("Rashid", "Rashidi"), ("Ali", "Eli")])
def test_different_names_keep_different_skeletons(a, b):
    assert names.skeleton(names.fold(a)) != names.skeleton(names.fold(b))


def test_abd_forms_and_articles_normalise_alike():
    keys = {names.key_for(n, "person") for n in ("Abdel Fattah el-Sisi", "Abdul Fattah al-Sisi", "Abd al-Fattah al-Sisi")}
    assert keys == {"person:abd fattah sisi"}
    assert names.key_for("Al Gore", "person") == "person:al gore"


def test_hostile_input_is_bounded():
    text = ("Sheikh " * 3000) + ":" + ("al-" * 3000) + "\n" + ("Mr. X, " * 2000)
    ann = _mentions(text)
    assert len(ann.mentions) < 5000


def test_byline_authors_are_persons_and_no_name_runs_over_a_line_break():
    text = ("Movement delegation meets the Council\n\nBy Helena Brandt and Omar Said\n\n"
            "Movement asks the Council for support three days after its leader's televised appeal.")
    ann = _mentions(text)
    people = {m.text: m.type for m in ann.mentions}
    assert people.get("Helena Brandt") == "person" and people.get("Omar Said") == "person"
    assert not any("\n" in m.text for m in ann.mentions)
