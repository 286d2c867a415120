"""Checkable facts in one document: an event, what it is about, and its date, number or place,
or who did it or leads it (names: :mod:`.name_facts`).

Discrepancies compare these across the documents of one story. A fact is keyed by what it
is about (event predicate + main object, e.g. ``("release", "video")``) so that the same fact
from different documents meets under one key whatever the wording; synonyms ("killed",
"assassinated") share a predicate. Only sentences that hold an event word are parsed with
spaCy, so finding facts stays cheap.

Dates are found with a regular expression and only the matched expression is resolved with
dateparser (never whole paragraphs: it is slow), keeping its precision: "2023" and
"November 9, 2023" are compatible, "Nov. 8" and "November 9" are not.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ..extract.dates import find_date_expressions, published_day
from ..extract.events import dates_event

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

FACTS_VERSION = 5  # bump when fact finding changes: cached facts are then recomputed

# -- dates ---------------------------------------------------------------------------

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d{2}"
DATE_PATTERN = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_YEAR}"
    rf"|{_YEAR}-\d{{2}}-\d{{2}}"
    rf"|(?<=\bin )(?:{_YEAR})"
    r")\b"
)
_POINTS_FORWARD = re.compile(r"\b(?:before|after)$", re.I)
_PERIOD_FIELDS = {"day": 3, "week": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class DateValue:
    """A calendar date known to some precision; unknown parts are None."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}" if self.day else f"--{self.month:02d}"
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)

    @classmethod
    def from_iso(cls, text: str) -> "DateValue":
        if text.startswith("--"):
            nums = [int(p) for p in text[2:].split("-")]
            return cls(None, nums[0], nums[1] if len(nums) > 1 else None)
        nums = [int(p) for p in text.split("-")]
        return cls(*(nums + [None] * (3 - len(nums))))

    def compatible(self, other: "DateValue") -> bool:
        """True when no part both know differs: "2023" fits "2023-11-09"."""
        pairs = ((self.year, other.year), (self.month, other.month), (self.day, other.day))
        return all(a is None or b is None or a == b for a, b in pairs)

    @property
    def precision(self) -> int:
        return sum(p is not None for p in (self.year, self.month, self.day))

    def ordinal(self) -> int | None:
        """Day number for temporal proximity; None unless the full date is known."""
        if None in (self.year, self.month, self.day):
            return None
        try:
            return date(self.year, self.month, self.day).toordinal()  # type: ignore[arg-type]
        except ValueError:
            return None


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    value: DateValue


# A leap-year base for expressions without a year in undated documents (the year is dropped).
_NO_YEAR_BASE = datetime(2000, 12, 31)


@lru_cache(maxsize=1)
def _undated_parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": _NO_YEAR_BASE, "PREFER_DATES_FROM": "past"})


@lru_cache(maxsize=20_000)
def undated_value(expression: str) -> DateValue | None:
    """A date written in an undated document: its month and day, the year only when written."""
    expr = expression.strip()
    data = _undated_parser().get_date_data(expr)
    if data.date_obj is None:
        return None
    d, fields = data.date_obj, _PERIOD_FIELDS.get(data.period or "day", 3)
    year = d.year if re.search(_YEAR, expr) else None
    return DateValue(year, d.month if fields >= 2 else None, d.day if fields >= 3 else None)


def find_dates(text: str, published: date | None) -> Iterator[DateMention]:
    """Dates written in ``text`` (offsets into it), resolved against ``published``.

    Dated documents use the shared normaliser (relative and anchored forms: "two days before
    ... November 11"); undated ones keep absolute dates, month-day without a year (relative
    forms need a publication day).
    """
    if published is not None:
        for e in find_date_expressions(text, published):
            d, precision = e.value.start, e.value.precision
            if precision in ("day", "month", "year"):
                value = DateValue(d.year, d.month if precision != "year" else None, d.day if precision == "day" else None)
                yield DateMention(e.text, e.start, e.end, value)
        return
    for m in DATE_PATTERN.finditer(text):
        value = undated_value(m.group(0))
        if value is not None:
            yield DateMention(m.group(0), m.start(), m.end(), value)


# -- event words -----------------------------------------------------------------------

