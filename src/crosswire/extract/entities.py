"""Entity mentions in one document: who and what the text names, with exact offsets.

spaCy's NER proposes; rules fix what it gets wrong in news about the Arab world and
Russia. Titles and honorifics belong to a mention but not to its key; Arabic particles
stay inside a name; transcript speaker labels are persons; surname-only, acronym and
role-only references ("Al-Rashidi", "NCM", "the movement's leader") take the key of the
full form the document gives. Roles the text states are found by ``entity_roles``.

For the statements component: ``mention_at(ann, start, end)`` and
``key_for_name(ann, name_text)`` look a referent up by span or by name.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..model import Document, Mention
from . import names
from .entity_roles import add_roles

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .pipeline import Annotations

SPACY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "other"}
THING_ENTS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
NOT_NAME_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})
MAX_NAME_TOKENS = 8
MAX_ADDRESS_TOKENS = 6
HYPHENS = frozenset("-\u2010\u2011")

# "Mohammed al-Rashidi: We will ..." at a line start; the name is validated word by word.
SPEAKER_LINE = re.compile(r"^[ \t]*(?P<name>[^\W\d_][^:\n]{0,60}?)[ \t]*:(?!//)[ \t]", re.MULTILINE)
ACRONYM_AFTER = re.compile(r"\s*\(\s*(?P<acronym>[A-Z][A-Za-z&.]{1,9})\s*\)")
# "PORT KESSAN - Dockworkers ...", "VIENNA, Nov 12 (Reuters) — ...": a place in capitals opens the story.
DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z'.-]*[A-Z](?:[ \t]+[A-Z][A-Z'.-]*[A-Z]){0,3})(?:,[^\n]{0,40}?)?[ \t]+[-\u2013\u2014][ \t]",
    re.MULTILINE)
# "By Jane Roe" or "By Jane Roe and John Doe" alone on its line (the HTML reader puts the byline so).
BYLINE = re.compile(r"^By[ \t]+(?P<names>[A-Z][\w'’.-]*(?:(?:[ \t]+|,[ \t]*|[ \t]+and[ \t]+)[A-Z][\w'’.-]*){1,7})[ \t]*$",
                    re.MULTILINE)
BYLINE_NAME = re.compile(r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*")  # "and" and commas part the names
# Capitalised in a headline or a label ("Delegation To Vienna:"), never inside a personal name.
FUNCTION_WORDS = frozenset({"a", "an", "the", "to", "of", "with", "and", "or", "for", "in", "on", "at", "from", "by",
                            "not", "is", "are", "was", "be", "will", "we", "us", "our", "you", "your", "it", "about",
                            "after", "before", "over", "into", "vs", "how", "why", "what", "who"})


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    priority: int  # speaker lines 3, rule-found persons 2, spaCy 1


def find_mentions(doc: Document, ann: "Annotations") -> None:
    """Append the document's mentions to ``ann.mentions``, ordered by offset."""
    sdoc = ann.spacy_doc
    found = [c for c in _rule_persons(sdoc) + _spacy_candidates(sdoc) if _is_plausible(doc.text, c)]
    candidates = [part for c in found for part in _without_role_prefix(sdoc, c)]
    candidates += _speaker_candidates(doc.text, sdoc, _person_words(doc.text, candidates))
    candidates += _dateline_candidates(doc.text)
    candidates += _byline_candidates(doc.text)
    mentions = []
    for cand in _without_overlaps(candidates):
        text = doc.text[cand.start:cand.end]
        key = names.key_for(text, cand.type)
        if key:
            mentions.append(Mention(doc.id, cand.start, cand.end, text, cand.type, key))
    _link_short_names(mentions, lambda m: _is_subject(sdoc, m))
    _link_acronyms(doc.text, mentions)
    _link_short_forms(mentions)
    mentions.extend(add_roles(doc, sdoc, mentions))
    mentions.sort(key=lambda m: (m.start, m.end))
    ann.mentions.extend(mentions)


def mention_at(ann: "Annotations", start: int, end: int) -> Mention | None:
    """The mention at exactly ``start:end``, else the one overlapping it most (or None)."""
    best, best_overlap = None, 0
    for m in ann.mentions:
        if m.start == start and m.end == end:
            return m
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > best_overlap:
            best, best_overlap = m, overlap
    return best


