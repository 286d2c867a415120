"""When an utterance was made, when the attribution says so: "In a 1998 interview", "on Monday"."""
from __future__ import annotations

import re
from datetime import date, timedelta

_YEAR = re.compile(r"\b[Ii]n\s+(?:(?:an?|the|his|her|their)\s+)?(?:[A-Za-z]+\s+){0,2}?(1[89]\d\d|20\d\d)\b")
_WEEKDAY = re.compile(r"\b[Oo]n\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def said_date(frame_text: str, published: str | None) -> str | None:
    """An ISO date or year from the attribution's own words (not from the quoted content)."""
    year = _YEAR.search(frame_text)
    if year:
        return year.group(1)
    weekday = _WEEKDAY.search(frame_text)
    if weekday and published:
        try:
            day = date.fromisoformat(published[:10])
        except ValueError:
            return None
        back = (day.weekday() - WEEKDAYS.index(weekday.group(1))) % 7
        return (day - timedelta(days=back)).isoformat()
    return None
