"""The parse runs sentence by sentence, cached: statements ask for cue sentences, events for paragraphs."""
from __future__ import annotations

from crosswire.extract.attribution import attribution_sentences
from crosswire.extract.nlp import parse, parse_spans

TEXT = ("The weather was mild. Jane Roe said the talks would resume on Monday.\n\n"
        "Rep. Tom Baker (D-Mass.) told reporters that the bill was dead. The call for votes came later.")


def test_only_sentences_with_a_verb_cue_are_chosen_and_cut_at_line_breaks() -> None:
    spans = attribution_sentences(TEXT, parse(TEXT))
    assert [TEXT[s:e].strip() for s, e in spans] == [
        "Jane Roe said the talks would resume on Monday.",
        "Rep. Tom Baker (D-Mass.) told reporters that the bill was dead.",
    ]  # "call" is a noun there: its sentence needs no parse


def test_a_paragraph_is_assembled_from_the_parsed_sentences_with_exact_offsets() -> None:
    whole = parse(TEXT)
    sentences = attribution_sentences(TEXT, whole)
    first = parse_spans(whole, sentences)
    parsed = len(whole.user_data["crosswire.parsed_sentences"])
    paragraph_end = TEXT.index("\n")
    ((start, doc),) = parse_spans(whole, [(0, paragraph_end)])
    assert start == 0 and doc.text.rstrip() == TEXT[:paragraph_end]
    assert len(whole.user_data["crosswire.parsed_sentences"]) == parsed + 1  # only "The weather was mild." is new
    said = next(t for t in doc if t.text == "said")
    assert said.dep_ == "ROOT" and {c.text for c in said.children} >= {"Roe"}
    for piece_start, piece in first:
        for token in piece:
            assert TEXT[piece_start + token.idx:piece_start + token.idx + len(token.text)] == token.text