def key_for_name(ann: "Annotations", name_text: str) -> str | None:
    """The document key a name refers to: "Al-Rashidi" -> "person:mohammed rashidi".

    Exact keys first, then a surname or honorific+given name of one full name, then an
    organisation or acronym; None when the document does not name it.
    """
    keys = {m.key for m in ann.mentions}
    tokens = names.person_tokens(name_text)
    if tokens:
        if f"person:{' '.join(tokens)}" in keys:
            return f"person:{' '.join(tokens)}"
        full = _full_names(ann.mentions)
        match = _unique_full_name(tokens, full, allow_given=True)
        if match:
            return match
    for type_ in ("organization", "place", "other"):
        key = names.key_for(name_text, type_)
        if key in keys:
            return key
    if names.is_acronym(name_text.strip()):
        wanted = name_text.strip().replace(".", "").lower()
        hits = {m.key for m in ann.mentions if m.text.replace(".", "").lower() == wanted}
        if len(hits) == 1:
            return hits.pop()
    return None


def is_role_reference(mention: Mention) -> bool:
    """A person mention made by a description ("the movement's leader"), not by a name."""
    if mention.type != "person" or not mention.role:
        return False
    return not set(names.person_tokens(mention.text)) & set(names.key_tokens(mention.key))


# -- candidates ----------------------------------------------------------------------


def _is_name_word(token: "Token") -> bool:
    text = token.text.replace("'", "").replace("\u2019", "").replace(".", "")
    return bool(text) and text[0].isupper() and text.isalpha() and token.ent_type_ not in NOT_NAME_ENTS


def _is_joint(sdoc: "Doc", j: int) -> bool:
    """A lowercase particle ("bin", "al") or a hyphen glued to both neighbours."""
    token = sdoc[j]
    if token.text in HYPHENS:
        return j > 0 and not sdoc[j - 1].whitespace_ and not token.whitespace_
    return token.lower_ in names.particles() and token.text.islower()


def _run_end(sdoc: "Doc", k: int) -> int:
    """End of the name run from token k: name words joined by particles and hyphens."""
    end = j = k
    while j < len(sdoc) and j - k < MAX_NAME_TOKENS:
        if _is_name_word(sdoc[j]):
            j += 1
            end = j
        elif _is_joint(sdoc, j):
            j += 1
        else:
            break
    return end


def _has_joint(sdoc: "Doc", i: int, j: int) -> bool:
    return any(_is_joint(sdoc, k) or sdoc[k].lower_ in names.particles() for k in range(i + 1, j))


def _address_start(sdoc: "Doc", i: int) -> int:
    """Move ``i`` left over capitalised titles and honorifics ("Prime Minister", "Sheikh")."""
    phrases = names.titles() | names.honorifics()
    floor = max(0, i - MAX_ADDRESS_TOKENS)
    moved = True
    while moved and i > floor:
        moved = False
        for n in (3, 2, 1):
            if i - n < floor:
                continue
            span = sdoc[i - n:i]
            if all(t.text[:1].isupper() for t in span) and tuple(names.fold(t.text).rstrip(".") for t in span) in phrases:
                i -= n
                moved = True
                break
    return i


def _address_end(sdoc: "Doc", k: int, end: int) -> int:
    """Move ``k`` right over titles and honorifics opening a run, leaving a name word."""
    phrases = names.titles() | names.honorifics()
    moved = True
    while moved:
        moved = False
        for n in (3, 2, 1):
            if k + n < end and tuple(names.fold(t.text).rstrip(".") for t in sdoc[k:k + n]) in phrases:
                k += n
                moved = True
                break
    return k


def _spacy_candidates(sdoc: "Doc") -> list[Candidate]:
    out = []
    for ent in sdoc.ents:
        type_ = SPACY_TYPES.get(ent.label_)
        if type_ is None:
            continue
        i, j = ent.start, ent.end
        if type_ == "person" and not any(t.pos_ == "PROPN" for t in ent):
            continue  # "Background:" at a line start: a common noun spaCy took for a name
        if type_ == "person":
            i = _address_start(sdoc, i)
            while j < len(sdoc) and _run_end(sdoc, j - 1) > j and _has_joint(sdoc, j - 1, _run_end(sdoc, j - 1)):
                j = _run_end(sdoc, j - 1)  # "Mohammed al" + "-Rashidi"
        elif sdoc[i].lower_ == "the" and j - i > 1:
            i += 1
        while j - 1 > i and sdoc[j - 1].tag_ == "POS":
            j -= 1
        out.append(Candidate(sdoc[i].idx, _char_end(sdoc, j), type_, 1))
    return out


