"""The hostile corpus at full size through every component, with figures.

The corpus of ``tests/hostile/corpus.py`` at ``--scale`` 1.0 (a 10 MB single line, 10,000
paragraphs, a 200 MB gzip bomb inside a WARC ...) plus three ``--megabytes`` files (default
100, over the default 50 MB limit): plain text, a JSONL file and a WARC file whose giant line
or record sits between two good documents. Each file is added on its own (time and peak
memory per file), then the store is analyzed, exported (JSON, JSONL, CSV, JSON-LD) and every
document and story page and the API lists are fetched from the real web app.

    .venv/bin/python benchmarks/hostile.py                  # full size, about 10 minutes on 2 cores
    .venv/bin/python benchmarks/hostile.py --scale 0.1 --megabytes 10

Prints one row per input, then: inputs tried, stored, rejected, crashes (an exception, an
"could not ..." error or a page that is not 200), documents lost (good documents of the
corpus that did not land), offsets that do not point at their text, slowest file, peak RSS.
Exits 1 on any crash, lost document or bad offset.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crosswire.store.sqlite import Store  # noqa: E402
from tests.hostile.corpus import (  # noqa: E402
    OVERSIZED_KEPT, REJECTED, STORED, Case, over_limit_file, over_limit_streams, write_corpus)
from tests.hostile.run import Report, add_each, analyze_export_serve  # noqa: E402

KEPT_IDS = {"hostile-kept-1", "hostile-kept-2", *OVERSIZED_KEPT}  # ids the corpus gives its good JSONL documents


def build(folder: Path, scale: float, megabytes: float) -> list[Case]:
    cases = write_corpus(folder, scale)
    cases.append(Case(over_limit_file(folder, megabytes).name, b"", REJECTED))
    cases += [Case(path.name, b"", STORED) for path in over_limit_streams(folder, megabytes)]
    return cases


def summarise(db: Path, cases: list[Case], report: Report, seconds: float) -> int:
    expect = {case.name: case.expect for case in cases}
    print(f"{'input':<30}{'expect':>9}{'docs':>6}{'errors':>7}{'seconds':>9}{'peak MB':>9}")
    for f in report.files:
        print(f"{f.name[:30]:<30}{expect[f.name]:>9}{f.documents:>6}{len(f.errors):>7}{f.seconds:>9.2f}{f.peak_rss_mb:>9.0f}")
    with Store(db, readonly=True) as store:
        texts = {doc.id: doc.text for doc in store.documents()}
        spans = [*store.statements(), *store.mentions()]
    bad_offsets = sum(texts[s.document][s.start:s.end] != s.text for s in spans)
    lost = [f.name for f in report.files if expect[f.name] == STORED and not f.documents]
    lost += sorted(KEPT_IDS - set(texts))
    wrongly = [f.name for f in report.files if expect[f.name] == REJECTED and f.documents]
    rejected = sum(1 for f in report.files if f.errors)
    slowest = max(report.files, key=lambda f: f.seconds)
    print(f"inputs tried: {len(report.files)} files ({sum(1 for f in report.files if f.documents)} with documents, "
          f"{rejected} with errors), {len(texts)} documents, {len(spans)} spans")
    print(f"crashes: {len(report.crashes)}; documents lost: {len(lost)}; accepted but expected rejected: "
          f"{len(wrongly)}; offsets off: {bad_offsets}; web pages fetched: {report.pages}")
    for line in [*report.crashes, *lost, *wrongly]:
        print(f"  ! {line[:300]}")
    page, page_seconds = max(report.page_seconds.items(), key=lambda item: item[1], default=("-", 0.0))
    print(f"slowest file: {slowest.name} {slowest.seconds:.1f}s; slowest page: {page} {page_seconds:.1f}s; "
          f"peak RSS {max(f.peak_rss_mb for f in report.files):.0f} MB; total {seconds:.0f}s")
    return 1 if report.crashes or lost or bad_offsets else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of the big cases (1.0: full size)")
    parser.add_argument("--megabytes", type=float, default=100, help="size of the three oversized files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        out.mkdir()
        started = time.perf_counter()
        cases = build(folder, args.scale, args.megabytes)
        print(f"corpus written: {len(cases)} files, {sum(p.stat().st_size for p in folder.iterdir()) / 1e6:.0f} MB "
              f"in {time.perf_counter() - started:.0f}s")
        db = out / "hostile.db"
        started = time.perf_counter()
        report = add_each(db, folder, cases)
        analyze_export_serve(db, out, report)
        sys.exit(summarise(db, cases, report, time.perf_counter() - started))


if __name__ == "__main__":
    main()
