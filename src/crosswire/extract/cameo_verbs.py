"""A user-supplied CAMEO verb dictionary in PETRARCH's format, and its pattern matcher.

CAMEO coders (TABARI, PETRARCH) code an event by the verb and the words around it: the
block ``--- AGREE [050] ---`` lists verbs ("AGREE", "CONCUR {CONCURRED}") with a default
code, and patterns refine it ("- * (TO &CEASEFIRE) [0356]": "agreed to a truce").
crosswire ships its own compact vocabulary (``event_verbs.tsv``); a project that codes
against a particular CAMEO dictionary (to compare with PETRARCH, or to follow a house
codebook) loads that file instead (:mod:`.cameo_dictionaries`).

The matcher is ours and simpler than PETRARCH's phrase-structure one: a pattern's words
after ``*`` must occur in that order (gaps allowed) among the words the verb's phrase
holds after it, those before ``*`` among the phrase's words before it; the pattern matching
the most words wins, else the verb's or its block's default. Words match as stems (a
pattern noun takes its plural: "RESOLUTION" matches "resolutions") unless marked exact
with a trailing ``_``; ``&NAME`` is a synonym set; ``{}``/``()`` group words; ``%`` asks
for a compound subject; the role markers ``$ + ^`` are ignored (the parse finds the roles). The words a pattern reads
are the verb's own phrase, not the clauses hanging from it ("allowed that Y ..."). A code ``X:Y``
codes X for the actor and Y for the same act seen from the target ("visit" and "host").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .event_words import inflections

if TYPE_CHECKING:
    from spacy.tokens import Token

Alternatives = tuple[tuple[str, ...], ...]  # one pattern element: each alternative a word sequence
_CODE = re.compile(r"\[([^\]]*)\]")
_MARKERS = re.compile(r"[{}()$+%^|]")
PLURAL_ENDINGS = ("S", "ES")  # "RESOLUTION" matches "resolutions"; "MEET" not "meeting"
# The verb's dependents whose words a pattern may not reach: other clauses, "allowed that Y ...".
OTHER_CLAUSE = frozenset({"ccomp", "advcl", "parataxis", "conj", "cc", "relcl", "mark", "punct"})


@dataclass(frozen=True)
class Pattern:
    before: tuple[Alternatives, ...]
    after: tuple[Alternatives, ...]
    code: str  # "" codes no event
    compound: bool = False  # "%": only for a compound subject ("Gondor and Osgiliath downplayed")

    @property
    def size(self) -> int:
        return sum(min(len(a) for a in e) for e in self.before + self.after) + self.compound


@dataclass
class Block:
    code: str
    patterns: list[Pattern] = field(default_factory=list)


@dataclass(frozen=True)
class VerbEntry:
    block: Block
    particle: tuple[str, ...]  # "+CALL_OFF": "off" must follow
    code: str | None  # the verb's own default, over its block's


@dataclass(frozen=True)
class Coding:
    """What a verb codes: the actor's act and, for a paired code ("042:043"), the target's."""

    code: str
    reverse: str | None
    patterned: bool = False  # a pattern matched, not only the verb's default


class VerbDictionary:
    """The verb forms and patterns of one PETRARCH-format verb dictionary."""

    def __init__(self, path: Path):
        self.path = path
        self.synsets: dict[str, list[str]] = {}
        self.forms: dict[str, list[VerbEntry]] = {}
        try:
            lines = path.read_text("utf-8", errors="replace").splitlines()
        except OSError as exc:
            raise ValueError(f"cannot read CAMEO verb dictionary {path}: {exc}") from exc
        self._read(lines)
        if not self.forms:
            raise ValueError(f"{path} holds no verb blocks ('--- VERB [code] ---'): not a CAMEO verb dictionary")

    def _read(self, lines: list[str]) -> None:
        in_verbs = not any("VERB PATTERNS" in line for line in lines)
        synset: str | None = None
        block: Block | None = None
        for raw in lines:
            line = raw.split("#")[0].rstrip()
            if "VERB PATTERNS" in raw:
                in_verbs = True
                continue
            if not line.strip():
                synset = None
                continue
            if line.startswith("&"):
                synset = line.split()[0]
                self.synsets.setdefault(synset, [])
            elif line.startswith("+") and synset and not in_verbs:
                self.synsets[synset].append(line[1:].strip())
            elif line.startswith("---"):
                found = _CODE.search(line)
                block = Block(found.group(1).strip() if found else "")
            elif block is not None and line.startswith("-"):
                pattern = self._pattern(line[1:])
                if pattern is not None:
                    block.patterns.append(pattern)
            elif block is not None and in_verbs:
                self._verb(line, block)

    def _verb(self, line: str, block: Block) -> None:
        found = _CODE.search(line)
        own = found.group(1).strip() if found else None
        line = _CODE.sub("", line)
        irregular = re.findall(r"\{([^}]*)\}", line)
        head = re.sub(r"\{[^}]*\}", "", line).strip().lstrip("+")
        if not head or " " in head.strip():
            return
        words = [w for w in head.lower().split("_") if w]
        if not words:
            return
        forms = inflections(words[0]) | {f.lstrip("+").lower().split("_")[0]
                                         for f in " ".join(irregular).split() if f.strip("+")}
        entry = VerbEntry(block, tuple(words[1:]), own)
        for form in forms:
            self.forms.setdefault(form, []).append(entry)

    def _pattern(self, text: str) -> Pattern | None:
        found = _CODE.search(text)
        if not found or "*" not in text:
            return None
        before, _, after = _CODE.sub("", text).partition("*")
        parts = (self._elements(before), self._elements(after))
        pattern = Pattern(parts[0], parts[1], found.group(1).strip(), "%" in text)
        return pattern if pattern.size else None

    def _elements(self, text: str) -> tuple[Alternatives, ...]:
        return tuple(e for e in (self._element(w) for w in _MARKERS.sub(" ", text).split()) if e)

    def _element(self, word: str, depth: int = 0) -> Alternatives:
        if word.startswith("&"):
            if depth > 3:
                return ()
            return tuple(alt for member in self.synsets.get(word, ())
                         for alt in (self._element(member, depth + 1) if member.startswith("&")
                                     else (_words(member),)) if alt)
        return (_words(word),) if _words(word) else ()

    def coding(self, verb: "Token") -> Coding | None:
        """The code of ``verb`` in its sentence, or None when the dictionary codes no event there."""
        entries = self.forms.get(verb.text.lower(), ())
        after = [t.text.upper() for c in verb.rights if c.dep_ not in OTHER_CLAUSE for t in c.subtree]
        before = [t.text.upper() for c in verb.lefts if c.dep_ not in OTHER_CLAUSE for t in c.subtree]
        compound = any(c.dep_.startswith("nsubj") and any(g.dep_ == "conj" for g in c.children)
                       for c in verb.children)
        best: tuple[int, str] | None = None
        for entry in entries:
            skip = len(entry.particle)
            if entry.particle and tuple(w.lower() for w in after[:skip]) != entry.particle:
                continue
            default = entry.code if entry.code is not None else entry.block.code
            candidate = (-1, default)
            for pattern in entry.block.patterns:
                if pattern.size <= candidate[0] or (pattern.compound and not compound):
                    continue
                if _match(pattern.after, after[skip:]) is not None and _match(pattern.before, before) is not None:
                    candidate = (pattern.size, pattern.code)
            if best is None or candidate[0] > best[0]:
                best = candidate
        if best is None:
            return None
        coding = _coding(best[1])
        return Coding(coding.code, coding.reverse, best[0] >= 0) if coding else None


def _words(phrase: str) -> tuple[str, ...]:
    """A pattern phrase's words, upper case, ending in "_" when its last word must match exactly."""
    phrase = _MARKERS.sub(" ", phrase).strip()
    words = tuple(w for w in re.split(r"[\s_]+", phrase.upper()) if w)
    return words + ("_",) if words and phrase.endswith("_") else words