def _rule_persons(sdoc: "Doc") -> list[Candidate]:
    """Titled names ("Sheikh Haddad") and particle-joined names spaCy missed or mislabelled."""
    out = []
    k = 0
    while k < len(sdoc):
        token = sdoc[k]
        if not _is_name_word(token):
            k += 1
            continue
        start = _address_start(sdoc, k)
        end = _run_end(sdoc, k)
        first_name = _address_end(sdoc, k, end)  # "Elder Yusuf Karam": the run opens with a title
        titled = start < first_name
        joined = _has_joint(sdoc, k, end) and sum(
            _is_name_word(t) and t.lower_ not in names.particles() for t in sdoc[k:end]) >= 2
        if (titled or joined) and not _names_a_thing(sdoc, start, first_name, end):
            name_start = _name_start(sdoc, start, end)
            if name_start < end:
                out.append(Candidate(sdoc[start].idx, _char_end(sdoc, end), "person", 2))
        k = max(end, k + 1)
    return out


def _name_start(sdoc: "Doc", start: int, end: int) -> int:
    """First token after the titles of a run (runs of titles alone name nobody)."""
    words = [names.fold(t.text).rstrip(".") for t in sdoc[start:end]]
    rest, _ = names.strip_address(words)
    if not rest or names.leading_phrase(rest, names.titles() | names.honorifics()) == len(rest):
        return end
    return end - len(rest)


def _names_a_thing(sdoc: "Doc", start: int, k: int, end: int) -> bool:
    """An organisation or place: its last word is "Mosque", or spaCy says so.

    A title before the run overrides spaCy ("Sheikh Haddad"), unless spaCy's entity takes
    the title in ("General Motors") and no honorific opens a full name ("Elder Yusuf Karam").
    """
    if sdoc[end - 1].lower_ in names.org_nouns():
        return True
    if start < k:
        if _is_honorific(sdoc[start]) and sum(
                _is_name_word(t) and t.lower_ not in names.particles() for t in sdoc[k:end]) >= 2:
            return False  # "Sister Layla Haddad", even when spaCy calls it an ORG
        return sdoc[start].ent_type_ in THING_ENTS
    return any(t.ent_type_ in THING_ENTS for t in sdoc[k:end])


def _is_honorific(token: "Token") -> bool:
    return names.leading_phrase([names.fold(token.text).rstrip(".")], names.honorifics()) == 1


def _is_role_word(token: "Token") -> bool:
    word = (names.fold(token.text).rstrip("."),)
    return word in names.role_nouns() or word in names.titles()


def _is_plausible(text: str, cand: Candidate) -> bool:
    """Names have a capitalised word, and a person's a name word: not "boycotts", not "4312";
    a name never runs over a line break ("By Helena Brandt" + a new paragraph "Movement asks ...")."""
    span = text[cand.start:cand.end]
    if "\n" in span or not any(w[:1].isupper() for w in re.split(r"[\s\-\u2010\u2011]+", span)):
        return False
    return cand.type != "person" or any(any(c.isalpha() for c in t) for t in names.person_tokens(span))


def _without_role_prefix(sdoc: "Doc", cand: Candidate) -> list[Candidate]:
    """"Northern Coast Movement Leader Al-Rashidi": the role words before a name are no part of it.

    The name starts after the last capitalised role noun that no title continues ("Prime
    Minister Yusuf Haddad" keeps its title); an organisation the prefix names is kept too.
    """
    span = sdoc.char_span(cand.start, cand.end, alignment_mode="expand")
    if cand.type != "person" or span is None:
        return [cand]
    for r in range(span.end - 2, span.start - 1, -1):
        if not sdoc[r].text[:1].isupper() or not _is_role_word(sdoc[r]):
            continue
        name_start = _address_start(sdoc, r + 1)
        if name_start <= r or not names.person_tokens(sdoc[name_start:span.end].text):
            continue
        parts = [Candidate(sdoc[name_start].idx, cand.end, "person", cand.priority)]
        if r > span.start and (sdoc[r - 1].lower_ in names.org_nouns() or sdoc[r - 1].ent_type_ == "ORG"):
            parts.append(Candidate(span.start_char, _char_end(sdoc, r), "organization", cand.priority))
        return parts
    return [cand]


