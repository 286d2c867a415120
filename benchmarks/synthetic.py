"""A seeded synthetic news corpus with planted copies, for benchmarks of any cross-document step.

Words are pronounceable nonsense drawn with Zipf frequencies, grouped in sentences and
paragraphs; every outlet appends its own footer. A share of documents are copies of an earlier
original from another outlet: partial (a subset of its paragraphs), edited (word
substitutions), with inserted headlines or boilerplate, sometimes reordered; some copies are
undated and carry "Originally published by <outlet>". ``Corpus.links`` is the truth.

    from benchmarks.synthetic import generate
    corpus = generate(20_000, seed=1)
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field

import numpy as np

from crosswire.model import Document

SYLLABLES = ["ba", "ke", "lo", "mi", "nu", "ra", "se", "ti", "vo", "za", "dor", "fen", "gal", "hir", "jun", "pel", "qua", "sor", "tam", "wex"]
BOILERPLATE = [
    "Sign up for our morning briefing and get the news that matters delivered to your inbox.",
    "Advertisement",
    "Read more: the stories everyone is talking about this week.",
    "This article has been updated with additional reporting.",
]


@dataclass
class Link:
    source: str
    target: str
    kind: str  # e.g. "partial+edited+reordered+undated-credit"


@dataclass
class Corpus:
    documents: list[Document]
    links: list[Link] = field(default_factory=list)


def _vocabulary(rng: np.random.Generator, size: int) -> list[str]:
    seen: set[str] = set()
    words: list[str] = []
    while len(words) < size:
        k = int(rng.integers(1, 5))
        word = "".join(SYLLABLES[s] for s in rng.integers(0, len(SYLLABLES), k))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class _Writer:
    def __init__(self, rng: np.random.Generator, vocabulary_size: int, zipf: float) -> None:
        self.rng = rng
        self.vocab = np.array(_vocabulary(rng, vocabulary_size), dtype=object)
        weights = 1.0 / np.arange(1, vocabulary_size + 1) ** zipf
        self.cdf = np.cumsum(weights / weights.sum())

    def words(self, n: int) -> np.ndarray:
        return self.vocab[np.minimum(np.searchsorted(self.cdf, self.rng.random(n)), self.vocab.size - 1)]

    def paragraph(self) -> str:
        sentences = []
        for _ in range(int(self.rng.integers(2, 6))):
            ws = self.words(int(self.rng.integers(8, 26)))
            sentences.append(" ".join(ws).capitalize() + ".")
        return " ".join(sentences)

    def edit(self, paragraph: str, rate: float) -> str:
        tokens = paragraph.split(" ")
        hits = np.flatnonzero(self.rng.random(len(tokens)) < rate)
        for h, w in zip(hits.tolist(), self.words(hits.size)):
            tokens[h] = w
        return " ".join(tokens)


def generate(n: int = 20_000, *, seed: int = 1, copy_share: float = 0.2, outlets: int = 50,
             vocabulary_size: int = 30_000, zipf: float = 1.05) -> Corpus:
    """``n`` documents, about ``copy_share`` of them planted copies of distinct originals."""
    rng = np.random.default_rng(seed)
    writer = _Writer(rng, vocabulary_size, zipf)
    outlet_names = [f"The {w.capitalize()} {kind}" for w, kind in zip(writer.vocab[-outlets:], ["Times", "Herald", "Post", "Courier", "Gazette"] * outlets)]
    footers = [f"Copyright {name}. All rights reserved. Contact the newsroom at tips@{i}.example." for i, name in enumerate(outlet_names)]
    base = np.datetime64("2024-01-01T00:00")

    documents: list[Document] = []
    paragraphs: list[list[str]] = []
    links: list[Link] = []
    n_copies = int(n * copy_share)
    n_originals = n - n_copies
    for i in range(n_originals):
        outlet = int(rng.integers(outlets))
        paras = [writer.paragraph() for _ in range(int(rng.integers(3, 9)))]
        day = str(base + np.timedelta64(int(rng.integers(0, 360 * 24 * 60)), "m"))
        paragraphs.append(paras)
        documents.append(Document(id=f"o{i:07d}", source=f"o{i}.txt", text="\n\n".join(paras + [footers[outlet]]),
                                  outlet=outlet_names[outlet], published=day))

    for k, src in enumerate(rng.choice(n_originals, size=n_copies, replace=False).tolist()):
        original = documents[src]
        outlet = (outlet_names.index(original.outlet) + 1 + int(rng.integers(outlets - 1))) % outlets
        paras = list(paragraphs[src])
        kind = []
        if rng.random() < 0.6 and len(paras) > 3:
            keep = sorted(rng.choice(len(paras), size=int(rng.integers(2, len(paras))), replace=False).tolist())
            paras = [paras[p] for p in keep]
            kind.append("partial")
        if rng.random() < 0.6:
            paras = [writer.edit(p, 0.04) for p in paras]
            kind.append("edited")
        if rng.random() < 0.3:
            rng.shuffle(paras)
            kind.append("reordered")
        if rng.random() < 0.5:
            for _ in range(int(rng.integers(1, 3))):
                paras.insert(int(rng.integers(0, len(paras) + 1)), BOILERPLATE[int(rng.integers(len(BOILERPLATE)))])
            kind.append("boilerplate")
        headline = " ".join(writer.words(int(rng.integers(4, 9)))).upper()
        published: str | None = str(np.datetime64(original.published) + np.timedelta64(int(rng.integers(20, 72 * 60)), "m"))
        tail = [footers[outlet]]
        if rng.random() < 0.2:
            published = None
            tail.insert(0, f"Originally published by {original.outlet}.")
            kind.append("undated-credit")
        documents.append(Document(id=f"c{k:07d}", source=f"c{k}.txt", text="\n\n".join([headline, *paras, *tail]),
                                  outlet=outlet_names[outlet], published=published))
        links.append(Link(original.id, f"c{k:07d}", "+".join(kind) or "verbatim"))
    order = rng.permutation(len(documents))
    return Corpus([documents[i] for i in order], links)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = generate(args.n, seed=args.seed)
    for doc in corpus.documents[:3]:
        print(doc.id, doc.outlet, doc.published, doc.text[:300].replace("\n", " | "), sep="\t")
    print(f"{len(corpus.documents)} documents, {len(corpus.links)} planted links")
