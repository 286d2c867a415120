"""Statements, round 3: headlines, datelines and spacing around sources, offsets exact."""
from __future__ import annotations

from .helpers import speaker_text, statements


def test_headline_lead_in_is_the_source_of_the_headline() -> None:
    text = ("Graham: Trump’s ‘Hateful Rhetoric’ Destroying the Party’s Chances.\n\n"
            "Senator Lindsey Graham spoke in Columbia on Sunday.")
    (st,) = [st for st in statements(text) if st.cue == ":"]
    assert (st.kind, st.start, st.end) == ("reported", 8, 65)
    assert st.text == "Trump’s ‘Hateful Rhetoric’ Destroying the Party’s Chances"
    assert speaker_text(text, st) == "Graham" and st.speaker_name == "Lindsey Graham"


def test_headline_rubric_is_no_source() -> None:
    text = "The Latest: Cruz to give away an engraved shotgun.\n\nThe senator held a raffle in Iowa."
    assert [st for st in statements(text) if st.cue == ":"] == []


def test_headline_needs_the_first_line() -> None:
    text = "The senator held a raffle.\n\nCruz: The raffle will go on as planned this week.\n\nMore soon."
    assert [st for st in statements(text) if st.cue == ":"] == []


def test_dateline_is_not_part_of_the_source() -> None:
    text = "WASHINGTON — Sen. Jane Roe (D-N.Y.) said Tuesday that the vote would be close.\n"
    (st,) = statements(text)
    assert speaker_text(text, st) == "Sen. Jane Roe (D-N.Y.)" and st.speaker_span == [13, 35]
    assert (st.cue, st.text) == ("said", "that the vote would be close")


def test_abbreviation_period_does_not_cut_the_sentence_from_its_verb() -> None:
    text = "Rep. Bobby Scott (D-Va.) told reporters that the bill was dead."
    (st,) = statements(text)
    assert (speaker_text(text, st), st.cue, st.text) == ("Rep. Bobby Scott (D-Va.)", "told", "that the bill was dead")


def test_source_leaves_out_a_no_break_space() -> None:
    text = "Rep. Bobby Scott\u00a0said the bill was dead."
    (st,) = statements(text)
    assert speaker_text(text, st) == "Rep. Bobby Scott" and st.text == "the bill was dead"


def test_belief_verb_inside_a_report_leaves_the_report_standing() -> None:
    text = "Mr. Manafort said he agreed with Mr. Cruz."
    (st,) = statements(text)
    assert (st.cue, st.text, speaker_text(text, st)) == ("said", "he agreed with Mr. Cruz", "Mr. Manafort")


def test_one_word_answer_is_content() -> None:
    text = "Asked about the plan, 46 percent of voters said yes."
    (st,) = [st for st in statements(text) if st.cue == "said"]
    assert (st.text, st.start, speaker_text(text, st)) == ("yes", 48, "46 percent of voters")


def test_cue_interrupting_reported_speech_gives_two_pieces_with_one_speaker() -> None:
    text = "The bigger risk, he said, is a clash caused by paramilitary ships."
    first, rest = statements(text)
    assert (first.kind, first.text, first.start, first.cue) == ("reported", "The bigger risk", 0, "said")
    assert (rest.kind, rest.text, rest.start, rest.end) == ("reported", "is a clash caused by paramilitary ships", 26, 65)
    assert first.speaker_span == rest.speaker_span == [17, 19]


def test_name_after_a_quote_and_its_cue_is_the_source_even_when_mistagged() -> None:
    text = "“Having access to the file and two people who understand it is valuable,” said Skelly, smiling."
    (st,) = statements(text)
    assert (st.kind, st.cue, speaker_text(text, st), st.speaker_span) == ("direct", "said", "Skelly", [79, 85])
