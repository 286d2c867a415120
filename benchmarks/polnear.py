"""Statement extraction measured against PolNeAR attribution relations (brat standoff).

    python benchmarks/polnear.py [--split dev|train] [--limit N]

One annotation file per article (the first by name). Predicted statements become
attributions the way PolNeAR annotates them: only the outermost attribution counts (its
tokens are univocal), so a ``partial`` inside another statement and a statement whose
speaker mention lies inside another statement's content are dropped; the content pieces of
one frame (statements with the same speaker span and cue: an interrupted quote '"A," she
said, "B."' or a quote continuing a statement over sentences and paragraphs) merge into
one attribution, as PolNeAR's discontinuous content spans do.

Matching, all on character offsets:
- exact: the spans are equal after trimming edge whitespace, punctuation and quotation
  marks (PolNeAR content keeps the marks, ours is inside them); a discontinuous span
  compares as its set of trimmed fragments, fragments only whitespace or punctuation apart
  joined (PolNeAR often cuts one quotation into one fragment per sentence).
- any overlap: predicted and gold content share at least one word token; pairs are
  matched one-to-one, greatest word overlap first.
- token: word tokens (``\\w+``) inside predicted content that are inside gold content
  (precision), and the reverse (recall), over the whole split.
Source and cue are scored on the any-overlap content pairs: precision over predicted
attributions with a source (cue), recall over gold ones; source exact as above, source
overlap = shares a word token; cue = same words, case-insensitive. "quoted" = gold
content contains a quotation mark (predicted: kind direct/turn/partial); "speech cues" =
gold attributions whose cue is a reporting verb, "according to" or a colon. In the quoted and
unquoted rows a prediction counts in the group of the gold it matches (unmatched ones by
their own kind), so precision and recall there share one definition.
"""
from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"
QUOTE_CHARS = "\"“”‘’'«»"
EDGE = " \t\n,.;:!?()[]—–-" + QUOTE_CHARS
WORD = re.compile(r"\w+")
REFERENCE = {"source": 0.832, "cue": 0.753, "content": 0.729}

Spans = tuple[tuple[int, int], ...]


@dataclass
class Attribution:
    content: Spans
    source: Spans = ()
    cue: str = ""
    quoted: bool = False
    speech_cue: bool = False


@dataclass
class Tally:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def row(self) -> tuple[float, float, float]:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    tallies: dict[str, Tally] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())


