"""The statements component: every utterance a document reports, with its speaker.

Transcripts give one ``turn`` per labelled paragraph run. Other documents combine the
quotation marks (:mod:`.quotes`) with the attribution frames of the parse
(:mod:`.attribution`): a quote next to a frame is ``direct``, a quote inside a frame's
reported clause is ``partial``, the clause itself is ``reported``. An interrupted quote
('"We ...," he said, "and ..."') gives two direct statements with one speaker, so offsets
stay exact.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Document, Statement
from .names import key_for, speaker_labels
from .attribution import ANSWERS, Frame, QuoteIndex, attribution_sentences, find_frames, object_verbs, piece_length, trim
from .quotes import Quote, find_quotes
from .speakers import Speaker, SpeakerResolver
from .transcripts import find_turns
from .when import said_date

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .pipeline import Annotations, Piece

NEARBY_CHARS = 400  # how far from a quote its attributing verb may be
CONTINUATION_CHARS = 400  # an unattributed quote this close after another continues it
MIN_UNATTRIBUTED_WORDS = 6  # shorter unattributed quotes are scare quotes or titles
MAX_GAP_AFTER_QUOTE = 4  # '," said' / '", he said'
MAX_INTRO_BEFORE_QUOTE = 80  # 'said in a statement on Monday: "'
NOT_SPEECH_BEFORE = frozenset({
    "so-called", "titled", "entitled", "book", "film", "movie", "song", "album", "show", "hashtag",
    "headline", "dubbed", "nicknamed", "term", "word", "phrase", "slogan", "banner",
})
TITLE_PREPOSITIONS = frozenset({"on", "in", "at", "from"})  # 'told CNN's "State of the Union"'
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?][”\"’']?\s+")
# The first line "Lead-in: headline"; the lead-in of one to six words, starting capitalised.
_HEADLINE = re.compile(r"\s*(?P<source>[A-Z][^\n:;,.!?\"“”]{0,60}?(?:\.[^\n:;,.!?\"“”]{1,40})?):[ \t]+(?P<content>[^\n]{10,300})\n")
HEADLINE_NOT_SOURCE = frozenset({"The", "A", "An", "UPDATE", "Update", "Watch", "Video", "Photos", "Exclusive", "Breaking"})
_COLON_SOURCE = re.compile(r"[A-Z][^\n:\"“”]{0,70}")


@dataclass
class _Draft:
    """A statement before its speaker is resolved (resolution runs in text order)."""

    kind: str
    start: int
    end: int
    cue: str | None
    source: tuple[int, int] | None = None
    source_head: str | None = None
    addressee: tuple[int, int] | None = None
    frame: Frame | None = None
    follows: "_Draft | None" = None  # a continuation quote takes this draft's speaker
    continues: bool = False  # an unattributed quote that may continue the statement before it
    speaker: Speaker | None = None


def find_statements(doc: Document, ann: "Annotations") -> None:
    """Append the document's statements to ``ann.statements``."""
    turns = find_turns(doc.text)
    if turns:
        ann.statements.extend(_turn_statements(doc, ann, turns))
        return
    quotes = find_quotes(doc.text)
    pieces = ann.parse_pieces(attribution_sentences(doc.text, ann.spacy_doc))
    frames = find_frames(doc.text, pieces, QuoteIndex(quotes))
    persons = [(m.start, m.end) for m in ann.mentions if m.type == "person"]
    drafts = _quote_drafts(doc.text, quotes, frames, persons) + _reported_drafts(doc.text, quotes, frames)
    drafts += _headline_drafts(doc.text, drafts)
    drafts.sort(key=lambda d: (d.start, d.end))
    _link_continuations(doc.text, drafts)
    resolver = SpeakerResolver(doc.text, ann.mentions, None if ann.mentions else ann.spacy_doc)
    ann.statements.extend(_finish(doc, drafts, resolver))


