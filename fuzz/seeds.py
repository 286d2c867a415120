"""Seed inputs for the fuzz targets, from the example corpus: the fuzzer starts from real
documents instead of growing them from nothing (which takes minutes per format).

    python fuzz/seeds.py TARGET FOLDER     # writes seeds into FOLDER unless it already holds some

For ``all``, each seed is prefixed with the byte that routes it to its target.
"""
from __future__ import annotations

import gzip
import hashlib
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"
ORDER = ["readers", "decode", "feeds", "subtitles", "jsonl", "warc", "quotes", "statements"]  # as in harness.TARGETS
MAX_SEED = 4096


def _files(*patterns: str) -> list[bytes]:
    return [path.read_bytes() for pattern in patterns for path in sorted(EXAMPLES.rglob(pattern))]


def _texts() -> list[bytes]:
    return _files("*.txt")


def seeds(target: str) -> list[bytes]:
    """The seed inputs of one target (bytes as the target function receives them)."""
    if target == "all":
        return [bytes([i]) + seed for i, name in enumerate(ORDER) for seed in seeds(name)]
    texts = _texts()
    by_target = {
        "readers": _files("*.txt", "*.html", "*.rss", "*.jsonl", "*.srt", "*.vtt"),
        "decode": [*texts, *(t.decode("utf-8").encode("utf-16") for t in texts),
                   *(b"w" + t.decode("utf-8").encode("cp1252", "replace") for t in texts)],
        "feeds": _files("*.rss"),
        "subtitles": _files("*.srt", "*.vtt"),
        "jsonl": _files("*.jsonl"),
        "warc": [gzip.decompress(data).removeprefix(b"WARC/1.0\r\n") for data in _files("*.warc.gz")],
        "quotes": texts,
        "statements": texts,
    }
    return [data[:MAX_SEED] for data in by_target[target]]


def write_seeds(target: str, folder: Path) -> int:
    """Write ``target``'s seeds into ``folder`` (created) unless it holds files already; the count written."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        return 0
    items = seeds(target)
    for data in items:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    return len(items)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in [*ORDER, "all"]:
        sys.exit(f"usage: seeds.py {{{','.join([*ORDER, 'all'])}}} FOLDER")
    print(f"{write_seeds(sys.argv[1], Path(sys.argv[2]))} seeds written to {sys.argv[2]}")
