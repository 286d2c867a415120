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
speaker's, not the document's account, and are skipped; negated events ("did not meet") are
dropped; events stated as still to come ("will meet", "is about to restore") are intentions,
kept apart in ``ann.extra["intended_events"]`` (:mod:`.event_modality`), except two modal
readings that are events themselves: "X said Y must leave" (X's demand of Y) and "X will
boycott Y" (a hostile act to come: X's threat). A user-supplied CAMEO verb dictionary
(:mod:`.cameo_dictionaries`) codes the verbs it holds in place of ``event_verbs.tsv``; its
bare statements ("X said", 010) count only where they report no other event.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..model import Document, Mention
from .cameo_dictionaries import active as active_dictionaries
from .cameo_verbs import VerbDictionary
from .date_rules import MONTHS, WEEKDAYS
from .dates import DateExpression, find_date_expressions
from .event_modality import (
    INTENDED,
    NEGATED,
    conditions,
    demand_code,
    demand_words,
    intended_type,
    modality,
    sayers,
    threat_code,
)
from .event_words import (
    EventWord,
    event_words,
    object_classes,
    occurrence_verbs,
    plover_type,
    reading,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .pipeline import Annotations, Piece

MAX_PARAGRAPH_CHARS = 3000
ACTOR_TYPES = ("person", "organization", "place", "other")  # countries act; "other": nationalities
NOT_ACTORS = set(WEEKDAYS) | set(MONTHS) | {"mr", "mrs", "ms", "dr", "today", "tomorrow", "yesterday"}
# Links by which a place inside a phrase names a setting, not a party: "the Council in Geneva",
# "the ferry that sails to Crete", "VIENNA - A delegation".
CLAUSE_LINKS = {"relcl", "advcl", "ccomp", "parataxis"}
SETTING_LINKS = CLAUSE_LINKS | {"acl", "npadvmod", "dep", "meta"}
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "inside", "outside", "across", "around", "throughout", "within"}
PARTAKING_PREPOSITIONS = {"in", "during", "at", "for"}  # "a hunger strike in protest", "stones during demonstrations"
TARGET_PREPOSITIONS = {"with", "to", "on", "against", "for", "at"}
# Weaker target complements, read only when no other names a target: "departed from Libya",
# "warned about the Prince", "welcomed memos from Bree", "risen in the dispute with Osgiliath".
FALLBACK_PREPOSITIONS = {"from", "about", "over"}
_PARAGRAPH = re.compile(r"[^\n]+")
_QUOTED_KINDS = ("direct", "partial", "turn")
RESIDUAL_STATEMENT = "010"  # "make public statement": coded only when the sentence states nothing else


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
    cameo = active_dictionaries()
    verbs = cameo.verbs if cameo else None
    forms = event_words().keys() | demand_words() | (verbs.forms.keys() if verbs else set())
    spans = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)
             if m.end() - m.start() <= MAX_PARAGRAPH_CHARS
             and any(w.lower() in forms for w in re.findall(r"[A-Za-z]+", m.group(0)))]
    quoted = sorted((s.start, s.end) for s in ann.statements if s.kind in _QUOTED_KINDS
                    and (s.kind != "turn" or (s.speaker_key or "").startswith("person:")))
    mentions = sorted(ann.mentions, key=lambda m: m.start)
    events: list[EventMention] = []
    intended: list[EventMention] = []
    for piece in ann.parse_pieces(spans):
        stated, planned = _piece_events(doc, piece, dates, mentions, quoted, verbs)
        events += stated
        intended += planned
    ann.extra["events"] = events
    ann.extra["intended_events"] = intended


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return any(s <= pos < e for s, e in spans[max(0, i - 3):i + 1])


