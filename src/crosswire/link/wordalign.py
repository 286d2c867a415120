"""Word-level alignment of two renderings of a text, each difference classified.

Used by the variants step (a quote against its fuller rendering) and by ``compare`` (two
documents, and later the web view). Texts become word and punctuation tokens with character
offsets, are aligned with difflib's SequenceMatcher on normalised tokens, and every
non-equal stretch is classified as one of ``DIFF_KINDS``.

Decisions:

- Case-only, quote-mark-only and dash-style differences are ignored: tokens are compared
  casefolded, quote marks (straight, curly, guillemets) are not tokens at all, curly
  apostrophes equal straight ones and every dash equals "-". They are house style, not a
  change to what was said.
- ``a`` is the reference (the fuller rendering): words of ``a`` missing from ``b`` are an
  omission, words only in ``b`` an insertion; bracketed text on either side is an (editor's)
  insertion; text facing an ellipsis is an omission.
- ``contain=True`` aligns a part (``b``, a quote) inside a whole (``a``, a transcript turn):
  the parts of ``a`` before and after what ``b`` quotes are not differences.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from rapidfuzz.distance import OSA

WORDING, INSERTION, OMISSION, SPELLING, PUNCTUATION = "wording", "insertion", "omission", "spelling", "punctuation"
DIFF_KINDS = (WORDING, INSERTION, OMISSION, SPELLING, PUNCTUATION)

WORD, PUNCT, ELLIPSIS = "word", "punct", "ellipsis"
EDITORIAL_MARK = "\x01"
MAX_BRACKET_TOKENS = 20
ANCHOR_WORDS = 3
"""Matching runs with this many words are trusted wherever they are; shorter runs only near one."""
NEAR_TOKENS = 4
EDGE_TOKENS = 2
"""A text's first or last tokens this close to a shared passage are compared as part of it."""
REGION_GAP = 12
"""Tokens of unmatched text (on either side, no ellipsis) that end a shared passage."""
MIN_PASSAGE_WORDS = 8
"""Matched words a passage needs in a whole-text comparison (shorter: chance phrases), or
half the words of the shorter text when that is less."""

_TOKEN = re.compile(
    r"(?P<ellipsis>\.{3,}|…|\.(?: \.){2})"
    r"|(?P<quote>[\"“”„‟«»‹›]|(?<!\w)['‘’‛`]|['‘’‛`](?!\w))"
    r"|(?P<word>\d+(?:[.,:]\d+)*|\w+(?:['’]\w+)*)"
    r"|(?P<punct>[^\w\s])"
)
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_BRACKETS = {"[": "]", "(": ")"}
_INFLECTIONS = {"", "s", "es", "d", "ed", "ing", "er", "ers", "est", "ly", "n", "en"}
_SKELETON_SUBSTITUTIONS = str.maketrans({"c": "k", "q": "k", "g": "k", "z": "s", "w": "v", "j": "y"})
_VOWELS = re.compile(r"[aeiouy]+")
_AFTER_CONSONANT_H = re.compile(r"(?<=[^aeiouy\W])h")
_DOUBLED = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    key: str  # what alignment compares: casefolded, apostrophes and dashes unified
    kind: str  # word, punct, ellipsis
    editorial: bool = False  # inside brackets: an editor's or transcriber's words, not the speaker's


def tokenize(text: str) -> list[Token]:
    """Words, punctuation and ellipses of ``text`` with offsets; quote marks are left out.

    Bracketed tokens are marked editorial and keyed apart, so "[the ministry]" never aligns
    with the speaker's own "the ministry".
    """
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "quote":
            continue
        surface = m.group()
        if kind == ELLIPSIS:
            key = "..."
        else:
            key = unicodedata.normalize("NFKC", surface).casefold().replace("’", "'").translate(_DASHES)
        tokens.append(Token(surface, m.start(), m.end(), key, kind))
    for lo, hi in _bracket_groups(tokens, 0, len(tokens)):
        for k in range(lo, hi):
            t = tokens[k]
            tokens[k] = Token(t.text, t.start, t.end, EDITORIAL_MARK + t.key, t.kind, editorial=True)
    return tokens


