"""Event coding on PETRARCH's validation records and the PLOVER gold-standard records.

Each record (one sentence, or two) becomes a ``Document`` published on the record's date and
goes through the whole per-document pipeline (``crosswire.extract.extract``). Our actor and
target names are coded with the CAMEO actor dictionaries the gold was coded against, read
from /work/shared/data at run time (never copied): the validation suite's own toy
dictionaries for ``PETR_Validate_records_2_02.xml``, the Phoenix country, international,
non-state and agent dictionaries for the PLOVER records. A name gets the code of the longest
dictionary phrase in it ("Dagolath's first Deputy Prime Minister" -> DAG + agent GOV).

Event types are coded twice (``--verbs``): by crosswire's own vocabulary (``event_verbs.tsv``,
the product's default), and by the set's CAMEO verb dictionary loaded as a user would load
one (``crosswire.extract.cameo_dictionaries.configure``): the validation suite's own
``PETR_Validate_verbs_2_02.txt`` for its records (the like-with-like comparison with
PETRARCH's 68.3 %, which codes with that file), ``CAMEO.2.0.txt`` for the PLOVER records.

What counts as correct, per gold event (recall over gold events, as PETRARCH reports it):

- type root: some event we extract from the record has the gold CAMEO root (first 2 digits);
- PLOVER: some event has the gold PLOVER category (PLOVER 0.5 names mapped to 0.8:
  DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, FIGHT -> ASSAULT; CAMEO gold mapped by our table);
- actor / target: some event of the right root has an actor (target) whose code starts with
  the gold code's first three letters (the country or primary actor; agents not required);
  a gold without a target wants no target;
- triple: one event gets root, actor and target right together.

An act with two or more actors and no target ("Gondor and Osgiliath renewed ties") may also be
read as each actor's act towards the others, as the validation records code it (``dyads``).
Each figure is given twice: over stated events only (what the timeline holds), and over stated
events plus intentions ("Arnor is about to restore ties", ``intended_events``), which CAMEO
coders and these gold records code as the event itself. ``--split dev|test`` scores a fixed
half by a hash of the record id: rules were tuned on "dev", "test" is held out (``in_split``).

For the validation records the root is scored; the PLOVER records have no CAMEO code, so
there the PLOVER category stands in for it. "No event" records are right when we extract
no event at all. PETRARCH (UD-PETRARCH, 2018) reports 68.3 % of the validation events coded
correctly with the same dictionaries (scored on full codes, and over all its records).
``--errors N`` prints the missed gold events by class (no event, type wrong, actor wrong,
target wrong) and the extra events, N examples each.

    python benchmarks/events_petrarch.py [--data DIR] [--limit N] [--errors N] [--split all|dev|test]
                                         [--verbs both|own|dictionary]
"""
from __future__ import annotations

import argparse
import html
import json
import re
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from crosswire.extract import extract
from crosswire.extract.cameo_dictionaries import ActorCoder, configure, load
from crosswire.extract.event_words import plover_type
from crosswire.model import Document

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PLOVER_RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
PETRARCH_REPORTED = 0.683


@dataclass
class Gold:
    source: str
    target: str
    cameo: str | None
    plover: str


@dataclass
class Record:
    id: str
    text: str
    date: str
    golds: list[Gold] = field(default_factory=list)  # empty: a "no event" record


def petrarch_records(path: Path) -> list[Record]:
    """The evaluated records of the categories the suite itself scores (read with regular
    expressions: the file's comments nest "<!-- -->" and its texts hold bare "&")."""
    text = path.read_text("utf-8")
    include = re.search(r"<Include>(.*?)</Include>", text, re.S)
    included = set(include.group(1).split()) if include else set()
    records = []
    for block in re.findall(r"^<Sentence .*?</Sentence>", text, re.S | re.M):
        block = re.sub(r"<!--.*?-->|<Parse>.*?</Parse>", "", block, flags=re.S)
        head = _attributes(block[:block.index(">")])
        if head.get("evaluate") != "true" or (included and head.get("category") not in included):
            continue
        codings = [_attributes(tag) for tag in re.findall(r"<EventCoding\b[^>]*>", block)]
        golds = [Gold(a.get("sourcecode", ""), a.get("targetcode", ""), a["eventcode"], plover_type(a["eventcode"]))
                 for a in codings if "eventcode" in a]
        sentence = " ".join(html.unescape(re.search(r"<Text>(.*?)</Text>", block, re.S).group(1)).split())
        day = head.get("date", "")
        records.append(Record(head.get("id", ""), sentence, f"{day[:4]}-{day[4:6]}-{day[6:8]}", golds))
    return records


