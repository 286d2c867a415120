"""Date expressions in a document, normalised against its publication date, with precision.

"November 9, 2023" is a day, "May 1998" a month, "in 2004" a year; "yesterday", "on
Thursday", "last week", "a few days ago", "a month after October 7" and "two days before
... November 11, 2023" are resolved against the publication date or against the date they
are anchored on. Our own rules find the expressions and resolve the relative and anchored
forms (they are where general parsers go wrong: tense, nearest year); dateparser only reads
the absolute parts our rules do not know (numeric forms such as ``10/26/89``).

Precision is kept, never invented: ``day``, ``week`` (ISO week), ``month``, ``year``,
``decade``. A vague count ("a few days ago") is only known to the next coarser unit.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from . import date_rules as R

PRECISIONS = ("day", "week", "month", "year", "decade")
_UNIT_PRECISION = {"day": "day", "week": "week", "fortnight": "week", "month": "month", "year": "year",
                   "decade": "year", "century": "decade", "quarter-century": "year"}


@dataclass(frozen=True)
class DateValue:
    """A calendar period: its first day and how precisely it is known."""

    start: date
    precision: str  # one of PRECISIONS

    @classmethod
    def of(cls, day: date, precision: str) -> "DateValue":
        """The period of ``precision`` that contains ``day``."""
        if precision == "week":
            day = day - timedelta(days=day.weekday())
        elif precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = date(day.year, 1, 1)
        elif precision == "decade":
            day = date(day.year - day.year % 10, 1, 1)
        return cls(day, precision)

    @classmethod
    def from_iso(cls, text: str) -> "DateValue":
        """Read back a value written by :meth:`iso` ("2019", "2019-05", "2019-W20", "2019-05-14", "201")."""
        if "-W" in text:
            year, week = text.split("-W")
            return cls(date.fromisocalendar(int(year), int(week), 1), "week")
        parts = [int(p) for p in text.split("-")]
        if len(text) == 3:
            return cls(date(parts[0] * 10, 1, 1), "decade")
        precision = ("year", "month", "day")[len(parts) - 1]
        return cls(date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))), precision)

    def iso(self) -> str:
        """ISO 8601 / TimeML value: "2019", "2019-05", "2019-05-14", "2019-W20", "201" (decade)."""
        d = self.start
        if self.precision == "day":
            return d.isoformat()
        if self.precision == "week":
            year, week, _ = d.isocalendar()
            return f"{year:04d}-W{week:02d}"
        if self.precision == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if self.precision == "year":
            return f"{d.year:04d}"
        return f"{d.year // 10:03d}"

    @property
    def end(self) -> date:
        """The day after the period."""
        d = self.start
        if self.precision == "day":
            return d + timedelta(days=1)
        if self.precision == "week":
            return d + timedelta(days=7)
        if self.precision == "month":
            return _add_months(d, 1)
        return date(d.year + (1 if self.precision == "year" else 10), 1, 1)

    @property
    def rank(self) -> int:
        """0 for a day, larger for coarser periods: the most precise value has the lowest rank."""
        return PRECISIONS.index(self.precision)

    def compatible(self, other: "DateValue") -> bool:
        """True when the two periods overlap: "2023" fits "2023-11-09", "Nov 8" does not fit "Nov 9"."""
        return self.start < other.end and other.start < self.end


@dataclass
class DateExpression:
    """A date written in a text, with offsets into it and its normalised value."""

    text: str
    start: int
    end: int
    value: DateValue
    kind: str  # absolute, relative, anchored

    def to_row(self, document: str) -> dict[str, object]:
        return {"document": document, "start": self.start, "end": self.end, "text": self.text,
                "value": self.value.iso(), "precision": self.value.precision, "kind": self.kind}


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: date, count: float, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=round(count))
    if unit in ("week", "fortnight"):
        return day + timedelta(days=round(count * (14 if unit == "fortnight" else 7)))
    if unit == "month":
        return _add_months(day, round(count))
    years = {"year": 1, "decade": 10, "century": 100, "quarter-century": 25}[unit]
    return _add_months(day, round(count * years * 12))


def _coarser(*precisions: str) -> str:
    return max(precisions, key=PRECISIONS.index)


def _count(text: str) -> tuple[float, bool]:
    """A count word or number, and whether it is vague ("a few")."""
    words = re.sub(r"\s+", " ", text.lower())
    if words.isdigit():
        return int(words), False
    return R.NUMBER_WORDS[words], words in R.VAGUE_COUNTS


def _nearest(candidates: list[date], base: date, future: bool) -> date:
    """The candidate closest to ``base``, preferring the past (news) unless the tense points forward."""
    def cost(d: date) -> int:
        delta = (d - base).days
        wrong_way = delta > 0 if not future else delta < 0
        return abs(delta) * (2 if wrong_way else 1)
    return min(candidates, key=cost)


_ANCHORED = re.compile(rf"({R._NUM})\s+({R._UNIT})\s+(after|before|since|prior\s+to|ago|earlier|later)\s*(.*)", re.I)
_MONTH_DAY = re.compile(rf"(?:{R._WEEKDAY},?\s+)?(?:the\s+)?(?:({R._MONTH})\s+({R._DAY})|({R._DAY})\s+(?:of\s+)?({R._MONTH}))"
                        rf"(?:,?\s+({R._YEAR}))?", re.I)
_MONTH_YEAR = re.compile(rf"({R._MONTH}),?\s+({R._YEAR})", re.I)
_MONTH_ONLY = re.compile(rf"(?:(early|late|mid-?|last|this|next)\s*)?({R._MONTH})(?:\s+(last|this|next)\s+year)?", re.I)
_YEAR = re.compile(rf"(?:(?:early|late|mid-?)\s*)?({R._YEAR})", re.I)
_DECADE = re.compile(r"(?:the\s+)?(?:early\s+|late\s+|mid-?)?(\d{3})0'?s", re.I)
_WEEKDAY = re.compile(rf"(?:(last|this|next|past|coming)\s+)?({R._WEEKDAY}){R._PART}", re.I)
_PERIOD = re.compile(r"(?:(earlier|later|early|late)\s+)?(?:in\s+)?(last|this|next|the\s+past|the\s+coming|the\s+previous"
                     r"|the\s+following|the\s+next|the\s+same)\s+(week(?:end)?|month|year)", re.I)


def _month_number(word: str) -> int:
    return R.MONTH_NUMBER[word.lower().rstrip(".")[:4] if word.lower().startswith("sept") else word.lower().rstrip(".")[:3]]


def _day_number(word: str) -> int:
    return int(re.match(r"\d+", word).group(0))  # type: ignore[union-attr]


@lru_cache(maxsize=8)
def _numeric_parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"DATE_ORDER": "MDY", "PREFER_DAY_OF_MONTH": "first"})


def _absolute(text: str, base: date | None, future: bool) -> DateValue | None:
    m = _MONTH_DAY.fullmatch(text)
    if m:
        month = _month_number(m.group(1) or m.group(4))
        day = _day_number(m.group(2) or m.group(3))
        try:
            if m.group(5):
                return DateValue(date(int(m.group(5)), month, day), "day")
            if base is None:
                return None
            candidates = [date(y, month, day) for y in (base.year - 1, base.year, base.year + 1)
                          if day <= calendar.monthrange(y, month)[1]]
        except ValueError:
            return None
        return DateValue(_nearest(candidates, base, future), "day") if candidates else None
    m = _MONTH_YEAR.fullmatch(text)
    if m:
        return DateValue(date(int(m.group(2)), _month_number(m.group(1)), 1), "month")
    if re.fullmatch(r"\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}", text):
        data = _numeric_parser().get_date_data(text)
        if data.date_obj is not None:
            return DateValue.of(data.date_obj.date(), {"month": "month", "year": "year"}.get(data.period or "", "day"))
    return None


def _weekday(modifier: str | None, name: str, base: date, future: bool) -> date:
    target = R.WEEKDAY_NUMBER[name.lower()]
    back = (base.weekday() - target) % 7
    ahead = (target - base.weekday()) % 7
    modifier = (modifier or "").lower()
    if modifier in ("last", "past"):
        return base - timedelta(days=back or 7)
    if modifier in ("next", "coming"):
        return base + timedelta(days=ahead or 7)
    if modifier == "this":
        return base - timedelta(days=base.weekday()) + timedelta(days=target)
    return base + timedelta(days=ahead) if future else base - timedelta(days=back)


def _period(m: re.Match[str], base: date, reference: date) -> DateValue:
    which = re.sub(r"\s+", " ", m.group(2).lower())
    unit = m.group(3).lower()
    step = {"last": -1, "the past": -1, "the previous": -1, "next": 1, "the coming": 1, "the following": 1,
            "the next": 1}.get(which, 0)
    anchor = reference if which in ("the previous", "the following", "the next", "the same") else base
    if unit == "weekend":
        saturday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=5)
        return DateValue.of(saturday + timedelta(days=7 * step), "week")
    return DateValue.of(_shift(anchor, step, unit), unit)


def normalise(expression: str, base: date | None, *, reference: date | None = None,
              future: bool = False) -> DateValue | None:
    """The value of one date expression written in a document published on ``base``.

    ``reference`` is the narrative's current date (the last date the text mentioned), which
    "the next day" and "two days before" count from; ``future`` says the tense points forward
    (a bare weekday or month is then the next one, not the last).
    """
    text = re.sub(r"\s+", " ", expression.strip()).rstrip(",")
    text = re.sub(r"^(?:on|in|at|since|by) ", "", text, flags=re.I)
    low = text.lower()
    narrative = reference
    reference = reference or base
    m = _ANCHORED.fullmatch(text)
    if m:
        count, vague = _count(m.group(1))
        unit = R.UNITS[re.sub(r"\s+", " ", m.group(2).lower())]
        direction = m.group(3).lower()
        rest = m.group(4)
        if direction == "ago":
            anchor = DateValue(base, "day") if base else None
        elif rest:
            anchor = normalise(rest, base, reference=reference, future=future)
        elif narrative:  # "three days later": from the narrative's current date
            anchor = DateValue(narrative, "day")
        else:  # "a year earlier" with no date told yet: before the publication, like "ago"
            anchor = DateValue(base, "day") if base and direction == "earlier" else None
        if anchor is None:
            return None
        sign = 1 if direction in ("after", "since", "later") else -1
        precision = _coarser(anchor.precision, _UNIT_PRECISION[unit])
        if vague:
            precision = PRECISIONS[min(PRECISIONS.index(precision) + 1, len(PRECISIONS) - 1)]
        return DateValue.of(_shift(anchor.start, sign * count, unit), precision)
    value = _absolute(text, base, future)
    if value is not None:
        return value
    m = R.SPELLED_YEAR.fullmatch(text)
    if m:
        return DateValue(date(_spelled_year(m), 1, 1), "year")
    m = _DECADE.fullmatch(text)
    if m:
        return DateValue(date(int(m.group(1)) * 10, 1, 1), "decade")
    m = _YEAR.fullmatch(text)
    if m:
        return DateValue(date(int(m.group(1)), 1, 1), "year")
    if base is None:
        return None
    days = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
            "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
            "the day after tomorrow": 2}
    if low in days:
        return DateValue(base + timedelta(days=days[low]), "day")
    if reference is not None:
        steps = {"the previous day": -1, "the day before": -1, "the following day": 1, "the next day": 1,
                 "the day after": 1, "the same day": 0, "that day": 0, "the day": 0,
                 "the next morning": 1, "the following morning": 1}
        if low in steps:
            return DateValue(reference + timedelta(days=steps[low]), "day")
    m = _PERIOD.fullmatch(text)
    if m:
        return _period(m, base, reference or base)
    m = _WEEKDAY.fullmatch(text)
    if m:
        return DateValue(_weekday(m.group(1), m.group(2), base, future), "day")
    m = _MONTH_ONLY.fullmatch(text)
    if m:
        month = _month_number(m.group(2))
        modifier, year_word = (m.group(1) or "").lower(), (m.group(3) or "").lower()
        if year_word:
            year = base.year + {"last": -1, "this": 0, "next": 1}[year_word]
            return DateValue(date(year, month, 1), "month")
        candidates = [date(y, month, 1) for y in (base.year - 1, base.year, base.year + 1)]
        this_month = base.replace(day=1)
        if modifier == "last":
            candidates = [d for d in candidates if d < this_month]
            return DateValue(max(candidates), "month")
        if modifier == "next":
            return DateValue(min(d for d in candidates if d > this_month), "month")
        if modifier == "this":
            return DateValue(date(base.year, month, 1), "month")
        return DateValue(_nearest(candidates, this_month, future), "month")
    stripped = R.NEUTRAL_AFFIXES.sub("", text).strip()
    if stripped and stripped != text:
        return normalise(stripped, base, reference=reference, future=future)
    if low in R.THIS_YEAR:
        return DateValue(date(base.year, 1, 1), "year")
    if low in ("year-ago", "year-earlier"):
        return DateValue(date(base.year - 1, 1, 1), "year")
    return None


def _spelled_year(m: re.Match[str]) -> int:
    if m.group(1):
        unit = R.NUMBER_WORDS[m.group(3).lower()] if m.group(3) else 0
        return (1900 if m.group(1).lower() == "nineteen" else 2000) + R.TENS[m.group(2).lower()] + unit
    return 2000 + (R.NUMBER_WORDS[m.group(4).lower()] if m.group(4) else 0)


def _kind(text: str, value: DateValue) -> str:
    if _ANCHORED.fullmatch(re.sub(r"\s+", " ", text.strip())):
        return "anchored"
    return "absolute" if re.search(R._YEAR, text) or re.search(r"\d{3}0'?s", text) else "relative"


_SENTENCE_BREAK = re.compile(r"[.!?](?=\s)|\n")


def _sentence_start(text: str, pos: int) -> int:
    starts = [m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, pos - 400), pos)]
    return starts[-1] if starts else max(0, pos - 400)


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_BREAK.search(text, pos, pos + 400)
    return m.start() if m else min(len(text), pos + 400)


def _accept(text: str, m: re.Match[str]) -> bool:
    """Bare years and month names only where they read as dates ("in 2004", "since May"); none after "not"."""
    word = m.group(0)
    before = text[max(0, m.start() - 30):m.start()]
    if re.search(r"\bnot\s+$", before, re.I):
        return False  # "not one day earlier": no date is stated
    if re.fullmatch(R.YEAR_ALONE, word, re.I) and not re.match(r"(?:early|late|mid)", word, re.I):
        return bool(R.YEAR_CONTEXT.search(before)) or before.strip() == ""
    if re.fullmatch(R.MONTH_ONLY, word, re.I):
        if not word[0].isupper() and not re.match(r"(?:early|late|mid|last|this|next)", word, re.I):
            return False
        bare = re.fullmatch(R._MONTH, word, re.I)
        if bare and word.lower().rstrip(".") in ("may", "march", "mar", "jan", "dec", "sept", "sep", "aug"):
            return bool(R.MONTH_CONTEXT.search(before))
        return not bare or bool(R.MONTH_CONTEXT.search(before)) or len(word) > 3
    if re.fullmatch(R.WEEKDAY_PHRASE, word, re.I):
        return word[0].isupper() or word.split()[0].lower() in ("last", "this", "next", "past", "coming")
    return True


def published_day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def points_forward(before: str, after: str) -> bool:
    """Whether the tense cue nearest a date, in the text ``before`` and ``after`` it, points forward."""
    nearest: tuple[int, bool] | None = None
    for cue, forward in ((R.FUTURE_CUE, True), (R.PAST_CUE, False)):
        left = [len(before) - m.end() for m in cue.finditer(before)]
        right = [m.start() for m in cue.finditer(after, 0, 200)]
        for distance in left[-1:] + right[:1]:
            if nearest is None or distance < nearest[0]:
                nearest = (distance, forward)
    return nearest is not None and nearest[1]


def find_date_expressions(text: str, published: str | date | None) -> list[DateExpression]:
    """Every date expression in ``text`` (offsets into it), resolved against the publication date.

    Relative-to-narrative forms ("the next day", "two days before") count from the last date
    mentioned before them, or from a date later in the same sentence they point to
    ("released two days before the delegation met ... on November 11, 2023").
    """
    base = published if isinstance(published, date) else published_day(published)
    found: list[DateExpression] = []
    reference: date | None = None
    for m in R.EXPRESSION.finditer(text):
        if not _accept(text, m):
            continue
        expr = m.group(0)
        future = points_forward(text[_sentence_start(text, m.start()):m.start()],
                                text[m.end():_sentence_end(text, m.end())])
        anchor_text = expr
        if re.fullmatch(rf"{R._NUM}\s+{R._UNIT}\s+(?:before|after|earlier|later)", expr, re.I):
            later = R.EXPRESSION.search(text, m.end(), _sentence_end(text, m.end()))
            if later and re.fullmatch(R.ABSOLUTE, later.group(0), re.I) and not expr.lower().endswith(("earlier", "later")):
                anchor_text = f"{expr} {later.group(0)}"
        value = normalise(anchor_text, base, reference=reference, future=future)
        if value is None:
            continue
        found.append(DateExpression(expr, m.start(), m.end(), value, _kind(expr, value)))
        if value.precision == "day":
            reference = value.start
    return found
