"""Words with character offsets, and word n-grams hashed to 64-bit integers, all in numpy.

Reuse detection reads every character of the corpus, so this is its hot loop. Instead of a
regex and a Python hash per word, a text becomes an array of code points; word characters,
case folding and word hashes come from lookup tables and prefix sums (a polynomial hash over
each word, mod 2**64). A word is a maximal run of letters or digits, so offsets always point
at the word in ``doc.text``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .wordforms import stem_ends

NGRAM = 5
"""Words per shingle, as passim: long enough to be rare by chance, short enough to survive edits."""

_BMP = 0x10000
_PRIME = np.uint64(0x100000001B3)  # odd, so invertible mod 2**64
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))
# One odd multiplier per position in the n-gram, so "a b" and "b a" hash apart.
_POSITION_KEYS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x2545F4914F6CDD1D, 0x94D049BB133111EB],
    dtype=np.uint64,
)


@dataclass(frozen=True)
class Words:
    """The words of one text: case-folded hashes, ``[start, end)`` character offsets, paragraphs."""

    hashes: np.ndarray  # uint64
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64
    paragraphs: np.ndarray  # int64: blank-line breaks before each word

    def __len__(self) -> int:
        return len(self.hashes)


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Is-word-character and case-folded code point for the Basic Multilingual Plane."""
    chars = [chr(c) for c in range(_BMP)]
    is_word = np.fromiter((c.isalnum() for c in chars), dtype=bool, count=_BMP)
    folded = np.fromiter(
        (ord(low) if len(low := c.lower()) == 1 else ord(c) for c in chars), dtype=np.uint64, count=_BMP
    )
    return is_word, folded


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the whole hash."""
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX[0]
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX[1]
    return x ^ (x >> np.uint64(31))


def words(text: str, *, stem: bool = False) -> Words:
    """Tokenise ``text`` into words with offsets and case-insensitive 64-bit hashes.

    ``stem`` hashes each word without its inflectional suffix (:mod:`.wordforms`), so
    shingles survive reworded inflections ("uses" / "used").
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.size == 0 or (starts_ends := _word_bounds(codes)) is None:
        empty = np.zeros(0, dtype=np.int64)
        return Words(np.zeros(0, dtype=np.uint64), empty, empty, empty)
    starts, ends, is_word = starts_ends
    _, folded_table = _tables()
    if codes.max() < _BMP:
        folded = folded_table[codes]
    else:
        folded = np.where(codes < _BMP, folded_table[np.minimum(codes, _BMP - 1)], codes.astype(np.uint64))

    # prefix[i] = sum_{j<i} folded[j] * P**j; a word's hash is its slice divided by P**start.
    powers, inverse_powers = _powers(codes.size + 1)
    with np.errstate(over="ignore"):
        prefix = np.empty(codes.size + 1, dtype=np.uint64)
        prefix[0] = 0
        np.cumsum(folded * powers[: codes.size], dtype=np.uint64, out=prefix[1:])
        hashed_ends = stem_ends(folded, starts, ends) if stem else ends
        raw = (prefix[hashed_ends] - prefix[starts]) * inverse_powers[starts]
        hashes = _mix(raw + (hashed_ends - starts).astype(np.uint64))
    return Words(hashes, starts, ends, _paragraphs(codes, is_word, starts))


