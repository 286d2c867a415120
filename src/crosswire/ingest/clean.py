"""Boilerplate removal for text copied from web pages, and the entry point for HTML.

Most inputs are plain text pasted or saved from a news page, so the cleaner works on lines:
each non-blank line is kept or dropped with a reason, and every dropped line is listed in
``Cleaned.removed`` so a user can audit the cleaning. Kept lines are copied character for
character (only line endings, trailing spaces and runs of blank lines are normalised),
because statement offsets point into the result.

The order of the passes matters: per-line patterns first (``data/boilerplate.tsv`` and a few
token rules), then the comment tail, then inserted headlines, which are judged against the
body paragraphs that are left.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import DateCandidate, RawRecord
from .publication import find_dates

MAX_BOILERPLATE_LINE = 400  # longer lines are body text; also bounds regex work per line
MAX_SHORT_LINE = 150  # share bars, tag and navigation lines are shorter
CONTEXT_CHARS = 2000  # of a neighbouring paragraph, enough to know its topic
COMMENT_SECTION = "comments-section"

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_WORD = re.compile(r"[^\W_][\w'’-]*")
_NAV_SPLIT = re.compile(r"\s*[|»›>•·/]\s*")
_TRANSCRIPT_TURN = re.compile(r"[A-Z][\w.'’ -]{0,40}:\s")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")

SHARE_WORDS = frozenset(
    "share shares this on via article story post page facebook twitter x whatsapp telegram linkedin "
    "email e-mail reddit pinterest print tweet messenger flipboard copy link sms bluesky threads mastodon".split()
)
SOCIAL_NAMES = frozenset("facebook twitter whatsapp telegram linkedin reddit pinterest messenger flipboard bluesky mastodon".split())
FOOTER_PHRASES = ("about us", "contact us", "privacy policy", "privacy notice", "terms of use", "terms of service",
                  "terms and conditions", "careers", "advertise with us", "accessibility", "sitemap", "cookie policy")
# A line about cookies is a banner when the site addresses the reader.
COOKIE_PHRASES = ("we use", "this site", "this website", "our site", "our website", "by continuing", "by using",
                  "you agree", "you accept", "accept all", "cookie policy", "cookie settings", "your consent")
# Words that do not make a line title-cased and carry no topic when comparing paragraphs.
SMALL_WORDS = frozenset(
    "a an the and or but nor of in on at to for from by with as into onto over under about after before "
    "is are was were be vs via per than that this these those its it his her their our your my not no".split()
)


@dataclass
class Cleaned:
    """The clean body of a document and what cleaning learned and dropped on the way."""

    text: str
    removed: list[dict[str, Any]] = field(default_factory=list)  # {"text", "reason", "line"?}
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    dates: list[DateCandidate] = field(default_factory=list)  # e.g. from HTML metadata
    duration: float | None = None  # e.g. a JSON-LD VideoObject's duration


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], list[str]]:
    """One compiled alternation over ``data/boilerplate.tsv``: a group per reason."""
    groups: list[str] = []
    reasons: list[str] = []
    text = resources.files("crosswire.data").joinpath("boilerplate.tsv").read_text("utf-8")
    for row in text.splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        reason, pattern = row.split("\t", 1)
        groups.append(f"(?P<g{len(reasons)}>{pattern})")
        reasons.append(reason)
    return re.compile("|".join(groups), re.IGNORECASE), reasons


def boilerplate_reason(line: str) -> str | None:
    """Why a stripped line is boilerplate, or None when it may be content."""
    if not line or len(line) > MAX_BOILERPLATE_LINE:
        return None
    lower = line.lower()
    if "cookie" in lower and any(phrase in lower for phrase in COOKIE_PHRASES):
        return "cookie"
    if len(line) <= MAX_SHORT_LINE:
        if sum(phrase in lower for phrase in FOOTER_PHRASES) >= 2:
            return "footer"
        words = _WORD.findall(lower)
        if words and all(w in SHARE_WORDS for w in words) and (words[0] == "share" or any(w in SOCIAL_NAMES for w in words)):
            return "share"
        if words and all(token.startswith("#") and token[1:2].isalpha() for token in line.split()):
            return "tags"
        if _is_navigation(line):
            return "navigation"
    pattern, reasons = _patterns()
    match = pattern.fullmatch(line)
    if match and match.lastgroup:
        return reasons[int(match.lastgroup[1:])]
    return None


def _is_navigation(line: str) -> bool:
    """'Home | World | Politics', 'Home > News': short digit-free parts between separators."""
    parts = [p for p in _NAV_SPLIT.split(line) if p]
    if len(parts) < 2 or (len(parts) == 2 and parts[0].lower() != "home"):
        return False
    if line[:3].lower() == "by " or any(ch.isdigit() for ch in line):
        return False
    return all(1 <= len(p.split()) <= 3 and not _SENTENCE_END.search(p) for p in parts)


def _is_list_heading(line: str) -> bool:
    """"Most read", "Related stories": a read-more label with nothing after it."""
    return not any(sep in line for sep in ":»›>|")


def _is_link_title(line: str) -> bool:
    """A headline-shaped line: short, no final punctuation, not a transcript turn."""
    return len(line) <= 100 and len(line.split()) <= 14 and not _SENTENCE_END.search(line) and not _TRANSCRIPT_TURN.match(line)


def _content_stems(line: str) -> set[str]:
    """Topic words of a line, cut to five letters so 'elections' meets 'election'."""
    return {w[:5] for w in _WORD.findall(line[:CONTEXT_CHARS].lower()) if len(w) >= 4 and w not in SMALL_WORDS}


def _is_body_paragraph(line: str) -> bool:
    return len(line[:CONTEXT_CHARS].split()) >= 12 or bool(_SENTENCE_END.search(line[-5:]))


def _looks_like_headline(line: str) -> bool:
    """A short title-cased line without final punctuation, not a transcript turn or byline."""
    if len(line) > 100 or _SENTENCE_END.search(line) or _TRANSCRIPT_TURN.match(line):
        return False
    words = line.split()
    if not 2 <= len(words) <= 14 or not (line[0].isupper() or line[0].isdigit()) or words[0].lower() == "by":
        return False
    significant = [w for w in _WORD.findall(line) if w.lower() not in SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


def _inserted_headlines(lines: list[str], kept: list[int], title_index: int | None) -> list[int]:
    """Indexes of headlines of other articles that interrupt the body.

    A candidate sits between two body paragraphs (the one before ends a sentence) and
    shares at most one topic word, and under a third of its topic words, with the two kept
    paragraphs on either side and the title (one shared word is chance: "summer" of "Ten
    Gadgets That Changed Summer Travel" in a paragraph on arrests "during the summer"); a
    subheading shares several, so it stays. Decided on kept lines only.
    """
    title_stems = _content_stems(lines[title_index]) if title_index is not None else set()
    found = []
    for pos, i in enumerate(kept):
        if pos == 0 or pos == len(kept) - 1 or i == title_index or not _looks_like_headline(lines[i].strip()):
            continue
        before = [lines[j].strip() for j in kept[max(0, pos - 2) : pos]]
        after = [lines[j].strip() for j in kept[pos + 1 : pos + 3]]
        if not (_is_body_paragraph(before[-1]) and before[-1][-1:] in ".!?\"”’'" and _is_body_paragraph(after[0])):
            continue
        context = set(title_stems)
        for paragraph in before + after:
            context |= _content_stems(paragraph)
        stems = _content_stems(lines[i])
        shared = len(stems & context)
        if shared == 0 or (shared == 1 and len(stems) >= 3 * shared + 1):
            found.append(i)
    return found


def _first_title_line(lines: list[str], kept: list[int]) -> int | None:
    """The headline: the first kept line, when it reads like a title."""
    if not kept:
        return None
    line = lines[kept[0]].strip()
    if len(line) > 300 or len(line.split()) > 45 or (line.endswith(".") and not line.endswith("..")):
        return None
    if line[:3].lower() == "by " or sum(len(m.group(0)) for m, _ in find_dates(line)) > len(line) / 2:
        return None  # a byline or a dateline, not a headline
    return kept[0]


def _masthead_line(lines: list[str], kept: list[int]) -> int | None:
    """The site's name above the headline, as text copied from a web page starts.

    A first line of at most four words without digits or final punctuation, followed by a
    longer line that reads like a title ("Global Wire Digest" / "Home | World" / headline).
    """
    if len(kept) < 2:
        return None
    first = lines[kept[0]].strip()
    words = first.split()
    if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in first) or first[-1] in ".:!?,;\"”’":
        return None
    if not all(w[:1].isupper() for w in words if w.isalpha() and len(w) > 3):
        return None
    following = lines[kept[1]].strip()
    if following.endswith(".") or not len(words) < len(following.split()) <= 60:
        return None
    return kept[0]


def clean_text(text: str) -> Cleaned:
    """Drop boilerplate lines from plain text; keep body, headline, byline and transcript turns."""
    lines = [line.rstrip() for line in _NEWLINES.sub("\n", text.lstrip("\ufeff")).split("\n")]
    reasons: dict[int, str] = {}
    body_seen = False
    previous = -1  # the last non-blank line that was not a list item
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        reason = boilerplate_reason(stripped)
        if reason == COMMENT_SECTION and body_seen:
            # Everything after a comment-section heading is the comment form and thread.
            for j in range(i, len(lines)):
                if lines[j].strip():
                    reasons[j] = "comments"
            break
        if reason:
            reasons[i] = "comments" if reason == COMMENT_SECTION else reason
        elif reasons.get(previous) == "read-more" and _is_link_title(stripped) and _is_list_heading(lines[previous]):
            reasons[i] = "read-more"  # an item of a "Most read" / "Related" list
            continue
        elif len(stripped.split()) >= 12:
            body_seen = True
        previous = i
    kept = [i for i, line in enumerate(lines) if line.strip() and i not in reasons]
    masthead = _masthead_line(lines, kept)
    if masthead is not None:
        reasons[masthead] = "masthead"
        kept.remove(masthead)
    title_index = _first_title_line(lines, kept)
    for i in _inserted_headlines(lines, kept, title_index):
        reasons[i] = "inserted-headline"
    return Cleaned(
        text=_join_kept(lines, reasons),
        removed=[{"text": lines[i].strip(), "reason": reasons[i], "line": i + 1} for i in sorted(reasons)],
        title=lines[title_index].strip() if title_index is not None and title_index not in reasons else None,
        outlet=lines[masthead].strip() if masthead is not None else None,
    )


def _join_kept(lines: list[str], reasons: dict[int, str]) -> str:
    """Kept lines in order; a blank line between them where the input had one or more."""
    out: list[str] = []
    blank_since_kept = False
    for i, line in enumerate(lines):
        if not line.strip():
            blank_since_kept = True
        elif i not in reasons:
            if out:
                out.append("\n\n" if blank_since_kept else "\n")
            out.append(line)
            blank_since_kept = False
    return "".join(out)


def clean_html(raw: RawRecord) -> Cleaned:
    """Extract the article from HTML (see :mod:`.html`), then clean its text like plain text."""
    from .html import extract_html  # here, as html imports this module's cleaner

    return extract_html(raw)