def _codes(actors: object) -> list[str]:
    """The actor codes of a PLOVER source/target (a list of actors; anything else: none)."""
    found = [a["code"] for a in actors if isinstance(a, dict) and a.get("code")] if isinstance(actors, list) else []
    return found or [""]


def _attributes(tag: str) -> dict[str, str]:
    return dict(re.findall(r'(\w+)="([^"]*)"', tag))


def plover_records(path: Path) -> list[Record]:
    records = []
    for row in json.loads(path.read_text("utf-8")):
        if row.get("event", "DOCUMENT") == "DOCUMENT":
            continue  # the header
        plover = PLOVER_RENAMED.get(row["event"], row["event"])
        golds = [Gold(s, t, None, plover) for s in _codes(row.get("source")) for t in _codes(row.get("target"))]
        records.append(Record(row["id"], row["text"], row["date"], golds))
    return records


@dataclass
class Coded:
    cameo: str
    plover: str
    actors: list[str]
    targets: list[str]
    intended: bool = False  # an intention ("will meet"), not a stated event

    def dyads(self) -> list[tuple[list[str], list[str]]]:
        """(actors, targets) readings: as extracted, and, for an act with two or more actors
        and no target ("Gondor and Osgiliath renewed ties"), each actor's act towards the
        others, as the PETRARCH records code it (the PLOVER records leave the target empty)."""
        if self.targets or len(set(self.actors)) < 2:
            return [(self.actors, self.targets)]
        return [(self.actors, self.targets)] + [([a], [b for b in self.actors if b != a]) for a in self.actors]


def code_record(record: Record, coder: ActorCoder) -> list[Coded]:
    doc = Document(id=record.id, source="benchmark", text=record.text, published=record.date)
    extra = extract(doc).extra
    coded = []
    for intended, events in ((False, extra.get("events", [])), (True, extra.get("intended_events", []))):
        for e in events:
            actors = [c for name in e.actor_names for c in coder.codes(name)]
            targets = [c for name in e.target_names for c in coder.codes(name)]
            coded.append(Coded(e.cameo, e.type, actors, targets, intended))
    return coded


def _same_type(coded: Coded, gold: Gold, use_root: bool) -> bool:
    return coded.cameo[:2] == (gold.cameo or "")[:2] if use_root else coded.plover == gold.plover


def _same_actor(codes: list[str], gold: str) -> bool:
    gold = gold.strip("-")
    return not codes if not gold else any(c[:3] == gold[:3] for c in codes)


def _hit(coded: list[Coded], gold: Gold) -> bool:
    return any(_same_actor(a, gold.source) and _same_actor(t, gold.target) for c in coded for a, t in c.dyads())


def score(records: list[Record], coder: ActorCoder, use_root: bool, errors: list) -> Counter:
    """Tallies over gold events of stated events only, and (suffix " +intent") of stated events
    and intentions together, as CAMEO coders count them ("Arnor will restore ties" codes 050)."""
    tally: Counter = Counter()
    for record in records:
        every = code_record(record, coder)
        for suffix, coded in (("", [c for c in every if not c.intended]), (" +intent", every)):
            if not record.golds:
                tally["no-event records" + suffix] += 1
                tally["no-event right" + suffix] += not coded
                if suffix:
                    errors += [("extra event", record.id, None, [c], record.text) for c in coded]
                continue
            if suffix:
                errors += [("extra event", record.id, None, [c], record.text) for c in coded
                           if not any(_same_type(c, g, use_root) for g in record.golds)]
            tally["extracted" + suffix] += len(coded)
            for gold in record.golds:
                tally["gold" + suffix] += 1
                right_type = [c for c in coded if _same_type(c, gold, use_root)]
                tally["root" + suffix] += bool(use_root and right_type)
                tally["plover" + suffix] += any(c.plover == gold.plover for c in coded)
                tally["actor" + suffix] += any(_same_actor(a, gold.source) for c in right_type for a, _ in c.dyads())
                tally["target" + suffix] += any(_same_actor(t, gold.target) for c in right_type for _, t in c.dyads())
                hit = _hit(right_type, gold)
                tally["triple" + suffix] += hit
                if not hit and suffix:
                    errors.append((_miss_class(coded, right_type, gold), record.id, gold, coded, record.text))
    return tally


