"""Cross-document step: quote variants, the same utterance as different outlets render it.

Three stages, never all pairs: (1) every statement of ``MIN_WORDS`` words is indexed by its
word bigrams and long words; (2) each statement meets, through its ``RARE_KEYS`` rarest keys,
the statements sharing them (candidates); (3) each candidate pair is confirmed by word
alignment of the shorter rendering inside the longer (containment, not whole-string
ratio: an article quotes part of a transcript turn). Confirmed pairs are united into groups.

Each group's canonical rendering is the most complete one (a transcript turn first, then
the most words, then the earliest); every other rendering is aligned to it and the
differences are merged by where they fall in the canonical text.

Decisions: reported (indirect) speech is left out: it paraphrases by nature, so its
"differences" would be grammar, not changes. The speaker is not required to match (the
same words are sometimes attributed to someone else), but renderings attributed to two
different known speakers need a closer match.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..model import Statement
from ..store.sqlite import Store
from .wordalign import Alignment, align, word_keys

MIN_WORDS = 5
"""Shorter statements ("We will see.") match by chance and are left out."""
RARE_KEYS = 8
MAX_POSTINGS = 5000
"""Keys held by more statements are stock phrases: not used to find candidates."""
CANDIDATES_PER_STATEMENT = 25
MIN_COVERAGE = 0.7
"""Share of the shorter rendering's words found, in order, in the longer one."""
MIN_COVERAGE_OTHER_SPEAKER = 0.8
MIN_MATCHED_WORDS = 4
# A short rendering shares most of its words with many sentences by chance ("the people of
# the northern coast" vs "the people of the coast"): below SHORT_WORDS words it must match
# nearly all of its words.
SHORT_WORDS = 10
MIN_COVERAGE_SHORT = 0.85
EXCLUDED_KINDS = frozenset({"reported"})
KIND_PRIORITY = {"turn": 0, "direct": 1, "partial": 2}


def run(store: Store) -> int:
    published = {d.id: d.published for d in store.documents()}
    return store.replace_rows("variants", find_variants(list(store.statements()), published))


@dataclass
class _Rendering:
    statement: Statement
    words: list[str]
    published: str | None