# Event predicate -> surface forms (verbs and nominalisations); synonyms share a predicate
# so that "killed" and "assassinated" state the same fact.
EVENT_FORMS: dict[str, tuple[str, ...]] = {
    "release": ("release", "released", "releases", "releasing", "freed", "free", "frees", "aired", "broadcast",
                "published", "publish", "publishes", "posted", "issued"),
    "meet": ("meet", "met", "meets", "meeting", "meetings", "talks", "summit"),
    "kill": ("kill", "killed", "kills", "killing", "assassinated", "assassination", "murdered", "murder",
             "slain", "shot"),
    "die": ("died", "dies", "death"),
    "arrest": ("arrest", "arrested", "arrests", "detained", "detention"),
    "sign": ("sign", "signed", "signs", "signing"),
    "hold": ("held", "hold", "holds", "hosted"),
    "announce": ("announce", "announced", "announces", "announcement"),
    "attack": ("attack", "attacked", "attacks", "strike", "struck", "bombed", "bombing"),
    "launch": ("launch", "launched", "launches"),
    "arrive": ("arrive", "arrived", "arrives", "arrival", "landed"),
    "visit": ("visit", "visited", "visits"),
    "resign": ("resign", "resigned", "resigns", "resignation"),
    "elect": ("elected", "election", "vote", "voted"),
    "injure": ("injured", "wounded", "hurt"),
    "sentence": ("sentenced", "convicted", "charged", "indicted"),
    "begin": ("began", "begins", "started", "opened"),
    "end": ("ended", "ends", "closed"),
}
PREDICATE_OF = {form: pred for pred, forms in EVENT_FORMS.items() for form in forms}

# Nouns that name the same thing in news wording; the first is the key.
OBJECT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "video": ("video", "recording", "footage", "tape", "clip", "audio"),
    "agreement": ("agreement", "deal", "accord", "treaty", "truce", "ceasefire"),
    "statement": ("statement", "communique", "declaration"),
    "delegation": ("delegation", "team", "mission"),
    "meeting": ("meeting", "talks", "summit"),
    "report": ("report", "study", "findings"),
}
# How ``about`` names an event: "release of the video", "killing of ahmed salem".
EVENT_NOUN = {"meet": "meeting", "kill": "killing", "die": "death", "sign": "signing", "hold": "holding",
              "announce": "announcement", "arrive": "arrival", "resign": "resignation", "elect": "election",
              "injure": "injuring", "sentence": "sentencing", "begin": "start"}
# Events whose subject is what they are about ("the delegation arrived").
INTRANSITIVE = {"meet", "die", "arrive", "resign", "begin", "end", "visit"}
_OBJECT_KEY = {w: key for key, words in OBJECT_SYNONYMS.items() for w in words}

WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "hundred": 100, "dozen": 12})
QUALIFIERS = {"at least": "min", "more than": "min", "over": "min", "at most": "max", "up to": "max",
              "fewer than": "max", "less than": "max", "about": "approx", "around": "approx",
              "nearly": "approx", "almost": "approx", "some": "approx", "roughly": "approx",
              "approximately": "approx", "an estimated": "approx", "dozens": "approx"}
# Verbs that give a whole's size: "the delegation had nine members".
HAVING_VERBS = {"had", "has", "have", "numbered", "included", "includes", "comprised", "comprises"}
_COUNT = re.compile(r"\b(?:\d[\d,]*|" + "|".join(WORD_NUMBERS) + r")(?:-member|-strong)?\s+[a-z]+s\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(A-Z])|\n\s*\n?")
_WORD = re.compile(r"\w+")  # an event word is a whole \w+ run, as \b...\b matches it
_DIGIT = re.compile(r"\d")
_NUMBER_OR_PLACE = re.compile(r"\d|\b(?:" + "|".join(WORD_NUMBERS) + r")\b| (?:in|at) [A-Z]")
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])+)\.$")  # "Nov.", "Mr.", "U.S."