def _piece_events(doc: Document, piece: "Piece", dates: list[DateExpression], mentions: list[Mention],
                  quoted: list[tuple[int, int]], verbs: VerbDictionary | None = None,
                  ) -> tuple[list[EventMention], list[EventMention]]:
    """The piece's stated events and its intentions; a user's CAMEO verb dictionary (``verbs``)
    codes the verbs it holds, crosswire's own vocabulary the rest."""
    stated: list[EventMention] = []
    intended: list[EventMention] = []
    residual: dict[int, "Token"] = {}
    unacted: dict[int, "Token"] = {}  # stated events of a noun that names no actor: their nouns
    base = piece.start
    for tok in piece.doc:
        if _inside(quoted, base + tok.idx):
            continue
        if tok.dep_ == "aux" and tok.text.lower() in demand_words():
            stated += _demand(doc, tok, base, dates, mentions)
            continue
        nominal = tok.pos_ in ("NOUN", "PROPN")
        coded = verbs is not None and tok.pos_ == "VERB" and tok.text.lower() in verbs.forms
        if not coded and (tok.pos_ not in ("VERB", "NOUN", "PROPN") or tok.text.lower() not in event_words()):
            continue
        mood = modality(tok)
        if mood == NEGATED:
            continue
        obj = _object(tok, nominal)
        if coded and verbs is not None:  # the user's dictionary says what this verb codes, or nothing
            coding = verbs.coding(tok)
            word = EventWord(coding.code, False, "") if coding else None
        else:
            coding, word = None, reading(tok.text, nominal, obj.text if obj is not None else None)
        if word is None:
            continue
        # "a mediation mission between A and B": the effort noun holds the event's phrase
        anchor = tok.head if nominal and tok.dep_ == "compound" and object_classes().get(
            tok.head.text.lower()) == "effort" else tok
        actors, targets = _participants(anchor, nominal, base, mentions, word.cameo)
        if not actors and not targets and (coded or word.plover != "PUBLISH"):
            continue
        cameo = word.cameo
        if mood == INTENDED:
            cameo = (None if nominal else threat_code(cameo, tok)) or cameo
            if cameo == word.cameo:
                intended.append(_mention(doc, tok, base, cameo, actors, targets, dates, mentions, obj))
                intended[-1].type = intended_type(cameo, intended[-1].type)
                continue
        stated.append(_mention(doc, tok, base, cameo, actors, targets, dates, mentions, obj))
        if coding and coding.reverse and targets:  # "042:043": the visit's host hosts
            stated.append(_mention(doc, tok, base, coding.reverse, targets, actors, dates, mentions, obj))
        if coded and cameo == RESIDUAL_STATEMENT:
            residual[id(stated[-1])] = tok
        if nominal and not actors:
            unacted[id(stated[-1])] = tok
    # a dictionary's bare statement ("X said") is CAMEO's residual code: not over an event it reports
    others = [e.trigger_start - base for e in stated + intended if id(e) not in residual]
    stated = [e for e in stated if id(e) not in residual or not any(
        _governs(residual[id(e)], at) for at in others)]
    # "X agreed to a pact with Y": the noun in the verb's phrase tells the verb's event again
    roots = {(e.trigger_start - base, e.cameo[:2]) for e in stated if e.actors and id(e) not in unacted}
    return [e for e in stated if id(e) not in unacted or not any(
        (t.idx, e.cameo[:2]) in roots for t in unacted[id(e)].ancestors)], intended


def _governs(tok: "Token", offset: int) -> bool:
    """Whether the verb at ``offset`` (in the piece) is in ``tok``'s phrase or ``tok`` in its
    ("said that X would attack"; "X attacked, an official said"; not "said that an embargo ...")."""
    other = next((t for t in tok.doc if t.idx == offset), None)
    return other is not None and other.pos_ == "VERB" and (tok.is_ancestor(other) or other.is_ancestor(tok))


def _mention(doc: Document, tok: "Token", base: int, cameo: str, actors: list[Mention], targets: list[Mention],
             dates: list[DateExpression], mentions: list[Mention], obj: "Token | None") -> EventMention:
    sent = tok.sent
    start, end = base + sent.start_char, base + sent.end_char
    date = _date_of(tok, base, dates)
    return EventMention(
        document=doc.id, start=start, end=end, trigger=tok.text, trigger_start=base + tok.idx,
        type=plover_type(cameo), cameo=cameo,
        actors=_unique(m.key for m in actors), targets=_unique(m.key for m in targets),
        actor_names=_unique(m.text for m in actors), target_names=_unique(m.text for m in targets),
        object=_object_key(obj), date=date.value.iso() if date else None,
        date_precision=date.value.precision if date else None, date_text=date.text if date else None,
        place=_place(tok, base, mentions), text=doc.text[start:end],
    )


