"""Whether an event word states something that happened, is still to come, or did not happen.

A news sentence states an event ("Arnor restored ties"), an intention ("Arnor is about to
restore ties", "will meet"), or a denial ("did not meet", "refused to meet"). Only stated
events go to the timeline; intentions are kept apart (CAMEO coders count them as the event,
so the benchmark can too), and denials are dropped. Two modal readings are events of their
own: "X said Y must withdraw" is X's demand of Y, and "X will boycott Y" (a hostile act to
come) is X's threat. The words are data: ``event_modals.tsv``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .names import _data_lines

if TYPE_CHECKING:
    from spacy.tokens import Token

STATED, INTENDED, NEGATED = "stated", "intended", "negated"
_CHAIN = ("xcomp", "conj", "acomp")  # "is about to restore", "arrived and met", "plans to visit"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[frozenset[str], str, frozenset[str]]]:
    rows = {}
    for line in _data_lines("event_modals.tsv"):
        cols = line.split("\t") + ["", "", ""]
        rows[cols[0]] = (frozenset(cols[1].split(",")), cols[2], frozenset(c for c in cols[3].split(",") if c))
    return rows


def _words(kind: str) -> frozenset[str]:
    return _table()[kind][0]


def modality(tok: "Token") -> str:
    """STATED, INTENDED ("will meet", "is about to restore", "agreed to meet") or NEGATED
    ("did not meet", "refused to meet"), following the verb chain up to its governing verb."""
    if tok.pos_ in ("NOUN", "PROPN"):  # "demanded the withdrawal", "called for a boycott"
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        return INTENDED if tok.dep_ in ("dobj", "pobj") and head.text.lower() in _words("requesting") else STATED
    node, intended = tok, False
    for _ in range(6):
        for child in node.children:
            if child.dep_ == "neg":
                return NEGATED
            if child.dep_ == "aux" and child.text.lower() in _words("intent"):
                intended = True
        head = node.head
        if node.dep_ in ("ccomp", "acl") and head.text.lower() in _words("requesting"):
            return INTENDED  # "demanded that the US cancel the sale"
        if node.dep_ not in _CHAIN + ("advcl",) or head.i == node.i:
            break
        if node.dep_ == "conj" and any(c.dep_ in ("nsubj", "aux") for c in node.children):
            break  # "attacked X and will meet Y": each verb its own
        word = head.text.lower()
        infinitive = any(c.dep_ == "aux" and c.text.lower() == "to" for c in node.children)
        if node.dep_ != "conj" and word in _words("negating"):
            return NEGATED
        if node.dep_ == "advcl":  # "left to meet": a purpose, still to come
            return INTENDED if infinitive else (INTENDED if intended else STATED)
        if word in _words("aspectual"):
            pass  # "continued to send arms": it happened
        elif infinitive or word in _words("planning"):
            intended = True
        node = head
    return INTENDED if intended else STATED


def modal_auxiliary(tok: "Token") -> str | None:
    """The modal auxiliary of a verb, or of the verb it is conjoined to ("will arrive and meet")."""
    for node in (tok, tok.head if tok.dep_ == "conj" else tok):
        for child in node.children:
            if child.dep_ == "aux" and child.text.lower() in _words("intent"):
                return child.text.lower()
    return None


def threat_code(cameo: str, tok: "Token") -> str | None:
    """CAMEO 130 for an act to come that threatens: a hostile act with "will/would" ("will
    boycott") or vowed ("vowed to fight"), or any act on a condition ("will withdraw unless")."""
    modals, code, roots = _table()["threat"]
    if conditions(tok):
        return code
    if cameo[:2] not in roots:
        return None
    vowed = tok.dep_ in ("xcomp", "advcl") and tok.head.text.lower() in _words("vowing")
    return code if vowed or modal_auxiliary(tok) in modals else None


def conditions(tok: "Token") -> list["Token"]:
    """The verbs of "unless/if" clauses on an act ("will withdraw unless the president agrees")."""
    return [c for c in tok.children if c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.text.lower() in _words("conditional") for m in c.children)]


def intended_type(cameo: str, plover: str) -> str:
    """The PLOVER type of an intention: AGREE for a cooperative act ("will support"), else its own."""
    _, agree, roots = _table()["cooperative"]
    return agree if cameo[:2] in roots else plover


def sayers() -> frozenset[str]:
    """Verbs whose subject demands what a "must" clause says ("declared that China must")."""
    return _words("sayers")


def demand_words() -> frozenset[str]:
    """Modals that make the sayer's words a demand of the clause's subject ("Y must withdraw")."""
    return _words("demand")


def demand_code() -> str:
    return _table()["demand"][1]
