"""Per-document events: who did what to whom, from the parse of one sentence."""
from __future__ import annotations

import pytest

from crosswire.extract import extract
from crosswire.model import Document


def _events(text: str) -> list[tuple[str, list[str], list[str]]]:
    ann = extract(Document(id="d", source="test", text=text, published="2023-11-13"))
    return [(e.cameo, e.actor_names, e.target_names) for e in ann.extra["events"]]


@pytest.mark.parametrize("text, expected", [
    # passive voice: the "by" agent acts, the subject suffers
    ("Israeli troops were attacked by Hamas gunmen in Gaza on Monday.", [("190", ["Hamas"], ["Israeli"])]),
    # a nominal event object of a light verb: its doer is the verb's subject; a dateline is no party
    ("GENEVA - Turkey imposed sanctions on Syria.", [("163", ["Turkey"], ["Syria"])]),
    ("Russia held talks with Ukraine in Geneva on Tuesday.", [("040", ["Russia"], ["Ukraine"])]),
    # the target of what was agreed
    ("The European Union agreed to provide aid to Romania.", [("030", ["European Union"], ["Romania"])]),
    # "X and Y met": both act; the meeting's place is not its target
    ("France and Germany met in Paris.", [("040", ["France", "Germany"], [])]),
    # diplomatic relations as the object
    ("Ethiopia has broken relations with Libya.", [("161", ["Ethiopia"], ["Libya"])]),
])
def test_participants(text: str, expected: list):
    assert _events(text) == expected


def test_quoted_and_planned_events_are_skipped():
    assert _events('"We will attack Israel," Hamas said.') == []
    assert _events("Russia will meet Ukraine next week.") == []


@pytest.mark.parametrize("text, expected", [
    # a weaker complement names the target when nothing else does
    ("Ethiopia withdrew from Libya on Saturday.", [("087", ["Ethiopia"], ["Libya"])]),
    ("Gondor warned its citizens about Mordor.", [("130", ["Gondor"], ["Mordor"])]),
    # ... but not over an object that names one
    ("France warned Germany about Russia.", [("130", ["France"], ["Germany"])]),
])
def test_fallback_targets(text: str, expected: list):
    assert _events(text) == expected
