"""Attribution frames from the dependency parse: who (source) said (cue) what (content).

A reporting verb ("said", "told", "underscored") with its subject and its clausal
complement gives a frame; so does "according to X". Frames whose cue lies inside a
quotation are the quoted speaker's own words, not the article's attributions.
Beliefs and intentions are frames too ("X expects that ...", "X vowed to ..."), as in
PolNeAR. Span conventions follow its annotations: the source is the subject's noun phrase
with appositions but without a comma-set relative clause; the content keeps its
complementiser ("that ...") or its "to"; a verb without a clause reports its object
("endorsed [Cruz]", "accused [him of lying]").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterator

from .quotes import Quote

if TYPE_CHECKING:
    import numpy
    from spacy.tokens import Doc, Span, Token

    from .pipeline import Piece

MAX_SOURCE_TOKENS = 30
ADDRESSEE_VERBS = frozenset({
    "tell", "inform", "assure", "reassure", "remind", "warn", "advise", "ask", "urge", "caution", "promise",
})
# Verbs of intention whose content is a "to" clause: "vowed to fight on", "urged him to resign".
INFINITIVE_VERBS = frozenset({
    "pledge", "vow", "promise", "plan", "want", "hope", "expect", "urge", "ask", "threaten", "intend",
    "decline", "refuse", "agree", "propose", "demand", "seek", "wish", "aim", "prefer",
})
# Modifiers of a source that PolNeAR leaves out of it: "Harvey, who backed Cruz, said".
SOURCE_EXCLUDED_DEPS = frozenset({"relcl", "acl", "advcl", "prep"})
SUBJECT_DEPS = ("nsubj",)
INHERIT_DEPS = ("advcl", "xcomp", "conj")  # ", adding that ...", "and said ..."
# The object's complement that belongs to the content: "accused him of lying", "described
# it as reckless", "criticized Sanders for ...".
OBJECT_PREPOSITIONS = frozenset({"as", "of", "for"})
# A verb without an object reports the object of these: "called for a recount", "talked about jobs".
TOPIC_PREPOSITIONS = frozenset({"for", "to", "on", "about", "against", "over", "of"})
# Reporting verbs whose object is rarely what anyone said: "maintain a lead", "feel pressure".
NO_OBJECT_CONTENT = frozenset({"maintain", "advise", "feel", "continue", "answer", "post"})
ANSWERS = frozenset({"yes", "no", "so"})  # one-word content that is a whole answer: "46 percent said yes"
NAME_LIKE_POS = frozenset({"PROPN", "NOUN", "ADV", "ADJ", "VERB"})  # what a mis-tagged name after a cue is parsed as
_EDGE_JUNK = " \t\n,;:—–-"


@dataclass
class Frame:
    """One attribution found in the parse; spans are character offsets."""

    piece: "Piece"  # the parsed sentence the frame was found in
    verb: int  # token index of the cue's head word, in ``piece.doc``
    cue_start: int
    cue_end: int
    cue: str
    lemma: str
    source: tuple[int, int] | None
    source_head: int | None  # token index of the source's head word
    addressee: tuple[int, int] | None
    content: tuple[int, int] | None
    sentence: tuple[int, int]
    rest: tuple[int, int] | None = None  # the clause's second piece when the cue interrupts it


def _inflections(lemma: str) -> set[str]:
    if lemma.endswith("e"):
        return {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if re.search(r"[^aeiou]y$", lemma):
        return {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    plural = lemma + ("es" if re.search(r"(s|sh|ch|x|z)$", lemma) else "s")
    return {plural, lemma + "ed", lemma + "ing"}


def _verb_forms(name: str) -> dict[str, str]:
    text = resources.files("crosswire").joinpath("data", name).read_text("utf-8")
    forms: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, *irregular = line.split()
        for form in {lemma, *_inflections(lemma), *irregular}:
            forms.setdefault(form, lemma)
    return forms


@lru_cache(maxsize=1)
def object_verbs() -> frozenset[str]:
    """Lemmas whose object is typically the whole content, even a single word ("endorsed
    Cruz"); every reporting verb's object is content, but a one-word object of others
    ("said it") is too often no attribution."""
    return frozenset(_verb_forms("object_verbs.txt").values())


@lru_cache(maxsize=1)
def reporting_forms() -> dict[str, str]:
    """Every inflected form of a reporting verb -> its lemma (no lemmatizer needed)."""
    return {**_verb_forms("object_verbs.txt"), **_verb_forms("reporting_verbs.txt")}


def trim(text: str, start: int, end: int, *, drop_period: bool = True) -> tuple[int, int]:
    """Shrink a span past edge whitespace (a no-break space too) and joining punctuation (a final period too)."""
    while start < end and (text[start] in _EDGE_JUNK or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _EDGE_JUNK or text[end - 1].isspace() or (drop_period and text[end - 1] == ".")):
        end -= 1
    return start, end


def _subtree_span(token: "Token", base: int) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return base + left.idx, base + right.idx + len(right.text)


class QuoteIndex:
    """Answers "is this offset inside a quotation?" by bisection."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.starts = [q.start for q in quotes]
        self.quotes = quotes

    def containing(self, pos: int) -> Quote | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.quotes[i].start <= pos < self.quotes[i].end:
            return self.quotes[i]
        return None


def _subject(verb: "Token") -> "Token | None":
    """The verb's subject, or for ", adding that ..." the subject of the verb it hangs on."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head  # "Jane Roe, who said ..."
        if verb.dep_ not in INHERIT_DEPS or verb.head is verb:
            return None
        if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and verb.lower_ in reporting_forms():
            verb = verb.head  # "Roe said it was early but added ...": the parse hangs "added" on "was"
        verb = verb.head
    return None


def _source_span(subject: "Token", base: int) -> tuple[int, int]:
    """The subject's noun phrase with its appositions, without a comma-set clause or
    prepositional phrase ("Trump, in Kentucky,")."""
    start, end = _subtree_span(subject, base)
    doc = subject.doc
    for child in subject.rights:
        if child.dep_ in SOURCE_EXCLUDED_DEPS and child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ",":
            comma = doc[child.left_edge.i - 1]
            end = min(end, base + comma.idx)
    if subject.right_edge.i - subject.left_edge.i >= MAX_SOURCE_TOKENS:
        start, end = base + subject.left_edge.idx, base + subject.idx + len(subject.text)
    dateline = _dateline_end(doc, subject.left_edge.i, subject.i)
    if dateline is not None:
        start = base + doc[dateline].idx
    return start, end


def _dateline_end(doc: "Doc", first: int, head: int) -> int | None:
    """The token after a dateline the parse put in the subject ("WASHINGTON — Sen. Roe",
    "NEW YORK (AP) — Roe"): capitals, a parenthesised agency, then a dash."""
    for i in range(first, min(head, first + 8)):
        word = doc[i].text
        if word in ("—", "–", "--") and i > first:
            return i + 1
        if not (doc[i].is_upper or word in ("(", ")", ",") or doc[i].is_space):
            return None
    return None


def _cue_span(verb: "Token", base: int) -> tuple[int, int]:
    start = verb.idx
    end = verb.idx + len(verb.text)
    for child in verb.children:
        if child.dep_ in ("aux", "neg") and child.i < verb.i:
            start = min(start, child.idx)
        elif child.dep_ == "prt" and child.i == verb.i + 1:
            end = child.idx + len(child.text)
    return base + start, base + end


def _content_span(verb: "Token", lemma: str, text: str, base: int) -> tuple[int, int] | None:
    """The clause a verb reports: its complement, its "to" clause, or the clause it interrupts."""
    complements = [c for c in verb.children if c.dep_ == "ccomp"]
    infinitive = next((c for c in verb.rights if c.dep_ == "xcomp"), None) if lemma in INFINITIVE_VERBS else None
    if not complements and infinitive is not None and infinitive.left_edge.lower_ == "to":
        first = infinitive.left_edge
        for child in verb.rights:
            if child.dep_ == "dobj" and child.i < infinitive.i:
                first = child.left_edge  # "urged him to resign"
                break
        return trim(text, base + first.idx, _subtree_span(infinitive, base)[1])
    if complements:
        chosen = max(complements, key=lambda c: c.right_edge.i - c.left_edge.i)
        start, end = _subtree_span(chosen, base)
        cut = _next_report(chosen, base)
        end = end if cut is None else min(end, cut)
        if chosen.i > verb.i:
            start = max(start, base + verb.idx + len(verb.text))
        return trim(text, start, end)
    head = verb.head
    if verb.dep_ == "parataxis" and head.i > verb.i:  # "The bigger risk, he said, is a clash"
        return trim(text, base + head.left_edge.idx, base + verb.left_edge.idx)
    reported = verb.dep_ == "ccomp" and head.lower_ in reporting_forms()  # "Roe said [she agreed]": no report of "Roe said"
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and head.i < verb.i and head is not verb and not reported:
        return trim(text, base + head.left_edge.idx, base + verb.left_edge.idx)
    return None if lemma in NO_OBJECT_CONTENT else _object_content(verb, text, base)


def _object_content(verb: "Token", text: str, base: int) -> tuple[int, int] | None:
    """The object with its complements, PolNeAR's content of a verb without a clause:
    "accused [him of lying]", "described [the plan as reckless]", "called [him a liar]",
    "called for [a recount]", "referring to [Trump]", "said [the same of Sanders]"."""
    parts: list["Token"] = []
    for child in verb.rights:
        complement = parts and child.dep_ == "prep" and child.lower_ in OBJECT_PREPOSITIONS
        if child.dep_ in ("dobj", "oprd", "ccomp", "xcomp") or complement:
            parts.append(child)
        elif not parts and child.i == verb.i + 1 and child.lower_ in ANSWERS:
            return base + child.idx, base + child.idx + len(child.text)  # "said yes", "said so"
        elif not parts and child.dep_ in ("prep", "prt") and child.lower_ in TOPIC_PREPOSITIONS:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if not objects:
                return None
            parts.append(objects[0])
        elif parts or child.dep_ not in ("advmod", "npadvmod", "prep", "punct"):
            break
    if not parts:
        return None
    return trim(text, base + parts[0].left_edge.idx, _subtree_span(parts[-1], base)[1])


def _next_report(head: "Token", base: int) -> int | None:
    """Where a clause's conjoined report starts ("said it was early but added ..."): that
    verb is a frame of its own, so this content ends before it."""
    forms = reporting_forms()
    for child in head.rights:
        if child.dep_ == "conj" and child.lower_ in forms:
            first, joined = child.left_edge, False
            while first.i > head.i and first.nbor(-1).dep_ in ("cc", "punct"):
                first = first.nbor(-1)
                joined = joined or first.dep_ == "cc"
            if joined:  # "... but added", not a noun the parse took for a verb
                return base + first.idx
    return None


def _addressee(verb: "Token", lemma: str, text: str, base: int) -> tuple[int, int] | None:
    if lemma not in ADDRESSEE_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ in ("PROPN", "NOUN", "PRON"):
            start, end = _subtree_span(child, base)
            return trim(text, start, end, drop_period=False)
    return None


def _according_to(piece: "Piece", token: "Token", text: str, sent: "Span") -> Frame | None:
    base = piece.start
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
        to = token.doc[token.i + 1]
    if to is None:
        return None
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    source = _source_span(objects[0], base)
    named = _NAME_APPOSITION.match(text, source[1])
    if named is not None:  # "according to the spokesman, Karim Nassar, ..."
        source = (source[0], named.end("name"))
    phrase_start, phrase_end = base + token.idx, max(source[1], base + to.idx + 2)
    sentence = (base + sent.start_char, base + sent.end_char)
    before = trim(text, sentence[0], phrase_start)
    after = trim(text, phrase_end, sentence[1])
    content = after if after[1] - after[0] >= before[1] - before[0] else before
    if content[1] - content[0] < 3:
        return None
    return Frame(piece, token.i, phrase_start, base + to.idx + len(to.text), "according to", "according to", source,
                 objects[0].i, None, content, sentence)


def _clip(span: tuple[int, int] | None, bounds: tuple[int, int]) -> tuple[int, int] | None:
    """A span cut to the cue's paragraph (the parser sometimes runs a sentence across them)."""
    if span is None:
        return None
    start, end = max(span[0], bounds[0]), min(span[1], bounds[1])
    return (start, end) if start < end else None


_NAME_APPOSITION = re.compile(r",\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),")
# A longer sentence (a text without sentence ends) is parsed in pieces cut after a sentence or space:
# the parser's time and memory grow with the piece it is given.
MAX_PIECE_CHARS = 10_000
# The longest reported content kept: a news sentence is far shorter, and a longer span means
# the parse ran over missing sentence ends.
MAX_REPORTED_CHARS = 1_500


def attribution_sentences(text: str, whole: "Doc") -> list[tuple[int, int]]:
    """The sentences (cut at line breaks) holding a cue: a reporting verb form the tagger
    took for a verb, or "according". Only they need the dependency parse, the cost of this
    component; ``whole`` is the whole-text pass (tags and sentences) the entities read."""
    from spacy.attrs import IDX, LOWER, POS
    from spacy.parts_of_speech import IDS

    from .nlp import sentence_starts

    import numpy

    cues, according = _cue_ids()
    rows = whole.to_array([LOWER, POS, IDX])
    verb = (rows[:, 1] == IDS["VERB"]) | (rows[:, 1] == IDS["AUX"]) | (rows[:, 0] == according)
    found = numpy.flatnonzero(verb & numpy.isin(rows[:, 0], _cue_array())).tolist()
    starts = sentence_starts(whole)
    idxs = rows[:, 2]
    spans: list[tuple[int, int]] = []
    for i in found:
        idx = int(idxs[i])
        if spans and idx < spans[-1][1]:
            continue
        k = bisect.bisect_right(starts, i) - 1
        start = int(idxs[starts[k]]) if k >= 0 else 0
        end = int(idxs[starts[k + 1]]) if k + 1 < len(starts) else len(text)
        start = max(start, text.rfind("\n", start, idx) + 1)
        line_end = text.find("\n", idx, end)
        end = end if line_end < 0 else line_end
        spans.append(next((p for p in _bounded(text, start, end) if p[0] <= idx < p[1]), (start, end)))
    return spans


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` in pieces of at most :data:`MAX_PIECE_CHARS`, cut after a sentence or a space."""
    while end - start > MAX_PIECE_CHARS:
        limit = start + MAX_PIECE_CHARS
        cut = text.rfind(". ", start, limit)
        cut = cut + 2 if cut > start else text.rfind(" ", start, limit) + 1
        cut = cut if cut > start else limit
        yield start, cut
        start = cut
    yield start, end


def find_frames(text: str, pieces: list["Piece"], quotes: QuoteIndex) -> list[Frame]:
    """Every attribution frame whose cue is the article's, in text order."""
    forms = reporting_forms()
    frames: list[Frame] = []
    for piece in pieces:
        base = piece.start
        paragraph = (base, base + piece_length(piece.doc))  # the piece: a sentence within its paragraph
        cue_words = _cue_words(piece.doc)
        if not cue_words:
            continue
        sentence_starts = _sentence_starts(piece.doc)  # Token.sent and Doc.sents walk every token
        for token in cue_words:
            if quotes.containing(base + token.idx) is not None:
                continue
            k = bisect.bisect_right(sentence_starts, token.i) - 1
            sent = piece.doc[sentence_starts[k]:sentence_starts[k + 1] if k + 1 < len(sentence_starts) else len(piece.doc)]
            if token.lower_ == "according":
                frame = _according_to(piece, token, text, sent)
                if frame is not None:
                    frames.append(frame)
                continue
            lemma = forms[token.lower_]
            if token.pos_ not in ("VERB", "AUX"):
                continue
            if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
                continue
            subject = _subject(token)
            cue_start, cue_end = _cue_span(token, base)
            source = _clip(trim(text, *_source_span(subject, base), drop_period=False), paragraph) if subject is not None else None
            source_head = subject.i if source is not None else None
            if subject is None and (named := _name_after(token)) is not None:
                source, source_head = (base + named.start_char, base + named.end_char), named.end - 1
            frames.append(Frame(
                piece, token.i, cue_start, cue_end, text[cue_start:cue_end], lemma, source, source_head,
                _clip(_addressee(token, lemma, text, base), paragraph),
                _capped(text, _clip(_content_span(token, lemma, text, base), paragraph)),
                _clip((base + sent.start_char, base + sent.end_char), paragraph) or paragraph,
                _clip(_interrupted_rest(token, text, base), paragraph),
            ))
    return frames


def _name_after(verb: "Token") -> "Span | None":
    """The capitalised name right after a cue without a subject, which the tagger took for
    something else: '"...," said Skelly' (parsed as an adverb)."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text not in ("”", '"', "''"):
        return None
    end = verb.i + 1
    while end < len(doc) and end - verb.i <= 4 and doc[end].is_title and doc[end].pos_ in NAME_LIKE_POS:
        end += 1
    return doc[verb.i + 1:end] if end > verb.i + 1 else None


def _interrupted_rest(verb: "Token", text: str, base: int) -> tuple[int, int] | None:
    """The clause after a cue that interrupts it: "The bigger risk, he said, [is a clash]"
    (PolNeAR's content is the clause without the cue's words, in two pieces)."""
    head = verb.head
    if verb.dep_ != "parataxis" or head.i < verb.i:
        return None
    right = verb.right_edge
    rest = trim(text, base + right.idx + len(right.text), _subtree_span(head, base)[1])
    return rest if rest[1] > rest[0] else None


def piece_length(doc: "Doc") -> int:
    """``len(doc.text)`` without building the text (``Doc.text`` joins every token)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def _sentence_starts(doc: "Doc") -> list[int]:
    """Token indices opening the parse's sentences (always 0 first)."""
    import numpy
    from spacy.attrs import SENT_START

    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]


def _capped(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Reported content of at most :data:`MAX_REPORTED_CHARS`, cut after a word: on text without
    sentence ends the parse runs one "sentence" to the end of the piece, and every "said" in it
    would report everything after it."""
    if span is None or span[1] - span[0] <= MAX_REPORTED_CHARS:
        return span
    cut = text.rfind(" ", span[0], span[0] + MAX_REPORTED_CHARS)
    return trim(text, span[0], cut if cut > span[0] else span[0] + MAX_REPORTED_CHARS)


def _cue_words(doc: "Doc") -> list["Token"]:
    """The tokens that can open a frame (a reporting verb form, "according"), found from the
    doc's word ids: a Token object for every word would cost more than the rules."""
    from spacy.attrs import LOWER

    wanted, _ = _cue_ids()
    return [doc[i] for i, word in enumerate(doc.to_array(LOWER).tolist()) if word in wanted]


@lru_cache(maxsize=1)
def _cue_array() -> "numpy.ndarray":
    import numpy

    return numpy.array(sorted(_cue_ids()[0]), dtype="uint64")


@lru_cache(maxsize=1)
def _cue_ids() -> tuple[frozenset[int], int]:
    """String ids (hashes, the same in every vocab) of the cue words, and of "according"."""
    from spacy.strings import get_string_id

    return frozenset(get_string_id(form) for form in [*reporting_forms(), "according"]), get_string_id("according")
