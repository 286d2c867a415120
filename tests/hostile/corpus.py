"""A corpus of hostile inputs, generated: every way the web breaks a reader we could think of.

Each case is a file name, its bytes and what must become of it: ``stored`` (at least one
document lands), ``rejected`` (only clear one-line errors) or ``either`` (a document or a
clear error, never a crash). ``scale`` shrinks the big cases for the default test run;
:func:`hostile_cases` at ``scale=1.0`` is the full corpus of ``benchmarks/hostile.py``.
"""
from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

STORED, REJECTED, EITHER = "stored", "rejected", "either"

ARTICLE = (
    "GENEVA - Negotiators met again on Tuesday.\n\n"
    '"We are closer than ever to a deal," said Maria Lopez, the lead negotiator.\n\n'
    "The ministry said talks would resume on Friday, according to officials."
)
CURLY = "MADRID — “Nobody leaves the table before dawn,” said Ana García, the minister, on Monday.\n\nOfficials said the café talks were “productive”."
ARABIC = "القاهرة - قال وزير الخارجية «لن نتراجع عن موقفنا» يوم الاثنين.\n\nوأضاف المتحدث أن المحادثات ستستمر."

ENTITY_BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">\n'
               + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
               + ']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
               "<description>&lol9;</description></item></channel></rss>")
EXTERNAL_ENTITY = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   "<rss><channel><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>")
BINARY_HEADERS = {
    "png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "pdf.html": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "zip.txt": b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
    "elf.html": b"\x7fELF\x02\x01\x01\x00",
}


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    expect: str


def hostile_cases(scale: float = 0.1) -> list[Case]:
    """Every hostile input; sizes of the big ones are multiplied by ``scale`` (1.0: full size)."""
    return [*_encodings(), *_markup(scale), *_binaries(), *_archives_and_feeds(), *_json(), *_text(scale)]


