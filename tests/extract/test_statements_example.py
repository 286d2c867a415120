"""Statements of the example corpus, as its answer sheet lists them (examples/README.md, section 3).

The real readers and cleaner build the documents; the real pipeline extracts. Texts are
exact (quote content without its marks, reported clauses without their final period).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.extract.pipeline import extract
from crosswire.ingest.pipeline import build_document
from crosswire.ingest.readers import read_path
from crosswire.model import Statement

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
AL_RASHIDI = "rashidi"


def _statements(name: str) -> list[Statement]:
    (raw,) = list(read_path(CORPUS / name))
    doc = build_document(raw)
    found = extract(doc).statements
    for st in found:
        assert doc.text[st.start:st.end] == st.text
    return found


@pytest.fixture(scope="module")
def dispatch() -> list[Statement]:
    return _statements("harbor-dispatch-10877.html")


def _one(statements: list[Statement], text: str) -> Statement:
    matches = [st for st in statements if st.text == text]
    assert len(matches) == 1, [st.text for st in statements]
    return matches[0]


def _by_rashidi(st: Statement) -> bool:
    return st.speaker_name is not None and AL_RASHIDI in st.speaker_name.lower()


def test_quote_split_by_he_said(dispatch: list[Statement]) -> None:
    first = _one(dispatch, "We have never refused dialogue,")
    second = _one(dispatch, "We refused humiliation. For eleven months the ministry has been controlling our ports, "
                            "our fishing grounds and our markets, and then it asks us to sign papers in its offices "
                            "as if we were guests in our own land.")
    assert first.kind == second.kind == "direct" and first.cue == "said"
    assert _by_rashidi(first) and first.speaker_key == second.speaker_key


def test_role_speaker_and_cut_quote(dispatch: list[Statement]) -> None:
    st = _one(dispatch, "We want three things, and they are simple. First, the soldiers leave the harbors. ... Third, "
                        "the coast is governed by the people of the coast.")
    assert _by_rashidi(st)


def test_reported_speech_and_unnamed_source(dispatch: list[Statement]) -> None:
    stressed = _one(dispatch, "that the fishermen arrested during the summer had to be home with their families "
                              "before the movement could treat the ministry’s offers as serious")
    assert (stressed.kind, stressed.cue) == ("reported", "stressed") and _by_rashidi(stressed)
    member = _one(dispatch, "a waiting room, not a solution.")
    assert member.kind == "partial" and member.speaker_name == "a member of the NCM leadership"


def test_proverb_stays_inside_its_quote(dispatch: list[Statement]) -> None:
    st = _one(dispatch, "We do not seek war, but we will not kneel. Our fathers used to say: ‘The sea does not "
                        "forgive the one who sleeps on the shore.’ We are awake, and we are watching.")
    assert _by_rashidi(st) and st.cue == "answered"
    assert not [s for s in dispatch if s.text.startswith("The sea does not forgive")]


def test_interrupted_quote_and_partial_quote(dispatch: list[Statement]) -> None:
    first = _one(dispatch, "We will keep our strikes peaceful,")
    second = _one(dispatch, "and we will keep our nets in the water.")
    assert first.speaker_span == second.speaker_span and first.cue == second.cue == "said" and _by_rashidi(first)
    warned = _one(dispatch, "mistake our patience for weakness.")
    assert warned.cue == "warned" and _by_rashidi(warned)


def test_multi_paragraph_quote_is_one_statement(dispatch: list[Statement]) -> None:
    (st,) = [s for s in dispatch if s.text.startswith("The Council of Southern Elders are our brothers.")]
    assert st.text.endswith("then the coast will speak in a language that nobody can ignore.")
    assert "\n\n“Let them hear our people directly." in st.text and "they [the ministry] will" in st.text
    assert st.cue == "said" and _by_rashidi(st)


def test_according_to_and_apposition(dispatch: list[Statement]) -> None:
    nassar = _one(dispatch, "the NCM delegation to Vienna had nine members, including two relatives of detained fishermen")
    assert (nassar.kind, nassar.cue, nassar.speaker_name) == ("reported", "according to", "Karim Nassar")
    haddad = _one(dispatch, "frank and brotherly")
    assert (haddad.kind, haddad.cue, haddad.speaker_name) == ("partial", "said", "Layla Haddad")


def test_1998_interview_and_colon_introduction(dispatch: list[Statement]) -> None:
    old = _one(dispatch, "The coast was here before the ministry, and it will be here after it. "
                         "We ask for nothing that is not ours.")
    assert old.said == "1998" and _by_rashidi(old)
    final = [s for s in dispatch if s.text.startswith("To the young men and women of the coast I say:")]
    assert len(final) == 1 and final[0].text.endswith("Victory belongs to those who wait with open eyes.")
    assert _by_rashidi(final[0])


def test_headline_quotes_take_no_speaker(dispatch: list[Statement]) -> None:
    for headline in ("The Coast Was Here Before The Ministry", "Stand With Us, Not With The Ministry"):
        assert all(st.speaker_name is None for st in dispatch if st.text == headline)


def test_transcript_gives_twelve_turns_and_skips_header_fields() -> None:
    turns = _statements("meridian-clip-4312.txt")
    assert [st.kind for st in turns] == ["turn"] * 12
    assert [st.speaker_name for st in turns[:2]] == ["Interviewer", "Mohammed al-Rashidi"]
    assert turns[3].text.startswith("We want three things, and they are simple.")
    assert turns[7].text.endswith("then the coast will speak in a language that nobody can ignore.")
    assert len({st.speaker_key for st in turns if st.speaker_name != "Interviewer"}) == 1
