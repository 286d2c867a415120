"""Candidate pairs for reuse: documents sharing enough rare word n-grams (passim's filter).

The index is a postings list held as one sorted numpy array of (hash, document) packed in
64 bits: grouping and counting are sorts, not Python dicts. A shingle found in
more than ``max_df`` documents (stock phrases, widely repeated boilerplate) is no evidence of
copying and would cost ``df**2`` pairs, so it is dropped, as is one every document of which
(three or more) comes from a single outlet: that outlet's own boilerplate.

Incremental use: the sorted postings can be kept (or re-derived per hash shard, by the top
bits of the hash) and new documents merged in with ``np.searchsorted``; only pairs involving
a new document need counting, since old-old pairs and their counts are unchanged except
where a shingle crosses ``max_df``. The step recomputes everything for now.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MAX_DF = 100
"""Shingles in more documents than this are not evidence (passim's default, too)."""
MIN_SHARED = 3
"""Rare shingles a pair must share: 3 five-word shingles are a 7-word common run at least."""
MIN_EVIDENCE = 1.0
"""Least summed weight ``1 / (df - 1)`` of the shared shingles: one shingle unique to the pair."""
OUTLET_BOILERPLATE_MIN_DOCS = 3


@dataclass(frozen=True)
class Candidates:
    """Pairs of document indexes (``first < second``) sharing rare shingles, and the evidence table.

    ``evidence_keys``/``evidence_df`` hold, for every shingle that may count as evidence of
    copying (in 2..``max_df`` documents, not outlet boilerplate), its document frequency;
    ``ignored_keys`` the shingles too common or outlet boilerplate. Keys are hashes shifted
    right by ``shift`` bits (the low bits carried document numbers).
    """

    first: np.ndarray  # int64
    second: np.ndarray  # int64
    shared: np.ndarray  # int64
    evidence_keys: np.ndarray  # sorted uint64
    evidence_df: np.ndarray  # int64
    ignored_keys: np.ndarray  # sorted uint64
    shift: int

    def __len__(self) -> int:
        return len(self.first)

    def document_frequency(self, hashes: np.ndarray) -> np.ndarray:
        """Document frequency of each shingle hash: 0 when unique to one document, -1 when ignored."""
        order = np.argsort(hashes)  # sorted queries make the binary searches cache-friendly
        keys = hashes[order] >> np.uint64(self.shift)
        result = np.zeros(hashes.size, dtype=np.int64)
        for table, values in ((self.evidence_keys, self.evidence_df), (self.ignored_keys, None)):
            if table.size:
                at = np.minimum(np.searchsorted(table, keys), table.size - 1)
                hit = table[at] == keys
                result[order[hit]] = values[at[hit]] if values is not None else -1
        return result


def find_candidates(
    doc_shingles: Iterable[tuple[np.ndarray, np.ndarray]],
    n_docs: int,
    outlets: np.ndarray,
    *,
    max_df: int = MAX_DF,
    min_shared: int = MIN_SHARED,
    min_evidence: float = MIN_EVIDENCE,
) -> Candidates:
    """Pairs of documents that share at least ``min_shared`` rare shingles, of summed weight
    ``1 / (df - 1)`` at least ``min_evidence``: a shingle shared by many documents (a credit
    line, a much-repeated phrase) says little about any one pair of them.

    ``doc_shingles`` yields ``(documents, hashes)`` chunks: the document number (``0 ..
    n_docs - 1``) and hash of shingles, so a generator keeps only one chunk alive;
    ``outlets[i]`` is an integer code of document ``i``'s outlet, negative when unknown.
    Postings beyond ``SPILL_KEYS`` go to disk by hash shard (:class:`_Postings`).
    """
    shift = max(1, int(n_docs).bit_length())
    empty = np.zeros(0, dtype=np.int64)
    with _Postings(shift) as postings:
        for docs, hashes in doc_shingles:
            postings.add(docs, hashes)
        spilled = postings.spilled
        found = []
        for keys in postings.shards():
            *shard_tables, shard_keys, shard_weights = _shard_pairs(keys, shift, n_docs, outlets, max_df)
            del keys
            # spilled shards: distinct pairs, their shared count and weight now; summed across shards below
            pairs = _reduced(shard_keys, shard_weights) if spilled else (shard_keys, shard_weights)
            found.append((*shard_tables, *pairs))
    if not found:
        return Candidates(empty, empty, empty, np.zeros(0, dtype=np.uint64), empty, np.zeros(0, dtype=np.uint64), shift)
    tables = tuple(np.concatenate([f[k] for f in found]) for k in range(3))
    if spilled:
        pair_keys, shared_each, weights = _merged_pairs([f[3:] for f in found])
    else:
        pair_keys, weights = found[0][3], found[0][4]
        shared_each = None
    del found
    if pair_keys.size == 0:
        return Candidates(empty, empty, empty, *tables, shift)
    if shared_each is None:
        order = np.argsort(pair_keys)
        pair_keys, weights = pair_keys[order], weights[order]
        del order
        starts = np.flatnonzero(np.concatenate(([True], pair_keys[1:] != pair_keys[:-1])))
        shared = np.diff(np.append(starts, pair_keys.size))
        weight = np.add.reduceat(weights, starts)
        pairs = pair_keys[starts]
    else:
        pairs, shared, weight = pair_keys, shared_each, weights
    enough = (shared >= min_shared) & (weight >= min_evidence)
    pairs = pairs[enough]
    n = np.int64(n_docs)
    return Candidates(pairs // n, pairs % n, shared[enough].astype(np.int64), *tables, shift)


SPILL_KEYS = 1 << 24
"""Postings (8 bytes each) held in memory before they spill to disk by hash shard: 128 MB."""
SHARD_BITS = 5
"""Shards by the top bits of the hash when spilling: a shard's postings are sorted in memory."""


class _Postings:
    """Packed ``hash >> shift << shift | document`` keys, in memory or, once large, in shard files.

    A shingle's postings all fall in the shard of its hash's top bits, so each shard groups
    and counts on its own and only its pairs survive; keys beyond ``SPILL_KEYS`` would
    otherwise need gigabytes at a million documents.
    """

    def __init__(self, shift: int) -> None:
        self.shift = np.uint64(shift)
        self.held: list[np.ndarray] = []
        self.size = 0
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.files: list[Any] = []

    @property
    def spilled(self) -> bool:
        return self.folder is not None

    def __enter__(self) -> _Postings:
        return self

    def __exit__(self, *exc: object) -> None:
        for file in self.files:
            file.close()
        if self.folder is not None:
            self.folder.cleanup()

    def add(self, docs: np.ndarray, hashes: np.ndarray) -> None:
        self.held.append((hashes >> self.shift << self.shift) | docs.astype(np.uint64))
        self.size += self.held[-1].size
        if self.size > SPILL_KEYS:
            self._spill()

    def _spill(self) -> None:
        if self.folder is None:
            self.folder = tempfile.TemporaryDirectory(prefix="crosswire-postings-")
            self.files = [open(Path(self.folder.name) / f"{k}.bin", "w+b") for k in range(1 << SHARD_BITS)]
        keys = np.concatenate(self.held)
        self.held, self.size = [], 0
        shard = (keys >> np.uint64(64 - SHARD_BITS)).astype(np.uint8)
        for k, file in enumerate(self.files):
            keys[shard == k].tofile(file)

    def shards(self) -> Iterator[np.ndarray]:
        """Each shard's keys, sorted and distinct (one shard when nothing spilled)."""
        if self.folder is None:
            if self.held:
                yield _sorted_distinct(np.concatenate(self.held))
                self.held = []
            return
        if self.held:
            self._spill()
        for file in self.files:
            file.flush()
            file.seek(0)
            keys = np.fromfile(file, dtype=np.uint64)
            file.truncate(0)
            if keys.size:
                yield _sorted_distinct(keys)


def _sorted_distinct(keys: np.ndarray) -> np.ndarray:
    keys.sort()
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if keys.size else keys


def _shard_pairs(
    keys: np.ndarray, shift: int, n_docs: int, outlets: np.ndarray, max_df: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Evidence keys, their df, ignored keys, and the (pair key, weight) of every shared shingle."""
    hashes, docs = _shared_postings(keys, shift)
    del keys
    if hashes.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=np.uint64), empty, np.zeros(0, dtype=np.uint64), empty, np.zeros(0, dtype=np.float32)
    group_starts = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1])))
    sizes = np.diff(np.append(group_starts, hashes.size))
    ignored = (sizes > max_df) | _outlet_boilerplate(group_starts, sizes, outlets[docs])
    evidence = (sizes >= 2) & ~ignored
    pair_keys, weights = _pair_keys(docs, group_starts[evidence], sizes[evidence], n_docs)
    return (hashes[group_starts[evidence]], sizes[evidence].astype(np.int64), hashes[group_starts[ignored]],
            pair_keys, weights)


def _reduced(pair_keys: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct pair keys of one shard, how many shingles each shares there, and their summed weight."""
    if pair_keys.size == 0:
        return pair_keys, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    order = np.argsort(pair_keys)
    pair_keys, weights = pair_keys[order], weights[order]
    starts = np.flatnonzero(np.concatenate(([True], pair_keys[1:] != pair_keys[:-1])))
    shared = np.diff(np.append(starts, pair_keys.size))
    return pair_keys[starts], shared, np.add.reduceat(weights.astype(np.float64), starts)


def _merged_pairs(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct pair key over all shards: summed shared counts and weights."""
    keys = np.concatenate([p[0] for p in parts])
    shared = np.concatenate([p[1] for p in parts])
    weights = np.concatenate([p[2] for p in parts])
    del parts
    if keys.size == 0:
        return keys, shared, weights
    order = np.argsort(keys, kind="stable")
    keys, shared, weights = keys[order], shared[order], weights[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.add.reduceat(shared, starts), np.add.reduceat(weights, starts)


def _shared_postings(keys: np.ndarray, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """Split sorted packed keys into (hash, document), keeping only hashes in two or more documents.

    Most shingles occur in one document only; dropping them first keeps the later group
    arrays small. Works in place on ``keys`` so the peak is one postings array plus masks.
    """
    if keys.size == 0:
        return keys, np.zeros(0, dtype=np.int32)
    documents = np.empty(keys.size, dtype=np.int32)
    mask = np.uint64((1 << shift) - 1)
    step = 1 << 20
    for start in range(0, keys.size, step):
        documents[start : start + step] = keys[start : start + step] & mask
    keys >>= np.uint64(shift)
    same_as_next = keys[1:] == keys[:-1]
    shared = np.zeros(keys.size, dtype=bool)
    shared[1:] |= same_as_next
    shared[:-1] |= same_as_next
    del same_as_next
    return keys[shared], documents[shared]


def _outlet_boilerplate(group_starts: np.ndarray, sizes: np.ndarray, group_outlets: np.ndarray) -> np.ndarray:
    """Groups of 3+ documents all from one known outlet: the outlet's own furniture."""
    lowest = np.minimum.reduceat(group_outlets, group_starts)
    highest = np.maximum.reduceat(group_outlets, group_starts)
    return (sizes >= OUTLET_BOILERPLATE_MIN_DOCS) & (lowest == highest) & (lowest >= 0)


def _pair_keys(docs: np.ndarray, starts: np.ndarray, sizes: np.ndarray, n_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """``first * n_docs + second`` for every pair of documents in every group, and its weight.

    One group size at a time, so pairs are made by broadcasting, not a Python loop per shingle.
    """
    keys: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    n = np.int64(n_docs)
    for size in np.unique(sizes).tolist():
        group = starts[sizes == size]
        i, j = np.triu_indices(size, 1)
        first = docs[group[:, None] + i].astype(np.int64)
        second = docs[group[:, None] + j].astype(np.int64)
        keys.append((first * n + second).ravel())
        weights.append(np.full(keys[-1].size, 1.0 / (size - 1), dtype=np.float32))
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(keys), np.concatenate(weights)
