"""Document-level dates: where a document says, or its record says, when it was published.

Candidates come from the user's option, the record's own metadata (feed, JSONL, WARC), HTML
meta tags, the dateline (the first lines of the clean text, or a line labelled "Published:"
or "Updated:" anywhere), htmldate's guess and the URL. :func:`choose_published` picks one by
a fixed rule, see its docstring. Dates inside body sentences are left to per-document
extraction: they say when things happened, not when the document was written.

The regexes here find and read the common forms themselves (building the value from their
groups); dateparser, at about 2 ms a call, is only the fallback for labelled values they miss.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache

from ..model import DateCandidate

DATELINE_LINES = 15
MAX_DATE_LINE = 300  # characters of a line searched for a date

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
TIMEZONES = {"z": 0, "gmt": 0, "utc": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180, "msk": 180,
             "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
             "ist": 330, "jst": 540, "aest": 600, "aedt": 660}
# Lower is better; origins missing here ("warc": the crawl date) are recorded but never chosen.
ORIGIN_RANK = {"option": 0, "feed": 1, "jsonl": 1, "record": 1, "html-meta": 2, "dateline": 3, "htmldate": 4, "url": 5}

_WEEKDAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s{1,3})?"
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_TZ = r"(?P<tz>" + "|".join(k for k in TIMEZONES if k != "z") + r"|[+-]\d{2}:?\d{2})\b"
_TIME = (r"(?:,?\s{0,3}(?:[-–—|@•·]\s{0,3}|at\s{1,3})?(?P<hh>\d{1,2})[:.](?P<mi>\d{2})(?![\d%])(?::(?P<ss>\d{2}))?"
         r"(?:\s{0,3}(?P<ampm>[ap]\.?m\b\.?))?(?:\s{0,3}" + _TZ + ")?)?")
DATE_PATTERNS = [
    re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2})(?::(?P<ss>\d{2})(?:\.\d{1,9})?)?"
               r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)", re.IGNORECASE),
    re.compile(r"\b" + _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s{1,3}(?:of\s{1,3})?" + _MONTH + r",?\s{1,3}(?P<y>\d{4})\b" + _TIME, re.IGNORECASE),
    re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s{1,3}(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s{1,3}(?P<y>\d{4})\b" + _TIME, re.IGNORECASE),
    re.compile(r"\b" + _WEEKDAY + r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})\b" + _TIME, re.IGNORECASE),
]
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_LABEL = re.compile(r"\b(?:(first published|published|posted|issued)|(last updated|updated|last modified|modified))\b(?:\s{1,3}(?:on|at))?\s{0,3}:?", re.IGNORECASE)
_LABELLED_LINE = re.compile(r"\s{0,10}(?:first published|published|posted|last updated|updated|last modified)\b", re.IGNORECASE)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})(?:[/-](?P<mo>\d{1,2})[/-]|(?P<mo2>\d{2}))(?P<d>\d{1,2})(?=[/_.-]|$)")


@dataclass
class FoundDate(DateCandidate):
    """A date candidate with what kind of date it claims to be and where exactly it came from."""

    label: str | None = None  # "published" or "updated" when the source says so
    where: str | None = None  # e.g. "meta article:published_time"


def _iso(year: int, month: int, day: int, hour: int | None = None, minute: int = 0, second: int = 0,
         tz_minutes: int | None = None) -> str | None:
    try:
        if hour is None:
            return date(year, month, day).isoformat()
        tzinfo = timezone(timedelta(minutes=tz_minutes)) if tz_minutes is not None else None
        return datetime(year, month, day, hour, minute, second, tzinfo=tzinfo).isoformat()
    except ValueError:
        return None


def _tz_minutes(tz: str | None) -> int | None:
    if not tz:
        return None
    tz = tz.lower()
    if tz in TIMEZONES:
        return TIMEZONES[tz]
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:]))


def _value(match: re.Match[str]) -> str | None:
    """ISO value of one date match, built from its groups; None for impossible dates."""
    g = match.groupdict()
    if g.get("mon"):
        month = MONTHS[g["mon"][:3].lower()]
    elif g.get("mo"):
        month = int(g["mo"])
    else:
        # Ambiguous 03/04/2023 is read day first, the form of most outlets outside the US.
        a, b = int(g["a"]), int(g["b"])
        month, day = (a, b) if g["sep"] == "/" and a <= 12 < b else (b, a)
        g = {**g, "d": str(day)}
    hour = int(g["hh"]) if g.get("hh") else None
    if hour is not None and g.get("ampm"):
        hour = hour % 12 + (12 if g["ampm"][0].lower() == "p" else 0)
    if hour is not None and hour > 23:
        return None
    return _iso(int(g["y"]), month, int(g["d"]), hour, int(g.get("mi") or 0), int(g.get("ss") or 0), _tz_minutes(g.get("tz")))


def find_dates(line: str) -> list[tuple[re.Match[str], str]]:
    """Non-overlapping date matches in one line, with their ISO values, left to right."""
    found: list[tuple[re.Match[str], str]] = []
    if not _YEAR.search(line):  # every form has a four-digit year: skip the costly patterns
        return found
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(line):
            if any(match.start() < m.end() and m.start() < match.end() for m, _ in found):
                continue
            value = _value(match)
            if value:
                found.append((match, value))
    return sorted(found, key=lambda item: item[0].start())


def dateline_candidates(text: str) -> list[FoundDate]:
    """Dates on the first lines of the clean text, and on lines labelled Published/Updated anywhere."""
    candidates: list[FoundDate] = []
    offset = 0
    nonblank = 0
    for line in text.split("\n"):
        if line.strip():
            nonblank += 1
            if nonblank <= DATELINE_LINES or _LABELLED_LINE.match(line):
                candidates.extend(_line_dates(line[:MAX_DATE_LINE], offset))
        offset += len(line) + 1
    return candidates


def _line_dates(line: str, offset: int) -> list[FoundDate]:
    found: list[FoundDate] = []
    previous_end = 0
    for match, value in find_dates(line):
        label = _label(line[previous_end : match.start()])
        found.append(FoundDate(value, "dateline", match.group(0).rstrip(" ,-|"), offset + match.start(),
                               offset + match.start() + len(match.group(0).rstrip(" ,-|")), label=label))
        previous_end = match.end()
    if not found and _LABELLED_LINE.match(line):
        value = parse_with_dateparser(_LABEL.split(line, maxsplit=1)[-1])
        if value:
            found.append(FoundDate(value, "dateline", line.strip(), label=_label(line)))
    return found


def _label(prefix: str) -> str | None:
    labels = _LABEL.findall(prefix)
    if not labels:
        return None
    published, updated = labels[-1]
    return "published" if published else "updated"


@lru_cache(maxsize=1)
def _dateparser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"})


def parse_with_dateparser(value: str) -> str | None:
    """A date to the day from free text, or None; values without a year are refused (no guessing)."""
    value = value.strip()[:80]
    if not re.search(r"\b\d{4}\b", value):
        return None
    data = _dateparser().get_date_data(value)
    if data.date_obj is None or data.period not in ("day", "time"):
        return None
    if re.search(r"\d[:.]\d\d", value):
        return data.date_obj.replace(microsecond=0).isoformat()
    return data.date_obj.date().isoformat()


def normalise_date_value(value: str) -> str | None:
    """ISO 8601 form of a structured date (ISO, RFC 2822, or a common written form), else None."""
    value = value.strip()[:100]
    if not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value).replace(microsecond=0).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = find_dates(value)
    return found[0][1] if found else parse_with_dateparser(value)


def url_date(url: str | None) -> FoundDate | None:
    """A /2023/11/13/ or /20231113/ path date."""
    match = _URL_DATE.search(url[:2000]) if url else None
    if not match:
        return None
    value = _iso(int(match["y"]), int(match["mo"] or match["mo2"]), int(match["d"]))
    return FoundDate(value, "url", match.group(0)) if value else None


def record_origin(fmt: str) -> str:
    """The origin name of a date a reader found in the record's own metadata."""
    fmt = fmt.lower()
    if "warc" in fmt:
        return "warc"
    if "json" in fmt:
        return "jsonl"
    if fmt in ("rss", "atom", "feed", "xml") or "feed" in fmt:
        return "feed"
    return "record"


def choose_published(candidates: list[FoundDate]) -> str | None:
    """The publication date, by a fixed rule.

    Explicit option > the record's metadata (feed, JSONL) > HTML meta (article:published_time,
    JSON-LD datePublished) > the dateline (first lines, or a "Published:" line) > htmldate's
    guess > a date in the URL. Dates labelled "Updated" count only when nothing else is
    known; the WARC crawl date and dates inside body sentences never count. Within one origin
    the first found wins.
    """
    eligible = [(c.label == "updated", ORIGIN_RANK[c.origin], i) for i, c in enumerate(candidates) if c.origin in ORIGIN_RANK]
    return candidates[min(eligible)[2]].value if eligible else None
