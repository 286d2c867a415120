"""Cross-document step: paraphrased reuse, i.e. a copy reworded and reordered sentence by sentence.

Outlets rewrite wire copy: the same facts, other words, sentences merged or moved. Exact
reuse (:mod:`.reuse`) needs shared word runs and misses such rewrites. This step aligns the
sentences of a candidate copy to those of a candidate source by meaning and content:

1. **Candidates, never all pairs**: documents sharing at least ``min_shared`` rare content
   words (stemmed, stop words dropped, each in at most ``max_df`` documents; the index of
   :mod:`.candidates`), published within ``window_days`` of each other when both are dated,
   not already linked by exact reuse, and whose IDF-weighted content words are mostly
   contained in the other's (``min_containment``).
2. **Sentence scores**: for each sentence pair, ``semantic_weight`` times the cosine of the
   MiniLM vectors (the encoder of semantic search, :mod:`crosswire.web.semantic`) plus the
   rest times the IDF-weighted share of the target sentence's content words found in the
   source sentence (names, numbers and rare words weigh most). Sentences that cannot reach
   ``min_pair`` even at cosine 1 are never encoded, which keeps the model off most text.
3. **One-to-one alignment**: the best-scoring sentence pairs first, each sentence used once,
   in any order (rewrites reorder). A document on the same topic written independently
   matches the source's one defining sentence many times; a paraphrase matches many
   different sentences.

``coverage`` is the share of the target's sentence characters in matched sentences; a link
needs ``min_coverage`` (chosen by leave-one-out on Clough & Stevenson, ``benchmarks/
reuse_clough.py``) and ``min_sentences``. Rows go into the ``reuse`` table beside the exact
links, with sentence-level passages, a ``paraphrase`` basis entry, the direction from
:func:`.direction.decide`, and a lower confidence.
"""
from __future__ import annotations

import bisect
import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator, Protocol

import numpy as np

from ..extract.quotes import find_quotes
from ..model import Document
from ..store.sqlite import Store
from .candidates import find_candidates
from .direction import decide
from .reuse import Corpus, ListCorpus, StoredCorpus
from .shingles import tokenize

log = logging.getLogger(__name__)

