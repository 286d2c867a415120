"""Coverage-guided fuzzing of the readers and the quote extractor, with atheris.

One target per function, named on the command line: ``python fuzz/harness.py readers``
(``decode``, ``feeds``, ``subtitles``, ``jsonl``, ``warc``, ``quotes``, ``statements``, or
``all`` of them in one process);
the remaining arguments go to libFuzzer (``-max_total_time=30``, a corpus folder ...).
A target fails only on an exception that escapes: readers must turn bad input into an
``IngestError``, extractors must return spans whose offsets point at their text.
"""
from __future__ import annotations

import io
import sys
from typing import Callable

try:
    import atheris
except ImportError:  # pragma: no cover - reported by fuzz/run and the smoke test
    sys.exit("atheris is not installed: .venv/bin/pip install atheris==3.0.0 (needs Linux x86-64 or clang to build)")

with atheris.instrument_imports(include=["crosswire"]):  # our code only: fast start, coverage where it counts
    from crosswire.extract import extract
    from crosswire.extract.quotes import find_quotes
    from crosswire.ingest.decode import decode_bytes
    from crosswire.ingest.feeds import read_feed
    from crosswire.ingest.readers import read_bytes
    from crosswire.ingest.subtitles import read_subtitles
    from crosswire.ingest.jsonl import read_jsonl
    from crosswire.ingest.warc import read_warc
    from crosswire.model import Document, IngestError, RawRecord

from seeds import ORDER  # noqa: E402  (fuzz/ is the script's folder)

NAMES = ["a.txt", "a.html", "a.jsonl", "a.json", "a.rss", "a.xml", "a.srt", "a.vtt", "a.warc", "a", "a.csv"]
LIMIT = 100_000


def _records(items: object) -> None:
    for item in items:  # type: ignore[attr-defined]
        assert isinstance(item, (RawRecord, IngestError)), item
        if isinstance(item, IngestError):
            assert "\n" not in str(item), str(item)


def fuzz_readers(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    name = NAMES[fdp.ConsumeIntInRange(0, len(NAMES) - 1)]
    _records(read_bytes(fdp.ConsumeBytes(fdp.remaining_bytes()), name, "fuzz"))


def fuzz_decode(data: bytes) -> None:
    text, encoding = decode_bytes(data, "windows-1252" if data[:1] == b"w" else None)
    assert encoding and "\x00" not in text and "\r" not in text


def fuzz_feeds(data: bytes) -> None:
    _records(read_feed(b"<rss><channel><item>" + data if data[:1] == b"r" else data, "fuzz"))


def fuzz_subtitles(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    _records(read_subtitles(text, "fuzz", "vtt" if text.startswith("W") else "srt"))


def fuzz_jsonl(data: bytes) -> None:
    _records(read_jsonl(io.BytesIO(data), "fuzz", LIMIT))


def fuzz_warc(data: bytes) -> None:
    _records(read_warc(io.BytesIO(b"WARC/1.0\r\n" + data), "fuzz", LIMIT))


def fuzz_quotes(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    for quote in find_quotes(text):
        assert 0 <= quote.open < quote.close <= len(text), quote


def fuzz_statements(data: bytes) -> None:
    text = data.decode("utf-8", "replace")[:4000]
    if not text.strip():
        return
    ann = extract(Document(id="fuzz", source="fuzz", text=text))
    for span in [*ann.statements, *ann.mentions]:
        assert text[span.start:span.end] == span.text, (span, text[span.start:span.end])


TARGETS: dict[str, Callable[[bytes], None]] = {
    "readers": fuzz_readers, "decode": fuzz_decode, "feeds": fuzz_feeds, "subtitles": fuzz_subtitles,
    "jsonl": fuzz_jsonl, "warc": fuzz_warc, "quotes": fuzz_quotes, "statements": fuzz_statements,
}
_EACH = [TARGETS[name] for name in ORDER]  # the seeds of ``all`` are routed in this order


def fuzz_all(data: bytes) -> None:
    """Every target in one process (one start-up), chosen by the first byte: for short CI runs."""
    if data:
        _EACH[data[0] % len(_EACH)](data[1:])


TARGETS["all"] = fuzz_all


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: harness.py {{{','.join(TARGETS)}}} [libFuzzer options]")
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