def word_keys(text: str) -> list[str]:
    """The normalised words of ``text``, in order (what the variants index is built on)."""
    return [t.key for t in tokenize(text) if t.kind == WORD and not t.editorial]


@dataclass(frozen=True)
class Diff:
    """One difference: the stretch of ``a`` and the stretch of ``b`` (empty: an insertion point)."""

    kind: str
    a_start: int
    a_end: int
    a_text: str
    b_start: int
    b_end: int
    b_text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "a": {"start": self.a_start, "end": self.a_end, "text": self.a_text},
            "b": {"start": self.b_start, "end": self.b_end, "text": self.b_text},
        }


@dataclass(frozen=True)
class SharedPassage:
    """A stretch both texts share, with the differences inside it; ``words`` are identical words."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int

    def to_dict(self) -> dict[str, int]:
        return {"a_start": self.a_start, "a_end": self.a_end, "b_start": self.b_start,
                "b_end": self.b_end, "words": self.words}


@dataclass
class Alignment:
    passages: list[SharedPassage] = field(default_factory=list)
    diffs: list[Diff] = field(default_factory=list)
    matched_words: int = 0  # words of b equal to, or a spelling of, a word of a
    b_words: int = 0  # words of b outside editorial brackets
    a_words: int = 0  # words of a inside the passages, but for text cut at an ellipsis

    @property
    def coverage(self) -> float:
        """How much of ``b``, and of the part of ``a`` it renders, the two share (1.0: ``b`` is
        a stretch of ``a``, cuts marked by an ellipsis aside): a few words of ``b`` scattered
        over a long ``a`` score low."""
        return self.matched_words / max(self.b_words, self.a_words) if self.b_words else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"passages": [p.to_dict() for p in self.passages], "diffs": [d.to_dict() for d in self.diffs],
                "coverage": round(self.coverage, 4)}


def align(
    a: str,
    b: str,
    *,
    contain: bool = False,
    a_span: tuple[int, int] | None = None,
    b_span: tuple[int, int] | None = None,
) -> Alignment:
    """Align ``b`` to ``a`` word by word; offsets are into the full texts.

    ``a_span``/``b_span`` restrict the alignment to a window (e.g. a reuse passage).
    Without ``contain``, only shared passages of ``MIN_PASSAGE_WORDS`` count, and their
    differences; with it, all of ``b`` is aligned to the part of ``a`` it renders.
    """
    ta, tb = _window(tokenize(a), a_span), _window(tokenize(b), b_span)
    return _Aligner(a, b, ta, tb).run(contain)


def compare_texts(a: str, b: str) -> Alignment:
    """Two whole texts: the passages they share and the classified differences inside them."""
    return align(a, b)


def _window(tokens: list[Token], span: tuple[int, int] | None) -> list[Token]:
    if span is None:
        return tokens
    return [t for t in tokens if t.start >= span[0] and t.end <= span[1]]


Block = tuple[int, int, int]  # a index, b index, size


class _Aligner:
    def __init__(self, a: str, b: str, ta: list[Token], tb: list[Token]) -> None:
        self.a, self.b, self.ta, self.tb = a, b, ta, tb
        self.ka, self.kb = [t.key for t in ta], [t.key for t in tb]

    def run(self, contain: bool) -> Alignment:
        blocks = self._matching_blocks(0, len(self.ta), 0, len(self.tb))
        result = Alignment(b_words=self._own_words(self.tb, 0, len(self.tb)))
        if not blocks:
            return result
        if contain:
            region = max(self._regions(blocks), key=lambda r: sum(self._words(self.tb, j, n) for _, j, n in r))
            blocks = self._with_edges(region)
            self._add_region(result, blocks, self._contained_lead(blocks[0]), self._contained_trail(blocks[-1]))
            return result
        shortest = min(self._own_words(self.ta, 0, len(self.ta)), result.b_words)
        needed = min(MIN_PASSAGE_WORDS, max(2, shortest // 2))
        regions = [r for r in map(self._trimmed, self._regions(blocks))
                   if sum(self._words(self.ta, i, n) for i, _, n in r) >= needed]
        for k, region in enumerate(regions):
            (first_i, first_j, _), (last_i, last_j, last_n) = region[0], region[-1]
            lead = (0, 0) if k == 0 and _close(first_i, first_j) else None
            a_rest, b_rest = len(self.ta) - last_i - last_n, len(self.tb) - last_j - last_n
            trail = (len(self.ta), len(self.tb)) if k == len(regions) - 1 and _close(a_rest, b_rest) else None
            self._add_region(result, region, lead, trail)
        return result

    # -- finding what matches --------------------------------------------------------

    def _matching_blocks(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> list[Block]:
        """Matching runs in a window, keeping short ones only near a trusted run.

        SequenceMatcher takes the earliest equal token, so a lone "the" far from the quoted
        stretch would otherwise be taken as part of it.
        """
        matcher = SequenceMatcher(None, self.ka[a_lo:a_hi], self.kb[b_lo:b_hi], autojunk=False)
        blocks = [(i + a_lo, j + b_lo, n) for i, j, n in matcher.get_matching_blocks() if n]
        anchors = [blk for blk in blocks if self._words(self.ta, blk[0], blk[2]) >= ANCHOR_WORDS]
        if not anchors:
            return blocks
        return [blk for blk in blocks if blk in anchors or self._near_anchor(blk, anchors)]

    def _near_anchor(self, blk: Block, anchors: list[Block]) -> bool:
        i, j, n = blk
        for ai, aj, an in anchors:
            if ai + an <= i and aj + an <= j:  # anchor before
                gaps = (ai + an, i, aj + an, j)
            elif i + n <= ai and j + n <= aj:  # anchor after
                gaps = (i + n, ai, j + n, aj)
            else:
                continue
            a_gap, b_gap = gaps[1] - gaps[0], gaps[3] - gaps[2]
            if (a_gap <= NEAR_TOKENS or self._has_ellipsis(self.tb, gaps[2], gaps[3])) and (
                b_gap <= NEAR_TOKENS or self._has_ellipsis(self.ta, gaps[0], gaps[1])
            ):
                return True
        return False

    def _with_edges(self, blocks: list[Block]) -> list[Block]:
        """Match ``b``'s unmatched ends against the stretch of ``a`` just beside them."""
        first_i, first_j, _ = blocks[0]
        if first_j and not self._has_ellipsis(self.tb, 0, first_j):
            lo = max(0, first_i - first_j - NEAR_TOKENS)
            blocks = self._matching_blocks(lo, first_i, 0, first_j) + blocks
        last_i, last_j, last_n = blocks[-1]
        a_end, b_end = last_i + last_n, last_j + last_n
        if b_end < len(self.tb) and not self._has_ellipsis(self.tb, b_end, len(self.tb)):
            hi = min(len(self.ta), a_end + (len(self.tb) - b_end) + NEAR_TOKENS)
            blocks = blocks + self._matching_blocks(a_end, hi, b_end, len(self.tb))
        return blocks

    def _regions(self, blocks: list[Block]) -> list[list[Block]]:
        """Split the matching runs where both texts go their own way for a while."""
        regions = [[blocks[0]]]
        for blk in blocks[1:]:
            pi, pj, pn = regions[-1][-1]
            a_gap, b_gap = blk[0] - pi - pn, blk[1] - pj - pn
            marked = self._has_ellipsis(self.ta, pi + pn, blk[0]) or self._has_ellipsis(self.tb, pj + pn, blk[1])
            if max(a_gap, b_gap) > REGION_GAP and not marked:
                regions.append([blk])
            else:
                regions[-1].append(blk)
        return regions

    # -- turning matches into passages and differences -------------------------------

    def _contained_lead(self, first: Block) -> tuple[int, int] | None:
        """Where a contained ``b`` starts, when its first words match nothing: as many words of
        ``a`` before the first match are set against them (none for a bracketed insertion)."""
        first_i, first_j, _ = first
        if not first_j or self._only_marks(self.tb, 0, first_j):
            return None
        return self._words_before(first_i, self._own_words(self.tb, 0, first_j)), 0

    def _contained_trail(self, last: Block) -> tuple[int, int] | None:
        last_i, last_j, last_n = last
        a_end, b_end = last_i + last_n, last_j + last_n
        if b_end == len(self.tb) or self._only_marks(self.tb, b_end, len(self.tb)):
            return None
        return self._words_after(a_end, self._own_words(self.tb, b_end, len(self.tb))), len(self.tb)

    def _trimmed(self, region: list[Block]) -> list[Block]:
        """A passage starts and ends on words: a shared "." or ":" beside it is not shared text."""
        lo, hi = 0, len(region)
        while lo < hi and not self._words(self.ta, region[lo][0], region[lo][2]):
            lo += 1
        while hi > lo and not self._words(self.ta, region[hi - 1][0], region[hi - 1][2]):
            hi -= 1
        return region[lo:hi]

    def _add_region(self, result: Alignment, blocks: list[Block], lead: tuple[int, int] | None,
                    trail: tuple[int, int] | None) -> None:
        """One passage: its blocks, the stretches between them and, if given, its edges
        ``lead`` (where it starts) and ``trail`` (where it ends), as token indexes."""
        first_i, first_j, first_n = blocks[0]
        last_i, last_j, last_n = blocks[-1]
        diffs: list[Diff] = []
        if lead:
            (a_lo, b_lo) = lead
            diffs += self._classify(a_lo, first_i, b_lo, first_j)
        else:
            skip = next((k for k in range(first_n) if self.ta[first_i + k].kind == WORD), 0)
            a_lo, b_lo = first_i + skip, first_j + skip
        cut_words = 0
        for (i, j, n), (ni, nj, _) in zip(blocks, blocks[1:]):
            if ni > i + n or nj > j + n:
                diffs += self._classify(i + n, ni, j + n, nj)
                if self._has_ellipsis(self.tb, j + n, nj):
                    cut_words += self._own_words(self.ta, i + n, ni)
        a_hi, b_hi = trail or (last_i + last_n, last_j + last_n)
        if trail:
            diffs += self._classify(last_i + last_n, a_hi, last_j + last_n, b_hi)
        equal_words = sum(self._own_words(self.tb, j, j + n) for _, j, n in blocks)
        spelled = sum(len(d.b_text.split()) for d in diffs if d.kind == SPELLING)
        result.matched_words += equal_words + spelled
        result.a_words += self._own_words(self.ta, a_lo, a_hi) - cut_words
        result.diffs += diffs
        result.passages.append(SharedPassage(
            self._start(self.ta, a_lo), self._end(self.ta, a_hi), self._start(self.tb, b_lo),
            self._end(self.tb, b_hi), equal_words,
        ))

    def _classify(self, i1: int, i2: int, j1: int, j2: int) -> list[Diff]:
        """Classify one non-equal stretch; bracketed groups are split off as insertions."""
        groups_a, groups_b = _bracket_groups(self.ta, i1, i2), _bracket_groups(self.tb, j1, j2)
        if not groups_a and not groups_b:
            return self._classify_plain(i1, i2, j1, j2)
        if groups_b == [(j1, j2)] or groups_a == [(i1, i2)]:  # "[the ministry]" for "it"
            return [self._diff(INSERTION, i1, i2, j1, j2)]
        diffs = [self._diff(INSERTION, i1, i1, lo, hi) for lo, hi in groups_b]
        diffs += [self._diff(INSERTION, lo, hi, j1, j1) for lo, hi in groups_a]
        rest_a, rest_b = _outside(i1, i2, groups_a), _outside(j1, j2, groups_b)
        if rest_a or rest_b:
            a_lo, a_hi = (rest_a[0], rest_a[-1] + 1) if rest_a else (i1, i1)
            b_lo, b_hi = (rest_b[0], rest_b[-1] + 1) if rest_b else (j1, j1)
            diffs += self._classify_plain(a_lo, a_hi, b_lo, b_hi)
        return sorted(diffs, key=lambda d: (d.a_start, d.b_start))

    def _classify_plain(self, i1: int, i2: int, j1: int, j2: int) -> list[Diff]:
        words_a = [t for t in self.ta[i1:i2] if t.kind == WORD]
        words_b = [t for t in self.tb[j1:j2] if t.kind == WORD]
        if not words_a and not words_b:
            return [self._diff(PUNCTUATION, i1, i2, j1, j2)]
        if self._has_ellipsis(self.tb, j1, j2) and words_a:
            return [self._diff(OMISSION, *_strip_punct(self.ta, i1, i2), j1, j2)]
        if self._has_ellipsis(self.ta, i1, i2) and words_b:
            return [self._diff(OMISSION, i1, i2, *_strip_punct(self.tb, j1, j2))]
        if not words_b:
            return [self._diff(OMISSION, *_strip_punct(self.ta, i1, i2), j1, j2)]
        if not words_a:
            return [self._diff(INSERTION, i1, i2, *_strip_punct(self.tb, j1, j2))]
        keys_a, keys_b = [t.key for t in words_a], [t.key for t in words_b]
        if keys_a == keys_b:
            return [self._diff(PUNCTUATION, i1, i2, j1, j2)]
        if len(words_a) != len(words_b):
            split = self._split_at_spelling(i1, i2, j1, j2)
            if split:
                return split
            joined = "".join(keys_a) == "".join(keys_b) or is_spelling_variant(
                " ".join(t.text for t in words_a), " ".join(t.text for t in words_b))
            return [self._diff(SPELLING if joined else WORDING, i1, i2, j1, j2)]
        return self._pairwise(words_a, words_b)

    def _split_at_spelling(self, i1: int, i2: int, j1: int, j2: int) -> list[Diff]:
        """In uneven stretches ("Mohammed" / "Mr Muhammad"), a spelling variant pair splits the
        stretch so the name is not lost in one big wording difference."""
        for i in range(i1, i2):
            for j in range(j1, j2):
                x, y = self.ta[i], self.tb[j]
                if x.kind == WORD and y.kind == WORD and len(x.key) > 2 and is_spelling_variant(x.text, y.text):
                    before = self._classify(i1, i, j1, j) if i > i1 or j > j1 else []
                    after = self._classify(i + 1, i2, j + 1, j2) if i + 1 < i2 or j + 1 < j2 else []
                    return [*before, self._diff(SPELLING, i, i + 1, j, j + 1), *after]
        return []

    def _pairwise(self, words_a: list[Token], words_b: list[Token]) -> list[Diff]:
        """Equal word counts: each word pair is a spelling or a wording; neighbours of one kind merge."""
        runs: list[list[Any]] = []  # [kind, last pair index, first a, last a, first b, last b]
        for k, (x, y) in enumerate(zip(words_a, words_b)):
            if x.key == y.key:
                continue
            kind = SPELLING if is_spelling_variant(x.text, y.text) else WORDING
            if runs and runs[-1][0] == kind and runs[-1][1] == k - 1:
                runs[-1][1], runs[-1][3], runs[-1][5] = k, x, y
            else:
                runs.append([kind, k, x, x, y, y])
        return [
            Diff(kind, a0.start, a1.end, self.a[a0.start:a1.end], b0.start, b1.end, self.b[b0.start:b1.end])
            for kind, _, a0, a1, b0, b1 in runs
        ]

    # -- token helpers ---------------------------------------------------------------

    def _diff(self, kind: str, i1: int, i2: int, j1: int, j2: int) -> Diff:
        a0, a1 = self._span(self.ta, i1, i2)
        b0, b1 = self._span(self.tb, j1, j2)
        return Diff(kind, a0, a1, self.a[a0:a1], b0, b1, self.b[b0:b1])

    @staticmethod
    def _span(tokens: list[Token], lo: int, hi: int) -> tuple[int, int]:
        """Character span of tokens ``[lo, hi)``; when empty, the point after token ``lo - 1``."""
        if hi > lo:
            return tokens[lo].start, tokens[hi - 1].end
        point = tokens[lo - 1].end if lo > 0 else (tokens[0].start if tokens else 0)
        return point, point

    @staticmethod
    def _start(tokens: list[Token], i: int) -> int:
        return tokens[i].start if i < len(tokens) else (tokens[-1].end if tokens else 0)

    @staticmethod
    def _end(tokens: list[Token], i: int) -> int:
        return tokens[i - 1].end if i > 0 else (tokens[0].start if tokens else 0)

    @staticmethod
    def _words(tokens: list[Token], lo: int, size: int) -> int:
        return sum(t.kind == WORD for t in tokens[lo:lo + size])

    @staticmethod
    def _own_words(tokens: list[Token], lo: int, hi: int) -> int:
        """Words in ``[lo, hi)`` outside editorial brackets."""
        return sum(t.kind == WORD and not t.editorial for t in tokens[lo:hi])

    @staticmethod
    def _has_ellipsis(tokens: list[Token], lo: int, hi: int) -> bool:
        return any(t.kind == ELLIPSIS for t in tokens[lo:hi])

    @staticmethod
    def _only_marks(tokens: list[Token], lo: int, hi: int) -> bool:
        return all(t.kind != WORD for t in tokens[lo:hi])

    def _words_before(self, i: int, n: int) -> int:
        """Index from which ``a`` has ``n`` words up to ``i`` (to pair with ``b``'s extra start)."""
        while n and i > 0:
            i -= 1
            n -= self.ta[i].kind == WORD
        return i

    def _words_after(self, i: int, n: int) -> int:
        while n and i < len(self.ta):
            n -= self.ta[i].kind == WORD
            i += 1
        return i