def find_variants(statements: Iterable[Statement], published: Mapping[str, str | None]) -> list[dict[str, Any]]:
    """Variant rows (id, statements, canonical, differences); ``published`` maps documents to dates."""
    renderings = []
    for st in statements:
        if st.kind in EXCLUDED_KINDS:
            continue
        words = word_keys(st.text)
        if len(words) >= MIN_WORDS:
            renderings.append(_Rendering(st, words, published.get(st.document)))
    parent = list(range(len(renderings)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for x, y in _candidate_pairs([r.words for r in renderings]):
        if find(x) != find(y) and _same_utterance(renderings[x], renderings[y]):
            parent[find(x)] = find(y)
    groups: dict[int, list[_Rendering]] = defaultdict(list)
    for k, r in enumerate(renderings):
        groups[find(k)].append(r)
    rows = [row for members in groups.values() for row in _variant_rows(members)]
    return sorted(rows, key=lambda row: row["id"])


def _keys(words: list[str]) -> set[str]:
    return {f"{x} {y}" for x, y in zip(words, words[1:])} | {w for w in words if len(w) >= 5}


def _candidate_pairs(word_lists: list[list[str]]) -> set[tuple[int, int]]:
    """Pairs sharing at least two of either one's rarest keys, the best few per statement."""
    keys = [_keys(words) for words in word_lists]
    postings: dict[str, list[int]] = defaultdict(list)
    for k, ks in enumerate(keys):
        for key in ks:
            postings[key].append(k)
    pairs: set[tuple[int, int]] = set()
    for k, ks in enumerate(keys):
        rare = sorted((key for key in ks if len(postings[key]) <= MAX_POSTINGS), key=lambda key: len(postings[key]))
        shared: Counter[int] = Counter()
        for key in rare[:RARE_KEYS]:
            shared.update(other for other in postings[key] if other != k)
        needed = min(2, len(rare))
        for other, n in shared.most_common(CANDIDATES_PER_STATEMENT):
            if n >= needed:
                pairs.add((min(k, other), max(k, other)))
    return pairs


def _same_utterance(x: _Rendering, y: _Rendering) -> bool:
    sx, sy = x.statement, y.statement
    if sx.document == sy.document and sx.start < sy.end and sy.start < sx.end:
        return False  # one span nested in another: the extractor's, not a second rendering
    longer, shorter = (x, y) if len(x.words) >= len(y.words) else (y, x)
    return _close_enough(longer.statement, shorter.statement,
                         align(longer.statement.text, shorter.statement.text, contain=True))


def _close_enough(longer: Statement, shorter: Statement, alignment: Alignment) -> bool:
    other_speaker = longer.speaker is not None and shorter.speaker is not None and longer.speaker != shorter.speaker
    needed = MIN_COVERAGE_OTHER_SPEAKER if other_speaker else MIN_COVERAGE
    if alignment.b_words < SHORT_WORDS:
        needed = max(needed, MIN_COVERAGE_SHORT)
    return alignment.coverage >= needed and alignment.matched_words >= MIN_MATCHED_WORDS


def variant_id(statement_ids: Iterable[str]) -> str:
    """Stable over re-runs: a hash of the sorted member statement ids."""
    digest = hashlib.sha1("\n".join(sorted(statement_ids)).encode("utf-8")).hexdigest()
    return f"var-{digest[:16]}"


def _canonical_order(r: _Rendering) -> tuple[Any, ...]:
    st = r.statement
    return (KIND_PRIORITY.get(st.kind, 3), -len(r.words), r.published or "9999", st.document, st.start)


def _variant_rows(members: list[_Rendering]) -> list[dict[str, Any]]:
    """Rows for one connected group, as stored: ``statements[0]`` is the canonical rendering,
    the rest by date. Members joined only through a third rendering (A ~ B ~ C, A !~ C) and
    not close to the canonical one are split off into groups of their own."""
    rows = []
    remaining = sorted(members, key=_canonical_order)
    while len(remaining) >= 2:
        canonical, *others = remaining
        aligned, remaining = [], []
        for r in others:
            alignment = align(canonical.statement.text, r.statement.text, contain=True)
            if _close_enough(canonical.statement, r.statement, alignment):
                aligned.append((r, alignment))
            else:
                remaining.append(r)
        if aligned:
            rows.append(_variant_row(canonical, aligned))
    return rows


def _variant_row(canonical: _Rendering, aligned: list[tuple[_Rendering, Alignment]]) -> dict[str, Any]:
    aligned = sorted(aligned, key=lambda ra: (ra[0].published or "9999", ra[0].statement.document, ra[0].statement.start))
    alignments = [(r.statement, alignment) for r, alignment in aligned]
    statements = [canonical.statement, *(st for st, _ in alignments)]
    return {
        "id": variant_id(st.id for st in statements),
        "statements": [st.id for st in statements],
        "canonical": canonical.statement.text,
        "differences": _merged_differences(canonical.statement, alignments),
    }


def _merged_differences(canonical: Statement, alignments: list[tuple[Statement, Alignment]]) -> list[dict[str, Any]]:
    """One entry per (kind, place in the canonical text), each reading with who has it.

    The canonical reading's documents are the canonical's and those of every rendering that
    quotes that place without a difference there.
    """
    readings: dict[tuple[str, int, int], dict[str, list[Statement]]] = defaultdict(lambda: defaultdict(list))
    for st, alignment in alignments:
        for d in alignment.diffs:
            readings[(d.kind, d.a_start, d.a_end)][d.b_text].append(st)
    differences = []
    for (kind, start, end), by_text in sorted(readings.items(), key=lambda item: (item[0][1], item[0][2], item[0][0])):
        agreeing = [canonical] + [
            st for st, alignment in alignments
            if _quotes(alignment, start, end) and not _differs_at(alignment, start, end)
        ]
        values = [_value(canonical.text[start:end], agreeing)]
        values += [_value(text, sts) for text, sts in by_text.items()]
        differences.append({"kind": kind, "span": [start, end], "values": values})
    return differences


def _value(text: str, statements: list[Statement]) -> dict[str, Any]:
    return {"text": text, "documents": sorted({st.document for st in statements}),
            "statements": [st.id for st in statements]}


def _quotes(alignment: Alignment, start: int, end: int) -> bool:
    return any(p.a_start <= start and end <= p.a_end for p in alignment.passages)


def _differs_at(alignment: Alignment, start: int, end: int) -> bool:
    return any(d.a_start <= end and start <= d.a_end for d in alignment.diffs)


def describe_variants(store: Store, speaker: str | None = None) -> list[dict[str, Any]]:
    """Stored variant groups with each rendering's outlet, date and speaker, for display.

    ``speaker`` keeps groups with a rendering whose speaker name, or resolved entity's name
    or alias, contains it (case-insensitive).
    """
    documents = {d.id: d for d in store.documents()}
    statements = {st.id: st for st in store.statements()}
    entity_names = {e.id: [e.name, *e.aliases] for e in store.entities()}
    wanted = speaker.casefold() if speaker else None
    described = []
    for row in store.rows("variants", order="id"):
        renderings = []
        for st_id in row["statements"]:
            st = statements.get(st_id)
            if st is None:
                continue
            doc = documents.get(st.document)
            renderings.append({
                "statement": st.id, "document": st.document, "kind": st.kind, "text": st.text,
                "outlet": doc.outlet if doc else None, "published": doc.published if doc else None,
                "speaker": st.speaker, "speaker_name": st.speaker_name,
                "speaker_names": [n for n in [st.speaker_name, *entity_names.get(st.speaker or "", [])] if n],
            })
        if wanted and not any(wanted in name.casefold() for r in renderings for name in r["speaker_names"]):
            continue
        for r in renderings:
            del r["speaker_names"]
        described.append({**row, "renderings": renderings})
    return described
