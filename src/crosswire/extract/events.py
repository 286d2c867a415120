"""The events component: what each document says happened, who did it, to whom, when, where.

Only paragraphs holding an event word (``event_verbs.tsv``) get the dependency parse. An
event word is coded CAMEO -> PLOVER (:mod:`.event_words`); its actors are the entity
mentions in its subject (or the ``by`` agent of a passive), its targets those in its object
or in a ``with/to/on/against`` complement. The date is the date expression (:mod:`.dates`)
the parse attaches to the word, the place a place mention after ``in/at``. Quoted words are
the speaker's, not the document's account, and negated or merely planned events ("will
meet", "was due to meet") are no events yet: all are skipped.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..model import Document, Mention
from .dates import DateExpression, find_date_expressions
from .event_words import event_words, object_classes, occurrence_verbs, reading

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .pipeline import Annotations, Piece

MAX_PARAGRAPH_CHARS = 3000
ACTOR_TYPES = ("person", "organization", "place")
MODALS = {"will", "would", "shall", "'ll", "may", "might", "could", "should", "must", "can", "ca"}
PLANNING = {"due", "plan", "plans", "planned", "planning", "expected", "want", "wants", "hope", "hopes", "intend",
            "intends", "set", "scheduled", "aim", "try", "tried", "going", "ready", "refused", "refuse", "seek"}
TARGET_PREPOSITIONS = {"with", "to", "on", "against", "for", "at"}
_PARAGRAPH = re.compile(r"[^\n]+")
_QUOTED_KINDS = ("direct", "partial", "turn")


@dataclass
class EventMention:
    """One document's account of one event; ``actors``/``targets`` are document-local mention keys."""

    document: str
    start: int  # the sentence that states it
    end: int
    trigger: str
    trigger_start: int
    type: str
    cameo: str
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    actor_names: list[str] = field(default_factory=list)
    target_names: list[str] = field(default_factory=list)
    object: str | None = None  # the event's object noun when no entity: "video"
    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    place: str | None = None
    text: str = ""

    def to_row(self) -> dict[str, Any]:
        return asdict(self)


def find_events(doc: Document, ann: "Annotations") -> None:
    """Add the document's date expressions and event mentions to ``ann.extra``."""
    text = doc.text
    dates = find_date_expressions(text, doc.published)
    ann.extra["dates"] = dates
    forms = event_words()
    spans = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)
             if m.end() - m.start() <= MAX_PARAGRAPH_CHARS
             and any(w.lower() in forms for w in re.findall(r"[A-Za-z]+", m.group(0)))]
    quoted = sorted((s.start, s.end) for s in ann.statements if s.kind in _QUOTED_KINDS
                    and (s.kind != "turn" or (s.speaker_key or "").startswith("person:")))
    mentions = sorted(ann.mentions, key=lambda m: m.start)
    events: list[EventMention] = []
    for piece in ann.parse_pieces(spans):
        events.extend(_piece_events(doc, piece, dates, mentions, quoted))
    ann.extra["events"] = events


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return any(s <= pos < e for s, e in spans[max(0, i - 3):i + 1])


def _piece_events(doc: Document, piece: "Piece", dates: list[DateExpression], mentions: list[Mention],
                  quoted: list[tuple[int, int]]) -> list[EventMention]:
    out = []
    base = piece.start
    for tok in piece.doc:
        nominal = tok.pos_ in ("NOUN", "PROPN")
        if tok.pos_ not in ("VERB", "NOUN", "PROPN") or tok.text.lower() not in event_words():
            continue
        if _inside(quoted, base + tok.idx) or not _asserted(tok):
            continue
        obj = _object(tok, nominal)
        word = reading(tok.text, nominal, obj.text if obj is not None else None)
        if word is None:
            continue
        actors, targets = _participants(tok, nominal, base, mentions)
        if not actors and not targets and word.plover != "PUBLISH":
            continue
        sent = tok.sent
        start, end = base + sent.start_char, base + sent.end_char
        date = _date_of(tok, base, dates)
        obj_key = _object_key(obj)
        out.append(EventMention(
            document=doc.id, start=start, end=end, trigger=tok.text, trigger_start=base + tok.idx,
            type=word.plover, cameo=word.cameo,
            actors=_unique(m.key for m in actors), targets=_unique(m.key for m in targets),
            actor_names=_unique(m.text for m in actors), target_names=_unique(m.text for m in targets),
            object=obj_key, date=date.value.iso() if date else None,
            date_precision=date.value.precision if date else None, date_text=date.text if date else None,
            place=_place(tok, base, mentions), text=doc.text[start:end],
        ))
    return out


def _object_key(obj: "Token | None") -> str | None:
    """A common-noun object as merging compares it: "a video interview" -> "video"."""
    if obj is None or obj.pos_ != "NOUN":
        return None
    classes = object_classes()
    for child in obj.children:
        if child.dep_ == "compound" and child.text.lower() in classes:
            return child.text.lower()
    return obj.text.lower()


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def _asserted(tok: "Token") -> bool:
    """False for negated, hypothetical or planned events: "did not meet", "will meet", "due to meet"."""
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.text.lower() in MODALS):
            return False
    if tok.dep_ == "xcomp" and tok.head.text.lower() in PLANNING:
        return False
    # An infinitive ("agreed to meet", "was due to meet") states an intention, not the event.
    return not (tok.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.text.lower() == "to" for c in tok.children))


def _object(tok: "Token", nominal: bool) -> "Token | None":
    if nominal:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.text.lower() == "of":
                return next((c for c in prep.children if c.dep_ == "pobj"), None)
        return None
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child
    if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head  # "a video released on November 8"
    return None


