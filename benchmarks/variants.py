"""Quote variants at corpus scale: PolNeAR's quoted contents as statements.

    python benchmarks/variants.py [--split train|dev] [--limit N] [--show K]

There is no gold for variants; this measures speed and shows groups to read. Every
PolNeAR content span with a quotation mark (one annotation file per article) becomes a
``direct`` statement of its article, dated by metadata.tsv; the step's grouping runs over
all of them. Printed: statements, groups, renderings per group, documents per group,
differences by kind, seconds, and K sample groups with their differences.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from crosswire.link.variants import find_variants  # noqa: E402
from crosswire.model import Statement  # noqa: E402

POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear"
QUOTES = set('"“”')


def load(split: str, limit: int | None) -> tuple[list[Statement], dict[str, str]]:
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as f:
        published = {row["filename"]: row["publication_date"] for row in csv.DictReader(f, delimiter="\t")}
    seen: set[str] = set()
    statements = []
    for ann in sorted((POLNEAR / split / "attributions").glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        if article in seen:
            continue
        seen.add(article)
        if limit and len(seen) > limit:
            break
        text = (POLNEAR / split / "text" / f"{article}.txt").read_text("utf-8")
        for line in ann.read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not parts[1].startswith("Content ") or ";" in parts[1]:
                continue
            _, start, end = parts[1].split()
            content = text[int(start):int(end)]
            if QUOTES & set(content):
                statements.append(Statement(f"{article}:{parts[0]}", article, "direct", content, int(start), int(end)))
    return statements, published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="train", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, help="articles")
    parser.add_argument("--show", type=int, default=5, help="sample groups to print")
    args = parser.parse_args()
    statements, published = load(args.split, args.limit)
    began = time.perf_counter()
    rows = find_variants(statements, published)
    seconds = time.perf_counter() - began
    owner = {st.id: st.document for st in statements}
    kinds = Counter(d["kind"] for row in rows for d in row["differences"])
    sizes = Counter(len(row["statements"]) for row in rows)
    cross = sum(len({owner[s] for s in row["statements"]}) > 1 for row in rows)
    print(f"{len(statements)} quoted statements, {len(rows)} variant groups ({cross} across documents), "
          f"{seconds:.2f} s ({len(statements) / seconds:.0f} statements/s)")
    print("renderings per group:", dict(sorted(sizes.items())))
    print("differences by kind:", dict(kinds.most_common()))
    for row in sorted(rows, key=lambda r: -len(r["differences"]))[: args.show]:
        print(f"\n{row['id']}  {row['canonical'][:200]!r}")
        for d in row["differences"]:
            print(f"  {d['kind']:<12} " + " | ".join(f"{v['text'][:60]!r} {v['documents']}" for v in d["values"]))


if __name__ == "__main__":
    main()