def _turn_statements(doc: Document, ann: "Annotations", turns: list) -> list[Statement]:
    resolver = SpeakerResolver(doc.text, ann.mentions, None) if ann.mentions else None
    keys: dict[str, str | None] = {}
    out = []
    for turn in turns:
        if turn.name not in keys:
            named = resolver is not None and turn.name.lower() not in speaker_labels()
            keys[turn.name] = resolver.label(turn.label_start, turn.label_end, turn.name).key if named else _label_key(turn.name)
        out.append(Statement(
            id=f"{doc.id}:s{turn.start}", document=doc.id, kind="turn", text=doc.text[turn.start:turn.end],
            start=turn.start, end=turn.end, speaker_span=[turn.label_start, turn.label_end],
            speaker_name=turn.name, cue=":", speaker_key=keys[turn.name],
        ))
    return out


def _label_key(name: str) -> str | None:
    if name.lower() in speaker_labels():
        return key_for(name, "other")
    return key_for(name, "person")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _frame_after(text: str, quote: Quote, frames: list[Frame]) -> Frame | None:
    """'"...," she said': a quote ending its sentence ('...water." He warned') takes no frame after it."""
    if text[quote.start:quote.end].rstrip().endswith("."):
        return None
    for frame in frames:
        left = min(frame.cue_start, frame.source[0] if frame.source else frame.cue_start)
        if left >= quote.close and left - quote.close <= MAX_GAP_AFTER_QUOTE + 40:
            gap = text[quote.close:left]
            if len(gap) <= MAX_GAP_AFTER_QUOTE and not gap.strip(" ,—–-") and "\n" not in gap:
                return frame
    return None


def _frame_before(text: str, quote: Quote, frames: list[Frame]) -> Frame | None:
    for frame in reversed(frames):
        right = max(frame.cue_end, frame.source[1] if frame.source else 0, frame.addressee[1] if frame.addressee else 0)
        if right > quote.open or quote.open - right > MAX_INTRO_BEFORE_QUOTE:
            continue
        gap = text[right:quote.open]
        lead_in = gap.rstrip()  # 'said in a statement on Monday:', within the frame's sentence
        colon = lead_in.endswith(":") and '"' not in gap and "\n" not in lead_in and not _SENTENCE_END.search(lead_in)
        if not gap.strip(" ,:\n") or gap.strip() in ("that", ", that") or colon:
            return frame
    return None


def _governing_frame(quote: Quote, frames: list[Frame]) -> Frame | None:
    """The nearest frame whose verb governs the quote, or whose clause holds it: the quote is
    a fragment of its speech."""
    governing = [
        frame for frame in frames
        if (frame.cue_end <= quote.open and frame.verb in _ancestors(frame.piece, quote))
        or (frame.content and frame.content[0] <= quote.open and quote.close <= frame.content[1])
    ]
    return max(governing, key=lambda f: f.cue_start) if governing else None


def _ancestors(piece: "Piece", quote: Quote) -> set[int]:
    """Token indices governing the quote's root, when the quote lies in this parsed piece."""
    start, end = quote.start - piece.start, quote.end - piece.start
    if start < 0 or end > piece_length(piece.doc):
        return set()
    return _governors(piece.doc, start, end)


@lru_cache(maxsize=256)
def _governors(doc: "Doc", start: int, end: int) -> frozenset[int]:
    """Cached: several frames of one sentence ask about the same quote."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return frozenset(t.i for t in span.root.ancestors) if span is not None and len(span) else frozenset()


def _is_title(text: str, quote: Quote) -> bool:
    """A name, not speech: 'the so-called "plan"', 'said on Fox News' "Sunday Morning Futures"'."""
    before = text[max(0, quote.open - 30):quote.open].split()
    if not before:
        return False
    word = before[-1].lower().strip(",:")
    return word in NOT_SPEECH_BEFORE or word in TITLE_PREPOSITIONS or word.endswith(("'s", "’s", "s’", "s'"))


def _is_headline(text: str, quote: Quote) -> bool:
    """A title-case quote alone on its line ('Background: "The Coast Was Here"'): a heading."""
    line_start = text.rfind("\n", 0, quote.open) + 1
    line_end = text.find("\n", quote.close)
    outside = text[line_start:quote.open] + text[quote.close:len(text) if line_end < 0 else line_end]
    words = _WORD.findall(text[quote.start:quote.end])
    capitalised = sum(w[:1].isupper() for w in words)
    return _words(outside) <= 4 and capitalised >= 0.6 * len(words)