def write_corpus(folder: Path, scale: float = 0.1) -> list[Case]:
    """Write every case into ``folder`` (created) and return the cases."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = hostile_cases(scale)
    for case in cases:
        (folder / case.name).write_bytes(case.data)
    return cases


OVER_LINE = b"The council said the port would reopen on Monday after the strike ended.\n"
OVERSIZED_KEPT = ("oversized-before", "oversized-after")  # ids of the good documents around the giant ones


def _write_megabytes(out: BinaryIO, megabytes: float, prefix: bytes = b"", suffix: bytes = b"",
                     line: bytes = OVER_LINE) -> None:
    """``megabytes`` of real words between ``prefix`` and ``suffix``, streamed (never all in memory)."""
    block = line * (1_000_000 // len(line) + 1)
    out.write(prefix)
    for _ in range(int(megabytes) or 1):
        out.write(block)
    out.write(suffix)


def over_limit_file(folder: Path, megabytes: float) -> Path:
    """A plain-text file of ``megabytes`` of real words: over any limit set below it."""
    path = folder / f"over-limit-{megabytes:g}mb.txt"
    with open(path, "wb") as out:
        _write_megabytes(out, megabytes)
    return path


def over_limit_streams(folder: Path, megabytes: float) -> list[Path]:
    """A JSONL file and a WARC file of ``megabytes`` each, nearly all of it one giant line or
    record, with a good document before and after it: streamed formats must keep both."""
    good = [json.dumps({"text": ARTICLE + f" ({kept})", "id": kept}).encode() + b"\n" for kept in OVERSIZED_KEPT]
    jsonl = folder / f"over-limit-{megabytes:g}mb.jsonl"
    with open(jsonl, "wb") as out:
        _write_megabytes(out, megabytes, good[0] + b'{"text": "', b'"}\n' + good[1], OVER_LINE.replace(b"\n", b" "))
    warc = folder / f"over-limit-{megabytes:g}mb.warc"
    size = len(OVER_LINE * (1_000_000 // len(OVER_LINE) + 1)) * (int(megabytes) or 1)
    with open(warc, "wb") as out:
        out.write(_warc_record(f"<p>{ARTICLE} (before)</p>".encode(), uri="https://example.org/before"))
        head, tail = _warc_record(b"\0", uri="https://example.org/giant", length=size).split(b"\0")
        _write_megabytes(out, megabytes, head, tail)
        out.write(_warc_record(f"<p>{ARTICLE} (after)</p>".encode(), uri="https://example.org/after"))
    return [jsonl, warc]


def _encodings() -> Iterator[Case]:
    yield Case("utf8.txt", ARTICLE.encode("utf-8"), STORED)
    yield Case("utf8-bom.txt", b"\xef\xbb\xbf" + CURLY.encode("utf-8"), STORED)
    yield Case("cp1252.txt", CURLY.encode("cp1252"), STORED)
    yield Case("cp1256.txt", ARABIC.encode("cp1256"), STORED)
    yield Case("utf16le-bom.txt", CURLY.encode("utf-16"), STORED)
    yield Case("utf16be-bom.txt", b"\xfe\xff" + CURLY.encode("utf-16-be"), STORED)
    yield Case("utf16le-nobom.txt", CURLY.encode("utf-16-le"), STORED)
    yield Case("utf16be-nobom.txt", CURLY.encode("utf-16-be"), STORED)
    yield Case("utf16be-nobom-arabic.txt", ARABIC.encode("utf-16-be"), EITHER)  # no NULs to show it is UTF-16
    mixed = [ARTICLE.encode("utf-8"), CURLY.encode("cp1252"), ARABIC.encode("cp1256"), "Zürich — “fin”".encode("utf-8")]
    yield Case("mixed-encodings.txt", b"\n\n".join(mixed), STORED)
    yield Case("mixed-with-utf16.txt", b"\n\n".join([*mixed, CURLY.encode("utf-16-le")]), EITHER)
    yield Case("lying-charset.html", b'<html><head><meta charset="utf-8"><title>T</title></head><body><p>'
               + CURLY.encode("cp1252") + b"</p></body></html>", STORED)
    yield Case("unknown-charset.html", b'<meta charset="x-klingon"><p>' + ARTICLE.encode("utf-8") + b"</p>", STORED)
    yield Case("surrogate-bytes.txt", b"Before \xed\xa0\x80 lone surrogate \xed\xb0\x80 and \xf4\x90\x80\x80 after. "
               + ARTICLE.encode("utf-8"), STORED)


def _markup(scale: float) -> Iterator[Case]:
    page = f"<html><head><title>Talks</title></head><body><article><p>{ARTICLE}</p></article></body></html>"
    yield Case("truncated.html", page[: len(page) * 2 // 3].encode() + b"<p class=\"x", STORED)
    yield Case("malformed.html", b"<html><body><p>" + ARTICLE.encode() + b"<div><span><b><i></p></div></table>"
               b"</body><<<>>><!-- never closed <script>var x = '</script>", STORED)
    depth = 100_000
    yield Case("nested-divs.html", ("<div>" * depth + ARTICLE + "</div>" * depth).encode(), EITHER)
    yield Case("nested-unclosed.html", ("<div><span>" * depth + ARTICLE).encode(), EITHER)
    yield Case("only-tags.html", b"<html><body>" + b"<br/>" * 10_000 + b"</body></html>", REJECTED)
    yield Case("script-only.html", b"<html><script>" + b"alert(1);" * 10_000 + b"</script></html>", REJECTED)


def _binaries() -> Iterator[Case]:
    for name, header in BINARY_HEADERS.items():
        yield Case(name, header + bytes(range(256)) * 8, REJECTED)
    yield Case("random-bytes.txt", bytes((i * 7919 + 13) % 256 for i in range(20_000)), REJECTED)


def _archives_and_feeds() -> Iterator[Case]:
    yield Case("entity-bomb.rss", ENTITY_BOMB.encode(), REJECTED)
    yield Case("external-entity.xml", EXTERNAL_ENTITY.encode(), REJECTED)
    yield Case("truncated-feed.rss", b'<rss version="2.0"><channel><item><title>Talks</title><description>'
               + ARTICLE.encode() + b"</descr", EITHER)
    yield Case("bomb.warc", _warc_gzip_bomb(), EITHER)
    yield Case("truncated.warc.gz", gzip.compress(_warc_record(ARTICLE.encode()))[:-40], EITHER)
    yield Case("gzip-bomb.txt.gz", gzip.compress(b"a" * 200_000_000, compresslevel=9), REJECTED)
    yield Case("captions.srt", ("1\n00:00:01,000 --> 00:00:04,000\n" + ARTICLE + "\n\n2\n99:99:99,999 --> ??\n\u202e"
                                + "\n\n" * 50).encode(), STORED)
    yield Case("broken.vtt", b"WEBVTT\n\n00:01.000 --> 00:00.000\n<v \x00Jane>\xff\xfe\n\nNOTE\n\n-->\n", EITHER)


def _warc_record(payload: bytes, *, encoding: str | None = None, uri: str = "https://example.org/talks",
                 length: int | None = None) -> bytes:
    """One response record; ``length`` states a payload size other than ``payload``'s (for streaming)."""
    length = len(payload) if length is None else length
    http_head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                 + (f"Content-Encoding: {encoding}\r\n".encode() if encoding else b"")
                 + f"Content-Length: {length}\r\n\r\n".encode())
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            "WARC-Date: 2024-01-02T03:04:05Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http_head) + length}\r\n\r\n")
    return head.encode() + http_head + payload + b"\r\n\r\n"


