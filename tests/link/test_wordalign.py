"""Word alignment: tokens with offsets, and each kind of difference at its exact place."""
from __future__ import annotations

import pytest

from crosswire.link.wordalign import (
    INSERTION, OMISSION, PUNCTUATION, SPELLING, WORDING, align, compare_texts, is_spelling_variant, tokenize,
)


def only(diffs, kind):
    found = [d for d in diffs if d.kind == kind]
    assert len(found) == 1, diffs
    return found[0]


def test_tokens_keep_offsets_and_drop_quote_marks():
    text = "“We won’t go,” he said… [sic]"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["We", "won’t", "go", ",", "he", "said", "…", "[", "sic", "]"]
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert tokens[1].key == "won't" and tokens[6].kind == "ellipsis"
    assert [t.editorial for t in tokens[-3:]] == [True, True, True]


def test_wording_change_has_exact_offsets_in_both_texts():
    a = "They keep building on the occupying territory."
    b = "They keep building on the occupied territory."
    al = align(a, b)
    d = only(al.diffs, WORDING)
    assert (d.a_start, d.a_end, d.a_text) == (26, 35, "occupying")
    assert (d.b_start, d.b_end, d.b_text) == (26, 34, "occupied")
    assert len(al.diffs) == 1


def test_bracketed_insertion():
    a = "We told them that they will keep building the road tomorrow."
    b = "We told them that they [the ministry] will keep building the road tomorrow."
    d = only(align(a, b).diffs, INSERTION)
    assert d.b_text == "[the ministry]" and b[d.b_start:d.b_end] == "[the ministry]"
    assert d.a_start == d.a_end == a.index(" will")


def test_bracket_replacing_a_pronoun_is_one_insertion():
    a = "We know it will keep building the road next to the old school."
    b = "We know [the ministry] will keep building the road next to the old school."
    d = only(align(a, b).diffs, INSERTION)
    assert (d.a_text, d.b_text) == ("it", "[the ministry]")


def test_ellipsis_cut_is_an_omission_of_the_cut_words():
    a = "We will not give up our land, whatever they do, and we will stay here forever."
    b = "We will not give up our land ... and we will stay here forever."
    d = only(align(a, b).diffs, OMISSION)
    assert d.a_text == "whatever they do" and a[d.a_start:d.a_end] == d.a_text
    assert d.b_text == "..." and (d.b_start, d.b_end) == (29, 32)


def test_unmarked_cut_and_addition():
    a = "The minister said the talks would resume very soon in the capital city, officials confirmed."
    b = "The minister said the talks would resume in the capital city next week, officials confirmed."
    al = align(a, b)
    assert only(al.diffs, OMISSION).a_text == "very soon"
    assert only(al.diffs, INSERTION).b_text == "next week"


def test_spelling_of_names_and_typos():
    a = "Mohammed told the government inspectors that the harbour was closed."
    b = "Muhammad told the goverment inspectors that the harbour was closed."
    al = align(a, b)
    assert [(d.kind, d.a_text, d.b_text) for d in al.diffs] == [
        (SPELLING, "Mohammed", "Muhammad"), (SPELLING, "government", "goverment"),
    ]


def test_punctuation_and_ignored_typography():
    a = 'He said: "We are ready; we will talk." They left.'
    b = "he said: “We are ready, we will talk.” They left."
    d = only(align(a, b).diffs, PUNCTUATION)
    assert (d.a_text, d.b_text) == (";", ",")
    assert len(align(a, b).diffs) == 1  # case and curly quotes are not differences


@pytest.mark.parametrize(("x", "y", "same"), [
    ("Mohammed", "Muhammad", True), ("Gaddafi", "Qaddafi", True), ("Gaddafi", "Kadhafi", True),
    ("goverment", "government", True), ("colour", "color", True), ("Erdoğan", "Erdogan", True),
    ("occupying", "occupied", False), ("land", "lands", False), ("man", "men", False),
    ("attack", "attacked", False), ("said", "says", False), ("peace", "war", False),
])
def test_spelling_variant_rule(x, y, same):
    assert is_spelling_variant(x, y) is same


def test_contained_quote_ignores_the_rest_of_the_turn():
    turn = ("Thank you all for coming today. We will not give up our land, and the ministry "
            "keeps building on the occupying territory. Now, questions about the budget.")
    quote = "We will not give up our land, and the ministry keeps building on the occupied territory."
    al = align(turn, quote, contain=True)
    assert [(d.kind, d.a_text, d.b_text) for d in al.diffs] == [(WORDING, "occupying", "occupied")]
    [p] = al.passages
    assert turn[p.a_start:p.a_end] == quote.rstrip(".").replace("occupied", "occupying") + "."
    assert al.coverage == pytest.approx(15 / 16)


def test_a_stray_common_word_far_away_is_not_taken_as_the_quote():
    turn = "the the the " + "lorem " * 30 + "said the minister we shall keep the harbour open all winter"
    quote = "the minister said we shall keep the harbour open all winter"
    al = align(turn, quote, contain=True)
    assert al.passages[0].a_start > turn.index("lorem")
    assert al.coverage > 0.8


def test_compare_texts_reports_shared_passages_only():
    shared = "The port strike entered its third day on Tuesday as unions rejected the latest offer from employers."
    a = "Local news in brief. " + shared + " Weather: rain."
    b = "Completely different opening words here. " + shared.replace("rejected", "turned down") + " Sport: none."
    al = compare_texts(a, b)
    [p] = al.passages
    assert a[p.a_start:p.a_end].startswith("The port strike") and p.words >= 15
    assert [(d.kind, d.a_text, d.b_text) for d in al.diffs] == [(WORDING, "rejected", "turned down")]


def test_unrelated_texts_share_nothing():
    al = compare_texts("The cat sat on the mat in the sun.", "Markets fell sharply on the news of the rate rise.")
    assert al.passages == [] and al.diffs == []


def test_a_name_inside_an_uneven_stretch_is_still_a_spelling():
    a = "Yesterday the envoy Mohammed told reporters that the border would reopen soon."
    b = "Yesterday the envoy, Mr Muhammad, told reporters that the border would reopen soon."
    kinds = [(d.kind, d.a_text, d.b_text) for d in align(a, b).diffs]
    assert (SPELLING, "Mohammed", "Muhammad") in kinds
    assert (INSERTION, "", "Mr") in kinds
