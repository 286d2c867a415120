"""Reuse on the Clough & Stevenson corpus of plagiarised short answers (graded gold labels).

Every answer and the five Wikipedia sources go through the reuse detector together; an
answer's score is the share of its characters inside passages aligned with its own task's
source (0 when no link). Reuse (cut, light, heavy) vs non-reuse is decided by one threshold.

Nothing is tuned on the answer it is tested on:
* news settings (the defaults): the threshold comes from leave-one-out cross-validation
  (each answer is classified by the threshold that is best on the other 94);
* sensitive settings: nested leave-one-out over a small declared grid (``GRID``: n-gram
  size, gap, stemming, evidence) -- for each held-out answer, the settings *and* threshold
  best on the other 94 classify it.
Reports accuracy, mean and median score per class (the ordering cut > light > heavy > non)
and docs/s. Two "cut" answers (g2pE_taskc, g4pD_taskb) were pasted from parts of the
Wikipedia article that are not in the given source text: no source-based detector finds them.

    .venv/bin/python benchmarks/reuse_clough.py
"""
from __future__ import annotations

import csv
import sys
import time
from itertools import pairwise
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from crosswire.link.reuse import ReuseSettings, find_reuse  # noqa: E402
from crosswire.model import Document  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clough-stevenson-short-answers"
CLASSES = ("cut", "light", "heavy", "non")
NEWS = ReuseSettings()
GRID = [
    ReuseSettings(n=n, min_words=6, min_shared=2, min_evidence=evidence, gap=gap, stem=stem)
    for n in (2, 3) for gap in (12, 20, 30) for stem in (False, True) for evidence in (0.5, 1.0)
]
"""Sensitive settings tried (short answers, not news): shorter n-grams and passages, wider gaps."""


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


def _score_array(docs: list[Document], labels: dict[str, tuple[str, str]], settings: ReuseSettings,
                 answers: list[str]) -> np.ndarray:
    scores = _scores(docs, labels, settings)
    return np.array([scores[a] for a in answers])


def _best_threshold(values: np.ndarray, reused: np.ndarray) -> float:
    candidates = np.unique(np.concatenate(([0.0], values)))
    cuts = (candidates[:-1] + candidates[1:]) / 2 if candidates.size > 1 else candidates
    accuracy = [((values > c) == reused).mean() for c in cuts]
    return float(cuts[int(np.argmax(accuracy))])


def _loo_accuracy(values: np.ndarray, reused: np.ndarray) -> int:
    """Answers classified right by the threshold best on all the others."""
    correct = 0
    for k in range(len(values)):
        others = np.arange(len(values)) != k
        correct += (values[k] > _best_threshold(values[others], reused[others])) == reused[k]
    return correct


def _nested_loo(table: np.ndarray, reused: np.ndarray) -> tuple[int, list[int]]:
    """Answers classified right when settings and threshold are both chosen on the others.

    ``table[g, k]`` is answer ``k``'s score under grid settings ``g``; returns the number
    right and, per answer, the settings chosen for it.
    """
    correct, chosen = 0, []
    for k in range(table.shape[1]):
        others = np.arange(table.shape[1]) != k
        best = (-1.0, 0, 0.0)
        for g, values in enumerate(table):
            threshold = _best_threshold(values[others], reused[others])
            accuracy = ((values[others] > threshold) == reused[others]).mean()
            if accuracy > best[0]:
                best = (accuracy, g, threshold)
        chosen.append(best[1])
        correct += (table[best[1], k] > best[2]) == reused[k]
    return correct, chosen


def _describe(scores: np.ndarray, answers: list[str], labels: dict[str, tuple[str, str]]) -> str:
    by_class = {c: scores[[labels[a][0] == c for a in answers]] for c in CLASSES}
    means = [by_class[c].mean() for c in CLASSES]
    medians = [np.median(by_class[c]) for c in CLASSES]
    ordered = lambda xs: all(x > y for x, y in pairwise(xs))  # noqa: E731
    return ("  mean score (share of the answer in aligned passages): "
            + ", ".join(f"{c} {m:.3f}" for c, m in zip(CLASSES, means))
            + f" ({'ordered' if ordered(means) else 'NOT ordered'})\n  median: "
            + ", ".join(f"{c} {m:.3f}" for c, m in zip(CLASSES, medians))
            + f" ({'ordered' if ordered(medians) else 'NOT ordered'})")


def main() -> None:
    if not DATA.exists():
        sys.exit(f"data not found: {DATA}")
    docs, labels = _load()
    answers = sorted(labels)
    reused = np.array([labels[a][0] != "non" for a in answers])
    t0 = time.perf_counter()
    news = _score_array(docs, labels, NEWS, answers)
    elapsed = time.perf_counter() - t0
    correct = _loo_accuracy(news, reused)
    print(f"news settings (defaults): {len(docs)} docs in {elapsed:.2f}s ({len(docs) / elapsed:.0f} docs/s)")
    print(f"  reuse vs non, leave-one-out threshold: accuracy {correct / len(answers):.4f} ({correct}/{len(answers)})")
    print(_describe(news, answers, labels))

    t0 = time.perf_counter()
    table = np.array([_score_array(docs, labels, settings, answers) for settings in GRID])
    elapsed = time.perf_counter() - t0
    correct, chosen = _nested_loo(table, reused)
    common = max(set(chosen), key=chosen.count)
    print(f"sensitive settings, {len(GRID)} in the grid: {len(GRID) * len(docs) / elapsed:.0f} docs/s")
    print(f"  reuse vs non, nested leave-one-out (settings and threshold): accuracy "
          f"{correct / len(answers):.4f} ({correct}/{len(answers)})")
    wrong = [a for a, g in zip(answers, chosen)
             if (table[g, answers.index(a)] > _best_threshold(np.delete(table[g], answers.index(a)),
                                                             np.delete(reused, answers.index(a)))) != reused[answers.index(a)]]
    print(f"  misclassified: {', '.join(f'{a} ({labels[a][0]})' for a in wrong)}")
    print(f"  settings chosen most often ({chosen.count(common)}/{len(answers)}): {GRID[common]}")
    print(_describe(table[common], answers, labels))


if __name__ == "__main__":
    main()