def _warc_gzip_bomb() -> bytes:
    """A response whose gzip payload unpacks to 200 MB, then one good page: the page must land."""
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb", compresslevel=9) as out:
        for _ in range(200):
            out.write(b"<p>" + b"a" * 1_000_000)
    return _warc_record(bomb.getvalue(), encoding="gzip") + _warc_record(f"<p>{ARTICLE}</p>".encode())


def _json() -> Iterator[Case]:
    lines = ["{broken", json.dumps({"text": ARTICLE, "id": "hostile-kept-1"}), "[" * 50_000 + "]" * 50_000,
             '{"text": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}", '{"text": "\\ud800 lone \\udfff surrogates"}',
             "\x00\x00\x00", json.dumps({"text": CURLY, "title": "t" * 100_000, "id": "hostile-kept-2"}), "", "null",
             '{"text": "' + "x" * 10, json.dumps({"text": ["not", "a", "string"]})]
    yield Case("broken-lines.jsonl", "\n".join(lines).encode(), STORED)
    yield Case("deep.json", ("[" * 100_000 + "]" * 100_000).encode(), REJECTED)


def _text(scale: float) -> Iterator[Case]:
    yield Case("stray-nuls.txt", ARTICLE.replace("Tuesday", "Tues\x00day").replace("ever", "\x00ever").encode(), STORED)
    yield Case("dense-nuls.txt", ARTICLE.replace(" ", " \x00").encode(), EITHER)
    huge = int(10_000_000 * scale)
    words = b"the council said the port would reopen after the strike "
    yield Case("huge-line.txt", (words * (huge // len(words) + 1))[:huge], EITHER)
    yield Case("unclosed-quotes.txt", ('He said "this never ends. ' * 2_000 + "\n\n“and neither does this" * 500
                                        + "\n\n" + ARTICLE).encode(), STORED)
    paragraphs = int(10_000 * max(scale, 0.05))
    yield Case("paragraphs.txt", "\n\n".join(f'"Point {i} stands," said Maria Lopez.' for i in range(paragraphs)).encode(),
               STORED)
    long_name = "Jane " + "Q" * 100_000 + " Roe"
    yield Case("long-name.txt", f'"We will win," said {long_name}, the chair.\n\n{long_name} said more.'.encode(), STORED)
    rtl = ("\u202eLONDON\u202c - \u200f“We\u200b are\u200d ready,”\u2066 said Ma\u200bria\u00ad Lo\ufeffpez.\u2069\n\n"
           + "\u200e" * 1000 + ARABIC + "\u2067«نعم»\u2069 قال أحمد.")
    yield Case("rtl-zero-width.txt", rtl.encode("utf-8"), STORED)
    yield Case("control-chars.txt", ("\x1b[31m" + ARTICLE + "\x07\x08\x7f\u0085\u2028\u2029").encode(), STORED)