MIN_COVERAGE = 0.18
"""Share of a document's sentences (by characters) that must be matched: the coverage threshold
the benchmark's nested leave-one-out chose with the default weights (median 0.176)."""
CONFIDENCE_SCALE = 0.8
"""Paraphrase links are less certain than exact ones: their confidence is scaled by this."""
FULL_STRENGTH_WORDS = 40
MIN_SENTENCE_WORDS = 3
"""Content words a sentence needs to be aligned: a dateline or a two-word heading is not evidence."""


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(A-Z0-9])|\n[ \t]*\n\s*|(?<=[.!?:;\"”’)])[ \t]*\n\s*")
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])+)\.$")  # "Nov.", "Mr.", "U.S."
HEADING_CHARS = 50
"""A line this short without final punctuation is a heading: it ends a sentence of its own."""


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Sentences by end punctuation, blank lines, and line ends after punctuation or a heading.

    Another single line break is a wrapped line (text copied from a page or a terminal), not
    a sentence end; a whole line shorter than ``HEADING_CHARS`` without end punctuation,
    followed by a capitalised line, is a heading.
    """
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group(0) and _ABBREVIATION.search(text, max(0, m.start() - 8), m.start()):
            continue
        yield from _split_headings(text, start, m.start())
        start = m.end()
    yield from _split_headings(text, start, len(text))


def _split_headings(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for line in re.finditer(r"\n", text[start:end]):
        at = start + line.start()
        at_line_start = start == 0 or text[start - 1] == "\n"
        if at_line_start and at - start < HEADING_CHARS and text[start:at].strip() and text[at + 1 : at + 2].isupper():
            yield start, at
            start = at + 1
    if text[start:end].strip():
        yield start, end


class SentenceEncoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class ParaphraseSettings:
    """The step's knobs. ``semantic_weight`` and ``min_pair`` are the settings the benchmark's
    nested leave-one-out chose for every held-out answer. The candidate filters keep every Clough &
    Stevenson reuse answer with its source (but the two pasted from outside it) and already
    drop 28 of the 38 independent answers."""

    semantic_weight: float = 0.3
    min_pair: float = 0.6
    min_coverage: float = MIN_COVERAGE
    min_sentences: int = 2
    max_df: int = 30
    min_shared: int = 5
    min_evidence: float = 0.2
    min_containment: float = 0.3
    window_days: int = 10


@dataclass
class _Sentences:
    """The alignable sentences of one document: spans, content words, IDF weight, encoder vectors."""

    spans: list[tuple[int, int]]
    words: list[np.ndarray]  # sorted unique content-word hashes per sentence
    weights: np.ndarray  # summed IDF of each sentence's content words
    vectors: np.ndarray | None = None


class _Lexicon:
    """Content words of every document and their document frequencies (one tokenising pass).

    Kept per text batch, as the candidate index takes them (and spills them to disk when
    large), never as one array of the whole corpus."""

    def __init__(self, text_batches: Iterator[tuple[int, list[str]]], n: int) -> None:
        self.n = n
        self._stop = _stop_hashes()
        self.firsts: list[int] = []
        self.owners: list[np.ndarray] = []  # document numbers per batch, sorted
        self.hashes: list[np.ndarray] = []  # per batch: each document's unique content-word hashes, sorted
        counted: list[tuple[np.ndarray, np.ndarray]] = []
        for first, texts in text_batches:
            batch_owners, batch_hashes = self._content(texts)
            order = np.lexsort((batch_hashes, batch_owners))  # by document, then hash
            batch_owners, batch_hashes = batch_owners[order], batch_hashes[order]
            new = np.ones(order.size, dtype=bool)
            new[1:] = (batch_owners[1:] != batch_owners[:-1]) | (batch_hashes[1:] != batch_hashes[:-1])
            self.firsts.append(first)
            self.owners.append((batch_owners[new] + first).astype(np.int64))
            self.hashes.append(batch_hashes[new])
            counted.append(np.unique(batch_hashes[new], return_counts=True))
        self.keys, counts = _summed_counts(counted)
        self.idf_table = np.log((self.n + 1) / (counts + 1)) + 1.0

    def chunks(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(document numbers, hashes) batch by batch, for the candidate index."""
        return zip(self.owners, self.hashes)

    def _content(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text number, stemmed word hash) of every content word of ``texts``."""
        batch = tokenize(texts, 1, stem=True)
        owners, hashes = batch.indexed_shingles()
        keep = ~np.isin(hashes, self._stop)
        return owners[keep], hashes[keep]

    def document(self, k: int) -> np.ndarray:
        batch = bisect.bisect_right(self.firsts, k) - 1
        owners = self.owners[batch]
        return self.hashes[batch][np.searchsorted(owners, k) : np.searchsorted(owners, k, side="right")]

    def idf(self, hashes: np.ndarray) -> np.ndarray:
        """Smoothed IDF of each hash; words no document holds weigh as unique ones."""
        if self.keys.size == 0:
            return np.full(hashes.size, math.log(self.n + 1) + 1.0)
        at = np.minimum(np.searchsorted(self.keys, hashes), self.keys.size - 1)
        return np.where(self.keys[at] == hashes, self.idf_table[at], math.log((self.n + 1) / 2) + 1.0)

    def sentences(self, text: str) -> _Sentences:
        batch = tokenize([text], 1, stem=True)
        hashes, starts = batch.shingles[: len(batch.words)], batch.words.starts
        # quoted words are the speaker's, not the other document's: two reports quoting one
        # speech share them without one rewriting the other (variants align those)
        keep = ~np.isin(hashes, self._stop) & ~_quoted(text, starts)
        hashes, starts = hashes[keep], starts[keep]
        spans, words = [], []
        for start, end in sentence_spans(text):
            inside = hashes[np.searchsorted(starts, start) : np.searchsorted(starts, end)]
            unique = np.unique(inside)
            if unique.size >= MIN_SENTENCE_WORDS:
                spans.append((start, end))
                words.append(unique)
        return _Sentences(spans, words, np.array([self.idf(w).sum() for w in words]))


def _quoted(text: str, starts: np.ndarray) -> np.ndarray:
    """Whether each word start lies inside a quotation."""
    quotes = find_quotes(text)
    if not quotes:
        return np.zeros(starts.size, dtype=bool)
    bounds = np.array([(q.start, q.end) for q in quotes], dtype=np.int64)
    at = np.searchsorted(bounds[:, 0], starts, side="right") - 1
    return (at >= 0) & (starts < bounds[np.maximum(at, 0), 1])


def _summed_counts(counted: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys and their summed counts over batches of (keys, counts)."""
    if not counted:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    keys = np.concatenate([k for k, _ in counted])
    counts = np.concatenate([c for _, c in counted])
    distinct, at = np.unique(keys, return_inverse=True)
    return distinct, np.bincount(at, weights=counts, minlength=distinct.size).astype(np.int64)


