"""Other tools' outputs as crosswire records: news-please, trafilatura, passim, Media Cloud.

The JSON reader (:mod:`.jsonl`) already maps the common fields; this module adds what each
tool carries beyond them, and reads the formats that are not JSON. The mappings (also in
``docs/interchange.md``):

- **news-please** JSON (one object per file, or JSON lines): ``maintext`` -> text, ``title``,
  ``date_publish`` -> published, ``source_domain`` -> outlet, ``url``; ``authors`` (a list) ->
  ``identifiers["author"]`` (joined with ", "). ``date_download`` is the crawl date, never
  the publication date. ``language`` is kept in the record's extra fields; the document's
  language is guessed from its text.
- **trafilatura** JSON: ``text``, ``title``, ``date``, ``sitename`` (else ``hostname`` or
  ``source-hostname``) -> outlet, ``source``/``url`` -> url, ``id`` -> document id,
  ``author`` -> ``identifiers["author"]``, ``fingerprint`` -> ``identifiers["fingerprint"]``.
- **passim input** JSON lines: ``id``, ``text``, ``series`` -> outlet, ``date``; other fields
  pass through to the record's extra fields.
- **passim output** (reuse clusters; records with ``cluster``, ``id``, ``begin``, ``end``):
  each record is one passage and becomes one document with id ``"{id}:{begin}-{end}"``
  (a document may share passages with several clusters) and the identifiers
  ``passim_cluster``, ``passim_id`` and ``passim_span``. :func:`passim_reuse_rows` turns
  the clusters into reuse links: every member is copied from the cluster's earliest member
  (by date, then id), with basis ``passim-cluster``. Import passim's output or its input,
  not both: the passages would be documents beside the documents they come from.
- **Media Cloud** CSV story lists (header with ``stories_id`` or ``id``, ``publish_date``,
  ``title``, ``url`` and a ``media_*`` column): one document per row, id
  ``"mediacloud:{stories_id}"``, outlet ``media_name`` (else ``media_url``), published
  ``publish_date``, ``identifiers["mediacloud_stories_id"]`` and ``["mediacloud_media_id"]``.
  Media Cloud exports usually carry no text: a row without ``text`` becomes a document
  whose text is its title, marked ``identifiers["text_from"] = "title"``, so the story's
  date, outlet and URL are in the record (headline statements are found too); a row with
  neither text nor title is an error for that row.

JSON-LD ``NewsArticle`` blocks of saved HTML pages are read by :mod:`.html` (headline,
publisher name, dates), not here.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..model import Document, IngestError, RawRecord
from .dates import to_iso
from .decode import decode_bytes

MEDIACLOUD_ID_COLUMNS = ("stories_id", "id")
MEDIACLOUD_REQUIRED = ("publish_date", "title", "url")
PASSIM_OUTPUT_KEYS = ("cluster", "begin", "end")
PASSIM_SOURCE_CONFIDENCE = 0.9
PASSIM_SAME_DAY_CONFIDENCE = 0.5
"""Confidence of a passim link: the cluster tells that text was shared, the dates which way."""


def enrich(raw: RawRecord) -> RawRecord:
    """Map the fields a JSON record kept in ``extra`` that news-please, trafilatura or passim give."""
    extra = raw.extra
    identifiers: dict[str, str] = dict(extra.get("identifiers") or {})
    author = _names(extra.get("authors") or extra.get("author"))
    if author:
        identifiers["author"] = author
    if isinstance(extra.get("fingerprint"), str):
        identifiers["fingerprint"] = extra["fingerprint"]
    if not raw.outlet:
        raw.outlet = _text(extra.get("hostname")) or _text(extra.get("source-hostname"))
    if all(key in extra for key in PASSIM_OUTPUT_KEYS) and raw.doc_id:
        span = f"{extra['begin']}-{extra['end']}"
        identifiers.update(passim_cluster=str(extra["cluster"]), passim_id=raw.doc_id, passim_span=span)
        raw.doc_id = f"{raw.doc_id}:{span}"
    if identifiers:
        extra["identifiers"] = identifiers
    return raw


def is_mediacloud_csv(name: str, head: bytes) -> bool:
    """Whether a ``.csv`` file's header is a Media Cloud story list's."""
    if not name.lower().endswith(".csv"):
        return False
    first_line = decode_bytes(head)[0].split("\n", 1)[0]
    columns = {c.strip().lower() for c in next(csv.reader([first_line]), [])}
    return (any(c in columns for c in MEDIACLOUD_ID_COLUMNS) and all(c in columns for c in MEDIACLOUD_REQUIRED)
            and any(c.startswith("media_") for c in columns))


def read_mediacloud_csv(data: bytes, source: str) -> Iterator[RawRecord | IngestError]:
    """One record per row of a Media Cloud story list; a row without text or title is an error."""
    text, _ = decode_bytes(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        story_id = next((row[c] for c in MEDIACLOUD_ID_COLUMNS if row.get(c)), "")
        body, title = row.get("text", ""), row.get("title", "")
        if not body and not title:
            yield IngestError(source, "Media Cloud row without text or title", line=line)
            continue
        identifiers = {"mediacloud_stories_id": story_id} if story_id else {}
        if row.get("media_id"):
            identifiers["mediacloud_media_id"] = row["media_id"]
        if not body:
            identifiers["text_from"] = "title"
        published = row.get("publish_date") or None
        yield RawRecord(
            source=f"{source}#L{line}",
            content=body or title,
            format="csv",
            url=row.get("url") or None,
            outlet=row.get("media_name") or _host(row.get("media_url")),
            title=title or None,
            published=to_iso(published) or published,
            doc_id=f"mediacloud:{story_id}" if story_id else None,
            extra={"identifiers": identifiers, **({"language": row["language"]} if row.get("language") else {})},
        )


def passim_reuse_rows(docs: list[Document], known: set[tuple[str, str]] = frozenset()) -> list[dict[str, Any]]:
    """Reuse rows from passim clusters: each member copied from the cluster's earliest member.

    Pairs in ``known`` (either direction), e.g. those crosswire's own step found, are skipped.
    """
    clusters: dict[str, list[Document]] = {}
    for doc in docs:
        cluster = doc.identifiers.get("passim_cluster")
        if cluster is not None:
            clusters.setdefault(cluster, []).append(doc)
    rows = []
    for cluster, members in sorted(clusters.items()):
        first, *later = sorted(members, key=lambda d: (d.published or "\uffff", d.id))
        for doc in later:
            if (first.id, doc.id) in known or (doc.id, first.id) in known:
                continue
            dated = bool(first.published and doc.published and first.published[:10] < doc.published[:10])
            rows.append({
                "source": first.id,
                "target": doc.id,
                "passages": [{"source_start": 0, "source_end": len(first.text),
                              "target_start": 0, "target_end": len(doc.text)}],
                "coverage": 1.0,
                "basis": [{"kind": "passim-cluster", "cluster": cluster, "earlier": first.id if dated else None,
                           "dates": {first.id: first.published, doc.id: doc.published}}],
                "confidence": PASSIM_SOURCE_CONFIDENCE if dated else PASSIM_SAME_DAY_CONFIDENCE,
            })
    return rows


def _names(value: Any) -> str | None:
    if isinstance(value, list):
        value = ", ".join(v.strip() for v in value if isinstance(v, str) and v.strip())
    return _text(value)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None