def _is_mixed(text: str, quote: Quote, frame: Frame) -> bool:
    """'The people "deserve better," she said': the frame's clause starts before the quote."""
    return frame.content is not None and frame.content[0] < quote.open and bool(
        _WORD.search(text, frame.content[0], quote.open))


def _quote_drafts(text: str, quotes: list[Quote], frames: list[Frame], persons: list[tuple[int, int]]) -> list[_Draft]:
    drafts: list[_Draft] = []
    cue_starts = [f.cue_start for f in frames]
    for quote in quotes:
        low = bisect.bisect_left(cue_starts, quote.open - NEARBY_CHARS)
        high = bisect.bisect_right(cue_starts, quote.close + NEARBY_CHARS)
        nearby = frames[low:high]
        frame = _frame_after(text, quote, nearby) or _frame_before(text, quote, nearby)
        draft: _Draft | None = None
        if frame is not None and frame.source is not None and _is_mixed(text, quote, frame):
            drafts.append(_Draft("partial", quote.start, quote.end, frame.cue, frame.source, None, frame.addressee, frame))
            continue
        if frame is not None and frame.source is not None:
            draft = _Draft("direct", quote.start, quote.end, frame.cue, frame.source, None, frame.addressee, frame)
        elif _is_title(text, quote):
            continue
        elif (governing := _governing_frame(quote, nearby)) is not None:
            if governing.source is not None:
                drafts.append(_Draft("partial", quote.start, quote.end, governing.cue, governing.source, None,
                                     governing.addressee, governing))
            continue
        elif (colon := _colon_source(text, quote, persons)) is not None:
            draft = _Draft("direct", quote.start, quote.end, ":", colon)
        elif _words(text[quote.start:quote.end]) >= MIN_UNATTRIBUTED_WORDS:
            draft = _Draft("direct", quote.start, quote.end, None, continues=not _is_headline(text, quote))
        if draft is not None:
            drafts.append(draft)
    return drafts


def _link_continuations(text: str, drafts: list[_Draft]) -> None:
    """An unattributed quote soon after a direct one continues it (over paragraphs, as news
    runs a long quote); after reported speech only within its paragraph ('Roe said she would
    stay. "This is far from over."'). The continuation takes the speaker and cue."""
    last: _Draft | None = None
    for draft in drafts:
        near = last is not None and draft.start - last.end < CONTINUATION_CHARS
        if draft.continues and near and (last.kind == "direct" or "\n" not in text[last.end:draft.start]):
            draft.follows = last
        if draft.source is not None or draft.follows is not None:
            last = draft


