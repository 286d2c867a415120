"""What a file is: by magic bytes first, then extension, then a look at its first bytes.

Extensions lie (a PNG saved as ``.txt``, a page saved without one), so binary magic
always wins, and weak extensions (``.txt``, ``.xml``, none) are checked against content.
"""
from __future__ import annotations

import re

from .decode import BOMS, utf16_without_bom

GZIP_MAGIC = b"\x1f\x8b"

EXTENSION_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".warc": "warc", ".arc": "warc",
    ".rss": "feed", ".atom": "feed", ".rdf": "feed", ".xml": "feed",
    ".srt": "srt", ".vtt": "vtt",
}
# Extensions that only name a container: the content decides what is inside.
WEAK_EXTENSIONS = {".txt", ".text", ".xml", ""}

# Files a saved web page or a download folder carries beside the documents; skipped
# silently when walking a folder (reported when named explicitly).
ASSET_EXTENSIONS = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".avif",
    ".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot",
}

MAGIC = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive or Office document"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Microsoft Office document"),
    (0, b"{\\rtf", "RTF document"),
    (0, GZIP_MAGIC, "gzip-compressed file"),
    (0, b"BZh", "bzip2-compressed file"),
    (0, b"\xfd7zXZ\x00", "xz-compressed file"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"\x7fELF", "executable"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"ID3", "MP3 audio"),
    (0, b"OggS", "Ogg media"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"RIFF", "RIFF media (WAV, AVI or WebP)"),
    (0, b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
    (4, b"ftyp", "MP4/QuickTime media"),
    (257, b"ustar", "tar archive"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"wOFF", "web font"),
    (0, b"wOF2", "web font"),
)
# More than this share (and count) of C0 control bytes other than tab, newlines, form
# feed and escape in the first bytes marks binary data; a stray NUL in text is only cleaned.
CONTROL_SHARE = 0.05
CONTROL_MIN = 8
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")

_SRT_START = re.compile(r"\d+[ \t]*\n[ \t]*\d{1,2}:\d\d:\d\d[,.]\d{1,3}[ \t]*-->")
_FEED_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:rss|feed|rdf)\b")


def binary_kind(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of a file) is not text, or None if it may be text."""
    for offset, magic, name in MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return name
    if any(head.startswith(bom) for bom, _ in BOMS) or utf16_without_bom(head):
        return None
    sample = head[:8192]
    controls = len(_BINARY_CONTROLS.findall(sample))
    if controls > CONTROL_MIN and controls / len(sample) > CONTROL_SHARE:
        return "unknown binary data"
    return None


def sniff(head: bytes) -> str | None:
    """The format the first bytes show, if they show one (a saved page, a caption file ...)."""
    text = _head_text(head).lstrip().lower()
    if text.startswith("warc/"):
        return "warc"
    if text.startswith("webvtt"):
        return "vtt"
    if _SRT_START.match(text):
        return "srt"
    if text.startswith("<"):
        start = text[:2048]
        if "<!doctype html" in start or "<html" in start:
            return "html"
        if _FEED_ROOT.search(start):
            return "feed"
    if text.startswith("{"):
        return "jsonl"
    return None


def detect_format(name: str, head: bytes) -> str:
    """``text``, ``html``, ``jsonl``, ``json``, ``warc``, ``feed``, ``srt`` or ``vtt`` for a file."""
    suffix = _suffix(name)
    by_extension = EXTENSION_FORMATS.get(suffix)
    if by_extension and suffix not in WEAK_EXTENSIONS:
        return by_extension
    by_content = sniff(head)
    if suffix == ".xml":
        return "html" if by_content == "html" else "feed"
    if by_content == "jsonl" and suffix:  # a .txt starting with "{" is still text
        return "text"
    return by_content or "text"


def _suffix(name: str) -> str:
    """The lower-case extension; ``.warc`` for ``x.warc.gz`` style names is handled by the caller."""
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _head_text(head: bytes) -> str:
    for bom, codec in BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec.removesuffix("-sig"), errors="ignore")
    utf16 = utf16_without_bom(head)
    return head.decode(utf16 or "latin-1", errors="ignore")