def _person_words(text: str, candidates: list[Candidate]) -> set[str]:
    return {w for c in candidates if c.type == "person" for w in names.person_tokens(text[c.start:c.end])}


def _speaker_candidates(text: str, sdoc: "Doc", person_words: set[str]) -> list[Candidate]:
    """Speaker labels of transcript lines that name a person: not "Interviewer" or "Duration".

    A label's words are capitalised name words (no "Delegation To Vienna"), and something
    vouches for it: it is in capitals (transcript style), it labels two lines, spaCy sees
    a person in it, or its words name a person the text names elsewhere.
    """
    matches = list(SPEAKER_LINE.finditer(text))
    labels = Counter(names.fold(m.group("name")).strip() for m in matches)
    out = []
    for match in matches:
        name = match.group("name")
        words = name.split()
        if len(words) > 6 or names.fold(name).strip().rstrip(".") in names.speaker_labels():
            continue
        if not all(w[0].isupper() or names.fold(w).split("-")[0] in names.particles() for w in words):
            continue
        if FUNCTION_WORDS.intersection(names.words(name)) or not names.person_tokens(name):
            continue
        whole = Candidate(match.start("name"), match.end("name"), "person", 3)
        for part in _without_role_prefix(sdoc, whole):
            label = text[part.start:part.end]
            span = sdoc.char_span(part.start, part.end, alignment_mode="expand")
            vouched = (part.type != "person" or label.isupper() or labels[names.fold(name).strip()] > 1
                       or (span is not None and any(t.ent_type_ == "PERSON" and t.pos_ == "PROPN" for t in span))
                       or set(names.person_tokens(label)) <= person_words)
            if vouched:
                out.append(part)
    return out


def _dateline_candidates(text: str) -> list[Candidate]:
    """The place of a dateline in capitals ("PORT KESSAN - ..."), not "BREAKING - ..."."""
    return [Candidate(m.start("place"), m.end("place"), "place", 2) for m in DATELINE.finditer(text)
            if names.fold(m.group("place")) not in names.speaker_labels()]


def _byline_candidates(text: str) -> list[Candidate]:
    """The authors on a byline line ("By Jane Roe and John Doe"): persons, whatever spaCy thinks."""
    out = []
    for line in BYLINE.finditer(text):
        for name in BYLINE_NAME.finditer(line.group("names")):
            start = line.start("names") + name.start()
            out.append(Candidate(start, start + len(name.group()), "person", 3))
    return out


def _is_subject(sdoc: "Doc", m: Mention) -> bool:
    """Followed by a verb and not after a preposition: "Karam was more cautious", not "in Karam"."""
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.end >= len(sdoc) or sdoc[span.end].pos_ not in ("VERB", "AUX"):
        return False
    return span.start == 0 or sdoc[span.start - 1].pos_ != "ADP"


def _char_end(sdoc: "Doc", j: int) -> int:
    last = sdoc[j - 1]
    return last.idx + len(last.text)


