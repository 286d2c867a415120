"""Name normalisation: document-local keys, and transliteration-proof skeletons.

A key ("person:mohammed rashidi") names one referent inside a document: honorifics,
titles and the Arabic article are gone, so "Sheikh Mohammed al-Rashidi" and
"Mohammed al-Rashidi" share it. A skeleton ("muhmd rashdi") is coarser: spelling
variants of one name across outlets (Muhammad/Mohamed, Rashidi/Rasheedi,
Gorbachev/Gorbachyov) meet on it, so cross-document resolution can block on it and
then confirm with a string similarity on the ``lite`` form.
The word lists are data files in ``crosswire/data``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

TYPE_PREFIXES = ("person", "organization", "place", "other")


def _data_lines(name: str) -> list[str]:
    text = resources.files("crosswire").joinpath("data", name).read_text("utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _phrases(name: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(line.strip().split()) for line in _data_lines(name))


@lru_cache(maxsize=1)
def honorifics() -> frozenset[tuple[str, ...]]:
    """Forms of address stripped from keys but not recorded as roles: Sheikh, Mr, Dr."""
    return _phrases("honorifics.txt")


@lru_cache(maxsize=1)
def titles() -> frozenset[tuple[str, ...]]:
    """Office titles stripped from keys and recorded as roles: President, Prime Minister."""
    return _phrases("titles.txt")


@lru_cache(maxsize=1)
def role_nouns() -> frozenset[tuple[str, ...]]:
    return _phrases("role_nouns.txt")


@lru_cache(maxsize=1)
def role_verbs() -> dict[str, str]:
    """"heads" -> "head of": the verb of "X, who heads the delegation" as a role noun."""
    return dict(line.split("\t", 1) for line in _data_lines("role_verbs.tsv"))


@lru_cache(maxsize=1)
def particles() -> dict[str, str]:
    """Name particle -> kind ("article" for al-/el-/ash-..., "linking" for bin/ibn/abu)."""
    return {p: kind for kind, p in (line.split("\t", 1) for line in _data_lines("name_particles.txt"))}


@lru_cache(maxsize=1)
def speaker_labels() -> frozenset[str]:
    return frozenset(line.strip() for line in _data_lines("speaker_labels.txt"))


@lru_cache(maxsize=1)
def _rewrites() -> list[tuple[re.Pattern[str], str]]:
    pairs = (line.split("\t", 1) for line in _data_lines("transliteration.tsv"))
    return [(re.compile(pattern), replacement) for pattern, replacement in pairs]


_APOSTROPHES = str.maketrans({c: "'" for c in "\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4"})
_ABD_PREFIX = re.compile(r"^abd(?:el|ul|al|ol|il|oul)?(?=[a-z]{3,}$|$)")
_TOKEN = re.compile(r"[a-z0-9&]+(?:'[a-z]+)?")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase ASCII-ish form: diacritics gone, apostrophes unified, "ʿ" dropped."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """Folded words, with dots and hyphens as separators ("al-Rashidi" -> al, rashidi)."""
    folded = fold(text).replace("'s ", " ")
    if folded.endswith("'s"):
        folded = folded[:-2]
    return [w.replace("'", "") for w in _TOKEN.findall(folded)]


def leading_phrase(ws: list[str], phrases: frozenset[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``phrases`` that ``ws`` starts with (0 if none)."""
    for n in (3, 2, 1):
        if len(ws) > n - 1 and tuple(ws[:n]) in phrases:
            return n
    return 0


def strip_address(ws: list[str]) -> tuple[list[str], list[str]]:
    """Split leading titles and honorifics off a name: (name words, phrases stripped).

    The last word always stays: "the Sheikh" is an address with no name.
    """
    found: list[str] = []
    while ws:
        n = leading_phrase(ws, titles()) or leading_phrase(ws, honorifics())
        if not n or n >= len(ws):
            break
        found.append(" ".join(ws[:n]))
        ws = ws[n:]
    return ws, found