@dataclass
class Fact:
    """One checkable claim: ``key`` says what it is about, ``value`` what the document says."""

    kind: str  # date, number, place, name
    key: tuple[str, str]
    about: str
    value: str  # ISO date, integer as text, place name, or a person's or organisation's name
    qualifier: str | None  # min, max, approx (numbers); person or organization (names); else None
    sentence: str
    start: int
    end: int
    name_start: int | None = None  # the name's own span (names), to find its entity
    name_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> "Fact":
        return cls(**{**row, "key": tuple(row["key"])})


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans of ``text`` by punctuation and blank lines (no model needed)."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group(0).strip() == "" and "\n" not in m.group(0) and _ABBREVIATION.search(text, max(0, m.start() - 8), m.start()):
            continue
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def parse_number(text: str) -> int | None:
    low = text.lower().replace(",", "")
    if low.isdigit():
        return int(low)
    return WORD_NUMBERS.get(low)


def _noun_key(token: "Token") -> str:
    """A comparable name for a noun: proper names whole, common nouns singular and unified."""
    if token.pos_ == "PROPN":
        parts = [t for t in token.subtree if t.dep_ in ("compound", "flat") or t.i == token.i]
        return " ".join(t.text.lower() for t in sorted(parts, key=lambda t: t.i))
    word = token.text.lower()
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return _OBJECT_KEY.get(word, _OBJECT_KEY.get(token.text.lower(), word))


def _event_object(trigger: "Token") -> "Token | None":
    """The main object of an event word: what was released, who was killed."""
    children = list(trigger.children)
    for dep in ("dobj", "nsubjpass", "attr"):
        for child in children:
            if child.dep_ == dep and child.pos_ in ("NOUN", "PROPN"):
                return child
    if trigger.dep_ in ("acl", "amod", "relcl") and trigger.head.pos_ in ("NOUN", "PROPN"):
        return trigger.head
    for child in children:  # "the release of the video"
        if child.dep_ == "prep" and child.text.lower() == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    if PREDICATE_OF.get(trigger.text.lower()) in INTRANSITIVE:
        for child in children:
            if child.dep_ == "nsubj" and child.pos_ in ("NOUN", "PROPN"):
                return child
    return None


def _qualifier(span: "Span", number: "Token") -> str | None:
    before = span.doc[max(number.i - 2, 0):number.i].text.lower()
    for words, kind in QUALIFIERS.items():
        if before.endswith(words):
            return kind
    return None


def _subject(verb: "Token") -> "Token | None":
    """The verb's noun subject; when the parse lost it, the last common noun just before the verb."""
    found = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)
    if found is not None:  # "Nassar, the delegation, had": the appositive nearest the verb
        return next((c for c in reversed(list(found.children)) if c.dep_ == "appos" and c.pos_ == "NOUN"), found)
    if any(c.dep_.startswith("nsubj") for c in verb.children):
        return None
    before = [t for t in verb.doc[max(0, verb.i - 6):verb.i] if t.pos_ == "NOUN" and t.dep_ != "pobj"]
    return before[-1] if before else None


def _number_facts(sent: "Span", offset: int) -> Iterator[Fact]:
    for tok in sent:
        if tok.dep_ != "nummod" or tok.head.pos_ != "NOUN" or tok.head.ent_type_ == "DATE":
            continue
        value = parse_number(tok.text)
        if value is None or tok.ent_type_ in ("DATE", "MONEY", "PERCENT", "TIME", "ORDINAL"):
            continue
        counted, holder = tok.head, tok.head.head
        plural = counted.text.lower() + ("s" if counted.dep_ == "compound" else "")
        if counted.dep_ == "pobj" and holder.text.lower() == "of" and holder.head.pos_ == "NOUN":
            context = _noun_key(holder.head)  # "a delegation of 12 members"
            about = f"{plural} of the {holder.head.text.lower()}"
        elif counted.dep_ in ("compound", "amod") and holder.pos_ == "NOUN":
            context = _noun_key(holder)  # "the nine-member delegation"
            about = f"{plural} of the {holder.text.lower()}"
        elif counted.dep_ in ("dobj", "attr") and holder.text.lower() in HAVING_VERBS and _subject(holder) is not None:
            whole = _subject(holder)  # "the delegation had nine members"
            context = _noun_key(whole)
            about = f"{plural} of the {whole.text.lower()}"
        elif holder.pos_ == "VERB" and holder.text.lower() in PREDICATE_OF:
            context = PREDICATE_OF[holder.text.lower()]  # "killed 12 people"
            about = f"{plural} {holder.text.lower()}"
        else:
            continue
        noun = _noun_key(counted)
        yield Fact("number", (context, noun), about, str(value), _qualifier(sent, tok),
                   sent.text, offset + sent.start_char, offset + sent.end_char)


