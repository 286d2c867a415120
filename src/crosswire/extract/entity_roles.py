"""Roles the text gives a person, and later references made by role alone.

A role is established next to a name: a title ("Prime Minister Yusuf Haddad"), an
apposition ("Mohammed al-Rashidi, the leader of the Northern Coast Movement," / "The
party founder, Omar bin Laden,"), a noun before the name ("party founder Omar bin
Laden") or a who-clause ("Haddad, who heads the delegation,"). Each becomes a role
mention with the person's key; later "the movement's leader", "the Prime Minister" or
"the Sheikh" link to the one person the document gave that role (no pronouns).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from ..model import Document, Mention
from . import names

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ARTICLES = frozenset({"the", "a", "an"})
ROLE_REFERENCE_MODIFIERS = 3
MAX_COMPLEMENT_TOKENS = 6
PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "ADP", "PART", "NUM", "CCONJ", "PUNCT"})
BAD_FIRST_POS = frozenset({"PRON", "ADP", "CCONJ", "SCONJ", "VERB", "AUX", "PUNCT", "PART"})
STOPWORDS = frozenset({"the", "a", "an", "of", "'s", "s", "and", "for", "in", "on", "at", "to"})

APPOSITION_AFTER = re.compile(r",[ \t]+(?P<role>[^,.;:!?\n\"\u201c\u201d()\[\]]{2,120}?)(?=[ \t]*(?:[,;:()]|\.(?:\s|$)|$))")
WHO_AFTER = re.compile(r",[ \t]+who[ \t]+(?P<verb>[a-z-]+)[ \t]+(?P<object>[^,.;:!?\n]{2,100}?)(?=[ \t]*[,.;])")


@dataclass
class Establishment:
    """A role given to one person at one offset: its head nouns and its content words."""

    position: int
    key: str
    heads: set[str]
    words: set[str] = field(default_factory=set)


def add_roles(doc: Document, sdoc: "Doc", mentions: list[Mention]) -> list[Mention]:
    """Set title roles on name mentions; return the new role mentions."""
    text = doc.text
    # Role mentions may contain an organisation or place ("the leader of the NCM"), not a person.
    occupied = [(m.start, m.end) for m in mentions if m.type == "person"]
    added: list[Mention] = []
    established: list[Establishment] = []

    def add(start: int, end: int, role: str, key: str) -> None:
        if start < end and not _overlaps(start, end, occupied):
            occupied.append((start, end))
            added.append(Mention(doc.id, start, end, text[start:end], "person", key, role))
        established.append(Establishment(start, key, _heads(role), _content_words(role)))

    for m in [m for m in mentions if m.type == "person"]:
        address, phrases = split_address(m.text)
        if phrases:
            established.append(Establishment(m.start, m.key, set(phrases), _content_words(address)))
        if any(names.is_title(p) for p in phrases):
            m.role = address
        for start, end, role in _stated_roles(text, sdoc, m):
            add(start, end, role, m.key)
            m.role = m.role or role
    for start, end, key in _role_references(sdoc, established, occupied):
        occupied.append((start, end))
        added.append(Mention(doc.id, start, end, text[start:end], "person", key, text[start:end]))
    return added


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def split_address(text: str) -> tuple[str, list[str]]:
    """"Prime Minister Yusuf Haddad" -> ("Prime Minister", ["prime minister"])."""
    raw = list(re.finditer(r"\S+", text))
    folded = [names.words(w.group()) for w in raw]
    rest, phrases = names.strip_address([x for f in folded for x in f])
    consumed = sum(len(p.split()) for p in phrases)
    count, cut = 0, 0
    for w, f in zip(raw, folded):
        if count >= consumed:
            break
        count += len(f)
        cut = w.end()
    return text[:cut], phrases


def _heads(role: str) -> set[str]:
    ws = names.words(role)
    nouns = names.role_nouns()
    heads = {w for w in ws if (w,) in nouns}
    heads |= {f"{a} {b}" for a, b in zip(ws, ws[1:]) if (a, b) in nouns}
    return heads


def _content_words(text: str) -> set[str]:
    return {w for w in names.words(text) if w not in STOPWORDS}


def clean_role(role: str) -> str:
    """Drop a leading article unless a possessive follows: "the movement's spokesman" stays."""
    first, _, rest = role.strip().partition(" ")
    if first.lower() in ARTICLES and rest and not rest.split(" ", 1)[0].endswith(("'s", "\u2019s")):
        return rest
    return role.strip()


def _span_tokens(sdoc: "Doc", start: int, end: int) -> "Span | None":
    return sdoc.char_span(start, end, alignment_mode="expand")


def _is_role_phrase(span: "Span | None") -> bool:
    if span is None or not len(span) or span[0].pos_ in BAD_FIRST_POS and span[0].lower_ not in ARTICLES:
        return False
    if any(t.pos_ not in PHRASE_POS for t in span):
        return False
    return bool(_heads(span.text))


def _stated_roles(text: str, sdoc: "Doc", m: Mention) -> Iterator[tuple[int, int, str]]:
    """Roles stated next to one name mention: (start, end, role)."""
    who = WHO_AFTER.match(text, m.end)
    if who and who.group("verb") in names.role_verbs():
        role = f"{names.role_verbs()[who.group('verb')]} {who.group('object').strip()}"
        yield who.start("verb"), who.end("object"), role
    after = APPOSITION_AFTER.match(text, m.end)
    if not who and after and _is_role_phrase(_span_tokens(sdoc, after.start("role"), after.end("role"))):
        yield after.start("role"), after.end("role"), clean_role(after.group("role"))
    before = _role_before(sdoc, m)
    if before:
        yield before


def _role_before(sdoc: "Doc", m: Mention) -> tuple[int, int, str] | None:
    """"party founder Omar bin Laden", "Movement Leader Al-Rashidi" or "The party founder, Omar bin Laden,"."""
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    i = span.start
    comma = sdoc[i - 1].text == ","
    if comma:
        if span.end >= len(sdoc) or sdoc[span.end].text != ",":
            return None  # a list, "Haddad, Rashidi and Qasim", not an apposition
        i -= 1
    j = i
    sent_start = sdoc[i - 1].sent.start if i > 0 else 0
    while j > max(sent_start, i - 8) and sdoc[j - 1].pos_ in ("ADJ", "NOUN", "PROPN", "PART", "DET", "ADP"):
        if sdoc[j - 1].pos_ == "DET":
            j -= 1
            break
        j -= 1
    if j == i or (comma and j != sent_start and sdoc[j].pos_ != "DET"):
        return None
    if not comma and (not _is_role_noun_token(sdoc[i - 1]) or not _heads(sdoc[i - 1].text)):
        return None
    phrase = sdoc[j:i]
    if phrase[0].pos_ == "DET" and not comma:
        phrase = sdoc[j + 1:i]
    if not len(phrase) or not _heads(phrase.text) or any(t.pos_ == "ADP" and t.lower_ != "of" for t in phrase):
        return None
    return phrase.start_char, phrase.end_char, clean_role(phrase.text)


def _is_role_noun_token(token: "Token") -> bool:
    """A common noun, or a capitalised one in a headline ("Movement Leader Al-Rashidi")."""
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.text[:1].isupper())


def _role_references(sdoc: "Doc", established: list[Establishment],
                     occupied: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """Later "the <modifiers> <role head> [of ...]" that fit exactly one person."""
    if not established:
        return
    all_heads = set().union(*(e.heads for e in established))
    n = len(sdoc)
    for i in range(n):
        if sdoc[i].lower_ != "the":
            continue
        j = i + 1
        modifiers: set[str] = set()
        while j < n and j - i <= ROLE_REFERENCE_MODIFIERS + 1:
            head, width = _head_at(sdoc, j, all_heads)
            if head:
                found = _reference(sdoc, i, j + width, head, modifiers, established)
                if found and not _overlaps(found[0], found[1], occupied):
                    yield found
                break
            token = sdoc[j]
            if token.pos_ not in ("ADJ", "NOUN", "PROPN", "PART"):
                break
            if token.pos_ in ("NOUN", "PROPN"):
                modifiers |= _content_words(token.text)  # restrictive: "the opposition leader"
            j += 1


def _head_at(sdoc: "Doc", j: int, heads: set[str]) -> tuple[str | None, int]:
    if j + 1 < len(sdoc):
        pair = f"{sdoc[j].lower_} {sdoc[j + 1].lower_}"
        if pair in heads:
            return pair, 2
    return (sdoc[j].lower_, 1) if sdoc[j].lower_ in heads else (None, 0)


def _reference(sdoc: "Doc", i: int, end: int, head: str, modifiers: set[str],
               established: list[Establishment]) -> tuple[int, int, str] | None:
    """The (start, end, key) of a role reference, if exactly one person fits it."""
    start = sdoc[i].idx
    if end < len(sdoc) and sdoc[end].pos_ == "PROPN" and sdoc[end].text[:1].isupper():
        return None  # "the Prime Minister Yusuf Haddad": a title before a name
    wanted = set(modifiers)
    if end < len(sdoc) and sdoc[end].lower_ == "of":
        k = end + 1
        while k < len(sdoc) and k - end <= MAX_COMPLEMENT_TOKENS and sdoc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN"):
            k += 1
        wanted |= _content_words(sdoc[end + 1:k].text)
        end = k
    keys = {e.key for e in established if e.position < start and head in e.heads
            and (not wanted or wanted & e.words)}
    if len(keys) != 1:
        return None
    return start, sdoc[end - 1].idx + len(sdoc[end - 1].text), keys.pop()
