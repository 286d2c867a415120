"""Date expressions normalised against the publication date: exact values and precision."""
from __future__ import annotations

from datetime import date

import pytest

from crosswire.extract.dates import DateValue, find_date_expressions, normalise

PUBLISHED = date(2023, 11, 13)  # a Monday


@pytest.mark.parametrize("text, value, precision", [
    ("November 9, 2023", "2023-11-09", "day"),
    ("Saturday, November 11, 2023", "2023-11-11", "day"),
    ("9 Nov", "2023-11-09", "day"),
    ("the 9th of November", "2023-11-09", "day"),
    ("May 1998", "1998-05", "month"),
    ("2004", "2004", "year"),
    ("the 1990s", "199", "decade"),
    ("10/26/89", "1989-10-26", "day"),
    ("yesterday", "2023-11-12", "day"),
    ("today", "2023-11-13", "day"),
    ("Thursday", "2023-11-09", "day"),
    ("last Monday", "2023-11-06", "day"),
    ("last week", "2023-W45", "week"),
    ("last month", "2023-10", "month"),
    ("last year", "2022", "year"),
    ("a few days ago", "2023-W45", "week"),
    ("three days ago", "2023-11-10", "day"),
    ("two years ago", "2021", "year"),
    ("a month after October 7", "2023-11", "month"),
    ("two days before November 11, 2023", "2023-11-09", "day"),
    ("May", "2023-05", "month"),
    ("December", "2023-12", "month"),
    ("April", "2023-04", "month"),
    ("late yesterday", "2023-11-12", "day"),
    ("nineteen ninety-six", "1996", "year"),
])
def test_normalise(text: str, value: str, precision: str):
    result = normalise(text, PUBLISHED)
    assert result is not None and (result.iso(), result.precision) == (value, precision)


def test_future_tense_points_forward():
    assert normalise("Thursday", PUBLISHED, future=True).iso() == "2023-11-16"
    found = find_date_expressions("The delegation will meet on Thursday.", PUBLISHED)
    assert [(e.text, e.value.iso()) for e in found] == [("Thursday", "2023-11-16")]


def test_find_with_offsets_and_anchors():
    text = ("The video was released two days before an NCM delegation met the Council of Southern Elders "
            "in Vienna on November 11, 2023. In a 1998 interview he spoke. It may rain.")
    found = find_date_expressions(text, "2023-11-13T09:15:00-05:00")
    assert [(e.text, e.value.iso(), e.value.precision, e.kind) for e in found] == [
        ("two days before", "2023-11-09", "day", "anchored"),
        ("November 11, 2023", "2023-11-11", "day", "absolute"),
        ("1998", "1998", "year", "absolute"),
    ]
    assert all(text[e.start:e.end] == e.text for e in found)


def test_anchored_on_the_narrative_date():
    text = "They first met on May 14, 1998. 25 years after the meeting, they met again. The next day they left."
    found = find_date_expressions(text, PUBLISHED)
    assert [(e.text, e.value.iso()) for e in found] == [
        ("May 14, 1998", "1998-05-14"), ("25 years after", "2023"), ("The next day", "1998-05-15")]


def test_anchor_unknown_gives_no_date():
    assert find_date_expressions("He spoke three days after his appeal.", PUBLISHED) == []


def test_compatibility_and_round_trip():
    year, day = DateValue.from_iso("2019"), DateValue.from_iso("2019-05-14")
    assert year.compatible(day) and not DateValue.from_iso("2023-11-08").compatible(DateValue.from_iso("2023-11-09"))
    for iso in ("2019", "2019-05", "2019-05-14", "2023-W45", "199"):
        assert DateValue.from_iso(iso).iso() == iso


@pytest.mark.parametrize("sentence, value", [
    ("The ministry announced on Wednesday that talks would resume.", "2023-11-08"),  # nearest verb: past
    ("Officials said the monarch will meet Bush on Thursday.", "2023-11-16"),  # "will meet": next one
    ("Protesters planned a march on Saturday.", "2023-11-18"),
])
def test_weekday_follows_the_tense_nearest_it(sentence: str, value: str):
    found = find_date_expressions(sentence, PUBLISHED)
    assert [e.value.iso() for e in found] == [value]


def test_negated_and_unanchored_relative_dates():
    assert find_date_expressions('He will return "the day they sign, not one day earlier."', PUBLISHED) == []
    assert normalise("a year earlier", PUBLISHED).iso() == "2022"  # no narrative date: from publication
