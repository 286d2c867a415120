"""Name facts in one parsed sentence: WHO did something, or who holds a role, in a keyed event.

A name fact has the key of the event it is about (as :mod:`.facts` keys dates and places:
``("release", "video")``) or the key of a leadership role (``("lead", "delegation")``), and
its value is the name of the agent or role-holder as written, with that name's offsets so
that the discrepancies step can resolve it to a cross-document entity (spelling variants,
titles and surname-only references are then one person, not a disagreement).

Patterns, all from the dependency parse:
- leadership verbs: "a delegation headed by X", "the delegation was led by X",
  "X led the delegation", "X, who headed the delegation";
- leader nouns: "the delegation's leader, X", "X, the head of the delegation",
  "delegation leader X";
- agents of event words: "the video was released by X", "X released the video".

An agent with a conjunct ("X and Y led") states no single agent and gives no fact.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..extract import names
from .facts import EVENT_NOUN, OBJECT_SYNONYMS, PREDICATE_OF, Fact, _event_object, _noun_key

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Verbs that say who leads a group; not event words (they carry no date of their own).
LEAD_VERBS = frozenset({"lead", "leads", "led", "leading", "head", "heads", "headed", "heading",
                        "chair", "chairs", "chaired", "chairing", "spearheaded"})
LEADER_NOUNS = frozenset({"leader", "head", "chief", "chairman", "chairwoman", "chair"})
GROUP_NOUNS = frozenset(w for words in OBJECT_SYNONYMS.values() for w in words)
# What someone leads in the sense of heading it ("led the delegation"), not of being ahead
# ("leads the race", "leading the field"); an organisation's name ("led the NCM") counts too.
LED_GROUPS = GROUP_NOUNS | frozenset({
    "party", "group", "committee", "commission", "council", "government", "coalition", "movement",
    "organization", "organisation", "army", "force", "forces", "operation", "investigation", "inquiry",
    "negotiations", "panel", "board", "union", "administration", "ministry", "campaign", "cabinet",
    "faction", "militia", "unit", "office", "agency", "company", "network"})
# Events with one agent worth comparing: who released, killed, attacked, arrested, announced,
# launched. Not meetings or talks (both sides act), nor changes of state (died, arrived).
AGENT_PREDICATES = frozenset({"release", "kill", "attack", "arrest", "announce", "launch"})
_NOT_NAMES = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                        "QUANTITY", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT"})
_RELATIVE = frozenset({"who", "that", "which"})
NAMED_AGENT = re.compile(r"\bby\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+)?[A-Z]")


def wanted(words: set[str], chunk: str) -> bool:
    """Whether a sentence may hold a name fact (cheap test before parsing it)."""
    if not words.isdisjoint(LEAD_VERBS):
        return True
    if not words.isdisjoint(LEADER_NOUNS) and not words.isdisjoint(GROUP_NOUNS):
        return True
    return not words.isdisjoint(PREDICATE_OF) and NAMED_AGENT.search(chunk) is not None


def name_facts(sent: "Span", offset: int) -> Iterator[Fact]:
    """Name facts of one sentence; offsets are ``offset`` plus the sentence's own."""
    for tok in sent:
        low = tok.text.lower()
        if low in LEAD_VERBS and tok.pos_ == "VERB":
            found = _lead_verb(tok)
        elif low in LEADER_NOUNS and tok.pos_ == "NOUN":
            found = _leader_noun(tok)
        elif low in PREDICATE_OF and tok.pos_ in ("VERB", "NOUN"):
            found = _event_agent(tok)
        else:
            continue
        if found is None:
            continue
        key, about, name = found
        yield Fact("name", key, about, name.text, _name_type(name), sent.text,
                   offset + sent.start_char, offset + sent.end_char,
                   offset + name.start_char, offset + name.end_char)


