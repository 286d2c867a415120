"""Who a source span is: a full name and a referent key, resolving surnames, roles, pronouns.

Keys come from the entity mentions when one covers the span (so the cross-document
resolver can map them); otherwise they are built the same way from the name. A pronoun
goes to the nearest fitting person before it: the last speaker when recent, else the
last person named, skipping anyone whose known gender disagrees.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Mention
from . import names
from .names import key_for

if TYPE_CHECKING:
    from spacy.tokens import Doc

PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f"}
RECENT_SPEAKER_CHARS = 1500  # "he said" a paragraph or two later still means the last speaker


@dataclass(frozen=True)
class Person:
    start: int
    end: int
    name: str
    key: str | None


@dataclass(frozen=True)
class Speaker:
    name: str | None
    key: str | None


class SpeakerResolver:
    """Resolves source spans of one document, remembering who spoke last."""

    def __init__(self, text: str, mentions: list[Mention], entities_doc: "Doc | None") -> None:
        """``entities_doc`` (spaCy's entities) stands in for ``mentions`` when there are none."""
        self.text = text
        self.persons = self._persons(entities_doc, mentions)
        self.starts = [p.start for p in self.persons]
        self.gender: dict[str, str] = {}
        self._learn_honorific_genders()
        self.last: tuple[int, Speaker] | None = None

    def _persons(self, sdoc: "Doc | None", mentions: list[Mention]) -> list[Person]:
        people = [m for m in mentions if m.type == "person"]
        if people or sdoc is None:
            return self._from_mentions(people)
        full_by_last: dict[str, str] = {}
        persons: list[Person] = []
        for ent in sdoc.ents:
            if ent.label_ != "PERSON":
                continue
            surface = ent.text.strip().removesuffix("’s").removesuffix("'s")
            words = surface.split()
            if not words:
                continue
            last = words[-1].lower()
            if len(words) > 1:
                full_by_last.setdefault(last, surface)
            name = full_by_last.get(last, surface) if len(words) == 1 else surface
            persons.append(Person(ent.start_char, ent.end_char, name, key_for(name, "person")))
        return persons

    @staticmethod
    def _from_mentions(people: list[Mention]) -> list[Person]:
        """Persons named by their fullest mention without the role ("Party founder")."""
        best: dict[str, str] = {}
        for m in people:
            name = m.text
            if m.role and name.lower().startswith(m.role.lower()):
                name = name[len(m.role):].strip()
            name = _without_address(name)
            if name and _name_rank(name) > _name_rank(best.get(m.key, "")):
                best[m.key] = name
        people = sorted(people, key=lambda m: (m.start, m.end))
        return [Person(m.start, m.end, best.get(m.key, m.text), m.key) for m in people]

    def _learn_honorific_genders(self) -> None:
        for person in self.persons:
            before = self.text[max(0, person.start - 5):person.start].split()
            gender = HONORIFIC_GENDER.get(before[-1].lower()) if before else None
            first = self.text[person.start:person.end].split()[0].lower()
            gender = gender or HONORIFIC_GENDER.get(first)
            if gender and person.key:
                self.gender.setdefault(person.key, gender)

    def _person_in(self, start: int, end: int) -> Person | None:
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.persons) and self.persons[i].start < end:
            if self.persons[i].end <= end:
                return self.persons[i]
            i += 1
        return None

    def _fits(self, key: str | None, gender: str | None) -> bool:
        return gender is None or key is None or self.gender.get(key, gender) == gender

    def _antecedent(self, pos: int, gender: str | None) -> Speaker | None:
        if self.last is not None and pos - self.last[0] <= RECENT_SPEAKER_CHARS:
            speaker = self.last[1]
            if speaker.key and speaker.key.startswith("person:") and self._fits(speaker.key, gender):
                return speaker
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0 and pos - self.persons[i].start < 4 * RECENT_SPEAKER_CHARS:
            person = self.persons[i]
            if person.end <= pos and self._fits(person.key, gender):
                return Speaker(person.name, person.key)
            i -= 1
        return None

    def _by_role(self, role_head: str, pos: int) -> Person | None:
        """ "the Prime Minister" -> the person earlier introduced as "Prime Minister X"."""
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0:
            person = self.persons[i]
            window = self.text[max(0, person.start - 40):person.start].lower()
            apposition = self.text[person.end:person.end + 60].lower().split(".")[0].split()[:6]
            if role_head in window.split()[-4:] or role_head in apposition:
                return person
            i -= 1
        return None

    def resolve(self, start: int, end: int, head_text: str | None) -> Speaker:
        """The speaker a source span names, and remember it for later pronouns."""
        surface = self.text[start:end]
        lowered = surface.lower()
        speaker: Speaker
        if lowered in PRONOUN_GENDER or lowered in ("they", "i", "we"):
            gender = PRONOUN_GENDER.get(lowered)
            found = self._antecedent(start, gender) if lowered in PRONOUN_GENDER else None
            speaker = found or Speaker(None, None)
            if found and found.key and gender:
                self.gender.setdefault(found.key, gender)
        else:
            person = self._person_in(start, end)
            if person is not None:
                speaker = Speaker(person.name, person.key)
            else:
                definite = lowered.startswith("the ") or surface[:1].isupper()
                is_role = bool(head_text) and (head_text.lower(),) in names.role_nouns()
                role = self._by_role(head_text.lower(), start) if is_role and definite else None
                if role is not None:
                    speaker = Speaker(role.name, role.key)
                else:
                    speaker = Speaker(surface, key_for(surface, "other"))
        if speaker.key:
            self.last = (start, speaker)
        return speaker

    def label(self, start: int, end: int, name: str) -> Speaker:
        """The speaker of a transcript label such as "Al-Rashidi" or "Host"."""
        person = self._person_in(start, end)
        key = person.key if person is not None else key_for(name, "person")
        return Speaker(name, key)


def _without_address(name: str) -> str:
    """ "Sister Layla Haddad" -> "Layla Haddad": leading titles and honorifics dropped."""
    parts = name.split()
    while len(parts) > 2:
        folded = names.words(parts[0])
        if not folded or not (names.leading_phrase(folded, names.titles()) or names.leading_phrase(folded, names.honorifics())):
            break
        parts = parts[1:]
    return " ".join(parts) if len(parts) < len(name.split()) else name


def _name_rank(text: str) -> tuple[bool, int]:
    """Prefer capitalised names ("Jane Roe") over descriptions ("the party leader"), then longer."""
    words = text.split()
    return bool(words) and any(c.isupper() for c in words[-1]) and words[0][:1].isupper(), len(words)
