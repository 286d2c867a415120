"""Dates and the published rule, language, identifiers, durations and cites of a document."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.ingest.metadata import find_cites, find_duration, find_identifiers, guess_language, normalise_date_option
from crosswire.ingest.pipeline import IngestOptions, build_document
from crosswire.ingest.publication import dateline_candidates
from crosswire.model import RawRecord

BODY = "The minister said on Friday that the plan would go ahead despite the protests outside parliament."


def text_doc(content: str, **raw: object):
    return build_document(RawRecord(source="doc.txt", content=content, **raw))


@pytest.mark.parametrize(
    ("line", "value", "surface"),
    [
        ("Nov 10, 2023", "2023-11-10", "Nov 10, 2023"),
        ("November 13, 2023", "2023-11-13", "November 13, 2023"),
        ("Monday 3 July 2023 - 09:15", "2023-07-03T09:15:00", "Monday 3 July 2023 - 09:15"),
        ("13/11/2023", "2023-11-13", "13/11/2023"),
        ("11/13/2023", "2023-11-13", "11/13/2023"),
        ("2023-11-13", "2023-11-13", "2023-11-13"),
        ("10 November 2023 | 14:02 GMT", "2023-11-10T14:02:00+00:00", "10 November 2023 | 14:02 GMT"),
        ("Posted on Tuesday, 14th of November, 2023, 2:05pm", "2023-11-14T14:05:00", "Tuesday, 14th of November, 2023, 2:05pm"),
    ],
)
def test_dateline_forms(line: str, value: str, surface: str) -> None:
    doc = text_doc(f"Headline Of The Day\n{line}\n\n{BODY}")
    assert doc.published == value
    date = doc.dates[0]
    assert (date["value"], date["origin"], date["text"]) == (value, "dateline", surface)
    assert doc.text[date["start"] : date["end"]] == surface


def test_published_and_updated_labels() -> None:
    found = dateline_candidates("Published: 10 Nov 2023 at 3:05 pm | Updated: 12 Nov 2023")
    assert [(d.value, d.label, d.start, d.end) for d in found] == [
        ("2023-11-10T15:05:00", "published", 11, 33),
        ("2023-11-12", "updated", 45, 56),
    ]
    doc = text_doc(f"Updated: 12 Nov 2023\n\n{BODY}\n\nPublished: 10 Nov 2023")
    assert doc.published == "2023-11-10"


def test_labelled_value_outside_the_regexes_goes_to_dateparser() -> None:
    found = dateline_candidates("Published: Tuesday the 14th of Nov in 2023")
    assert [(d.value, d.label, d.start) for d in found] == [("2023-11-14", "published", None)]


def test_option_overrides_everything() -> None:
    doc = build_document(
        RawRecord(source="f.jsonl", content=f"Nov 10, 2023\n{BODY}", format="jsonl", published="2023-11-09"),
        IngestOptions(published="2023-12-01"),
    )
    assert doc.published == "2023-12-01"
    assert [(d["origin"], d["value"]) for d in doc.dates] == [("option", "2023-12-01"), ("jsonl", "2023-11-09"), ("dateline", "2023-11-10")]


def test_record_metadata_beats_dateline_but_the_crawl_date_never_counts() -> None:
    feed = text_doc(f"Nov 10, 2023\n{BODY}", format="feed", published="Thu, 09 Nov 2023 18:00:00 GMT")
    assert feed.published == "2023-11-09T18:00:00+00:00"
    warc = text_doc(BODY, format="warc", published="2024-02-01T10:00:00Z", extra={"warc_date": "2024-02-01T10:00:00Z"})
    assert warc.published is None
    assert {d["origin"] for d in warc.dates} == {"warc"}


def test_undated_text_and_dates_deep_in_the_body_give_null() -> None:
    assert text_doc(BODY).published is None
    lines = [BODY] * 16 + ["The treaty was signed on 4 March 1998 in Geneva."]
    assert text_doc("\n".join(lines)).published is None


def test_url_date_is_the_last_resort() -> None:
    doc = text_doc(BODY, url="https://news.example/2023/11/13/minister-plan/")
    assert doc.published == "2023-11-13"
    assert doc.dates == [{"value": "2023-11-13", "origin": "url", "text": "/2023/11/13", "start": None, "end": None,
                          "label": None, "where": None}]


def test_date_option_validation() -> None:
    assert normalise_date_option("2023-11-13") == "2023-11-13"
    assert normalise_date_option(" 2023-11-13T09:15 ") == "2023-11-13T09:15:00"
    with pytest.raises(ValueError, match="not an ISO date or datetime: 'last tuesday'"):
        normalise_date_option("last tuesday")


def test_identifiers_are_read_from_the_header_only() -> None:
    assert find_identifiers(["Clip No. 4312", "Special Dispatch No. 10877", "MEMRI Report #1234"]) == {
        "clip": "4312", "dispatch": "10877", "report": "1234"}
    assert find_identifiers(["Inquiry & Analysis Series No. 1699"]) == {"inquiry & analysis": "1699"}
    assert find_identifiers(["Story #1234: the vote"]) == {"number": "1234"}
    header = "Special Dispatch No. 5678\nClip #123\n"
    body = "\n".join([BODY] * 15 + ["As reported in Special Dispatch No. 1000, the plan changed."])
    assert text_doc(header + body).identifiers == {"dispatch": "5678", "clip": "123"}


def test_durations() -> None:
    assert find_duration(["Duration: 03:15"]) == 195.0
    assert find_duration(["Length: 1:02:03"]) == 3723.0
    assert find_duration(["Running time: 4 min 10 sec"]) == 250.0
    assert find_duration(["No length here"]) is None
    assert text_doc(f"Clip No. 1\nDuration: 03:15\n{BODY}").duration == 195.0
    assert text_doc(f"Duration: 03:15\n{BODY}", duration=61.0).duration == 61.0


def test_cites_of_every_form_with_offsets_into_the_clean_text() -> None:
    text = "\n".join([
        "LONDON (Reuters) - " + BODY,
        "Originally published by The Northern Example.",
        "This article first appeared on Coastal Daily.",
        "This article is republished from The Conversation under a Creative Commons license.",
        'Source: Channel 9 TV - "example.org"',
        "via Harbour News",
    ])
    cites = find_cites(text, [{"text": "Credit: Northern Wire", "reason": "credit-line"}])
    assert [(c["name"], c["relation"], c.get("detail")) for c in cites] == [
        ("Reuters", "credit", None),
        ("The Northern Example", "originally published by", None),
        ("Coastal Daily", "originally published by", None),
        ("The Conversation", "originally published by", None),
        ("Channel 9 TV", "source", "example.org"),
        ("Harbour News", "via", None),
        ("Northern Wire", "credit", None),
    ]
    for cite in cites[:-1]:
        assert text[cite["start"] : cite["end"]] == cite["text"]
    assert cites[0]["text"] == "(Reuters)"
    assert (cites[-1]["start"], cites[-1]["end"]) == (None, None)


def test_a_dateline_is_not_a_cite() -> None:
    assert find_cites("First published on 10 November 2023\nOriginally published by Coastal Daily on Nov 9, 2023", []) == [
        {"name": "Coastal Daily", "relation": "originally published by",
         "text": "Originally published by Coastal Daily on Nov 9, 2023", "start": 36, "end": 88}]


def test_credit_line_is_dropped_from_text_but_cited() -> None:
    doc = text_doc(f"{BODY}\nCredit: Northern Wire")
    assert doc.text == BODY
    assert doc.cites == [{"name": "Northern Wire", "relation": "credit", "text": "Credit: Northern Wire", "start": None, "end": None}]


def test_language_by_stopwords() -> None:
    assert guess_language(BODY) == "en"
    assert guess_language("Le ministre a dit que le plan sera appliqué malgré les manifestations devant le parlement.") == "fr"
    assert guess_language("Der Minister sagte, dass der Plan trotz der Proteste vor dem Parlament umgesetzt wird.") == "de"
    assert guess_language("1234 5678 9012") is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["Nov 10, 2023", "Published: 31/02/2023", "13/13/2023 25:61", "LONDON (AP) - x", "Source: X - \"y\"",
                     "Clip #12", "Duration: 99:99:99", "via", "Credit:", "Updated 2023-11-13T10:00:00Z", "#", ""]),
    st.text(max_size=60),
), max_size=12))
def test_any_text_gives_offsets_that_point_into_the_clean_text(lines: list[str]) -> None:
    doc = text_doc("\n".join(lines))
    for item in doc.cites + doc.dates:
        if item["start"] is not None:
            assert doc.text[item["start"] : item["end"]] == item["text"]
    assert doc.published is None or doc.published[:4].isdigit()
