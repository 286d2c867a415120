"""Quotation-mark spans in a text, found in one linear scan.

News mixes curly and straight marks (and the typewriter ``''`` of some wires), runs a
quote over several paragraphs with an opening mark on each and the closing one only on
the last, and leaves marks unclosed. Single quotes inside a double quote are part of its
content; top-level single quotes are not scanned (too easily confused with apostrophes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUOTE_CHARS = 6000  # a longer "quote" is an unclosed mark, not speech
OPENING = {"“", "„", "«"}
CLOSING = {"”", "»"}
_MARK = re.compile(r"''|[“”\"„«»]|\n")
_OPENING_CONTEXT = set(" \t\n([{—–-/:;,")


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` bound its content; ``open`` is where the opening mark
    starts and ``close`` where the closing mark ends."""

    open: int
    start: int
    end: int
    close: int


def _is_opening(text: str, pos: int, mark: str) -> bool:
    """Whether a mark at ``pos`` opens a quote (ambiguous marks are judged by context)."""
    if mark in OPENING:
        return True
    if mark in CLOSING:
        return False
    before = text[pos - 1] if pos else " "
    after_pos = pos + len(mark)
    after = text[after_pos] if after_pos < len(text) else " "
    return (before in _OPENING_CONTEXT or before in OPENING) and not after.isspace()


def _continuation_mark(text: str, newline: int) -> re.Match[str] | None:
    """An opening mark that starts the next paragraph, continuing a quote across it."""
    pos = newline
    limit = min(len(text), newline + 200)
    while pos < limit and text[pos].isspace():
        pos += 1
    if pos >= limit:
        return None
    mark = "''" if text.startswith("''", pos) else text[pos]
    if mark in OPENING or mark in {'"', "''"}:
        return _MARK.match(text, pos)
    return None


def find_quotes(text: str) -> list[Quote]:
    """Every closed double-quoted span, in text order; unclosed marks are dropped."""
    quotes: list[Quote] = []
    open_match: re.Match[str] | None = None
    skip_until = -1
    for match in _MARK.finditer(text):
        pos, mark = match.start(), match.group()
        if pos < skip_until:
            continue
        if open_match is not None and pos - open_match.start() > MAX_QUOTE_CHARS:
            open_match = None
        if mark == "\n":
            if open_match is not None:
                follow = _continuation_mark(text, pos)
                if follow is None:
                    open_match = None  # the quote never closed in its paragraph
                else:
                    skip_until = follow.end()
            continue
        if open_match is None:
            if _is_opening(text, pos, mark):
                open_match = match
            continue
        if mark in OPENING:
            open_match = match  # a new opening mark: the earlier one was stray
            continue
        if mark in {'"', "''"} and _is_opening(text, pos, mark) and pos > 0 and text[pos - 1].isspace():
            open_match = match
            continue
        quotes.append(Quote(open_match.start(), open_match.end(), pos, match.end()))
        open_match = None
    return quotes