def _is_event_word(token: "Token") -> bool:
    return token.text.lower() in PREDICATE_OF


def _event_facts(sent: "Span", offset: int, dates: list[DateMention]) -> Iterator[Fact]:
    places = [e for e in sent.ents if e.label_ in ("GPE", "LOC", "FAC")]
    for tok in sent:
        pred = PREDICATE_OF.get(tok.text.lower())
        if pred is None or tok.pos_ not in ("VERB", "NOUN", "AUX"):
            continue
        target = _event_object(tok)
        obj = _noun_key(target) if target is not None else ""
        noun = EVENT_NOUN.get(pred, pred)
        if target is None:
            about = noun
        elif target.pos_ == "PROPN":
            about = f"{noun} of {obj.title()}"
        else:
            about = f"{noun} of the {target.text.lower()}"
        key = (pred, obj)
        where = (offset + sent.start_char, offset + sent.end_char)
        linked = [d for d in dates if dates_event([t for t in sent if d.start <= offset + t.idx < d.end], tok,
                                                  _is_event_word, bool(_POINTS_FORWARD.search(d.text)))]
        if linked:  # the date the parse links to this event word, not any date in the sentence
            nearest = min(linked, key=lambda d: abs(d.start - offset - tok.idx))
            yield Fact("date", key, about, nearest.value.iso(), None, sent.text, *where)
        for place in places:
            prep = place.root.head
            if place.root.dep_ == "pobj" and prep.text.lower() in ("in", "at") and prep.head.i == tok.i:
                yield Fact("place", key, about, place.text, None, sent.text, *where)


def find_facts(text: str, published: str | None) -> list[Fact]:
    """Facts stated in one document's text, with offsets of their sentence."""
    return next(find_facts_many([(text, published)]))


def find_facts_many(documents: Iterable[tuple[str, str | None]]) -> Iterator[list[Fact]]:
    """Facts of each (text, published) document; all their picked sentences go through one
    spaCy stream (a call per document costs more than its few sentences)."""
    from ..extract.nlp import nlp
    from .name_facts import name_facts

    picked = [(text, _picked_sentences(text, published_day(published))) for text, published in documents]
    pieces = [text[s:e] for text, sentences in picked for s, e, _ in sentences]
    parsed = nlp().pipe(pieces) if pieces else iter(())
    for text, sentences in picked:
        facts: list[Fact] = []
        for (start, _end, dates), doc in zip(sentences, parsed):
            sent = doc[:]
            facts.extend(_event_facts(sent, start, dates))
            facts.extend(_number_facts(sent, start))
            facts.extend(name_facts(sent, start))
        yield facts


def _picked_sentences(text: str, base: date | None) -> list[tuple[int, int, list[DateMention]]]:
    """Sentences worth parsing: an event word with a date, number or place, a count, or a name fact."""
    from .name_facts import wanted

    picked: list[tuple[int, int, list[DateMention]]] = []
    for start, end in sentences(text):
        chunk = text[start:end]
        if len(chunk) > 1000:
            continue
        words = set(_WORD.findall(chunk.lower()))
        if wanted(words, chunk):  # "a delegation headed by X": who did it, with or without a date
            dates = [DateMention(d.text, d.start + start, d.end + start, d.value) for d in find_dates(chunk, base)]
            picked.append((start, end, dates))
            continue
        if words.isdisjoint(PREDICATE_OF):
            if (not words.isdisjoint(WORD_NUMBERS) or _DIGIT.search(chunk)) and _COUNT.search(chunk):  # "the delegation had nine members": a count without an event word
                picked.append((start, end, []))
            continue
        dates = [DateMention(d.text, d.start + start, d.end + start, d.value) for d in find_dates(chunk, base)]
        if dates or _NUMBER_OR_PLACE.search(chunk):
            picked.append((start, end, dates))
    return picked