def _same(word: str, token: str, exact: bool) -> bool:
    if token == word:
        return True
    if exact or len(word) < 3:
        return False
    if word.endswith("Y") and token == word[:-1] + "IES":  # "TREATY" matches "treaties"
        return True
    return token[len(word):] in PLURAL_ENDINGS and token.startswith(word)


def _at(alternative: tuple[str, ...], tokens: list[str], i: int) -> bool:
    exact = alternative[-1] == "_"
    words = alternative[:-1] if exact else alternative
    return i + len(words) <= len(tokens) and all(
        _same(w, tokens[i + k], exact and k == len(words) - 1) for k, w in enumerate(words))


def _match(elements: tuple[Alternatives, ...], tokens: list[str]) -> list[int] | None:
    """Where each element, found in ``tokens`` in order (gaps allowed), ends; None if one is missing."""
    i, ends = 0, []
    for element in elements:
        while i < len(tokens) and not any(_at(a, tokens, i) for a in element):
            i += 1
        if i >= len(tokens):
            return None
        i += max(len(a) - (a[-1] == "_") for a in element if _at(a, tokens, i))
        ends.append(i)
    return ends


def _coding(code: str) -> Coding | None:
    """"042:043" -> Coding("042", "043"); "---" or "" -> None; "075A" -> "075"."""
    parts = [re.match(r"\d*", p.strip()).group(0) for p in code.split(":")]
    first = parts[0] if parts else ""
    second = parts[1] if len(parts) > 1 and parts[1] else None
    if not first:
        return Coding(second, None) if second else None
    return Coding(first, second if second != first else None)
