"""Cross-document step: reuse, i.e. which document copied which passages from which.

Three stages, never all pairs: (1) every document becomes hashed word 5-grams
(:mod:`.shingles`); (2) documents sharing at least three rare shingles become candidates
(:mod:`.candidates`, passim's filter), a shingle in ``df`` documents weighing ``1/(df-1)``;
(3) each candidate is verified by aligning its shared shingles into passages (:mod:`.align`),
and its direction is decided from credits, dates, format and containment (:mod:`.direction`).
A link needs one passage of ``MIN_WORDS`` words, so a transcript quoted in an article is
reuse of the transcript, while stock phrases are not.

``coverage`` is the share of the target's words inside the passages; ``confidence`` is the
direction's confidence times the link's strength (copied length up to 40 words, and the
passages' character similarity, so a short or heavily edited copy scores lower).

Decisions: pairs from the same outlet are kept (a re-run or update of one's own story is
reuse too; the outlet's repeated furniture is filtered out by the index). Documents with
identical text are linked with coverage 1; without dates or credit their direction is
undetermined (confidence 0.5 and an ``undetermined`` basis entry).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Protocol

import numpy as np

from ..model import Document
from ..store.sqlite import Store
from .align import GAP, MIN_WORDS, Passage, align, covered_share
from .candidates import MAX_DF, MIN_EVIDENCE, MIN_SHARED, Candidates, find_candidates
from .direction import decide
from .shingles import NGRAM, Batch, Words, batches, batches_of_lengths, tokenize

FULL_STRENGTH_WORDS = 40
"""Copied words at which a link counts as fully established (fewer: a short quotation)."""
PAIRS_PER_CHUNK = 5000
"""Candidate pairs verified together: their documents are tokenised once, in batches."""


@dataclass(frozen=True)
class ReuseSettings:
    """The detector's knobs; the defaults are for news (benchmarks try others)."""

    n: int = NGRAM
    max_df: int = MAX_DF
    min_shared: int = MIN_SHARED
    min_words: int = MIN_WORDS
    min_evidence: float = MIN_EVIDENCE
    gap: int = GAP
    stem: bool = False
    """Hash words without inflectional suffixes (:mod:`.wordforms`): tolerates reworded copies."""

    def tokenize(self, texts: list[str]) -> Batch:
        """Words and shingles of ``texts`` as these settings see them."""
        return tokenize(texts, self.n, stem=self.stem)


def run(store: Store) -> int:
    """Recompute the reuse table from all stored documents (see :mod:`.candidates` on updates).

    Texts are read from the store as they are needed (:class:`StoredCorpus`), never all at
    once. Links that imported passim clusters state are kept beside the ones found here.
    """
    from ..ingest.interchange import passim_reuse_rows

    rows = _find(StoredCorpus(store), ReuseSettings())
    clustered = store.documents("identifiers LIKE ?", ("%passim_cluster%",))
    rows += passim_reuse_rows(list(clustered), {(r["source"], r["target"]) for r in rows})
    return store.replace_rows("reuse", rows)


class Corpus(Protocol):
    """Documents by index (0 .. n-1, in id order when stored): what ``find_reuse`` reads."""

    ids: list[str]
    published: list[str | None]
    outlets: np.ndarray  # int64 outlet code per document, -1 when unknown

    def __len__(self) -> int: ...

    def text_batches(self) -> Iterator[tuple[int, list[str]]]:
        """(first index, texts) of consecutive documents, a few megabytes at a time."""

    def documents(self, indexes: list[int]) -> dict[int, Document]: ...


class ListCorpus:
    def __init__(self, docs: list[Document]) -> None:
        self.docs = docs
        self.ids = [d.id for d in docs]
        self.published = [d.published for d in docs]
        codes: dict[str, int] = {}
        self.outlets = np.array([codes.setdefault(d.outlet, len(codes)) if d.outlet else -1 for d in docs],
                                dtype=np.int64)

    def __len__(self) -> int:
        return len(self.docs)

    def text_batches(self) -> Iterator[tuple[int, list[str]]]:
        texts = [d.text for d in self.docs]
        for first, last in batches(texts):
            yield first, texts[first:last]

    def documents(self, indexes: list[int]) -> dict[int, Document]:
        return {k: self.docs[k] for k in indexes}


