"""Transcript turns: paragraphs that start "Name: text", each running until the next one.

Readers turn SRT/WebVTT and interview pages into this form. A document is a transcript
when several paragraphs open with a speaker label; a turn that continues over several
paragraphs belongs to the last label, and a later label giving only the surname
("Al-Rashidi:") is the speaker first labelled in full ("Mohammed al-Rashidi:").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MIN_LABELLED_PARAGRAPHS = 3
MAX_LABEL_CHARS = 60
# Header fields of a transcript page ("Duration: 03:15", "Source: Coastline TV"), not speakers.
METADATA_LABELS = frozenset({
    "source", "sources", "duration", "length", "date", "time", "clip", "published", "updated", "posted", "url",
    "link", "note", "notes", "description", "tags", "category", "location", "transcript", "title", "by", "byline",
    "credit", "credits", "copyright", "photo", "video", "audio", "language", "translation", "subtitles",
})
# A label: up to six capitalised words (initials, hyphens, apostrophes, "al-", "van"),
# an optional parenthesised note "(R-S.C.)" or "(voice-over)", then a colon.
_WORD = r"(?:[A-Z][\w'’.-]*|(?:al|el|van|von|de|da|bin|ibn|le|la|du)[-\s][\w'’.-]+|[A-Z]\.)"
_LABEL = re.compile(
    rf"[ \t]*(?P<name>{_WORD}(?:[ \t]{{1,3}}{_WORD}){{0,5}})(?:[ \t]*\([^()\n]{{1,30}}\))?[ \t]*:[ \t]*",
)
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Turn:
    label_start: int
    label_end: int
    name: str  # the full name the speaker was first labelled with
    start: int
    end: int


def _label(paragraph: re.Match[str]) -> re.Match[str] | None:
    match = _LABEL.match(paragraph.string, paragraph.start(), min(paragraph.end(), paragraph.start() + MAX_LABEL_CHARS + 10))
    if match is None or match.end() >= paragraph.end() or len(match.group("name")) < 2:
        return None
    if match.group("name").lower() in METADATA_LABELS:
        return None
    return match


def _full_name(name: str, earlier: list[str]) -> str:
    """The earlier full label this one abbreviates (same last word), else itself."""
    last = name.split()[-1].lower()
    if len(name.split()) == 1:
        for full in earlier:
            if full.lower() != name.lower() and full.split()[-1].lower() == last:
                return full
    return name


def find_turns(text: str) -> list[Turn]:
    """The turns of a transcript, or nothing when the text is not one."""
    labelled: list[tuple[re.Match[str], re.Match[str]]] = []
    paragraphs = 0
    for paragraph in _PARAGRAPH.finditer(text):
        if not paragraph.group().strip():
            continue
        paragraphs += 1
        label = _label(paragraph)
        if label is not None:
            labelled.append((paragraph, label))
    if len(labelled) < MIN_LABELLED_PARAGRAPHS or len(labelled) * 4 < paragraphs:
        return []
    turns: list[Turn] = []
    names: list[str] = []
    for index, (paragraph, label) in enumerate(labelled):
        next_start = labelled[index + 1][0].start() if index + 1 < len(labelled) else len(text)
        end = next_start
        while end > label.end() and text[end - 1].isspace():
            end -= 1
        name = _full_name(label.group("name"), names)
        if name not in names:
            names.append(name)
        turns.append(Turn(label.start("name"), label.end("name"), name, label.end(), end))
    return turns