def is_title(phrase: str) -> bool:
    return tuple(phrase.split()) in titles()


def _drop_hyphenated_articles(folded: str) -> str:
    return _hyphenated_article().sub("", folded)


@lru_cache(maxsize=1)
def _hyphenated_article() -> re.Pattern[str]:
    forms = "|".join(sorted((p for p, kind in particles().items() if kind == "article"), key=len, reverse=True))
    return re.compile(rf"\b(?:{forms})[-‐‑](?=[a-z])")


def person_tokens(text: str) -> list[str]:
    """The name words of a person mention, normalised for keys: no honorifics, no al-/el-."""
    return list(_person_tokens(text))


@lru_cache(maxsize=65536)
def _person_tokens(text: str) -> tuple[str, ...]:
    ws = words(_drop_hyphenated_articles(fold(text)))
    if ws and ws[0] == "the":
        ws = ws[1:]
    ws, _ = strip_address(ws)
    if ws and (leading_phrase(ws, honorifics()) or leading_phrase(ws, titles())) == len(ws):
        return ()  # "the Sheikh": an address, not a name
    kinds = particles()
    out: list[str] = []
    for i, w in enumerate(ws):
        if kinds.get(w) == "article" and 0 < i < len(ws) - 1:
            continue  # "Mohammed el Sisi"; but "Al Gore" keeps "al"
        if w == "ibn":
            w = "bin"
        match = _ABD_PREFIX.match(w)
        if match and w != "abd":
            out.append("abd")
            w = w[match.end():]
            if not w:
                continue
        out.append(w)
    return tuple(out)


def org_tokens(text: str) -> list[str]:
    ws = words(text)
    return ws[1:] if len(ws) > 1 and ws[0] == "the" else ws


def key_for(text: str, type_: str) -> str | None:
    """The document-local key of a mention: "person:mohammed rashidi", "organization:ncm"."""
    tokens = person_tokens(text) if type_ == "person" else org_tokens(text)
    return f"{type_}:{' '.join(tokens)}" if tokens else None


def key_tokens(key: str) -> list[str]:
    return key.split(":", 1)[1].split()


def key_type(key: str) -> str:
    return key.split(":", 1)[0]


@lru_cache(maxsize=65536)
def _rewritten(token: str) -> str:
    for pattern, replacement in _rewrites():
        token = pattern.sub(replacement, token)
    return token


_VOWEL_CLASS = str.maketrans("aeiouy", "aiiuui")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def lite(token: str) -> str:
    """Spelling-normalised token for similarity: rewrites, vowel classes, no doubles."""
    t = _rewritten(token)
    head = "y" if t[:1] == "y" and t[1:2] in "aeiou" else t[:1].translate(_VOWEL_CLASS)
    return _DOUBLES.sub(r"\1", head + t[1:].translate(_VOWEL_CLASS))


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton keeping the first and final vowel class: "mohammed" -> "muhmd".

    Vowels inside a name are where transliterations disagree (Husayn/Hussein); the first
    vowel still tells Hassan from Hussein, the final one Rashidi from Rashid.
    """
    t = lite(token)
    if not t:
        return t
    out = [t[0]]
    first_vowel_seen = t[0] in "aiu"
    for i, c in enumerate(t[1:], start=1):
        if c not in "aiu":
            out.append(c)
        elif not first_vowel_seen or i == len(t) - 1:
            out.append(c)
            first_vowel_seen = True
    return _DOUBLES.sub(r"\1", "".join(out))


def name_skeleton(tokens: list[str]) -> tuple[str, ...]:
    return tuple(skeleton(t) for t in tokens)


_MINOR_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "al", "&"})


def initials(text: str) -> str:
    """"Northern Coast Movement" -> "ncm"; minor words are skipped."""
    return "".join(w[0] for w in org_tokens(text) if w not in _MINOR_WORDS)


def is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


@lru_cache(maxsize=1)
def org_nouns() -> frozenset[str]:
    return frozenset(line.strip() for line in _data_lines("org_nouns.txt"))