def _stop_hashes() -> np.ndarray:
    from .story_features import STOP_WORDS

    return np.unique(tokenize([" ".join(sorted(STOP_WORDS))], 1, stem=True).shingles)


def run(store: Store) -> int:
    """Add paraphrase links for pairs the exact reuse step did not link; returns rows added."""
    store.conn.execute("DELETE FROM reuse WHERE basis LIKE ?", ('%"kind": "paraphrase"%',))
    linked = {frozenset(r) for r in store.conn.execute("SELECT source, target FROM reuse")}
    try:
        rows = _find(StoredCorpus(store), ParaphraseSettings(), linked, None)
    except _unavailable() as exc:
        log.warning("paraphrase step skipped: %s", exc)
        return 0
    directed = store.conn.execute("SELECT source, target FROM reuse").fetchall()
    return store._insert_many("reuse", without_siblings(rows, directed), replace=False)


def without_siblings(rows: list[dict[str, Any]], links: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """Drop a paraphrase pair whose two documents both come from a third one (by the exact
    ``links`` or another row): two reports drawn from one transcript are siblings, and what
    they share is what each took from it, not what one took from the other."""
    sources: dict[str, set[str]] = defaultdict(set)
    for source, target in links:
        sources[target].add(source)
    for row in rows:
        sources[row["target"]].add(row["source"])
    pair = ("source", "target")
    return [row for row in rows if not (sources[row["source"]] & sources[row["target"]]) - {row[k] for k in pair}]


def _unavailable() -> type[Exception]:
    from ..web.semantic import SemanticUnavailable

    return SemanticUnavailable


def find_paraphrases(
    docs: list[Document],
    settings: ParaphraseSettings = ParaphraseSettings(),
    *,
    skip: set[frozenset[str]] | frozenset = frozenset(),
    encoder: SentenceEncoder | None = None,
) -> list[dict[str, Any]]:
    """Reuse rows for paraphrased pairs among ``docs`` (pairs in ``skip`` are left out).

    ``encoder`` turns sentences into unit vectors (default: the MiniLM encoder, loaded on
    first need; raises ``SemanticUnavailable`` without its packages).
    """
    return _find(ListCorpus(docs), settings, skip, encoder)


def _find(corpus: Corpus, settings: ParaphraseSettings, skip: set[frozenset[str]] | frozenset,
          encoder: SentenceEncoder | None) -> list[dict[str, Any]]:
    """Texts are read in batches for the content words, then only the candidates' documents."""
    lexicon = _Lexicon(corpus.text_batches(), len(corpus))
    pairs = list(_candidates(corpus, lexicon, settings, skip))
    docs = corpus.documents(sorted({k for pair in pairs for k in pair}))
    cache: dict[int, _Sentences] = {}
    plans = []
    for a, b in pairs:
        for k in (a, b):
            if k not in cache:
                cache[k] = lexicon.sentences(docs[k].text)
        plan = _plan(cache[a], cache[b], lexicon, settings)
        if plan is not None:
            plans.append((a, b, plan))
    if plans:
        _encode(sorted({k for a, b, _ in plans for k in (a, b)}), docs, cache, encoder)
    rows = []
    for a, b, lexical in plans:
        row = _align(docs[a], docs[b], cache[a], cache[b], lexical, settings)
        if row is not None:
            rows.append(row)
    return rows


def _candidates(corpus: Corpus, lexicon: _Lexicon, settings: ParaphraseSettings,
                skip: set[frozenset[str]] | frozenset) -> Iterator[tuple[int, int]]:
    """Pairs sharing rare content words, close in date, not in ``skip``, one mostly contained in the other."""
    found = find_candidates(lexicon.chunks(), len(corpus), corpus.outlets,
                            max_df=settings.max_df, min_shared=settings.min_shared, min_evidence=settings.min_evidence)
    days = [_day(published) for published in corpus.published]
    for a, b in zip(found.first.tolist(), found.second.tolist()):
        if days[a] is not None and days[b] is not None and abs(days[a] - days[b]) > settings.window_days:
            continue
        if frozenset((corpus.ids[a], corpus.ids[b])) in skip:
            continue
        wa, wb = lexicon.document(a), lexicon.document(b)
        shared = lexicon.idf(np.intersect1d(wa, wb, assume_unique=True)).sum()
        if shared / max(min(lexicon.idf(wa).sum(), lexicon.idf(wb).sum()), 1e-9) >= settings.min_containment:
            yield a, b


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def _lexical(target: _Sentences, source: _Sentences, lexicon: _Lexicon) -> np.ndarray:
    """IDF-weighted share of each target sentence's content words found in each source sentence."""
    vocabulary = np.unique(np.concatenate(target.words + source.words))
    weights = lexicon.idf(vocabulary)

    def incidence(sents: _Sentences) -> np.ndarray:
        matrix = np.zeros((len(sents.words), vocabulary.size), np.float64)
        for i, w in enumerate(sents.words):
            matrix[i, np.searchsorted(vocabulary, w)] = 1.0
        return matrix

    shared = (incidence(target) * weights) @ incidence(source).T
    return shared / target.weights[:, None]


def _plan(sa: _Sentences, sb: _Sentences, lexicon: _Lexicon, settings: ParaphraseSettings) -> np.ndarray | None:
    """The lexical matrix (``a`` sentences x ``b`` sentences, ``a`` as target) if a link is still
    possible at cosine 1, else None: the encoder is then never run for this pair."""
    if not sa.spans or not sb.spans:
        return None
    lexical = _lexical(sa, sb, lexicon)
    reverse = _lexical(sb, sa, lexicon)
    floor = (settings.min_pair - settings.semantic_weight) / max(1.0 - settings.semantic_weight, 1e-9)
    possible_a = _share(sa, (lexical >= floor).any(axis=1))
    possible_b = _share(sb, (reverse >= floor).any(axis=1))
    if max(possible_a, possible_b) < settings.min_coverage:
        return None
    return np.stack([lexical, reverse.T])


def _share(sents: _Sentences, matched: np.ndarray) -> float:
    lengths = np.array([e - s for s, e in sents.spans], np.float64)
    return float(lengths[matched].sum() / lengths.sum())


def _encode(needed: list[int], docs: dict[int, Document], cache: dict[int, _Sentences],
            encoder: SentenceEncoder | None) -> None:
    """Vectors for every sentence of the documents ``needed``, in one length-sorted pass
    (batches of like lengths waste little on padding)."""
    if encoder is None:
        from ..web.semantic import Encoder

        encoder = Encoder()
    texts = [docs[k].text[s:e] for k in needed for s, e in cache[k].spans]
    by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    encoded = encoder.encode([texts[i] for i in by_length])
    vectors = np.empty_like(encoded)
    vectors[by_length] = encoded
    at = 0
    for k in needed:
        cache[k].vectors = vectors[at : at + len(cache[k].spans)]
        at += len(cache[k].spans)


def _align(a: Document, b: Document, sa: _Sentences, sb: _Sentences, lexical: np.ndarray,
           settings: ParaphraseSettings) -> dict[str, Any] | None:
    """The reuse row for ``a`` and ``b`` when enough sentences match one to one, else None."""
    cosine = sa.vectors @ sb.vectors.T
    w = settings.semantic_weight
    as_target = _match(w * cosine + (1 - w) * lexical[0], settings.min_pair)  # (a sentence, b sentence)
    as_source = _match((w * cosine + (1 - w) * lexical[1]).T, settings.min_pair)  # (b sentence, a sentence)
    covered_a = _share(sa, np.isin(np.arange(len(sa.spans)), [i for i, _, _ in as_target]))
    covered_b = _share(sb, np.isin(np.arange(len(sb.spans)), [j for j, _, _ in as_source]))
    # Whether the pair links does not hang on the direction: an undated pair with no clear
    # asymmetry gets its direction by id, and the copy may then be called the source. The
    # passages come from the better-covered side's matching, as (a sentence, b sentence, score).
    if (covered_a, len(as_target)) >= (covered_b, len(as_source)):
        matched, covered = as_target, (covered_a, len(as_target))
    else:
        matched, covered = [(i, j, s) for j, i, s in as_source], (covered_b, len(as_source))
    if covered[0] < settings.min_coverage or covered[1] < settings.min_sentences:
        return None
    direction = decide(a, b, covered_a, covered_b)
    # The copy is the target; ``pairs`` holds (source sentence, target sentence, score).
    if direction.source_first:
        source, target, coverage, spans = a, b, covered_b, (sa, sb)
        pairs = matched
    else:
        source, target, coverage, spans = b, a, covered_a, (sb, sa)
        pairs = [(j, i, s) for i, j, s in matched]
    source_sents, target_sents = spans
    passages = sorted(
        ({"source_start": source_sents.spans[i][0], "source_end": source_sents.spans[i][1],
          "target_start": target_sents.spans[j][0], "target_end": target_sents.spans[j][1]} for i, j, _ in pairs),
        key=lambda p: (p["target_start"], p["source_start"]))
    similarity = sum(s for _, _, s in pairs) / len(pairs)
    words = sum(len(target_sents.words[j]) for _, j, _ in pairs)
    strength = min(1.0, words / FULL_STRENGTH_WORDS) ** 0.5 * min(1.0, similarity)
    basis = [{"kind": "paraphrase", "sentences": len(pairs), "similarity": round(similarity, 4),
              "covered": {a.id: round(covered_a, 3), b.id: round(covered_b, 3)}}, *direction.basis]
    return {
        "source": source.id,
        "target": target.id,
        "passages": passages,
        "coverage": round(coverage, 4),
        "basis": basis,
        "confidence": round(CONFIDENCE_SCALE * direction.confidence * strength, 4),
    }


def _match(scores: np.ndarray, least: float) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching, best pair first: (row, column, score) with score >= ``least``."""
    rows, cols = np.nonzero(scores >= least)
    order = np.argsort(-scores[rows, cols], kind="stable")
    used_rows: set[int] = set()
    used_cols: set[int] = set()
    out = []
    for r, c in zip(rows[order].tolist(), cols[order].tolist()):
        if r not in used_rows and c not in used_cols:
            used_rows.add(r)
            used_cols.add(c)
            out.append((r, c, float(scores[r, c])))
    return out