def _word_bounds(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Start and end offsets of the words, and the word-character mask; None without words."""
    is_word_table, _ = _tables()
    if codes.max() < _BMP:
        is_word = is_word_table[codes]
    else:  # outside the BMP (emoji, rare scripts) every character counts as a word character
        is_word = np.where(codes < _BMP, is_word_table[np.minimum(codes, _BMP - 1)], True)
    padded = np.zeros(codes.size + 2, dtype=np.int8)
    padded[1:-1] = is_word
    edges = np.diff(padded)
    starts = np.flatnonzero(edges == 1)
    if starts.size == 0:
        return None
    return starts, np.flatnonzero(edges == -1), is_word


def _paragraphs(codes: np.ndarray, is_word: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Paragraph number of each word: blank lines (newlines with no word between) seen before it."""
    newlines = np.flatnonzero(codes == 10)
    if newlines.size < 2:
        return np.zeros(starts.size, dtype=np.int64)
    word_chars_before = np.cumsum(is_word, dtype=np.int64)[newlines]
    closes_blank_line = np.concatenate(([False], word_chars_before[1:] == word_chars_before[:-1]))
    # Several blank lines in a row are one break.
    first_of_run = closes_blank_line & ~np.concatenate(([False], closes_blank_line[:-1]))
    return np.searchsorted(newlines[first_of_run], starts)


_power_cache: list[tuple[np.ndarray, np.ndarray]] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i mod 2**64 for i < n, grown on demand and kept (every text needs them)."""
    if not _power_cache or _power_cache[0][0].size < n:
        size = max(n, 2 * (_power_cache[0][0].size if _power_cache else 0), 1 << 16)
        inverse = np.uint64(pow(int(_PRIME), -1, 2**64))
        with np.errstate(over="ignore"):
            tables = tuple(
                np.concatenate(([np.uint64(1)], np.cumprod(np.full(size - 1, base, dtype=np.uint64), dtype=np.uint64)))
                for base in (_PRIME, inverse)
            )
        _power_cache[:] = [tables]
    return _power_cache[0]


def shingles(word_hashes: np.ndarray, n: int = NGRAM) -> np.ndarray:
    """Hash of every run of ``n`` consecutive words; entry ``i`` starts at word ``i``."""
    count = word_hashes.size - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    if n > _POSITION_KEYS.size:
        raise ValueError(f"n-grams up to {_POSITION_KEYS.size} words are supported")
    with np.errstate(over="ignore"):
        combined = np.zeros(count, dtype=np.uint64)
        for k in range(n):
            combined += word_hashes[k : k + count] * _POSITION_KEYS[k]
        return _mix(combined)


@dataclass(frozen=True)
class Batch:
    """Many texts tokenised in one numpy pass (joined by blank lines), then handed out one by one.

    Per-call numpy overhead dominates on news-sized texts; a batch of a few megabytes
    amortises it. Shingles are computed over the joined words; those crossing from one text
    into the next are never handed out.
    """

    words: Words  # offsets into the joined text
    char_starts: np.ndarray  # int64: where each text starts in the joined text
    word_bounds: np.ndarray  # int64: text k owns words word_bounds[k]:word_bounds[k + 1]
    shingles: np.ndarray  # uint64: one per word position of the joined text (fewer at the end)
    n: int

    def __len__(self) -> int:
        return len(self.char_starts)

    def document(self, k: int) -> tuple[Words, np.ndarray]:
        """Text ``k``'s words, with offsets into that text, and its shingles."""
        first, last, offset = int(self.word_bounds[k]), int(self.word_bounds[k + 1]), int(self.char_starts[k])
        w = self.words
        local = Words(w.hashes[first:last], w.starts[first:last] - offset, w.ends[first:last] - offset, w.paragraphs[first:last])
        return local, self.shingles[first : max(first, last - self.n + 1)]

    def indexed_shingles(self) -> tuple[np.ndarray, np.ndarray]:
        """(text number, hash) of every shingle inside one text."""
        owner = np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.word_bounds))
        positions = np.arange(self.shingles.size)
        inside = owner[positions] == owner[positions + self.n - 1]
        return owner[positions[inside]], self.shingles[inside]


BATCH_CHARS = 1 << 21
"""Characters per tokenising pass: big enough to amortise numpy calls, small for memory."""


def tokenize(texts: list[str], n: int = NGRAM, *, stem: bool = False) -> Batch:
    """Words and shingles of ``texts`` in one pass (``stem``: see ``words``)."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    char_starts = np.concatenate(([0], np.cumsum(lengths + 2)[:-1])) if texts else np.zeros(0, dtype=np.int64)
    joined = words("\n\n".join(texts), stem=stem)
    word_bounds = np.searchsorted(joined.starts, np.append(char_starts, np.iinfo(np.int64).max))
    return Batch(joined, char_starts, word_bounds, shingles(joined.hashes, n), n)


def batches(texts: list[str], max_chars: int = BATCH_CHARS) -> list[tuple[int, int]]:
    """Index ranges ``[first, last)`` of ``texts`` of about ``max_chars`` characters each."""
    return batches_of_lengths([len(t) for t in texts], max_chars)


def batches_of_lengths(lengths: list[int], max_chars: int = BATCH_CHARS) -> list[tuple[int, int]]:
    """``batches`` for texts of these lengths (texts not in memory yet)."""
    ranges, first, size = [], 0, 0
    for k, length in enumerate(lengths):
        if size and size + length > max_chars:
            ranges.append((first, k))
            first, size = k, 0
        size += length + 2
    if first < len(lengths):
        ranges.append((first, len(lengths)))
    return ranges


if sys.byteorder != "little":  # utf-32-le is read as native integers above
    raise ImportError("crosswire.link.shingles assumes a little-endian machine")