def _without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates: higher priority, then longer."""
    kept: list[Candidate] = []
    starts: list[int] = []
    for cand in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        pos = bisect_left(starts, cand.start)
        before = kept[pos - 1] if pos else None
        after = kept[pos] if pos < len(kept) else None
        if (before and before.end > cand.start) or (after and after.start < cand.end):
            continue
        kept.insert(pos, cand)
        starts.insert(pos, cand.start)
    return kept


# -- in-document linking -------------------------------------------------------------


def _full_names(mentions: list[Mention]) -> dict[str, list[str]]:
    """Full person keys (two or more name words) by their last word."""
    by_last: dict[str, list[str]] = {}
    for m in mentions:
        if m.type == "person":
            tokens = names.key_tokens(m.key)
            if len(tokens) >= 2 and m.key not in by_last.get(tokens[-1], ()):
                by_last.setdefault(tokens[-1], []).append(m.key)
    return by_last


def _unique_full_name(tokens: list[str], full: dict[str, list[str]], allow_given: bool) -> str | None:
    """The one full name that ``tokens`` ends (a surname) or, if allowed, starts."""
    hits = [k for k in full.get(tokens[-1], []) if names.key_tokens(k)[-len(tokens):] == tokens
            and len(names.key_tokens(k)) > len(tokens)]
    if not hits and allow_given:
        hits = [k for keys in full.values() for k in keys
                if names.key_tokens(k)[:len(tokens)] == tokens and len(names.key_tokens(k)) > len(tokens)]
    return hits[0] if len(set(hits)) == 1 else None


def _link_short_names(mentions: list[Mention], place_may_be_person: Callable[[Mention], bool]) -> None:
    """Give "Al-Rashidi" (even if spaCy called it an ORG) the key of "Mohammed al-Rashidi".

    A name equal to a person's name here is that person, whatever spaCy called it. Several
    full names ending alike: the nearest one mentioned before wins. A given name alone
    links only with an honorific ("Sheikh Mohammed"); a place only as a subject ("Karam
    was more cautious", not "in Karam").
    """
    full = _full_names(mentions)
    full_keys = {k for keys in full.values() for k in keys}
    person_keys = {m.key for m in mentions if m.type == "person"}
    for i, m in enumerate(mentions):
        if m.type == "place" and not place_may_be_person(m):
            continue
        tokens = names.person_tokens(m.text)
        if not tokens:
            continue
        own = f"person:{' '.join(tokens)}"
        if own in full_keys or (m.type != "person" and own in person_keys):
            m.key, m.type = own, "person"
            continue
        candidates = [k for k in full.get(tokens[-1], []) if names.key_tokens(k)[-len(tokens):] == tokens]
        if not candidates and m.type == "person" and _has_honorific(m.text):
            candidates = [k for keys in full.values() for k in keys if names.key_tokens(k)[:len(tokens)] == tokens]
        if not candidates:
            continue
        chosen = candidates[0] if len(candidates) == 1 else _nearest_before(mentions[:i], set(candidates))
        if chosen:
            m.key, m.type = chosen, "person"


def _has_honorific(text: str) -> bool:
    ws = names.words(text)
    return bool(names.leading_phrase(ws, names.honorifics()) or names.leading_phrase(ws, names.titles()))


def _nearest_before(earlier: list[Mention], keys: set[str]) -> str | None:
    for m in reversed(earlier):
        if m.key in keys:
            return m.key
    return None


def _link_acronyms(text: str, mentions: list[Mention]) -> None:
    """"Northern Coast Movement (NCM)", or "NCM" whose initials match one organisation here."""
    orgs = [m for m in mentions if m.type == "organization"]
    introduced: dict[str, str] = {}
    for m in orgs:
        after = ACRONYM_AFTER.match(text, m.end)
        if after and names.initials(m.text) == after.group("acronym").replace(".", "").lower():
            introduced[after.group("acronym").replace(".", "").lower()] = m.key
    by_initials: dict[str, set[str]] = {}
    for m in orgs:
        if not names.is_acronym(m.text) and len(names.initials(m.text)) >= 2:
            by_initials.setdefault(names.initials(m.text), set()).add(m.key)
    for m in orgs:
        if names.is_acronym(m.text):
            letters = m.text.replace(".", "").lower()
            keys = by_initials.get(letters, set())
            key = introduced.get(letters) or (next(iter(keys)) if len(keys) == 1 else None)
            if key:
                m.key = key


def _link_short_forms(mentions: list[Mention]) -> None:
    """"the Council" after "Council of Southern Elders": the head noun of one fuller name before it."""
    seen: dict[str, set[str]] = {}
    for m in mentions:
        if m.type != "organization" or names.is_acronym(m.text):
            continue
        tokens = names.org_tokens(m.text)
        if len(tokens) == 1 and len(seen.get(tokens[0], ())) == 1:
            m.key = next(iter(seen[tokens[0]]))
        elif len(tokens) >= 2:
            head = tokens[tokens.index("of") - 1] if "of" in tokens[1:] else tokens[-1]
            seen.setdefault(head, set()).add(m.key)
