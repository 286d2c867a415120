"""Statements: one hand-written case per kind of attribution news uses, offsets exact."""
from __future__ import annotations

import json
import time

import pytest

from crosswire.extract.pipeline import extract
from crosswire.extract.quotes import find_quotes
from crosswire.model import Document, Statement


def statements(text: str, published: str | None = "2024-05-09") -> list[Statement]:
    found = extract(Document(id="d", source="test", text=text, published=published)).statements
    for st in found:
        assert text[st.start:st.end] == st.text
    return found


def at(text: str, fragment: str) -> int:
    return text.index(fragment)


def span_text(text: str, st: Statement) -> str:
    assert st.speaker_span is not None
    return text[st.speaker_span[0]:st.speaker_span[1]]


def test_transcript_turns_continue_and_surnames_join_the_full_name() -> None:
    text = ("Mohammed al-Rashidi: We never agreed to that.\n\nIt was never on the table.\n\n"
            "Host: So what happens now?\n\nAl-Rashidi: We wait.")
    first, host, last = statements(text)
    assert (first.kind, first.cue, first.text) == ("turn", ":", "We never agreed to that.\n\nIt was never on the table.")
    assert first.speaker_span == [0, 19] and first.speaker_name == "Mohammed al-Rashidi"
    assert (host.speaker_name, host.text, host.start) == ("Host", "So what happens now?", at(text, "So what"))
    assert span_text(text, last) == "Al-Rashidi" and last.speaker_name == "Mohammed al-Rashidi"
    assert last.speaker_key == first.speaker_key != host.speaker_key


def test_quote_over_several_paragraphs_continues_its_speaker() -> None:
    text = ("“We have lost the river,” said Ana Costa, the mayor of Vila Nova. “We have lost the fields.\n\n"
            "“And now we are losing the people.”")
    first, rest = statements(text)
    assert (first.kind, first.text, first.cue, first.speaker_name) == ("direct", "We have lost the river,", "said", "Ana Costa")
    assert span_text(text, first) == "Ana Costa, the mayor of Vila Nova"
    assert rest.start == at(text, "We have lost the fields")
    assert rest.text.endswith("\n\n“And now we are losing the people.")
    assert rest.speaker_key == first.speaker_key


def test_interrupted_quote_gives_two_statements_with_one_speaker() -> None:
    text = "“We will not give up,” Jane Roe said, “and we will win the vote.”"
    first, second = statements(text)
    assert (first.start, first.end, second.start) == (1, 21, at(text, "and we"))
    assert first.kind == second.kind == "direct" and first.cue == "said"
    assert first.speaker_span == second.speaker_span == [23, 31]
    assert first.speaker_name == second.speaker_name == "Jane Roe"


def test_nested_single_quotes_are_part_of_the_quote() -> None:
    text = "“They kept chanting ‘no more war’ all night,” said Tom Baker."
    (st,) = statements(text)
    assert st.text == "They kept chanting ‘no more war’ all night," and st.speaker_name == "Tom Baker"


def test_colon_introduces_a_quote_and_names_the_addressee() -> None:
    text = 'Foreign Minister Ingrid Dahl tells the BBC: "Nobody is leaving the table."'
    (st,) = statements(text)
    assert (st.kind, st.text, st.cue) == ("direct", "Nobody is leaving the table.", "tells")
    assert span_text(text, st) == "Foreign Minister Ingrid Dahl" and st.speaker_name == "Ingrid Dahl"
    assert st.addressee_name == "the BBC"


def test_apposition_source_and_its_name() -> None:
    text = "Party founder Jane Roe, who launched the movement in 2009, said the coalition would survive."
    (st,) = statements(text)
    assert (st.kind, st.text, st.cue) == ("reported", "the coalition would survive", "said")
    assert span_text(text, st).startswith("Party founder Jane Roe")
    assert st.speaker_name == "Jane Roe" and st.said is None  # 2009 dates the founding, not the words


def test_role_speaker_resolves_to_the_named_holder() -> None:
    text = "Prime Minister Karl Weiss arrived late. The Prime Minister said the budget was final."
    (st,) = statements(text)
    assert span_text(text, st) == "The Prime Minister" and st.speaker_name == "Karl Weiss"


def test_pronoun_goes_to_the_nearest_person_of_its_gender() -> None:
    text = 'Ms. Maria Lopez spoke first. Then Mr. Peter Hall took the floor. "This is a disgrace," she said.'
    (st,) = statements(text)
    assert span_text(text, st) == "she" and "Maria Lopez" in st.speaker_name


def test_reported_speech_without_quote_marks() -> None:
    text = "Peter Hall also underscored that the deal had collapsed. According to the minister, the talks are over."
    hall, minister = statements(text)
    assert (hall.kind, hall.text, hall.cue, hall.speaker_name) == ("reported", "that the deal had collapsed", "underscored", "Peter Hall")
    assert (minister.text, minister.cue, span_text(text, minister)) == ("the talks are over", "according to", "the minister")


def test_quoted_fragment_in_reported_speech_is_partial() -> None:
    text = 'Senator Ruth Ames called the proposal "a betrayal of every voter" on Tuesday.'
    reported, st = statements(text)
    assert (reported.kind, reported.start, reported.end) == ("reported", at(text, "the proposal"), at(text, " on Tuesday"))
    assert (st.kind, st.text, st.cue, st.speaker_name) == ("partial", "a betrayal of every voter", "called", "Ruth Ames")
    assert (st.start, reported.speaker_name) == (at(text, "a betrayal"), "Ruth Ames")
    assert st.said == "2024-05-07"


def test_scare_quotes_and_titles_are_not_statements() -> None:
    assert statements('The so-called "peace plan" was never published, and his book "Winter Roads" sold poorly.') == []


def test_when_the_words_were_said() -> None:
    (st,) = statements("In a 1998 interview, Karl Weiss said he had never met the general.")
    assert st.said == "1998" and st.text == "he had never met the general"


def test_hostile_input_is_bounded() -> None:
    started = time.process_time()
    assert find_quotes("“" + "never closed " * 400_000) == []
    assert find_quotes('"a " ' * 200_000) is not None
    text = "\n\n".join(f"Line {i}: “unclosed quote number {i}" for i in range(3000))
    found = statements(text)
    assert all(st.end - st.start < 10_000 for st in found)
    assert time.process_time() - started < 60


@pytest.mark.parametrize("as_json", [True])
def test_quotes_cli_lists_statements_of_a_real_store(cli, tmp_path, as_json: bool) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Talks collapse\n\n“We will not sign this deal,” said Jane Roe, the party leader. "
                       "Officials said the vote would be delayed.\n", "utf-8")
    assert cli("add", article).exit_code == 0
    result = cli("quotes", "--json", "--speaker", "jane roe")
    records = json.loads(result.output)
    assert [r["text"] for r in records] == ["We will not sign this deal,"]
    assert records[0]["speaker_name"] == "Jane Roe" and "outlet" in records[0] and "speaker_key" not in records[0]
    everyone = json.loads(cli("quotes", "--json").output)
    assert len(everyone) >= 2
    assert "Jane Roe" in cli("quotes").output
