"""Verify a candidate pair by aligning it: shared shingles chained into copied passages.

Anchors are shingles found exactly once in each document (passim's unique n-grams), so a
repeated phrase cannot pair the wrong occurrences. Walking the anchors in target order, a
passage goes on while both documents advance by at most ``GAP`` words; a word substitution or
insertion breaks at most ``n`` shingles and is bridged, while a jump (reordered paragraphs,
an inserted headline or boilerplate) starts a new passage, and so does a paragraph break
found in one document but not the other. Runs are found from differences of the anchor
positions, in numpy; Python only loops over the (few) passages.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from .candidates import MIN_EVIDENCE
from .shingles import NGRAM, Words

GAP = 12
"""Largest step, in words, within one passage in either document (bridges 1-2 edited words)."""
MIN_WORDS = 10
"""Shortest passage, in words of the target: long enough for a quotation, not a stock phrase."""


@dataclass(frozen=True)
class Passage:
    """One copied passage: character offsets into both clean texts, and how alike they are."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    source_words: tuple[int, int]  # [first, last) word indexes
    target_words: tuple[int, int]
    similarity: float  # rapidfuzz Indel normalised similarity of the two passages

    def offsets(self) -> dict[str, int]:
        return {
            "source_start": self.source_start,
            "source_end": self.source_end,
            "target_start": self.target_start,
            "target_end": self.target_end,
        }


def unique_anchors(
    source: np.ndarray, target: np.ndarray, target_df: np.ndarray, n: int = NGRAM
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions ``(i, j)`` of evidence shingles occurring once in each document, by ``j``, and their weights.

    ``target_df`` is each target shingle's document frequency (0: unique, -1: ignored as too
    common or outlet boilerplate). A shingle shared by ``df`` documents weighs ``1 / (df - 1)``,
    so text spread over many documents needs many anchors to make a passage; one touching a
    word of ignored boilerplate weighs nothing (it joins, say, a credit line to a footer).
    """
    i, j = _once_in_each(source, target)
    keep = target_df[j] > 0
    i, j = i[keep], j[keep]
    weight = 1.0 / np.maximum(target_df[j] - 1, 1)
    weight[_touches_ignored(target_df, n)[j]] = 0.0
    return i, j, weight


def _once_in_each(source: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of hashes found exactly once in each array, ordered by target position; one sort."""
    both = np.concatenate((source, target))
    order = np.argsort(both, kind="stable")  # stable: a source position precedes its target twin
    ordered = both[order]
    new = np.concatenate(([True], ordered[1:] != ordered[:-1], [True]))
    edges = new.nonzero()[0]
    pairs = edges[:-1][(edges[1:] - edges[:-1]) == 2]
    i, j = order[pairs], order[pairs + 1] - source.size
    matched = (i < source.size) & (j >= 0)
    i, j = i[matched], j[matched]
    by_target = np.argsort(j)
    return i[by_target], j[by_target]


def _touches_ignored(df: np.ndarray, n: int) -> np.ndarray:
    """Per shingle position: does it share a word with an ignored shingle?"""
    ignored = np.flatnonzero(df < 0)
    if ignored.size == 0:
        return np.zeros(df.size, dtype=bool)
    # Words covered by ignored shingles (a difference array), then shingles covering any such word.
    cover = np.zeros(df.size + n, dtype=np.int64)
    cover[ignored] += 1
    cover[ignored + n] -= 1
    boiler_words = np.cumsum(cover[: df.size + n - 1]) > 0
    before = np.concatenate(([0], np.cumsum(boiler_words)))
    return before[n : n + df.size] - before[: df.size] > 0


def _run_bounds(i: np.ndarray, j: np.ndarray, source: Words, target: Words, gap: int) -> np.ndarray:
    """Bounds of runs of anchors (sorted by ``j``) that advance together by at most ``gap``.

    A run also ends where one document crosses more paragraph breaks than the other between
    two anchors: a one-line inserted headline or advertisement is not part of the passage.
    """
    di, dj = i[1:] - i[:-1], j[1:] - j[:-1]
    source_paragraphs, target_paragraphs = source.paragraphs[i], target.paragraphs[j]
    dp = (source_paragraphs[1:] - source_paragraphs[:-1]) != (target_paragraphs[1:] - target_paragraphs[:-1])
    breaks = ((di <= 0) | (di > gap) | (dj > gap) | dp).nonzero()[0] + 1
    return np.concatenate(([0], breaks, [i.size]))


def align(
    source_text: str,
    source_words: Words,
    source_shingles: np.ndarray,
    target_text: str,
    target_words: Words,
    target_shingles: np.ndarray,
    target_df: np.ndarray,
    *,
    n: int = NGRAM,
    gap: int = GAP,
    min_words: int = MIN_WORDS,
    min_evidence: float = MIN_EVIDENCE,
) -> list[Passage]:
    """The passages of ``target`` copied from ``source`` (either way round: alignment is symmetric)."""
    i, j, weight = unique_anchors(source_shingles, target_shingles, target_df, n)
    if i.size < 2:
        return []
    # Lone anchors (a chance 5-gram in between) would split a real passage: drop them, re-chain.
    for _ in range(2):
        bounds = _run_bounds(i, j, source_words, target_words, gap)
        lengths = bounds[1:] - bounds[:-1]
        if lengths.min() >= 2:
            break
        together = np.repeat(lengths >= 2, lengths)
        i, j, weight = i[together], j[together], weight[together]
        if i.size < 2:
            return []
    else:
        bounds = _run_bounds(i, j, source_words, target_words, gap)
    passages: list[Passage] = []
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        src_first, src_last = int(i[a]), int(i[b - 1]) + n  # i rises within a run
        tgt_first, tgt_last = int(j[a]), int(j[b - 1]) + n
        if tgt_last - tgt_first < min_words or src_last - src_first < min_words:
            continue
        if weight[a:b].sum() < min_evidence:
            continue
        s0, s1 = int(source_words.starts[src_first]), int(source_words.ends[src_last - 1])
        t0, t1 = int(target_words.starts[tgt_first]), int(target_words.ends[tgt_last - 1])
        similarity = Indel.normalized_similarity(source_text[s0:s1].lower(), target_text[t0:t1].lower())
        passages.append(Passage(s0, s1, t0, t1, (src_first, src_last), (tgt_first, tgt_last), round(similarity, 4)))
    return passages


def covered_share(spans: list[tuple[int, int]], total_words: int) -> float:
    """Share of a document's words inside the union of word ranges ``spans``."""
    if total_words == 0 or not spans:
        return 0.0
    covered, reach = 0, 0
    for first, last in sorted(spans):
        first = max(first, reach)
        if last > first:
            covered += last - first
            reach = last
    return min(1.0, covered / total_words)
