"""Per-document events: stated, intended, denied; demands, threats and the new patterns."""
from __future__ import annotations

import pytest

from crosswire.extract import extract
from crosswire.model import Document


def _extra(text: str) -> dict:
    return extract(Document(id="d", source="test", text=text, published="2023-11-13")).extra


def _coded(events) -> list[tuple[str, str, list[str], list[str]]]:
    return [(e.cameo, e.type, e.actor_names, e.target_names) for e in events]


def test_an_intention_is_kept_apart_with_its_subject():
    extra = _extra("Arnor is about to restore full diplomatic ties with Gondor.")
    assert extra["events"] == []
    (event,) = extra["intended_events"]
    assert (event.cameo, event.actor_names, event.target_names) == ("050", ["Arnor"], ["Gondor"])
    assert event.type == "AGREE"  # PLOVER: an intent to cooperate is an agreement
    assert extra["dates"] is not None and event.text.startswith("Arnor is about")
    assert event.trigger == "restore" and event.trigger_start == event.text.index("restore")


def test_a_denied_event_is_dropped_everywhere():
    for text in ("Russia did not meet Ukraine.", "Russia refused to meet Ukraine."):
        extra = _extra(text)
        assert not [e for e in extra["events"] + extra["intended_events"] if e.cameo.startswith("04")]


def test_must_after_a_sayer_is_a_demand_of_the_clause_subject():
    extra = _extra("Russia said on Tuesday that Sudan must return the helicopter.")
    assert ("100", "REQUEST", ["Russia"], ["Sudan"]) in _coded(extra["events"])
    # the demanded act did not happen, and "should" in an agreed view is no demand
    extra = _extra("France and Germany agree that the dispute should be settled.")
    assert [c for c in _coded(extra["events"]) if c[1] == "REQUEST"] == []


def test_a_hostile_act_to_come_is_a_threat():
    extra = _extra("Palestinian leaders said they would boycott all contact with the United States.")
    assert [(c, t) for c, t, *_ in _coded(extra["events"])] == [("130", "THREATEN")]


def test_a_conditional_threat_targets_the_one_who_must_act():
    extra = _extra("Russia threatened to stop negotiations if the United States deploys new missiles.")
    assert ("130", "THREATEN", ["Russia"], ["United States"]) in _coded(extra["events"])


def test_what_is_demanded_is_not_a_stated_event():
    extra = _extra("China demanded that the United States cancel the arms sale.")
    assert [c[1] for c in _coded(extra["events"])] == ["REQUEST"]


@pytest.mark.parametrize("text, expected", [
    # condemning an attack by X: X is the target, not the place of the attack
    ("Turkey condemned an attack by Osgiliath soldiers in Ithilen.", ("111", ["Turkey"], ["Osgiliath"])),
    # a nominal event's modifier acts ("US attacks"), a plural event noun counts
    ("Recent US drone attacks killed eight Taliban commanders.", ("190", ["US"], [])),
    # an event noun in a "in protest of" phrase: the clause's subject protests
    ("Algerian farmers began a hunger strike in protest against the government.", ("140", ["Algerian"], [])),
    # a participle clause without subject: the main clause's subject acts
    ("Thousands of Kurds demonstrated in Kirkuk on Sunday, calling for independence from Iraq.",
     ("020", ["Kurds"], ["Iraq"])),
    # irregular forms of the new verbs
    ("Switzerland expelled two Russian diplomats.", ("166", ["Switzerland"], ["Russian"])),
])
def test_new_patterns(text: str, expected: tuple):
    assert expected in [(c, a, t) for c, _, a, t in _coded(_extra(text)["events"])]