def _demand(doc: Document, modal: "Token", base: int, dates: list[DateExpression],
            mentions: list[Mention]) -> list[EventMention]:
    """"X said Y must leave": X (the sayer) demands of Y (the subject of the clause)."""
    verb = modal.head
    say = verb.head
    if verb.dep_ != "ccomp" or say.text.lower() not in sayers() or any(
            c.dep_ == "neg" for c in verb.children):
        return []
    actors = [m for c in say.children if c.dep_ == "nsubj" for m in _mentions_in(c, base, mentions)]
    targets = [m for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for m in _mentions_in(c, base, mentions)]
    targets = [m for m in targets if m.key not in {a.key for a in actors}]
    if not targets:
        return []
    return [_mention(doc, modal, base, demand_code(), actors, targets, dates, mentions, None)]


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
        if t.pos_ != "PROPN" or t.text.lower() in NOT_ACTORS or (t.dep_ in ("compound", "flat") and (
                t.head.pos_ == "PROPN" or t.head.text.lower() in event_words())):
            continue  # a name's inner word, a headline's "Harbor talks"; but "Osgiliath soldiers" names its party
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
    say = tok.head.head
    if tok.dep_.startswith("nsubj") and tok.head.dep_ == "ccomp" and say.i != tok.head.i:
        # "Nigeria announced that it will withdraw": the sayer
        sayer = [m for c in say.children if c.dep_ == "nsubj" and c.pos_ != "PRON"
                 for m in _mentions_in(c, base, mentions)]
        if sayer:
            return sayer
    pos = base + tok.idx
    before = [m for m in mentions if m.end <= pos and m.type == wanted and pos - m.end < 600]
    return before[-1:]


