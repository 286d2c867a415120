"""The events component: what each document says happened, who did it, to whom, when, where.

Only paragraphs holding an event word (``event_verbs.tsv``) get the dependency parse. An
event word is coded CAMEO -> PLOVER (:mod:`.event_words`); its actors are the names in its
subject (or the ``by`` agent of a passive; for an event noun object of a light verb, "held
talks", that verb's subject), its targets those in its object or in a ``with/to/on/against``
complement, else in what was agreed or demanded ("agreed to give aid to X", "demanded that X
...") or the place it happened in. Names are entity mentions (persons, organisations, places,
nationalities; a place only when it names a party, not a setting or a dateline) and proper
nouns the recogniser missed. The date is the date expression the parse links to the word
(:func:`dates_event`), the place a place mention after ``in/at``. Quoted words are the
speaker's, not the document's account, and negated or merely planned events ("will meet",
"was due to meet") are no events yet: all are skipped.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..model import Document, Mention
from .date_rules import MONTHS, WEEKDAYS
from .dates import DateExpression, find_date_expressions
from .event_words import event_words, object_classes, occurrence_verbs, reading

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .pipeline import Annotations, Piece

MAX_PARAGRAPH_CHARS = 3000
ACTOR_TYPES = ("person", "organization", "place", "other")  # countries act; "other": nationalities
MODALS = {"will", "would", "shall", "'ll", "may", "might", "could", "should", "must", "can", "ca"}
PLANNING = {"due", "plan", "plans", "planned", "planning", "expected", "want", "wants", "hope", "hopes", "intend",
            "intends", "set", "scheduled", "aim", "try", "tried", "going", "ready", "refused", "refuse", "seek"}
NOT_ACTORS = set(WEEKDAYS) | set(MONTHS) | {"mr", "mrs", "ms", "dr", "today", "tomorrow", "yesterday"}
# Links by which a place inside a phrase names a setting, not a party: "the Council in Geneva",
# "the ferry that sails to Crete", "VIENNA - A delegation".
CLAUSE_LINKS = {"relcl", "advcl", "ccomp", "parataxis"}
SETTING_LINKS = CLAUSE_LINKS | {"acl", "npadvmod", "dep", "meta"}
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "inside", "outside", "across", "around", "throughout", "within"}
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
        actors, targets = _participants(tok, nominal, base, mentions, word.cameo)
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
    """Entity mentions that can act (persons, organisations, places, nationalities) in the phrase headed by ``tok``."""
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
        if m.end <= hi and m.type in ACTOR_TYPES:
            found.append(m)
    found += _unrecognised_names(tokens, base, mentions[max(0, i - 1):])
    named = any(m.type in ("person", "organization") for m in found)
    return [m for m in found if _names_party(tok, base, m, named)]


def _names_party(head: "Token", base: int, mention: Mention, named: bool) -> bool:
    """Whether a place or nationality names the phrase's party ("Gondor", "Israeli troops",
    "the government of Gondor", "lawmakers in Gondor") rather than its setting ("the Council
    in Geneva": the phrase ``named`` its party already; a dateline)."""
    node = next((t for t in head.subtree if base + t.idx >= mention.start), None)
    if mention.type in ("person", "organization"):  # only another clause's parties are left out
        while node is not None and node.i != head.i:
            if node.dep_ in CLAUSE_LINKS:
                return False
            node = node.head
        return True
    text = head.doc.text
    if mention.start == base and re.match(r"\s*(?:[-–—]|\(\w+\))", text[mention.end - base:]):
        return False  # a dateline: "VIENNA - ..."
    while node is not None and node.i != head.i:
        if node.dep_ in SETTING_LINKS or (
                named and node.dep_ == "pobj" and node.head.text.lower() in LOCATIVE_PREPOSITIONS):
            return False
        node = node.head
    return node is not None


def _unrecognised_names(tokens: list["Token"], base: int, mentions: list[Mention]) -> list[Mention]:
    """Proper names the entity recogniser missed ("Arnor"), as key-less mentions of type "other"."""
    names = []
    for t in tokens:
        if t.pos_ != "PROPN" or t.dep_ in ("compound", "flat") or t.text.lower() in NOT_ACTORS:
            continue
        parts = [c for c in t.lefts if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"] + [t]
        start, end = base + parts[0].idx, base + t.idx + len(t)
        if any(m.start < end and start < m.end for m in mentions):
            continue
        text = " ".join(p.text for p in parts)
        names.append(Mention(document="", start=start, end=end, text=text, type="other", key=f"name:{text.lower()}"))
    return names


def _antecedent(tok: "Token", base: int, mentions: list[Mention]) -> list[Mention]:
    """"he"/"she": the last person named before; "it"/"they": the last organisation."""
    wanted = {"he": "person", "she": "person", "him": "person", "her": "person", "it": "organization",
              "they": "organization", "them": "organization"}.get(tok.text.lower())
    if wanted is None:
        return []
    pos = base + tok.idx
    before = [m for m in mentions if m.end <= pos and m.type == wanted and pos - m.end < 600]
    return before[-1:]


def _participants(tok: "Token", nominal: bool, base: int, mentions: list[Mention],
                  cameo: str) -> tuple[list[Mention], list[Mention]]:
    actors: list[Mention] = []
    targets: list[Mention] = []
    verb = tok
    if not nominal and tok.dep_ in ("conj", "xcomp") and not any(c.dep_.startswith("nsubj") for c in tok.children):
        verb = tok.head  # "arrived and met the Council": the subject of the first verb
    if nominal and tok.dep_ == "dobj" and "object" in occurrence_verbs().get(tok.head.text.lower(), ()):
        verb = tok.head  # "Arnor held talks with Gondor": the doer of the light verb
    for child in verb.children:
        if child.dep_ == "nsubj" and (verb is not tok or not nominal):
            actors += _mentions_in(child, base, mentions)
        elif child.dep_ == "agent":
            for pobj in child.children:
                actors += _mentions_in(pobj, base, mentions)
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
    # "restored ties with Gondor", "imposed sanctions on Arnor": the object's complement names the target
    complements = [p for o in objects for p in o.children if p.dep_ == "prep" and p.text.lower() in TARGET_PREPOSITIONS]
    for child in list(tok.children) + complements:
        if child.dep_ in ("dobj", "nsubjpass", "dative"):
            targets += _mentions_in(child, base, mentions)
        elif child.dep_ == "prep" and child.text.lower() in TARGET_PREPOSITIONS | {"between", "of", "by"}:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                found = _mentions_in(pobj, base, mentions)
                if child.text.lower() in LOCATIVE_PREPOSITIONS:  # "the strike at Port Kessan": a setting
                    found = [m for m in found if m.type != "place"]
                if nominal and child.text.lower() in ("between", "by"):
                    actors += found
                elif nominal and child.text.lower() == "of" and not targets:
                    targets += found
                elif child.text.lower() in TARGET_PREPOSITIONS:
                    targets += found
    if nominal and tok.dep_ in ("nsubj", "nsubjpass") and not actors:
        actors += [m for m in _mentions_in(tok, base, mentions) if m not in targets]
    if not targets:  # "agreed to provide aid for Romania": the target of what was agreed
        for xcomp in (c for c in tok.children if c.dep_ == "xcomp"):
            targets += _participants(xcomp, False, base, mentions, cameo)[1]
    if not targets:  # "demanded that the US cancel the sale": who is to act
        for clause in (c for c in tok.children if c.dep_ == "ccomp"):
            targets += [m for c in clause.children if c.dep_ == "nsubj" for m in _mentions_in(c, base, mentions)]
    if not targets and not (cameo.startswith("04") and cameo[:3] not in ("042", "043")):
        # "arrived in Amman", "lifted the curfew in Montenegro": the place is the target; not
        # for meetings, whose place is only where they were held
        targets += [m for m in _place_mentions(tok, base, mentions) if m.key not in {a.key for a in actors}][:1]
    actor_keys = {m.key for m in actors}
    return actors, [m for m in targets if m.key not in actor_keys]


def _place(tok: "Token", base: int, mentions: list[Mention]) -> str | None:
    """A place mention after "in"/"at" attached to the event word or its object."""
    found = _place_mentions(tok, base, mentions, ("in", "at"))
    return found[0].text if found else None


def _place_mentions(tok: "Token", base: int, mentions: list[Mention],
                    prepositions: tuple[str, ...] = ("in", "to", "into")) -> list[Mention]:
    """Place mentions after ``prepositions`` attached to the event word, its object or its partner."""
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    heads += [p for c in tok.children if c.dep_ == "prep" and c.text.lower() == "with"
              for p in c.children if p.dep_ == "pobj"]  # "talks with the Council in Geneva"
    found = []
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.text.lower() in prepositions:
                for pobj in prep.children:
                    lo, hi = base + pobj.idx, base + pobj.idx + len(pobj)
                    found += [m for m in mentions if m.type == "place" and m.start <= lo and hi <= m.end + 1]
    return found


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
