"""Date normalisation on TempEval-3 TBAQ (TimeBank + AQUAINT): our rules vs plain dateparser.

Oracle spans: every TIMEX3 of type DATE (the creation time excepted) is normalised against
its document's creation time (DCT) by ``crosswire.extract.dates.normalise`` and by
dateparser (``RELATIVE_BASE`` = DCT, default settings: the baseline the data README reports
as 77.4 %); a value is right when it equals the gold ``value`` exactly.

Scope: calendar values only (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), the 1,044 DATEs a
calendar date can express. PRESENT_REF/PAST_REF/FUTURE_REF ("now", "recently") are not
dates on a calendar; quarters, seasons and weekends are not in our precision scale; weeks
(``YYYY-Www``) and decades are, and are reported apart as "extended" (no baseline: dateparser
cannot express them). "Explicit" vs "relative" follows the gold ``temporalFunction``
attribute (true: the value needs the anchor, as in "Friday" or "Sept. 30").

    python benchmarks/dates_tempeval.py [--data DIR] [--errors N]
"""
from __future__ import annotations

import argparse
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from crosswire.extract.dates import normalise, points_forward

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "tempeval3-tbaq"
CALENDAR = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
EXTENDED = re.compile(r"\d{4}-W\d\d|\d{3}")


def timexes(path: Path):
    """(text, gold value, relative?, its sentence's text before and after it, DCT) per DATE TIMEX3, in order."""
    root = ET.parse(path).getroot()
    dct = date.fromisoformat(root.find("DCT/TIMEX3").get("value")[:10])
    body = root.find("TEXT")
    plain: list[str] = []
    found = []

    def walk(node: ET.Element) -> None:
        start = sum(map(len, plain))
        plain.append(node.text or "")
        for child in node:
            walk(child)
            plain.append(child.tail or "")
        if node.tag == "TIMEX3" and node.get("type") == "DATE":
            found.append((start, sum(map(len, plain)), node))

    walk(body)
    text = "".join(plain)
    for start, end, node in found:
        left = re.split(r"[.!?]\s", text[max(0, start - 300):start])[-1]
        right = re.split(r"[.!?]\s", text[end:end + 300])[0]
        yield (text[start:end], node.get("value"), node.get("temporalFunction") == "true", (left, right), dct)


def baseline(text: str, dct: date, parsers: dict) -> str | None:
    from dateparser.date import DateDataParser

    if dct not in parsers:
        parsers[dct] = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": datetime(dct.year, dct.month, dct.day)})
    data = parsers[dct].get_date_data(text)
    if data.date_obj is None:
        return None
    d = data.date_obj
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(data.period or "", d.date().isoformat())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--errors", type=int, default=0, help="print this many of our errors")
    args = ap.parse_args()
    files = sorted(args.data.glob("*/*.tml"))
    if not files:
        raise SystemExit(f"no .tml files under {args.data}")
    tally: Counter[str] = Counter()
    errors = []
    parsers: dict = {}
    for path in files:
        reference = None  # the last date resolved in the document: "the following year" counts from it
        for text, gold, relative, sentence, dct in timexes(path):
            group = "relative" if relative else "explicit"
            future = points_forward(*sentence)
            ours = normalise(text, dct, reference=reference, future=future)
            ours_iso = ours.iso() if ours else None
            if ours is not None and ours.precision == "day":
                reference = ours.start
            if EXTENDED.fullmatch(gold or ""):
                tally["extended"] += 1
                tally["extended ours"] += ours_iso == gold
                continue
            if not CALENDAR.fullmatch(gold or ""):
                tally["out of scope"] += 1
                continue
            base = baseline(text, dct, parsers)
            for g in (group, "overall"):
                tally[g] += 1
                tally[g + " ours"] += ours_iso == gold
                tally[g + " baseline"] += base == gold
                tally[g + " ours none"] += ours_iso is None
            if ours_iso != gold:
                errors.append((path.name, dct, text, gold, ours_iso))
    print(f"TBAQ DATE TIMEX3s: {tally['overall']} calendar values, {tally['extended']} weeks/decades, "
          f"{tally['out of scope']} out of scope (PRESENT_REF, quarters, seasons...)")
    print(f"{'group':<10} {'n':>6} {'crosswire':>10} {'dateparser':>11} {'ours: no value':>15}")
    for g in ("explicit", "relative", "overall"):
        n = tally[g]
        print(f"{g:<10} {n:>6} {tally[g + ' ours'] / n:>10.1%} {tally[g + ' baseline'] / n:>11.1%} "
              f"{tally[g + ' ours none'] / n:>15.1%}")
    if tally["extended"]:
        print(f"{'extended':<10} {tally['extended']:>6} {tally['extended ours'] / tally['extended']:>10.1%} {'-':>11}")
    for row in errors[: args.errors]:
        print("ERR", *row)


if __name__ == "__main__":
    main()