def _participants(tok: "Token", nominal: bool, base: int, mentions: list[Mention],
                  cameo: str) -> tuple[list[Mention], list[Mention]]:
    actors: list[Mention] = []
    targets: list[Mention] = []
    verb = _subject_verb(tok, nominal)
    if nominal and tok.dep_ == "dobj" and "object" in occurrence_verbs().get(tok.head.text.lower(), ()):
        verb = tok.head  # "Arnor held talks with Gondor": the doer of the light verb
    for child in verb.children:
        if (child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and verb is not tok)) and (
                verb is not tok or not nominal):  # "Arnor is said to be about to restore": raised
            actors += _mentions_in(child, base, mentions)
        elif child.dep_ == "agent":
            for pobj in child.children:
                actors += _mentions_in(pobj, base, mentions)
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
    # "restored ties with Gondor", "imposed sanctions on Arnor": the object's complement names the target
    complements = [p for o in objects for p in o.children if p.dep_ == "prep" and p.text.lower() in TARGET_PREPOSITIONS]
    for child in list(tok.children) + complements:
        doer = _doer(child) if child.dep_ == "dobj" else None
        if doer is not None:  # "condemned an attack by Osgiliath soldiers": the attacker
            targets += _mentions_in(doer, base, mentions)
        elif child.dep_ in ("dobj", "nsubjpass", "dative"):
            targets += _mentions_in(child, base, mentions)
        elif child.dep_ == "prep" and child.text.lower() in TARGET_PREPOSITIONS | {"between", "of", "by"}:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                found = _mentions_in(pobj, base, mentions)
                if child.text.lower() in LOCATIVE_PREPOSITIONS:  # "the strike at Port Kessan": a setting
                    found = [m for m in found if m.type != "place"]
                if nominal and child.text.lower() == "between" and actors:
                    targets += found  # "Qatar launched a mediation effort between A and B"
                elif nominal and child.text.lower() in ("between", "by"):
                    actors += found
                elif nominal and child.text.lower() == "of" and not targets:
                    targets += found
                elif child.text.lower() in TARGET_PREPOSITIONS:
                    targets += found
    if nominal and tok.dep_ in ("nsubj", "nsubjpass") and not actors:
        actors += [m for m in _mentions_in(tok, base, mentions) if m not in targets]
    if nominal and not actors:  # "US attacks", "Israel's raids", "Serbian shelling": the modifier acts
        actors += [m for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")
                   for m in _mentions_in(c, base, mentions) if m not in targets]
    if nominal and not actors and verb is tok:  # "a hunger strike in protest of X": the clause's subject
        holder = None
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.text.lower() in PARTAKING_PREPOSITIONS:
            holder = tok.head.head  # not "said after the meeting"
            holder = _subject_verb(holder.head if holder.dep_ == "dobj" else holder, False)  # "began a strike in protest"
        if holder is not None and holder.pos_ in ("VERB", "AUX"):
            actors += [m for c in holder.children if c.dep_ == "nsubj" for m in _mentions_in(c, base, mentions)]
    if not targets and (cameo.startswith("13") or conditions(tok)):  # "threatened to strike unless Israel ...": Israel
        clauses = [v for t in [tok] + [c for c in tok.children if c.dep_ == "xcomp"] for v in conditions(t)]
        targets += [m for v in clauses for c in v.children if c.dep_ == "nsubj" for m in _mentions_in(c, base, mentions)]
    if not targets:  # "agreed to provide aid for Romania": the target of what was agreed
        for xcomp in (c for c in tok.children if c.dep_ == "xcomp"):
            targets += _participants(xcomp, False, base, mentions, cameo)[1]
    if not targets:  # "demanded that the US cancel the sale": who is to act
        for clause in (c for c in tok.children if c.dep_ == "ccomp"):
            targets += [m for c in clause.children if c.dep_ == "nsubj" for m in _mentions_in(c, base, mentions)]
    if not targets:
        targets += [m for m in _fallback_targets(tok, base, mentions) if m.key not in {a.key for a in actors}]
    if not targets and not (cameo.startswith("04") and cameo[:3] not in ("042", "043")):
        # "arrived in Amman", "lifted the curfew in Montenegro": the place is the target; not
        # for meetings, whose place is only where they were held
        targets += [m for m in _place_mentions(tok, base, mentions) if m.key not in {a.key for a in actors}][:1]
    actor_keys = {m.key for m in actors}
    return actors, [m for m in targets if m.key not in actor_keys]


def _fallback_targets(tok: "Token", base: int, mentions: list[Mention]) -> list[Mention]:
    """Names in a weaker complement of the event word or of its object (FALLBACK_PREPOSITIONS),
    or in a target complement of the noun a preposition of the word governs ("in the dispute
    with Osgiliath")."""
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
    found: list[Mention] = []
    for head in heads:
        for prep in (c for c in head.children if c.dep_ == "prep"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if prep.text.lower() in FALLBACK_PREPOSITIONS:
                    found += _mentions_in(pobj, base, mentions)
                elif head is tok and pobj.pos_ == "NOUN":
                    found += [m for p in pobj.children if p.dep_ == "prep" and p.text.lower() in TARGET_PREPOSITIONS
                              for o in p.children if o.dep_ == "pobj" for m in _mentions_in(o, base, mentions)]
    return found


def _doer(obj: "Token") -> "Token | None":
    """The "by" agent of an event noun object ("an attack by X"), whom acts on it aim at."""
    if obj.text.lower() not in event_words():
        return None
    return next((p for c in obj.children if c.dep_ == "prep" and c.text.lower() == "by"
                 for p in c.children if p.dep_ == "pobj"), None)


def _subject_verb(tok: "Token", nominal: bool) -> "Token":
    """The verb whose subject does what ``tok`` says: itself, or up a chain of verbs without
    their own subject ("arrived and met", "is about to restore", "demonstrated, calling for",
    "issued a declaration demanding")."""
    verb = tok
    for _ in range(4):
        if nominal or verb.head.i == verb.i or any(c.dep_.startswith("nsubj") for c in verb.children):
            break
        if verb.dep_ in ("conj", "xcomp", "acomp", "advcl"):
            verb = verb.head
        elif verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ in ("dobj", "nsubj"):
            verb = verb.head.head
        else:
            break
    return verb


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
