"""The event vocabulary: word forms -> CAMEO code -> PLOVER type, from the data files.

``event_verbs.tsv`` lists lemmas (the spaCy model runs without its lemmatizer, so regular
inflections are generated here and irregular ones listed); ``plover_cameo.tsv`` maps CAMEO
code prefixes to PLOVER types; ``event_objects.tsv`` names object classes ("media") that
tell "released a video" (a publication) from "released the prisoners"; ``occurrence_verbs.tsv``
the verbs whose date is their event noun's ("the talks took place on Monday").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .names import _data_lines


@dataclass(frozen=True)
class EventWord:
    cameo: str
    nominal: bool
    object_class: str  # "" any object, "-" none of the listed classes, else a class name

    @property
    def plover(self) -> str:
        return plover_type(self.cameo)


def inflections(lemma: str) -> set[str]:
    """Regular verb forms of ``lemma``: "meet" -> meets, meeting, meeted (harmless extra)."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
        return forms
    forms |= {stem + "ed", stem + "ing"}
    if len(lemma) <= 4 and lemma[-1] in "bdgmnprt" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "ban" -> banned
    return forms


def _plurals(noun: str) -> set[str]:
    """An event noun and its plural ("meeting" -> meetings; "talks" stays as it is)."""
    if noun.endswith("s"):
        return {noun}
    if noun.endswith(("sh", "ch", "x", "z")):
        return {noun, noun + "es"}
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return {noun, noun[:-1] + "ies"}
    return {noun, noun + "s"}


@lru_cache(maxsize=1)
def event_words() -> dict[str, tuple[EventWord, ...]]:
    """Lower-case word form -> the event readings it can have, object-constrained ones first."""
    table: dict[str, list[EventWord]] = {}
    for line in _data_lines("event_verbs.tsv"):
        cols = line.split("\t") + ["", "", ""]
        word, cameo, object_class, irregular = cols[0], cols[1], cols[2].strip(), cols[3]
        nominal = word.startswith("n:")
        word = word[2:] if nominal else word
        forms = _plurals(word) if nominal else inflections(word) | {f for f in irregular.split(",") if f}
        for form in forms:
            table.setdefault(form, []).append(EventWord(cameo, nominal, object_class))
    return {form: tuple(sorted(rows, key=lambda r: r.object_class in ("", "-"))) for form, rows in table.items()}


@lru_cache(maxsize=1)
def occurrence_verbs() -> dict[str, frozenset[str]]:
    """Word form of an occurrence verb -> the roles ("subject", "object") its event noun may fill."""
    table: dict[str, set[str]] = {}
    for line in _data_lines("occurrence_verbs.tsv"):
        cols = line.split("\t") + [""]
        for form in inflections(cols[0]) | {f for f in cols[2].split(",") if f}:
            table.setdefault(form, set()).add(cols[1])
    return {form: frozenset(roles) for form, roles in table.items()}


@lru_cache(maxsize=1)
def object_classes() -> dict[str, str]:
    """Noun -> its object class."""
    return {noun: cls for cls, noun in (line.split("\t") for line in _data_lines("event_objects.tsv"))}


@lru_cache(maxsize=1)
def _plover_table() -> dict[str, str]:
    return {code: plover for code, plover, *_ in (line.split("\t") for line in _data_lines("plover_cameo.tsv"))}


def plover_type(cameo: str) -> str:
    """The PLOVER type of a CAMEO code, by its longest listed prefix."""
    table = _plover_table()
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return "OTHER"


def reading(form: str, nominal: bool, object_noun: str | None) -> EventWord | None:
    """The event a word form states, given whether it is used as a noun and its object."""
    cls = object_classes().get((object_noun or "").lower(), "")
    for word in event_words().get(form.lower(), ()):
        if word.nominal != nominal:
            continue
        if word.object_class in ("", cls) or (word.object_class == "-" and not cls):
            return word
    return None
