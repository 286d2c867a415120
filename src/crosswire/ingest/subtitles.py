"""SubRip (``.srt``) and WebVTT (``.vtt``) captions to a transcript of speaker turns.

Broadcast captions mark speakers in a few ways: WebVTT voice tags (``<v Jane Roe>``),
a name prefix (``JANE ROE:``, ``>> Jane Roe:``), a bare ``>>`` or a dialogue dash for
"someone else speaks now". Cues of one speaker are merged into one turn and each turn
becomes a paragraph ``Name: text``, the form the statement extractor reads as a turn.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Iterator

from ..model import IngestError, RawRecord

# Without speaker marks, a pause this long (seconds) between cues starts a new paragraph.
PARAGRAPH_PAUSE = 2.0

_TIMESTAMP = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[,.]\d{1,3})?"
_TIMING = re.compile(rf"^\s*({_TIMESTAMP})\s*-->\s*({_TIMESTAMP})")
_VOICE = re.compile(r"<v(?:\.[\w.-]{1,50})?[ \t]+([^>\n]{1,100})>")
_TAG = re.compile(r"<[^>\n]{0,200}>")
_ASS_CODE = re.compile(r"\{\\[^}\n]{0,100}\}")
_ANNOTATION_ONLY = re.compile(r"^[\[(][^\])\n]{0,80}[\])]$|^[♪♫#\s]+$")
_CHANGE = re.compile(r"^(?:>>+|[-–—](?=\s))\s*")
_NAME_PREFIX = re.compile(r"^([^:\n]{1,40}):\s+")
_NAME_CHARS = re.compile(r"^[^\W\d_][\w.'’\-]*$")


@dataclass
class Turn:
    speaker: str | None
    parts: list[str] = field(default_factory=list)


@dataclass
class Cue:
    start: float
    end: float
    lines: list[str]


def read_subtitles(text: str, source: str, fmt: str) -> Iterator[RawRecord | IngestError]:
    """One transcript record for a caption file (``fmt`` is ``srt`` or ``vtt``)."""
    cues = parse_cues(text)
    if not cues:
        yield IngestError(source, f"no {fmt.upper()} cues found (expected 'start --> end' timing lines)")
        return
    turns = assemble_turns(cues)
    speakers = list(dict.fromkeys(t.speaker for t in turns if t.speaker))
    content = "\n\n".join(f"{t.speaker}: {' '.join(t.parts)}" if t.speaker else " ".join(t.parts) for t in turns)
    if not content.strip():
        yield IngestError(source, f"{fmt.upper()} cues hold no text")
        return
    extra: dict = {"cue_count": len(cues)}
    if speakers:
        extra["speakers"] = speakers
    yield RawRecord(source=source, content=content, format=fmt,
                    duration=max(c.end for c in cues), extra=extra)


def parse_cues(text: str) -> list[Cue]:
    """Cues in file order; cue numbers, headers, NOTE and STYLE blocks are skipped."""
    lines = text.split("\n")
    cues = []
    i = 0
    while i < len(lines):
        timing = _TIMING.match(lines[i])
        i += 1
        if not timing:
            continue
        body = []
        while i < len(lines) and lines[i].strip() and not _TIMING.match(lines[i]):
            # An SRT missing its blank line: the next cue's number sits before its timing.
            if i + 1 < len(lines) and _TIMING.match(lines[i + 1]) and lines[i].strip().isdigit():
                break
            body.append(lines[i])
            i += 1
        cues.append(Cue(_seconds(timing.group(1)), _seconds(timing.group(2)), body))
    return cues


def assemble_turns(cues: list[Cue]) -> list[Turn]:
    """Merge cue lines into turns: a new named speaker or a change mark starts one."""
    pieces = [(cue, *piece) for cue in cues for line in cue.lines for piece in _line_pieces(line)]
    named = any(speaker for _, speaker, _, _ in pieces)
    turns: list[Turn] = []
    previous_text = None
    previous_cue = None
    for cue, speaker, changes, text in pieces:
        if not text or text == previous_text:  # rolling captions repeat the last line
            continue
        paused = (not named and previous_cue is not None and cue is not previous_cue
                  and cue.start - previous_cue.end >= PARAGRAPH_PAUSE)
        if speaker and turns and turns[-1].speaker == speaker and not changes:
            turns[-1].parts.append(text)
        elif speaker or changes or paused or not turns:
            turns.append(Turn(speaker, [text]))
        else:
            turns[-1].parts.append(text)
        previous_text, previous_cue = text, cue
    return turns


def _line_pieces(line: str) -> Iterator[tuple[str | None, bool, str]]:
    """``(speaker, starts a new turn, text)`` for each voice span of one cue line."""
    voices = list(_VOICE.finditer(line))
    if voices:
        for n, voice in enumerate(voices):
            end = voices[n + 1].start() if n + 1 < len(voices) else len(line)
            yield _speaker_name(voice.group(1)), False, _clean(line[voice.end() : end])
        return
    text = _clean(line)
    arrows = text.startswith(">>")
    change = _CHANGE.match(text)
    if change:
        text = text[change.end() :]
    prefix = _NAME_PREFIX.match(text)
    if prefix and _is_name(prefix.group(1), marked=arrows):
        yield _speaker_name(prefix.group(1)), True, text[prefix.end() :].strip()
    else:
        yield None, bool(change), text


def _is_name(candidate: str, marked: bool) -> bool:
    """A speaker label: up to five name-like words, in capitals unless a ``>>`` marks it."""
    words = candidate.split()
    if not 1 <= len(words) <= 5 or not all(_NAME_CHARS.match(w) for w in words):
        return False
    return candidate.isupper() or (marked and all(w[0].isupper() for w in words))


def _speaker_name(label: str) -> str:
    """``JANE ROE`` -> ``Jane Roe``; mixed-case names are kept as written."""
    label = " ".join(label.split())
    return " ".join(w.title() if w.isupper() else w for w in label.split())


def _clean(line: str) -> str:
    text = html.unescape(_TAG.sub("", _ASS_CODE.sub("", line)))
    text = " ".join(text.split())
    return "" if _ANNOTATION_ONLY.match(text) else text


def _seconds(stamp: str) -> float:
    seconds = 0.0
    for part in stamp.replace(",", ".").split(":"):
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)
