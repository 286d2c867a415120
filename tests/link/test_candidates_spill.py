"""Reuse candidates when the postings spill to disk by hash shard: the same pairs as in memory."""
from __future__ import annotations

import numpy as np
import pytest

from crosswire.link import candidates
from crosswire.link.shingles import batches, tokenize


def _corpus(seed: int = 3, n: int = 300) -> list[str]:
    """Random word texts, a third of them copying a passage of an earlier one."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array([f"w{k}" for k in range(2000)])
    texts: list[str] = []
    for k in range(n):
        words = list(vocabulary[rng.integers(0, vocabulary.size, int(rng.integers(40, 120)))])
        if k and k % 3 == 0:
            source = texts[int(rng.integers(0, k))].split()
            words[5:5] = source[3:40]
        texts.append(" ".join(words))
    return texts


def _find(texts: list[str]) -> candidates.Candidates:
    def chunks():
        for first, last in batches(texts, max_chars=4000):
            owners, hashes = tokenize(texts[first:last]).indexed_shingles()
            yield owners + first, hashes

    outlets = np.arange(len(texts), dtype=np.int64) % 7
    return candidates.find_candidates(chunks(), len(texts), outlets, max_df=20)


def test_spilled_postings_give_the_same_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _corpus()
    in_memory = _find(texts)
    monkeypatch.setattr(candidates, "SPILL_KEYS", 500)  # spills after every chunk or two
    spilled = _find(texts)
    assert len(in_memory) > 50  # the planted copies are found
    for name in ("first", "second", "shared", "evidence_keys", "evidence_df", "ignored_keys"):
        assert np.array_equal(getattr(spilled, name), getattr(in_memory, name)), name


def test_no_shingles_no_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "SPILL_KEYS", 0)
    found = candidates.find_candidates(iter([]), 0, np.zeros(0, dtype=np.int64))
    assert len(found) == 0 and found.evidence_keys.size == 0
