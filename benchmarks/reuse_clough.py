"""Reuse on the Clough & Stevenson corpus of plagiarised short answers (graded gold labels).

Every answer and the five Wikipedia sources go through the reuse detector together; an
answer's score is the share of its characters inside passages aligned with its own task's
source (0 when no link). Reuse (cut, light, heavy) vs non-reuse is decided by one threshold,
chosen by leave-one-out cross-validation (each answer is classified by the threshold that is
best on the other 94). Reports accuracy, mean score per class and docs/s.

    .venv/bin/python benchmarks/reuse_clough.py
"""
from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from crosswire.link.reuse import ReuseSettings, find_reuse  # noqa: E402
from crosswire.model import Document  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clough-stevenson-short-answers"
CLASSES = ("cut", "light", "heavy", "non")
SETTINGS = {
    "default (news) settings": ReuseSettings(),
    "sensitive: 3-grams, 6-word passages": ReuseSettings(n=3, min_words=6, min_shared=2, min_evidence=0.5),
}


def _load() -> tuple[list[Document], dict[str, tuple[str, str]]]:
    """Documents, and for each answer its (category, source document id)."""
    docs, labels = [], {}
    with open(DATA / "file_information.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = (DATA / "files" / row["File"]).read_text("utf-8", errors="replace")
            docs.append(Document(id=row["File"], source=row["File"], text=text))
            if row["Category"] != "orig":
                labels[row["File"]] = (row["Category"], f"orig_task{row['Task']}.txt")
    return docs, labels


def _scores(docs: list[Document], labels: dict[str, tuple[str, str]], settings: ReuseSettings) -> dict[str, float]:
    by_pair = {}
    for row in find_reuse(docs, settings):
        by_pair[(row["source"], row["target"])] = (row, "target")
        by_pair[(row["target"], row["source"])] = (row, "source")
    lengths = {d.id: len(d.text) for d in docs}
    scores = {}
    for answer, (_, source) in labels.items():
        found = by_pair.get((answer, source))
        if not found:
            scores[answer] = 0.0
            continue
        row, side = found
        spans = sorted((p[f"{side}_start"], p[f"{side}_end"]) for p in row["passages"])
        covered, reach = 0, 0
        for start, end in spans:
            start = max(start, reach)
            if end > start:
                covered, reach = covered + end - start, end
        scores[answer] = covered / lengths[answer]
    return scores


def _best_threshold(values: np.ndarray, reused: np.ndarray) -> float:
    candidates = np.unique(np.concatenate(([0.0], values)))
    cuts = (candidates[:-1] + candidates[1:]) / 2 if candidates.size > 1 else candidates
    accuracy = [((values > c) == reused).mean() for c in cuts]
    return float(cuts[int(np.argmax(accuracy))])


def main() -> None:
    if not DATA.exists():
        sys.exit(f"data not found: {DATA}")
    docs, labels = _load()
    answers = sorted(labels)
    reused = np.array([labels[a][0] != "non" for a in answers])
    for name, settings in SETTINGS.items():
        t0 = time.perf_counter()
        scores = _scores(docs, labels, settings)
        elapsed = time.perf_counter() - t0
        values = np.array([scores[a] for a in answers])
        correct = 0
        for k in range(len(answers)):
            others = np.arange(len(answers)) != k
            threshold = _best_threshold(values[others], reused[others])
            correct += (values[k] > threshold) == reused[k]
        linked = ((values > 0) == reused).mean()
        means = {c: np.mean([scores[a] for a in answers if labels[a][0] == c]) for c in CLASSES}
        print(f"{name}: {len(docs)} docs in {elapsed:.2f}s ({len(docs) / elapsed:.0f} docs/s)")
        print(f"  reuse vs non, leave-one-out threshold: accuracy {correct / len(answers):.4f} ({correct}/{len(answers)}); "
              f"'any link' as the decision: {linked:.4f}; threshold on all: {_best_threshold(values, reused):.4f}")
        print("  mean score (share of the answer in aligned passages): "
              + ", ".join(f"{c} {means[c]:.3f}" for c in CLASSES))


if __name__ == "__main__":
    main()
