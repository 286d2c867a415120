"""Statements, round 2: one case per rule added for PolNeAR's span conventions, offsets exact."""
from __future__ import annotations

from crosswire.extract.pipeline import extract
from crosswire.model import Document

from .helpers import speaker_text, statements


def test_intention_verbs_report_their_to_clause() -> None:
    text = "Senator Ruth Ames vowed to block the budget. The unions urged him to resign."
    ames, unions = statements(text)
    assert (ames.kind, ames.cue, ames.text, ames.speaker_name) == ("reported", "vowed", "to block the budget", "Ruth Ames")
    assert (unions.cue, unions.text, speaker_text(text, unions)) == ("urged", "him to resign", "The unions")


def test_beliefs_are_reported_statements() -> None:
    text = "Peter Hall expects that the vote will be delayed."
    (st,) = statements(text)
    assert (st.kind, st.cue, st.text) == ("reported", "expects", "that the vote will be delayed")


def test_quote_inside_a_clause_before_the_verb_is_mixed() -> None:
    text = "The people of the valley “deserve a hospital of their own,” Ana Costa said."
    reported, partial = statements(text)
    assert (reported.kind, reported.start) == ("reported", 0) and reported.text.startswith("The people of the valley “deserve")
    assert (partial.kind, partial.text, partial.cue) == ("partial", "deserve a hospital of their own,", "said")
    assert partial.speaker_name == reported.speaker_name == "Ana Costa"


def test_source_leaves_out_a_relative_clause() -> None:
    text = "Tom Baker, who chairs the committee, said the hearing would go ahead."
    (st,) = statements(text)
    assert speaker_text(text, st) == "Tom Baker" and st.text == "the hearing would go ahead"


def test_show_titles_after_a_preposition_are_not_quotes() -> None:
    text = "Jane Roe said on “Sunday Morning Futures” that the talks were over."
    assert [st.text for st in statements(text)] == ["that the talks were over"]


def test_quote_ending_its_sentence_takes_no_frame_after_it() -> None:
    text = "“We will keep our nets in the water.” He warned, however, that nobody should doubt them."
    quote = [st for st in statements(text) if st.kind == "direct"]
    assert all(st.cue != "warned" for st in quote)


def test_colon_after_a_sentence_opened_by_a_person() -> None:
    text = "Jane Roe closed the rally with a message to her supporters: “Stay united and stay patient, whatever happens.”"
    (st,) = statements(text)
    assert (st.kind, st.cue, speaker_text(text, st)) == ("direct", ":", "Jane Roe")


def test_according_to_takes_the_named_apposition() -> None:
    text = "According to the party’s spokesman, Karl Weiss, the vote will take place in June."
    (st,) = statements(text)
    assert speaker_text(text, st) == "the party’s spokesman, Karl Weiss" and st.speaker_name == "Karl Weiss"
    assert st.text == "the vote will take place in June"


def test_transcript_header_fields_are_not_turns() -> None:
    text = ("Duration: 03:15\n\nSource: Coastline TV\n\nHost: Welcome back.\n\nJane Roe: Thank you.\n\n"
            "Host: What now?\n\nJane Roe: We wait.")
    assert [st.speaker_name for st in statements(text)] == ["Host", "Jane Roe", "Host", "Jane Roe"]


def test_object_of_an_attitude_verb_is_the_content() -> None:
    text = "Jeb Bush endorsed Ted Cruz on Tuesday. The senator accused him of lying to the committee."
    endorsed, accused = statements(text)
    assert (endorsed.kind, endorsed.start, endorsed.end, endorsed.cue) == ("reported", 18, 26, "endorsed")
    assert (endorsed.text, endorsed.speaker_name, endorsed.speaker_span) == ("Ted Cruz", "Jeb Bush", [0, 8])
    assert (accused.text, accused.cue, speaker_text(text, accused)) == ("him of lying to the committee", "accused", "The senator")
    assert accused.start == text.index("him of")


def test_quote_after_reported_speech_in_its_paragraph_continues_it() -> None:
    text = 'Senator Ruth Ames said she would keep fighting. "This is far from over, and we will be back."'
    reported, quote = statements(text)
    assert (reported.kind, reported.text, reported.start) == ("reported", "she would keep fighting", 23)
    assert (quote.kind, quote.start, quote.end) == ("direct", text.index("This is"), len(text) - 1)
    assert quote.speaker_span == reported.speaker_span == [0, 17] and quote.cue == "said"
    assert quote.speaker_name == "Ruth Ames"


def test_quote_after_reported_speech_in_a_new_paragraph_is_not_continued() -> None:
    text = 'Senator Ruth Ames said she would keep fighting.\n\n"This is far from over, and we will be back."'
    reported, quote = statements(text)
    assert reported.speaker_name == "Ruth Ames" and (quote.kind, quote.speaker_span, quote.cue) == ("direct", None, None)


def test_curly_and_straight_quote_marks_mixed() -> None:
    text = '“We are ready for the vote," Jane Roe said. "So are we,” said Tom Baker.'
    roe, baker = statements(text)
    assert (roe.start, roe.end, roe.speaker_name, roe.speaker_span) == (1, 27, "Jane Roe", [29, 37])
    assert (baker.start, baker.end, baker.speaker_name, baker.speaker_span) == (45, 55, "Tom Baker", [62, 71])


def test_reported_speech_in_text_without_sentence_ends_stays_short():
    """A line with no full stops parses as one "sentence": no "said" may report all the rest of it."""
    from crosswire.extract.attribution import MAX_REPORTED_CHARS

    text = "the council said the port would reopen after the strike " * 300
    ann = extract(Document(id="run-on", source="run-on.txt", text=text))
    reported = [s for s in ann.statements if s.kind == "reported"]
    assert reported
    for s in reported:
        assert text[s.start:s.end] == s.text and len(s.text) <= MAX_REPORTED_CHARS