def _mentions_in(tok: "Token", base: int, mentions: list[Mention]) -> list[Mention]:
    """Entity mentions (persons, organisations) inside the phrase headed by ``tok``."""
    if tok.pos_ == "PRON":
        return _antecedent(tok, base, mentions)
    tokens = list(tok.subtree)
    lo = base + min(t.idx for t in tokens)
    hi = base + max(t.idx + len(t) for t in tokens)
    i = bisect.bisect_left([m.start for m in mentions], lo)
    found = []
    for m in mentions[i:]:
        if m.start >= hi:
            break
        if m.end <= hi and m.type in ("person", "organization"):
            found.append(m)
    return found


def _antecedent(tok: "Token", base: int, mentions: list[Mention]) -> list[Mention]:
    """"he"/"she": the last person named before; "it"/"they": the last organisation."""
    wanted = {"he": "person", "she": "person", "him": "person", "her": "person", "it": "organization",
              "they": "organization", "them": "organization"}.get(tok.text.lower())
    if wanted is None:
        return []
    pos = base + tok.idx
    before = [m for m in mentions if m.end <= pos and m.type == wanted and pos - m.end < 600]
    return before[-1:]


def _participants(tok: "Token", nominal: bool, base: int, mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    actors: list[Mention] = []
    targets: list[Mention] = []
    verb = tok
    if not nominal and tok.dep_ in ("conj", "xcomp") and not any(c.dep_.startswith("nsubj") for c in tok.children):
        verb = tok.head  # "arrived and met the Council": the subject of the first verb
    for child in verb.children:
        if child.dep_ in ("nsubj",) and not nominal:
            actors += _mentions_in(child, base, mentions)
        elif child.dep_ == "agent":
            for pobj in child.children:
                actors += _mentions_in(pobj, base, mentions)
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubjpass", "dative"):
            targets += _mentions_in(child, base, mentions)
        elif child.dep_ == "prep" and child.text.lower() in TARGET_PREPOSITIONS | {"between", "of", "by"}:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                found = _mentions_in(pobj, base, mentions)
                if nominal and child.text.lower() in ("between", "by"):
                    actors += found
                elif nominal and child.text.lower() == "of" and not targets:
                    targets += found
                elif child.text.lower() in TARGET_PREPOSITIONS:
                    targets += found
    if nominal and tok.dep_ in ("nsubj", "nsubjpass") and not actors:
        actors += [m for m in _mentions_in(tok, base, mentions) if m not in targets]
    actor_keys = {m.key for m in actors}
    return actors, [m for m in targets if m.key not in actor_keys]


def _place(tok: "Token", base: int, mentions: list[Mention]) -> str | None:
    """A place mention after "in"/"at" attached to the event word or its object."""
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    heads += [p for c in tok.children if c.dep_ == "prep" and c.text.lower() == "with"
              for p in c.children if p.dep_ == "pobj"]  # "talks with the Council in Geneva"
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.text.lower() in ("in", "at"):
                for pobj in prep.children:
                    lo, hi = base + pobj.idx, base + pobj.idx + len(pobj)
                    for m in mentions:
                        if m.type == "place" and m.start <= lo and hi <= m.end + 1:
                            return m.text
    return None


def _date_of(tok: "Token", base: int, dates: list[DateExpression]) -> DateExpression | None:
    """The date expression the parse links to the event word (:func:`dates_event`)."""
    sent = tok.sent
    lo, hi = base + sent.start_char, base + sent.end_char
    attached = [d for d in dates if lo <= d.start and d.end <= hi
                and dates_event(_tokens_between(sent, d.start - base, d.end - base), tok,
                                lambda t: t.text.lower() in event_words(), _leads_clause(d.text))]
    return min(attached, key=lambda d: d.value.rank) if attached else None


def _tokens_between(sent: "Span", start: int, end: int) -> list["Token"]:
    return [t for t in sent if start <= t.idx < end]


def _leads_clause(date_text: str) -> bool:
    """"two days before": the date belongs to the verb the clause it leads depends on."""
    return date_text.lower().endswith(("before", "after"))


def dates_event(date_tokens: list["Token"], event: "Token", is_event: Callable[["Token"], bool],
                leads_clause: bool) -> bool:
    """Whether a date expression (its tokens) dates the event word ``event``.

    The date must hang from the event word itself, through prepositions and nouns ("met on
    Monday", "the meeting on Monday", "a video released on November 8"), or from a verb of
    occurrence whose subject or object the event noun is ("the talks took place on Monday",
    "held talks on Monday"). Another event word in the same sentence does not take it.
    """
    inside = {t.i for t in date_tokens}
    heads = [t for t in date_tokens if t.head.i not in inside or t.head.i == t.i]
    if not heads:
        return False
    governor = _governor(heads[0], is_event, leads_clause)
    if governor is None:
        return False
    if governor.i == event.i:
        return True
    if event.head.i != governor.i or event.pos_ not in ("NOUN", "PROPN"):
        return False
    role = {"nsubj": "subject", "nsubjpass": "object", "dobj": "object"}.get(event.dep_)
    return role in occurrence_verbs().get(governor.text.lower(), ())


def _governor(tok: "Token", is_event: Callable[["Token"], bool], leads_clause: bool) -> "Token | None":
    """The verb or event noun a date hangs from: up through prepositions and nouns."""
    node = tok.head
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or is_event(node):
            if leads_clause and node.dep_ == "advcl":
                return node.head  # "released two days before [the delegation met]"
            return node
        if node.head.i == node.i:
            return node
        node = node.head
    return None