def _lead_verb(verb: "Token") -> tuple[tuple[str, str], str, "Span"] | None:
    group = _event_object(verb)
    if group is None:
        return None
    if group.pos_ == "PROPN" and group.dep_ == "pobj" and group.head.text.lower() == "of" \
            and group.head.head.pos_ == "NOUN":
        group = group.head.head  # "a delegation of the NCM headed by X": the parse hangs it on "NCM"
    if group.text.lower() not in LED_GROUPS and not (group.pos_ == "PROPN" and group.ent_type_ == "ORG"):
        return None  # "Clinton leads Sanders", "leading the field": ahead of, not at the head of
    name = _name(_agent(verb, group))
    return _role(group, name) if name is not None else None


def _leader_noun(noun: "Token") -> tuple[tuple[str, str], str, "Span"] | None:
    group = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ == "NOUN"), None)  # "the delegation's leader"
    group = group or next((p for c in noun.children if c.dep_ == "prep" and c.text.lower() == "of"
                           for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"), None)  # "head of the delegation"
    group = group or next((c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"), None)  # "delegation leader"
    if group is None or group.text.lower() not in GROUP_NOUNS:
        return None
    holder = next((c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)  # "leader, X"
    if holder is None and noun.dep_ in ("appos", "compound") and noun.head.pos_ == "PROPN":
        holder = noun.head  # "X, the head of the delegation"; "delegation leader X"
    name = _name(holder)
    return _role(group, name) if name is not None else None


def _role(group: "Token", name: "Span") -> tuple[tuple[str, str], str, "Span"]:
    about = f"leader of {group.text}" if group.pos_ == "PROPN" else f"leader of the {group.text.lower()}"
    return ("lead", _noun_key(group)), about, name


def _event_agent(trigger: "Token") -> tuple[tuple[str, str], str, "Span"] | None:
    pred = PREDICATE_OF[trigger.text.lower()]
    if pred not in AGENT_PREDICATES:
        return None
    target = _event_object(trigger)
    if target is None:
        return None
    name = _name(_agent(trigger, target))
    if name is None:
        return None
    noun = EVENT_NOUN.get(pred, pred)
    about = f"{noun} of {target.text}" if target.pos_ == "PROPN" else f"{noun} of the {target.text.lower()}"
    return (pred, _noun_key(target)), about, name


def _agent(verb: "Token", target: "Token") -> "Token | None":
    """Who does what ``verb`` says: the passive "by" agent, or the active subject."""
    for child in verb.children:
        if child.dep_ == "agent":  # "by its co-founder X" may parse as several objects: the name
            objects = [p for p in child.children if p.dep_ == "pobj"]
            return next((p for p in objects if p.pos_ == "PROPN"), objects[0] if objects else None)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.i == target.i:
        return None
    if subject.text.lower() in _RELATIVE:  # "X, who headed the delegation"
        return verb.head if verb.dep_ == "relcl" and verb.head.i != target.i else None
    return subject


def _name(token: "Token | None") -> "Span | None":
    """The name a token stands for: its person or organisation entity, its proper-noun
    compound, or the name in apposition to a common noun ("its co-founder, X")."""
    if token is None or any(c.dep_ == "conj" for c in token.children):
        return None
    if token.pos_ == "NOUN":
        named = next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        return _name(named) if named is not None else None
    if token.pos_ != "PROPN" or token.ent_type_ in _NOT_NAMES:
        return None
    doc = token.doc
    first = token.i
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].head.i == token.i:
        first -= 1  # "Layla Haddad" even when the recogniser only took "Haddad"
    ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    span = doc[min(first, ent.start):max(token.i + 1, ent.end)] if ent is not None else doc[first:token.i + 1]
    if span[0].text.lower() == "the":
        span = span[1:]
    return span if len(span) else None


def _name_type(name: "Span") -> str:
    """A guess of a name's type from its words (the recogniser calls many people ORG);
    the entities step's type, when the name resolves to an entity, wins."""
    text = name.text
    if names.is_acronym(text) or not names.org_nouns().isdisjoint(names.words(text)):
        return "organization"
    return "person"
