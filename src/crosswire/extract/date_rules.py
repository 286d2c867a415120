"""The words and patterns of date expressions: what :mod:`.dates` finds and resolves.

Kept apart from the resolution logic so that the vocabulary (month names, number words,
units, tense cues) can be read and extended in one place.
"""
from __future__ import annotations

import re

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS, start=1)}
MONTH_NUMBER.update({m[:3]: i for i, m in enumerate(MONTHS, start=1)})
MONTH_NUMBER.update({"sept": 9})
WEEKDAY_NUMBER = {d: i for i, d in enumerate(WEEKDAYS)}
WEEKDAY_NUMBER.update({d[:3]: i for i, d in enumerate(WEEKDAYS)})

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"a": 1, "an": 1, "a couple of": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3,
                     "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "dozen": 12,
                     "twenty-five": 25, "a half": 0.5, "half a": 0.5})
# Vague counts: the result is only known to the next coarser unit ("a few days ago": that week).
VAGUE_COUNTS = {"a few", "few", "several", "a couple of", "couple of"}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "fortnight": "fortnight",
         "month": "month", "months": "month", "year": "year", "years": "year", "decade": "decade",
         "decades": "decade", "century": "century", "quarter of a century": "quarter-century"}

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]|20)\d\d"
_NUM = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
        r"|twenty-five|thirty|forty|fifty|a\s+few|few|several|a\s+couple\s+of|a\s+dozen|a\s+half|half\s+a)")
_UNIT = r"(?:days?|weeks?|fortnight|months?|years?|decades?|century|quarter\s+of\s+a\s+century)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Absolute dates, each optionally led by a weekday: "Saturday, November 11, 2023", "9 Nov".
ABSOLUTE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?:"
    rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?!\d)"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH},?\s+{_YEAR}"
    rf"|{_YEAR}-[01]\d-[0-3]\d"
    rf"|[01]?\d/[0-3]?\d/(?:{_YEAR}|\d\d))(?!\d)"
)
MONTH_ONLY = rf"(?:(?:early|late|mid-?|last|this|next)\s*)?{_MONTH}(?:\s+(?:last|this|next)\s+year)?(?![\w-])"
YEAR_ALONE = rf"(?:(?:early|late|mid-?)\s*)?{_YEAR}(?![\d-])"
DECADE = r"(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?:1[6-9]|20)\d0'?s"
DEICTIC_DAY = (r"(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow"
               r"|tonight|last\s+night|this\s+(?:morning|afternoon|evening))")
WEEKDAY_PHRASE = rf"(?:(?:last|this|next|past|coming)\s+)?{_WEEKDAY}{_PART}"
PERIOD = (r"(?:(?:earlier|later|early|late)\s+)?(?:in\s+)?(?:last|this|next|the\s+past|the\s+coming|the\s+previous"
          r"|the\s+following|the\s+next|the\s+same)\s+(?:week(?:end)?|month|year)")
REFERENCE_DAY = r"the\s+(?:previous|following|next|same)\s+day|the\s+day\s+(?:before|after)|that\s+day"
AGO = rf"{_NUM}\s+{_UNIT}\s+(?:ago|earlier|later|before|after)"
ANCHORED = rf"{_NUM}\s+{_UNIT}\s+(?:after|before|since|prior\s+to)\s+(?:{ABSOLUTE}|{MONTH_ONLY}|{YEAR_ALONE})"

# Longest and most specific first: an anchored expression contains an absolute one.
EXPRESSION = re.compile(
    r"(?<![\w-])(?:" + "|".join((ANCHORED, AGO, ABSOLUTE, DECADE, DEICTIC_DAY, PERIOD, REFERENCE_DAY,
                                 WEEKDAY_PHRASE, MONTH_ONLY, YEAR_ALONE)) + r")(?![\w])",
    re.IGNORECASE,
)
# A bare year or month name is a date only after a preposition or as a modifier; "May" is
# also a verb and a name, "2004" also a number.
YEAR_CONTEXT = re.compile(r"(?:\b(?:in|since|of|by|until|till|from|to|through|between|and|before|after|during"
                          r"|early|late|mid|the|a|spring|summer|autumn|fall|winter)\s+|[(,]\s*)$", re.I)
MONTH_CONTEXT = re.compile(r"\b(?:in|since|of|by|until|till|from|to|through|during|early|late|mid|last|this|next"
                           r"|until|between|and)\s+$", re.I)

# Tense cues around an expression: the one nearest the date decides which way a bare weekday
# or month points ("will meet on Thursday" forward, "met on Thursday" back).
FUTURE_CUE = re.compile(r"\b(?:will|'ll|shall|(?:is|are|was|were)\s+(?:due|set|scheduled|expected|going)\s+to"
                        r"|plan(?:s|ned|ning)?|scheduled|to\s+be\s+held|would|as\s+(?:soon|early)\s+as)\b", re.I)
PAST_CUE = re.compile(r"\b(?:was|were|had|did|said|told|met|began|took|gave|came|went|left|held|won|lost|ago"
                      r"|(?!(?:expect|schedul|plann|propos|intend)ed\b)[a-z]{2,}ed)\b", re.I)
# Words around a date that leave its value as it is: "late yesterday", "early Tuesday", "Friday's".
NEUTRAL_AFFIXES = re.compile(
    r"^(?:(?:earlier|later|early|late|the\s+year|fiscal|calendar|around|about|almost|nearly|some|roughly|mid|the\s+(?:end|beginning|start|middle)"
    r"\s+of|(?:a\s+good\s+)?part\s+of|earlier\s+in|later\s+in)(?:\s+|-))+(?=\w)"
    r"|(?:'s|’s|\.|\s+or\s+(?:so|later|earlier)|\s+and\s+beyond)$|(?<=\S)\s+or\s+so(?=\s+ago$)", re.I)
# Anaphoric names of the publication year.
THIS_YEAR = {"the year", "the current year", "the full year", "the fiscal year", "the current fiscal year",
             "this year", "year end", "year's end", "year-end", "the end of the year", "earlier in the year"}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SPELLED_YEAR = re.compile(r"(nineteen|twenty)[\s-]+(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                          r"(?:[\s-]+(one|two|three|four|five|six|seven|eight|nine))?"
                          r"|two\s+thousand(?:\s+(?:and\s+)?(one|two|three|four|five|six|seven|eight|nine|ten))?", re.I)
