"""A seeded synthetic news corpus with planted copies, for benchmarks of any cross-document step.

Words are pronounceable nonsense drawn with Zipf frequencies, grouped in sentences and
paragraphs; every outlet appends its own footer. A share of documents are copies of an earlier
original from another outlet: partial (a subset of its paragraphs), edited (word
substitutions), with inserted headlines or boilerplate, sometimes reordered; some copies are
undated and carry "Originally published by <outlet>". ``Corpus.links`` is the truth.

    from benchmarks.synthetic import generate
    corpus = generate(20_000, seed=1)

``generate_annotated`` adds what the per-document extractors would have found, so that
``analyze`` can be measured without spaCy: named people, organisations and places
(mentions), quotes with their speakers (statements), some of them planted quote variants
(one quote rendered with a changed word, a bracketed insertion or a "..." cut), and event
sentences whose dates planted copies contradict ("released on November 9, 2023" against
"November 8"). ``AnnotatedCorpus`` holds the annotations and the truth.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field

import numpy as np

from crosswire.extract.dates import DateExpression, DateValue
from crosswire.extract.events import EventMention
from crosswire.model import Document, Mention, Statement

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



@dataclass
class AnnotatedCorpus:
    corpus: Corpus
    statements: list[Statement] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    dates: list[tuple[str, DateExpression]] = field(default_factory=list)  # (document, date)
    variant_groups: list[list[str]] = field(default_factory=list)  # statement ids of one quote
    date_conflicts: list[tuple[str, str]] = field(default_factory=list)  # (document, document)
    date_agreements: list[tuple[str, str]] = field(default_factory=list)  # same date: no discrepancy


PUBLISHED_THINGS = [("video", "released"), ("report", "published"), ("statement", "issued")]
ORG_KINDS = ["Council", "Ministry", "Party", "Front", "Union"]


class _Annotator:
    """Appends paragraphs to documents and records their annotations with exact offsets."""

    def __init__(self, out: AnnotatedCorpus) -> None:
        self.out = out
        self.by_id = {d.id: d for d in out.corpus.documents}

    def _append(self, doc: Document, pieces: list[tuple[str, str | None]]) -> list[int]:
        """Append a paragraph made of ``pieces`` (text, mention type or None); their offsets."""
        doc.text += "\n\n"
        starts = []
        for text, type_ in pieces:
            starts.append(len(doc.text))
            if type_:
                self.mention(doc, len(doc.text), text, type_)
            doc.text += text
        return starts

    def mention(self, doc: Document, start: int, name: str, type_: str) -> None:
        key = f"{type_}:{' '.join(name.lower().removeprefix('the ').split())}"
        self.out.mentions.append(Mention(doc.id, start, start + len(name), name, type_, key))

    def names(self, doc: Document, person: str, org: str, place: str) -> None:
        self._append(doc, [(person, "person"), (" spoke for ", None), (org, "organization"), (" in ", None),
                           (place, "place"), (".", None)])

    def quote(self, doc: Document, words: list[str], speaker: str) -> str:
        text = " ".join(words)
        text = text[:1].upper() + text[1:]
        _, start, _, name_start, _ = self._append(doc, [("\u201c", None), (text, None), (",\u201d said ", None),
                                                      (speaker, "person"), (".", None)])
        statement = Statement(
            id=f"{doc.id}:s{start}", document=doc.id, kind="direct", text=text, start=start,
            end=start + len(text), speaker_span=[name_start, name_start + len(speaker)],
            speaker_name=speaker, cue="said", speaker_key=f"person:{speaker.lower()}")
        self.out.statements.append(statement)
        return statement.id

    def dated_event(self, doc: Document, thing: str, verb: str, day: int) -> None:
        date_text = f"November {day}, 2023"
        start = self._append(doc, [(f"The {thing} was {verb} on {date_text}.", None)])[0]
        sentence_end = len(doc.text)
        date_start = sentence_end - 1 - len(date_text)
        self.out.dates.append((doc.id, DateExpression(date_text, date_start, sentence_end - 1,
                                                      DateValue.from_iso(f"2023-11-{day:02d}"), "absolute")))
        self.out.events.append(EventMention(
            document=doc.id, start=start, end=sentence_end, trigger=verb, trigger_start=start + len(thing) + 9,
            type="PUBLISH", cameo="010", object=thing, date=f"2023-11-{day:02d}", date_precision="day",
            date_text=date_text, text=doc.text[start:sentence_end]))


def _rendering(words: list[str], writer: _Writer, how: str) -> list[str]:
    """The quote as one outlet renders it: a changed word, a bracketed insertion or a cut."""
    out = list(words)
    middle = int(writer.rng.integers(2, len(out) - 5))
    if how == "changed":
        out[middle] = str(writer.words(1)[0])
    elif how == "inserted":
        out[middle:middle] = ["[" + " ".join(writer.words(2)) + "]"]
    elif how == "cut":
        out[middle:middle + int(writer.rng.integers(2, 5))] = ["..."]
    return out


def _nth_name(words: list[str], i: int) -> str:
    """The ``i``-th distinct name from ``words``: one word while they last, then two (1M documents
    need more organisations and places than there are words)."""
    if i < len(words):
        return words[i]
    return f"{words[i % len(words)]} {words[i // len(words) - 1]}"


def generate_annotated(n: int = 20_000, *, seed: int = 1, variant_share: float = 0.05,
                       quote_share: float = 0.5, conflict_share: float = 0.01) -> AnnotatedCorpus:
    """``generate``'s corpus plus names in every document, quotes in about ``quote_share`` of
    them, ``variant_share * n`` planted variant groups (2-4 renderings each) and
    ``conflict_share * n`` copy links whose two documents date one event a day apart (half as
    many more agree on the date)."""
    out = AnnotatedCorpus(generate(n, seed=seed))
    docs = out.corpus.documents
    rng = np.random.default_rng(seed + 1)
    writer = _Writer(rng, 20_000, 1.0)
    capitalised = [w.capitalize() for w in writer.vocab[1000:].tolist()]
    half = len(capitalised) // 2  # past 2 * half words, surnames shift so every pair stays new
    people = [f"{capitalised[2 * (i % half)]} {capitalised[(2 * i + 1 + 2 * (i // half)) % (2 * half)]}"
              for i in range(max(50, n // 10))]
    orgs = [f"the {_nth_name(capitalised[::-1], i)} {ORG_KINDS[i % len(ORG_KINDS)]}" for i in range(max(20, n // 50))]
    places = [_nth_name(capitalised[-3000:], i) for i in range(max(20, n // 200))]

    def pick(pool: list[str]) -> str:  # mildly skewed: a few names are everywhere, most are rare
        return pool[min(int(rng.pareto(1.5) * len(pool) / 50), len(pool) - 1)]

    annotate = _Annotator(out)
    for doc in docs:
        annotate.names(doc, pick(people), pick(orgs), pick(places))
        if rng.random() < quote_share:
            annotate.quote(doc, writer.words(int(rng.integers(12, 25))).tolist(), pick(people))
    for _ in range(int(n * variant_share)):
        words = writer.words(int(rng.integers(14, 25))).tolist()
        speaker = pick(people)
        members = rng.choice(len(docs), size=int(rng.integers(2, 5)), replace=False).tolist()
        hows = ["verbatim", *rng.choice(["changed", "inserted", "cut"], size=len(members) - 1).tolist()]
        out.variant_groups.append([annotate.quote(docs[m], _rendering(words, writer, how), speaker)
                                   for m, how in zip(members, hows)])
    links = out.corpus.links
    planted = rng.choice(len(links), size=min(len(links), int(n * conflict_share * 1.5)), replace=False).tolist()
    for k, link in enumerate(links[i] for i in planted):
        thing, verb = PUBLISHED_THINGS[k % len(PUBLISHED_THINGS)]
        day = int(rng.integers(2, 28))
        conflict = k % 3 != 2
        annotate.dated_event(annotate.by_id[link.source], thing, verb, day)
        annotate.dated_event(annotate.by_id[link.target], thing, verb, day - 1 if conflict else day)
        (out.date_conflicts if conflict else out.date_agreements).append((link.source, link.target))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = generate(args.n, seed=args.seed)
    for doc in corpus.documents[:3]:
        print(doc.id, doc.outlet, doc.published, doc.text[:300].replace("\n", " | "), sep="\t")
    print(f"{len(corpus.documents)} documents, {len(corpus.links)} planted links")
