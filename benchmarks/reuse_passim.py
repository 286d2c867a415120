"""Agreement with passim on its 1900 Journal de Genève / Gazette de Lausanne output (silver).

The data holds only the reused passages, with their character offsets in each article, so an
article is rebuilt by placing its passages at their offsets and filling the unknown rest with
spaces (offsets stay true; text passim did not report is missing, so this measures recall
and agreement on passim's passages, not precision against full pages). Reference pairs are
articles in one passim cluster; passim aligned only JDG-GDL pairs (``filterpairs gid <
gid2``), so cross-series pairs are reported alone as well. A passage pair is matched when one
of our passages overlaps both passim passages.

    .venv/bin/python benchmarks/reuse_passim.py
"""
from __future__ import annotations

import gzip
import itertools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from crosswire.link.reuse import ReuseSettings, find_reuse  # noqa: E402
from crosswire.model import Document  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "impresso-passim-silver" / "passim_out_impresso_1900.jsonl.gz"


def _load() -> tuple[list[Document], dict[int, list[tuple[str, int, int]]]]:
    """Rebuilt articles, and passim's clusters as (article, begin, end) passages."""
    pieces: dict[str, list[dict]] = defaultdict(list)
    clusters: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            pieces[r["id"]].append(r)
            clusters[r["cluster"]].append((r["id"], r["begin"], r["end"]))
    docs = []
    for doc_id, parts in sorted(pieces.items()):
        chars = [" "] * max(p["end"] for p in parts)
        for p in parts:
            chars[p["begin"] : p["end"]] = p["text"]
        docs.append(Document(id=doc_id, source=doc_id, text="".join(chars), outlet=parts[0]["series"], published=parts[0]["date"]))
    return docs, clusters


def _prf(found: set, reference: set) -> str:
    hits = len(found & reference)
    p = hits / len(found) if found else 0.0
    r = hits / len(reference) if reference else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"precision {p:.4f} recall {r:.4f} F1 {f1:.4f} (ours {len(found)}, passim {len(reference)}, both {hits})"


def _cross(pair: frozenset) -> bool:
    return len({doc_id[:3] for doc_id in pair}) == 2


SETTINGS = {
    "crosswire default (widely shared text weighs 1/(df-1))": ReuseSettings(),
    "passim-like (every shared rare 5-gram counts)": ReuseSettings(min_evidence=0.0),
    "passim-like, words without inflections (stem=True)": ReuseSettings(min_evidence=0.0, stem=True),
}
SIZE_BANDS = ((2, 2), (3, 5), (6, 20), (21, 10_000))


def main() -> None:
    if not DATA.exists():
        sys.exit(f"data not found: {DATA}")
    docs, clusters = _load()
    chars = sum(len(d.text.replace(" ", "")) for d in docs)
    print(f"{len(docs)} articles rebuilt from {sum(map(len, clusters.values()))} passim passages "
          f"({chars / 1e6:.1f} M non-space chars, {sum(len(d.text) for d in docs) / 1e6:.1f} M with filler)")
    for name, settings in SETTINGS.items():
        print(f"== {name}")
        _evaluate(docs, clusters, settings)


def _evaluate(docs: list[Document], clusters: dict[int, list[tuple[str, int, int]]], settings: ReuseSettings) -> None:
    t0 = time.perf_counter()
    rows = find_reuse(docs, settings)
    elapsed = time.perf_counter() - t0
    print(f"reuse: {len(rows)} links in {elapsed:.1f}s: {len(docs) / elapsed:.0f} docs/s")

    reference = {frozenset((a[0], b[0])) for members in clusters.values() for a, b in itertools.combinations(members, 2) if a[0] != b[0]}
    found = {frozenset((r["source"], r["target"])) for r in rows}
    print("article pairs, all:          " + _prf(found, reference))
    print("article pairs, JDG-GDL only: " + _prf({p for p in found if _cross(p)}, {p for p in reference if _cross(p)}))
    bands = []
    for low, high in SIZE_BANDS:
        band = {
            frozenset((a[0], b[0])) for members in clusters.values() if low <= len({m[0] for m in members}) <= high
            for a, b in itertools.combinations(members, 2) if a[0] != b[0]
        }
        bands.append(f"{low}-{high}: {len(band & found) / max(1, len(band)):.3f} of {len(band)}")
    print("article-pair recall by cluster size (articles): " + "; ".join(bands))

    # Passage pairs: passim's (cluster member, cluster member) vs our aligned passages.
    ours: dict[frozenset, list[dict[str, tuple[int, int]]]] = defaultdict(list)
    for r in rows:
        for p in r["passages"]:
            ours[frozenset((r["source"], r["target"]))].append(
                {r["source"]: (p["source_start"], p["source_end"]), r["target"]: (p["target_start"], p["target_end"])}
            )
    matched = total = 0
    for members in clusters.values():
        for a, b in itertools.combinations(members, 2):
            if a[0] == b[0]:
                continue
            total += 1
            matched += any(
                _overlaps(span[a[0]], a[1:]) and _overlaps(span[b[0]], b[1:]) for span in ours.get(frozenset((a[0], b[0])), ())
            )
    print(f"passage pairs: recall {matched / total:.4f} ({matched}/{total} passim passage pairs overlapped by one of ours)")
    passim_spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for cluster, members in clusters.items():
        for doc_id, begin, end in members:
            passim_spans[doc_id].append((cluster, begin, end))
    agreeing = sum(
        bool(_clusters_at(passim_spans, doc_a, span[doc_a]) & _clusters_at(passim_spans, doc_b, span[doc_b]))
        for pair, spans in ours.items() for span in spans for doc_a, doc_b in [tuple(pair)]
    )
    n_ours = sum(map(len, ours.values()))
    print(f"passage pairs: precision {agreeing / max(1, n_ours):.4f} ({agreeing}/{n_ours} of ours overlap passim passages of one cluster in both articles)")


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def _clusters_at(spans: dict[str, list[tuple[int, int, int]]], doc_id: str, span: tuple[int, int]) -> set[int]:
    return {c for c, begin, end in spans[doc_id] if _overlaps(span, (begin, end))}


if __name__ == "__main__":
    main()