def _colon_source(text: str, quote: Quote, persons: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The source of a quote after a colon: a short capitalised lead-in naming a person
    ('Rep. Jane Roe (D-N.Y.): "..."'), or the person opening the introducing sentence
    ('Roe closed with a message to her supporters: "..."')."""
    window_start = max(0, quote.open - 300)
    before = text[window_start:quote.open].rstrip()
    if not before.endswith(":"):
        return None
    colon = window_start + len(before) - 1
    line_start = text.rfind("\n", window_start, colon) + 1
    if line_start == 0 and window_start > 0:
        return None
    named = [p for p in persons if line_start <= p[0] and p[1] <= colon]
    match = _COLON_SOURCE.match(text, line_start, colon)
    if match is not None and match.end() == colon and _words(match.group()) <= 10 and (named or not persons):
        return trim(text, line_start, colon)
    sentence_start = max([line_start, *(m.end() for m in _SENTENCE_END.finditer(text, line_start, colon))])
    opening = [p for p in named if not text[sentence_start:p[0]].strip()]
    return opening[0] if opening else None


def _headline_drafts(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """A headline attributing its line to a short lead-in: 'Graham: Trump's Rhetoric Destroying
    GOP's Chance', 'Poll: Sanders Leads'. Only the document's first line (the headline) and a
    lead-in that names someone, not a rubric ("The Latest:", "UPDATE:", "Editor's Note:")."""
    match = _HEADLINE.match(text)
    if match is None:
        return []
    lead = match.group("source")
    if (lead.split()[0] in HEADLINE_NOT_SOURCE or lead.lower() in speaker_labels() or lead.isupper()
            or any(d.start <= match.end() and match.start("content") <= d.end for d in drafts)):
        return []
    start, end = trim(text, match.start("content"), match.end("content"))
    if _words(text[start:end]) < 3 or text[start] in '"“':
        return []  # a quoted headline is a direct statement with a colon source already
    return [_Draft("reported", start, end, ":", (match.start("source"), match.end("source")))]


def _reported_drafts(text: str, quotes: list[Quote], frames: list[Frame]) -> list[_Draft]:
    drafts = []
    for frame in frames:
        if frame.content is None or frame.source is None:
            continue
        pieces = [frame.content] + ([frame.rest] if frame.rest else [])
        for start, end in pieces:
            least = 1 if frame.lemma in object_verbs() or frame.rest else 2  # "[Investment], official says, [helped]"
            if _words(text[start:end]) < least and text[start:end].lower() not in ANSWERS:
                continue  # "endorsed Cruz" names its content in a word; other one-word clauses are fragments
            inner = [q for q in quotes if start <= q.close and q.open < end]
            if any(q.open <= start + 1 and q.close >= end - 2 for q in inner):
                continue  # the clause is a quote: it is a direct statement
            end = max([end, *(q.close for q in inner if start <= q.open and q.end <= end < q.close)])
            drafts.append(_Draft("reported", start, end, frame.cue, frame.source, None, frame.addressee, frame))
    return drafts


def _finish(doc: Document, drafts: list[_Draft], resolver: SpeakerResolver) -> list[Statement]:
    """Resolve speakers in text order and build the statements (one per start offset)."""
    text = doc.text
    out: list[Statement] = []
    taken: set[int] = set()
    direct_spans = [(d.start, d.end) for d in drafts if d.kind == "direct"]
    for draft in drafts:
        if draft.kind == "reported" and any(s <= draft.start and draft.end <= e for s, e in direct_spans):
            continue
        if draft.start in taken:
            continue
        taken.add(draft.start)
        if draft.source is not None:
            head = _head_word(text, draft.source)
            draft.speaker = resolver.resolve(draft.source[0], draft.source[1], head)
        elif draft.follows is not None and draft.follows.speaker is not None:
            draft.source, draft.speaker, draft.cue = draft.follows.source, draft.follows.speaker, draft.follows.cue
        speaker = draft.speaker or Speaker(None, None)
        addressee = resolver.resolve(*draft.addressee, None) if draft.addressee else None
        frame = draft.frame
        out.append(Statement(
            id=f"{doc.id}:s{draft.start}", document=doc.id, kind=draft.kind, text=text[draft.start:draft.end],
            start=draft.start, end=draft.end, speaker_span=list(draft.source) if draft.source else None,
            speaker_name=speaker.name, cue=draft.cue, addressee_name=addressee.name if addressee else None,
            said=said_date(_frame_words(text, frame), doc.published) if frame else None,
            speaker_key=speaker.key, addressee_key=addressee.key if addressee else None,
        ))
    return out


def _head_word(text: str, span: tuple[int, int]) -> str | None:
    """The last word of a source noun phrase before any comma: "the Prime Minister" -> Minister."""
    core = text[span[0]:span[1]].split(",")[0].split()
    return core[-1] if core else None


def _frame_words(text: str, frame: Frame) -> str:
    """The sentence without content and source (and a clause between source and cue, as in
    "Roe, who founded the party in 2009, said"): where "In a 1998 interview" would be."""
    start, end = frame.sentence
    source = frame.source
    if source is not None and source[1] <= frame.cue_start:
        source = (source[0], frame.cue_start)
    holes = sorted(span for span in (frame.content, source) if span)
    pieces, pos = [], start
    for hole_start, hole_end in holes:
        pieces.append(text[pos:max(pos, hole_start)])
        pos = max(pos, hole_end)
    pieces.append(text[pos:end])
    return " ".join(pieces)