def _miss_class(coded: list[Coded], right_type: list[Coded], gold: Gold) -> str:
    """Why a gold event was missed: no event, type wrong, actor wrong, target wrong, or both."""
    if not coded:
        return "no event"
    if not right_type:
        return "type wrong"
    actor = any(_same_actor(a, gold.source) for c in right_type for a, _ in c.dyads())
    target = any(_same_actor(t, gold.target) for c in right_type for _, t in c.dyads())
    if not actor and not target:
        return "actor and target wrong"
    return "target wrong" if actor and not target else "actor wrong" if target and not actor else "paired wrongly"


def breakdown(errors: list, examples: int) -> None:
    """Missed gold events (stated + intentions) by class, and extra events, with examples."""
    classes = Counter(e[0] for e in errors)
    print("  error breakdown (stated + intentions): " + ", ".join(f"{k} {n}" for k, n in classes.most_common()))
    for cls, _ in classes.most_common():
        for _, rid, gold, coded, text in [e for e in errors if e[0] == cls][:examples]:
            got = "; ".join(f"{c.cameo}/{c.plover} {c.actors}->{c.targets}" for c in coded) or "-"
            want = f"gold {gold.cameo or gold.plover} {gold.source}->{gold.target} | " if gold else ""
            print(f"    {cls.upper()} {rid} {want}ours {got} | {text[:150]}")


def in_split(record: Record, split: str) -> bool:
    """A fixed half of the records by a hash of the record id: "dev" the half the rules were
    tuned on, "test" the held-out half. The validation suite holds near-copies of one sentence
    under different ids (DEMO-01, COMMA-05, AGENT-03), so its held-out half shares sentence
    templates with the dev half and reads optimistic; the PLOVER records are distinct sentences."""
    return split == "all" or (zlib.crc32(record.id.encode()) % 2 == 0) == (split == "dev")


def report(name: str, tally: Counter, seconds: float, n: int, use_root: bool) -> None:
    g = tally["gold"] or 1
    print(f"{name}: {n} records, {tally['gold']} gold events, {tally['extracted']} events extracted "
          f"(+{tally['extracted +intent'] - tally['extracted']} intentions), {n / seconds:.1f} docs/s")
    print(f"  {'':<28} {'stated':>6}  {'+intent':>7}")
    rows = [("event type (CAMEO root)", "root")] if use_root else []
    rows += [("event type (PLOVER)", "plover"), ("actor (code prefix)", "actor"), ("target (code prefix)", "target"),
             ("full triple", "triple")]
    for label, key in rows:
        beside = f"   (PETRARCH reported {PETRARCH_REPORTED:.1%} on this set)" if use_root and key == "triple" else ""
        print(f"  {label:<28} {tally[key] / g:6.1%}  {tally[key + ' +intent'] / g:7.1%}{beside}")
    if tally["no-event records"]:
        print(f"  {'no-event records silent':<28} {tally['no-event right'] / tally['no-event records']:6.1%}"
              f"  {tally['no-event right +intent'] / tally['no-event records']:7.1%}  of {tally['no-event records']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=0, help="only the first N records of each set")
    ap.add_argument("--errors", type=int, default=0, help="print this many examples of each error class")
    ap.add_argument("--verbs", choices=("both", "dictionary", "own"), default="both",
                    help="code verbs with crosswire's own vocabulary, each set's CAMEO verb dictionary "
                         "(as PETRARCH does), or both in turn")
    ap.add_argument("--split", choices=("all", "dev", "test"), default="all",
                    help="dev: the records rules were tuned on; test: the held-out half (see in_split)")
    args = ap.parse_args()
    petrarch, plover = args.data / "petrarch-validation", args.data / "plover-gsr"
    dictionaries = petrarch / "dictionaries"
    sets = [
        ("PETRARCH validation (PETR_Validate_records_2_02)",
         petrarch_records(petrarch / "PETR_Validate_records_2_02.xml"), petrarch / "validate-dictionaries", True),
        ("PLOVER GSR (CAMEO manual examples)", plover_records(plover / "PLOVER_GSR_CAMEO.json"), dictionaries, False),
    ]
    modes = ("own", "dictionary") if args.verbs == "both" else (args.verbs,)
    for name, records, folder, use_root in sets:
        coder = load(str(folder)).actors
        records = [r for r in records if in_split(r, args.split)]
        records = records[: args.limit] if args.limit else records
        for mode in modes:
            configure(folder if mode == "dictionary" else None)
            errors: list = []
            started = time.perf_counter()
            tally = score(records, coder, use_root, errors)
            verbs = f"verbs: {folder.name} dictionary" if mode == "dictionary" else "verbs: crosswire's own"
            report(f"{name} [{verbs}]", tally, time.perf_counter() - started, len(records), use_root)
            breakdown(errors, args.errors)
    configure(None)


if __name__ == "__main__":
    main()