def _close(a_gap: int, b_gap: int) -> bool:
    """A stretch before (after) the first (last) match so short it belongs to the passage."""
    return bool(a_gap or b_gap) and a_gap <= EDGE_TOKENS and b_gap <= EDGE_TOKENS


def _bracket_groups(tokens: list[Token], lo: int, hi: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` ranges of closed bracket groups, brackets included."""
    groups, k = [], lo
    while k < hi:
        closing = _BRACKETS.get(tokens[k].key.lstrip(EDITORIAL_MARK))
        if closing:
            stop = min(hi, k + MAX_BRACKET_TOKENS)
            end = next((m for m in range(k + 1, stop) if tokens[m].key.lstrip(EDITORIAL_MARK) == closing), None)
            if end is not None:
                groups.append((k, end + 1))
                k = end + 1
                continue
        k += 1
    return groups


def _outside(lo: int, hi: int, groups: list[tuple[int, int]]) -> list[int]:
    inside = {k for g0, g1 in groups for k in range(g0, g1)}
    return [k for k in range(lo, hi) if k not in inside]


def _strip_punct(tokens: list[Token], lo: int, hi: int) -> tuple[int, int]:
    """Shrink ``[lo, hi)`` to its words: the comma before a cut is not part of what was cut."""
    while lo < hi and tokens[lo].kind == PUNCT and not tokens[lo].editorial:
        lo += 1
    while hi > lo and tokens[hi - 1].kind == PUNCT and not tokens[hi - 1].editorial:
        hi -= 1
    return lo, hi


def transliteration_skeleton(word: str) -> str:
    """Consonants of a name as transliterations share them: Mohammed, Muhammad -> "mhmd"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))
    plain = _AFTER_CONSONANT_H.sub("", plain.replace("ph", "f")).translate(_SKELETON_SUBSTITUTIONS)
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", plain[:1]) + _VOWELS.sub("", plain[1:])) or plain[:1]


def is_spelling_variant(x: str, y: str) -> bool:
    """The same word spelled differently: a transliterated name, a typo, a national spelling.

    Not an inflection ("occupy"/"occupied", "land"/"lands"): that changes what was said.
    Short common words one letter apart ("man"/"men") count as wording, so the edit-distance
    rule needs five letters, and the transliteration rule a name or six letters.
    """
    kx, ky = x.casefold(), y.casefold()
    if kx == ky:
        return True
    prefix = len(_common_prefix(kx, ky))
    if kx[prefix:] in _INFLECTIONS and ky[prefix:] in _INFLECTIONS:
        return False
    is_name = x[:1].isupper() and y[:1].isupper()
    if (is_name or max(len(kx), len(ky)) >= 6) and transliteration_skeleton(kx) == transliteration_skeleton(ky):
        return kx[:1] == ky[:1] or is_name
    shortest = min(len(kx), len(ky))
    allowed = 2 if shortest >= 8 else 1 if shortest >= 5 else 0
    return OSA.distance(kx, ky) <= allowed


def _common_prefix(x: str, y: str) -> str:
    n = 0
    while n < min(len(x), len(y)) and x[n] == y[n]:
        n += 1
    return x[:n]
