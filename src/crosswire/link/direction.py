"""Which of two documents sharing passages is the source, and why.

Each kind of evidence votes with a log-odds weight for one direction; the direction with the
larger total wins and the margin becomes the confidence. In order of weight: an explicit
credit ("Originally published by <outlet>", or a ``cites`` entry naming the other's outlet
or title), publication dates, a transcript quoted by a written document, and containment
asymmetry (a copy is mostly made of the source; the source holds more besides).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..model import Document

CREDIT_WEIGHT = 3.0
DATE_WEIGHT = 2.0
SAME_DAY_WEIGHT = 0.7
TRANSCRIPT_WEIGHT = 1.5
CONTAINMENT_WEIGHT = 1.2  # at a full asymmetry of 1.0; scaled down linearly
MIN_ASYMMETRY = 0.15
"""Below this, both are about equally covered (a full copy plus its own headline, say): no vote."""

_CREDIT_CUE = re.compile(
    r"\b(?:originally|first)\s+(?:published|appeared|aired|broadcast)\b|\brepublished\b|\breprinted\b"
    r"|\bwith\s+permission\b|\bcourtesy\s+of\b|\bsource\s*:|\bvia\b|\bcredit\s*:",
    re.IGNORECASE,
)
_CREDIT_WINDOW = 120
_SPACES = re.compile(r"\s+")
TRANSCRIPT_FORMATS = frozenset({"transcript", "vtt", "srt"})
_TRANSCRIPTS: dict[str, bool] = {}


def is_transcript(doc: Document) -> bool:
    """Subtitles, or a text of speaker turns ("Name: ..."), such as a monitoring service's page."""
    if doc.format in TRANSCRIPT_FORMATS:
        return True
    if doc.id not in _TRANSCRIPTS:
        from ..extract.transcripts import find_turns

        if len(_TRANSCRIPTS) > 100_000:
            _TRANSCRIPTS.clear()
        _TRANSCRIPTS[doc.id] = bool(find_turns(doc.text))
    return _TRANSCRIPTS[doc.id]


@dataclass(frozen=True)
class Direction:
    source_first: bool  # True when the first document given is the source
    confidence: float  # 0.5 = a guess, near 1 = agreeing strong evidence
    basis: list[dict[str, Any]]


def _norm(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip().lower()


def credit(copy: Document, original: Document) -> str | None:
    """The words by which ``copy`` credits ``original`` (by outlet or title), if it does."""
    names = [n for n in (_norm(original.outlet), _norm(original.title)) if len(n) >= 3]
    if not names:
        return None
    for cite in copy.cites or []:
        cited = _norm(cite.get("name"))
        if cited and any(cited == n or (len(cited) >= 5 and (cited in n or n in cited)) for n in names):
            relation = cite.get("relation", "credits")
            return f"{relation} {cite.get('name')}".strip()
    lowered = copy.text.lower()
    for name in names:
        at = lowered.find(name)
        while at >= 0:
            # The cue comes shortly before the name: "Originally published by <name>".
            cues = list(_CREDIT_CUE.finditer(copy.text, max(0, at - _CREDIT_WINDOW), at))
            if cues:
                start = cues[-1].start()
                line_end = copy.text.find("\n", at)
                return _SPACES.sub(" ", copy.text[start : line_end if line_end >= 0 else len(copy.text)]).strip()
            at = lowered.find(name, at + 1)
    return None


def _day(published: str | None) -> str | None:
    return published[:10] if published and len(published) >= 10 else None


def decide(first: Document, second: Document, first_covered: float, second_covered: float) -> Direction:
    """Direction between two documents; ``*_covered`` is the share of each one's words in the passages."""
    votes = 0.0  # > 0 favours ``first`` as the source
    basis: list[dict[str, Any]] = []

    for copy, original, sign in ((second, first, 1.0), (first, second, -1.0)):
        words = credit(copy, original)
        if words:
            votes += sign * CREDIT_WEIGHT
            basis.append({"kind": "credit", "document": copy.id, "credits": original.id, "text": words})

    if first.published and second.published and first.published != second.published:
        same_day = _day(first.published) == _day(second.published)
        weight = SAME_DAY_WEIGHT if same_day else DATE_WEIGHT
        votes += weight if first.published < second.published else -weight
        basis.append({"kind": "dates", "earlier": first.id if first.published < second.published else second.id,
                      "dates": {first.id: first.published, second.id: second.published}})

    first_spoken = is_transcript(first)
    if first_spoken != is_transcript(second):
        votes += TRANSCRIPT_WEIGHT if first_spoken else -TRANSCRIPT_WEIGHT
        basis.append({"kind": "transcript", "document": first.id if first_spoken else second.id})

    asymmetry = second_covered - first_covered  # the copy is the more contained one
    if abs(asymmetry) >= MIN_ASYMMETRY:
        votes += CONTAINMENT_WEIGHT * asymmetry
        basis.append({"kind": "containment", "covered": {first.id: round(first_covered, 3), second.id: round(second_covered, 3)}})

    if votes == 0.0:
        basis.append({"kind": "undetermined", "note": "no credit, dates or asymmetry; order by id"})
        return Direction(first.id <= second.id, 0.5, basis)
    confidence = 1.0 / (1.0 + math.exp(-abs(votes)))
    return Direction(votes > 0, round(confidence, 4), basis)