class StoredCorpus:
    """The store's documents in id order; only ids, dates, outlets and text lengths stay in memory."""

    def __init__(self, store: Store) -> None:
        self.store = store
        rows = store.conn.execute("SELECT id, outlet, length(text), published FROM documents ORDER BY id").fetchall()
        self.ids = [r[0] for r in rows]
        self.lengths = [r[2] or 0 for r in rows]
        self.published = [r[3] for r in rows]
        codes: dict[str, int] = {}
        self.outlets = np.array([codes.setdefault(r[1], len(codes)) if r[1] else -1 for r in rows], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ids)

    def text_batches(self) -> Iterator[tuple[int, list[str]]]:
        for first, last in batches_of_lengths(self.lengths):
            found = self.store.conn.execute("SELECT text FROM documents WHERE id BETWEEN ? AND ? ORDER BY id",
                                            (self.ids[first], self.ids[last - 1])).fetchall()
            yield first, [r[0] for r in found]

    def documents(self, indexes: list[int]) -> dict[int, Document]:
        at = {self.ids[k]: k for k in indexes}
        found: dict[int, Document] = {}
        for first in range(0, len(indexes), _ID_CHUNK):
            chunk = [self.ids[k] for k in indexes[first:first + _ID_CHUNK]]
            marks = ",".join("?" * len(chunk))
            found.update((at[d.id], d) for d in self.store.documents(f"id IN ({marks})", chunk))
        return found


_ID_CHUNK = 500
"""Ids per ``IN (...)`` query: well under SQLite's bound-parameter limit."""


def find_reuse(docs: list[Document], settings: ReuseSettings = ReuseSettings()) -> list[dict[str, Any]]:
    """Reuse rows (source, target, passages, coverage, basis, confidence) among ``docs``."""
    return _find(ListCorpus(docs), settings)


def _find(corpus: Corpus, settings: ReuseSettings) -> list[dict[str, Any]]:
    def index_chunks() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for first, texts in corpus.text_batches():
            owners, hashes = settings.tokenize(texts).indexed_shingles()
            yield owners + first, hashes

    candidates = find_candidates(
        index_chunks(), len(corpus), corpus.outlets,
        max_df=settings.max_df, min_shared=settings.min_shared, min_evidence=settings.min_evidence,
    )

    rows: list[dict[str, Any]] = []
    for start in range(0, len(candidates), PAIRS_PER_CHUNK):
        firsts = candidates.first[start : start + PAIRS_PER_CHUNK]
        seconds = candidates.second[start : start + PAIRS_PER_CHUNK]
        chosen = np.union1d(firsts, seconds).tolist()
        docs = corpus.documents(chosen)
        tokens = _tokens_of(chosen, [docs[k].text for k in chosen], candidates, settings)
        for a, b in zip(firsts.tolist(), seconds.tolist()):
            (a_words, a_shingles, _), (b_words, b_shingles, b_df) = tokens[a], tokens[b]
            passages = align(
                docs[a].text, a_words, a_shingles, docs[b].text, b_words, b_shingles, b_df,
                n=settings.n, gap=settings.gap, min_words=settings.min_words, min_evidence=settings.min_evidence,
            )
            if passages:
                rows.append(_row(docs[a], docs[b], passages, len(a_words), len(b_words)))
    return rows


def _tokens_of(
    chosen: list[int], subset: list[str], candidates: Candidates, settings: ReuseSettings
) -> dict[int, tuple[Words, np.ndarray, np.ndarray]]:
    """Words, shingles and shingle document frequencies of the documents ``chosen`` (texts ``subset``), batched."""
    found: dict[int, tuple[Words, np.ndarray, np.ndarray]] = {}
    for first, last in batches(subset):
        batch = settings.tokenize(subset[first:last])
        frequencies = candidates.document_frequency(batch.shingles)
        for k in range(last - first):
            doc_words, doc_shingles = batch.document(k)
            offset = int(batch.word_bounds[k])
            found[chosen[first + k]] = (doc_words, doc_shingles, frequencies[offset : offset + doc_shingles.size])
    return found


def _row(first: Document, second: Document, passages: list[Passage], first_len: int, second_len: int) -> dict[str, Any]:
    first_covered = covered_share([p.source_words for p in passages], first_len)
    second_covered = covered_share([p.target_words for p in passages], second_len)
    direction = decide(first, second, first_covered, second_covered)
    if direction.source_first:
        source, target, coverage, spans = first, second, second_covered, [p.offsets() for p in passages]
    else:
        source, target, coverage, spans = second, first, first_covered, [_swapped(p) for p in passages]
    spans.sort(key=lambda s: (s["target_start"], s["source_start"]))
    return {
        "source": source.id,
        "target": target.id,
        "passages": spans,
        "coverage": round(coverage, 4),
        "basis": direction.basis,
        "confidence": round(direction.confidence * _link_strength(passages), 4),
    }


def _swapped(p: Passage) -> dict[str, int]:
    return {"source_start": p.target_start, "source_end": p.target_end, "target_start": p.source_start, "target_end": p.source_end}


def _link_strength(passages: list[Passage]) -> float:
    """How sure the link itself is: copied length (a 10-word quote is weaker) times closeness."""
    lengths = [p.target_words[1] - p.target_words[0] for p in passages]
    total = sum(lengths)
    similarity = sum(p.similarity * n for p, n in zip(passages, lengths)) / total
    return min(1.0, total / FULL_STRENGTH_WORDS) ** 0.5 * similarity