def _parse_ann(path: Path) -> list[Attribution]:
    spans: dict[str, list[tuple[int, int]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            try:
                _label, _, offsets = parts[1].partition(" ")
                spans[parts[0]] = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
            except ValueError:
                continue
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(role.split(":", 1) for role in parts[1].split() if ":" in role))
    out = []
    for roles in relations:
        content = tuple(s for role, tid in roles.items() if role.startswith("Content") for s in spans.get(tid, []))
        if content:
            out.append(Attribution(tuple(sorted(content)), tuple(spans.get(roles.get("Source", ""), [])),
                                   _cue_key(spans.get(roles.get("Cue", ""), []))))
    return out


def _cue_key(cue: list[tuple[int, int]]) -> str:
    return " ".join(f"{s}:{e}" for s, e in cue)  # resolved to words once the text is known


def _trimmed(text: str, spans: Spans) -> frozenset[tuple[int, int]]:
    """Spans without edge punctuation; fragments only punctuation apart join into one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        while start < end and text[start] in EDGE:
            start += 1
        while end > start and text[end - 1] in EDGE:
            end -= 1
        if start >= end:
            continue
        if out and all(c in EDGE for c in text[out[-1][1]:start]):
            start = out.pop()[0]
        out.append((start, end))
    return frozenset(out)


def _tokens(text: str, spans: Spans) -> set[int]:
    return {m.start() for start, end in spans for m in WORD.finditer(text, start, end)}


def load(split: str, limit: int | None) -> list[tuple[str, str, list[Attribution]]]:
    from crosswire.extract.attribution import reporting_forms

    forms = reporting_forms()
    docs = []
    seen: set[str] = set()
    for ann in sorted((DATA / split / "attributions").glob("*.ann")):
        article = ann.name.rsplit("_", 1)[0]
        if article in seen:
            continue
        seen.add(article)
        text = (DATA / split / "text" / f"{article}.txt").read_text("utf-8")
        gold = _parse_ann(ann)
        for att in gold:
            pieces = [tuple(map(int, p.split(":"))) for p in att.cue.split()]
            att.cue = " ".join(text[s:e] for s, e in pieces).lower().strip()
            att.quoted = any(c in text[s:e] for s, e in att.content for c in "\"“”")
            words = att.cue.rstrip(":").split()
            att.speech_cue = att.cue in (":", "according to") or (bool(words) and words[-1] in forms)
        docs.append((article, text, gold))
        if limit and len(docs) >= limit:
            break
    return docs


def predicted(text: str, statements: list) -> list[Attribution]:
    """Statements as PolNeAR-style attributions (see the module docstring)."""
    contents = [(s.start, s.end) for s in statements if s.kind != "partial"]
    kept = [s for s in statements if not _nested(s, statements, contents)]
    merged: dict[tuple, Attribution] = {}
    out: list[Attribution] = []
    for st in kept:
        source = (tuple(st.speaker_span),) if st.speaker_span else ()
        att = Attribution(((st.start, st.end),), source, (st.cue or "").lower(), st.kind != "reported", True)
        key = (source, st.cue)
        if source and key in merged:  # one frame (speaker mention and cue), several content pieces
            merged[key].content += att.content
            continue
        merged[key] = att
        out.append(att)
    return out


def _nested(st, statements: list, contents: list[tuple[int, int]]) -> bool:
    """PolNeAR annotates only the outermost attribution: a partial inside another statement,
    and a statement whose speaker mention lies inside another's content, are part of it."""
    if st.kind == "partial":
        return any(o is not st and o.start <= st.start and st.end <= o.end for o in statements)
    span = st.speaker_span
    return span is not None and any(s <= span[0] and span[1] <= e and not (s == st.start and e == st.end)
                                    for s, e in contents)


def _match(text: str, pred: list[Attribution], gold: list[Attribution]) -> list[tuple[int, int]]:
    candidates = []
    pred_tokens = [_tokens(text, p.content) for p in pred]
    gold_tokens = [_tokens(text, g.content) for g in gold]
    for i, pt in enumerate(pred_tokens):
        for j, gt in enumerate(gold_tokens):
            shared = len(pt & gt)
            if shared:
                candidates.append((-shared, i, j))
    pairs, used_p, used_g = [], set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score(text: str, pred: list[Attribution], gold: list[Attribution], scores: Scores) -> None:
    groups = {"all": lambda a: True, "quoted": lambda a: a.quoted, "unquoted": lambda a: not a.quoted}
    gold_exact = {_trimmed(text, g.content): j for j, g in enumerate(gold)}
    exact_pairs = {}
    for i, p in enumerate(pred):
        j = gold_exact.get(_trimmed(text, p.content))
        if j is not None and j not in exact_pairs.values():
            exact_pairs[i] = j
    overlap_pairs = dict(_match(text, pred, gold))
    for name, member in groups.items():
        # A prediction belongs to the group of the gold it matches (unmatched: its own kind),
        # so a group's true positives never outnumber its predictions.
        exact_in = [i for i, p in enumerate(pred) if member(gold[exact_pairs[i]] if i in exact_pairs else p)]
        overlap_in = [i for i, p in enumerate(pred) if member(gold[overlap_pairs[i]] if i in overlap_pairs else p)]
        scores[f"content exact {name}"].predicted += len(exact_in)
        scores[f"content exact {name}"].gold += sum(map(member, gold))
        scores[f"content exact {name}"].tp += sum(1 for i, j in exact_pairs.items() if member(gold[j]))
        scores[f"content overlap {name}"].predicted += len(overlap_in)
        scores[f"content overlap {name}"].gold += sum(map(member, gold))
        scores[f"content overlap {name}"].tp += sum(1 for i, j in overlap_pairs.items() if member(gold[j]))
        for tally, check in (("source exact", "exact"), ("source overlap", "overlap"), ("cue", "cue")):
            t = scores[f"{tally} {name}"]
            t.predicted += sum(1 for i in overlap_in if (pred[i].cue if check == "cue" else pred[i].source))
            t.gold += sum(1 for g in gold if member(g) and (g.cue if check == "cue" else g.source))
            for i, j in overlap_pairs.items():
                p, g = pred[i], gold[j]
                if not member(g):
                    continue
                if check == "cue":
                    t.tp += bool(p.cue) and " ".join(p.cue.split()) == " ".join(g.cue.split())
                elif check == "exact":
                    t.tp += bool(p.source) and _trimmed(text, p.source) == _trimmed(text, g.source)
                else:
                    t.tp += bool(p.source) and bool(_tokens(text, p.source) & _tokens(text, g.source))
    speech = [g for g in gold if g.speech_cue]
    matched = set(overlap_pairs.values())
    scores["speech-cue gold found (overlap)"].gold += len(speech)
    scores["speech-cue gold found (overlap)"].tp += sum(1 for j, g in enumerate(gold) if g.speech_cue and j in matched)
    pt = set().union(*(_tokens(text, p.content) for p in pred)) if pred else set()
    gt = set().union(*(_tokens(text, g.content) for g in gold)) if gold else set()
    scores["content token all"].tp += len(pt & gt)
    scores["content token all"].predicted += len(pt)
    scores["content token all"].gold += len(gt)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, help="Only the first N articles.")
    args = parser.parse_args()
    if not (DATA / args.split / "attributions").is_dir():
        sys.exit(f"PolNeAR not found at {DATA / args.split}: see ../shared/data/polnear/README.md")
    from crosswire.extract.entities import find_mentions
    from crosswire.extract.nlp import nlp
    from crosswire.extract.pipeline import Annotations
    from crosswire.extract.statements import find_statements
    from crosswire.model import Document

    docs = load(args.split, args.limit)
    nlp()
    scores = Scores()
    entities_seconds = statements_seconds = entities_cpu = statements_cpu = 0.0
    for article, text, gold in docs:
        doc = Document(id=article, source=article, text=text)
        ann = Annotations(document=doc)
        started, started_cpu = time.perf_counter(), time.process_time()
        find_mentions(doc, ann)
        found, found_cpu = time.perf_counter(), time.process_time()
        find_statements(doc, ann)
        done, done_cpu = time.perf_counter(), time.process_time()
        entities_seconds += found - started
        statements_seconds += done - found
        entities_cpu += found_cpu - started_cpu
        statements_cpu += done_cpu - found_cpu
        score(text, predicted(text, ann.statements), gold, scores)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"PolNeAR {args.split}: {len(docs)} articles, {scores['content exact all'].gold} gold attributions, "
          f"{scores['content exact all'].predicted} predicted")
    print(f"{'measure':<34}{'P':>7}{'R':>7}{'F1':>7}   published best F1 (exact)")
    for name in sorted(scores.tallies, key=_order):
        p, r, f = scores[name].row()
        ref = REFERENCE.get(name.split()[0]) if name.endswith("exact all") or name == "cue all" else None
        if not scores[name].predicted:  # a recall-only line
            print(f"{name:<34}{'-':>7}{r:7.3f}{'-':>7}")
            continue
        print(f"{name:<34}{p:7.3f}{r:7.3f}{f:7.3f}   {'' if ref is None else ref}")
    total = entities_seconds + statements_seconds
    print(f"speed (1 process): {len(docs) / total:.1f} documents/s whole pipeline (entities + statements), "
          f"{len(docs) / statements_seconds:.1f} documents/s statements alone (its cue-sentence parse included); "
          f"peak memory {peak_mb:.0f} MB")
    print(f"per CPU second (one core; steadier than wall time on a shared machine): "
          f"{len(docs) / (entities_cpu + statements_cpu):.1f} documents/s whole pipeline, "
          f"{len(docs) / statements_cpu:.1f} documents/s statements alone")


def _order(name: str) -> tuple[int, str]:
    kinds = ("content exact", "content overlap", "content token", "source exact", "source overlap", "cue", "speech")
    return next(i for i, k in enumerate(kinds) if name.startswith(k)), name


if __name__ == "__main__":
    main()
