"""A clean, read-only SQLite copy of the record, ready for datasette.

``crosswire export --format sqlite -o record.db`` writes ``record.db`` and, beside it,
``record.metadata.json``; open them with::

    datasette record.db --metadata record.metadata.json

The copy holds the eight export arrays as tables (nested fields stay JSON text, as in the
store; internal columns and working tables are left out), with foreign keys so datasette
links statements to their documents and speakers, and four views:

- ``statements_by_speaker``: every statement with its speaker's name, outlet, date and title;
- ``variants_with_differences``: quote variant groups whose renderings differ, with the
  kinds of difference and the number of renderings;
- ``documents_by_outlet``: per outlet, its documents, statements and date range;
- ``reuse_links``: who copied whom, with both documents' titles, outlets and dates.

The file is written under a temporary name, then moved into place and made read-only
(mode 0444), so it is a snapshot, not a second store.
"""
from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from ..model import EXPORT_ARRAYS
from ..store.sqlite import Store
from .parquet import export_columns

FOREIGN_KEYS: dict[str, dict[str, str]] = {
    "statements": {"document": "documents", "speaker": "entities", "addressee": "entities"},
    "reuse": {"source": "documents", "target": "documents"},
    "discrepancies": {"story": "stories"},
}
LABEL_COLUMNS = {"documents": "title", "entities": "name", "stories": "title"}

VIEWS = {
    "statements_by_speaker": """
        SELECT coalesce(e.name, s.speaker_name) AS speaker, s.speaker AS entity, s.kind, s.text,
               d.outlet, d.published, d.title, s.document, s.id AS statement
        FROM statements s
        JOIN documents d ON d.id = s.document
        LEFT JOIN entities e ON e.id = s.speaker
        WHERE coalesce(e.name, s.speaker_name) IS NOT NULL
        ORDER BY speaker, d.published, s.document, s.start""",
    "variants_with_differences": """
        SELECT v.id, v.canonical, json_array_length(v.statements) AS renderings,
               json_array_length(v.differences) AS differences,
               (SELECT group_concat(kind, ', ') FROM (SELECT DISTINCT json_extract(value, '$.kind') AS kind
                                                     FROM json_each(v.differences))) AS kinds
        FROM variants v
        WHERE json_array_length(v.differences) > 0
        ORDER BY differences DESC, v.id""",
    "documents_by_outlet": """
        SELECT coalesce(d.outlet, '(unknown)') AS outlet, count(*) AS documents,
               sum((SELECT count(*) FROM statements s WHERE s.document = d.id)) AS statements,
               min(substr(d.published, 1, 10)) AS first_published, max(substr(d.published, 1, 10)) AS last_published
        FROM documents d
        GROUP BY coalesce(d.outlet, '(unknown)')
        ORDER BY documents DESC, outlet""",
    "reuse_links": """
        SELECT r.source, src.title AS source_title, src.outlet AS source_outlet, src.published AS source_published,
               r.target, tgt.title AS target_title, tgt.outlet AS target_outlet, tgt.published AS target_published,
               r.coverage, r.confidence, json_array_length(r.passages) AS passages
        FROM reuse r
        JOIN documents src ON src.id = r.source
        JOIN documents tgt ON tgt.id = r.target
        ORDER BY r.confidence DESC, r.coverage DESC""",
}

DESCRIPTIONS = {
    "documents": "Clean documents with their metadata; text is the clean text statement offsets point into.",
    "entities": "One row per real person, organization or place, with every alias found (JSON list).",
    "statements": "Who said what: each statement's text, kind, speaker and character offsets into its document.",
    "stories": "Documents about the same events; reasons tell what tied them (JSON).",
    "reuse": "Who copied whom: source, target, copied passages (JSON offsets), coverage and confidence.",
    "variants": "One utterance as outlets render it: statements (JSON list), canonical text, differences (JSON).",
    "discrepancies": "Facts outlets disagree on: each value with the documents and evidence sentences (JSON).",
    "events": "Events with date, place, actors and the documents reporting them.",
    "statements_by_speaker": "Every attributed statement with its speaker's name, outlet, date and document title.",
    "variants_with_differences": "Quote variant groups whose renderings differ, with the kinds of difference.",
    "documents_by_outlet": "Per outlet: documents, statements and the range of publication dates.",
    "reuse_links": "Reuse links with both documents' titles, outlets and dates, most certain first.",
}


def write_sqlite_copy(store: Store, target: Path) -> Path:
    """Write the copy to ``target`` and its datasette metadata beside it; return the metadata path."""
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp.resolve().as_uri(), uri=True)  # uri: ATTACH takes a read-only URI
    try:
        attached = store.dialect == "sqlite"  # else (PostgreSQL) rows are copied through Python
        if attached:
            conn.execute("ATTACH DATABASE ? AS store", (Path(store.path).resolve().as_uri() + "?mode=ro",))
        with conn:
            for array in EXPORT_ARRAYS:
                columns = export_columns(store, array)
                conn.execute(_create_table(array, columns, _primary_key(store, array)))
                names = ", ".join(f'"{name}"' for name, _ in columns)
                if attached:
                    conn.execute(f'INSERT INTO main."{array}" ({names}) SELECT {names} FROM store."{array}"')
                else:
                    conn.executemany(f'INSERT INTO main."{array}" ({names}) VALUES ({", ".join("?" * len(columns))})',
                                     store.conn.execute(f'SELECT {names} FROM "{array}" ORDER BY rowid'))
                for column in FOREIGN_KEYS.get(array, {}):
                    conn.execute(f'CREATE INDEX "{array}_{column}" ON "{array}"("{column}")')
            for name, sql in VIEWS.items():
                conn.execute(f'CREATE VIEW "{name}" AS {sql}')
        if attached:
            conn.execute("DETACH DATABASE store")
        conn.execute("VACUUM")
    finally:
        conn.close()
    os.replace(tmp, target)  # replacing needs no write permission on an older, read-only copy
    target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    metadata_path = target.with_name(target.stem + ".metadata.json")
    metadata_path.write_text(json.dumps(datasette_metadata(target.stem), indent=2) + "\n", encoding="utf-8")
    return metadata_path


def datasette_metadata(database: str) -> dict[str, Any]:
    """datasette's ``metadata.json``: title, source and a description of every table and view."""
    tables: dict[str, Any] = {}
    for name, description in DESCRIPTIONS.items():
        tables[name] = {"description": description}
        if name in LABEL_COLUMNS:
            tables[name]["label_column"] = LABEL_COLUMNS[name]
    return {
        "title": "crosswire record",
        "description": "Documents, statements, entities, stories, reuse, quote variants and discrepancies.",
        "source": "crosswire export --format sqlite",
        "databases": {database: {"tables": tables}},
    }


def _primary_key(store: Store, array: str) -> list[str]:
    return [column.name for column in sorted(store.table_info(array), key=lambda c: c.primary_key) if column.primary_key]


def _create_table(array: str, columns: list[tuple[str, str]], key: list[str]) -> str:
    parts = []
    for name, sql_type in columns:
        reference = FOREIGN_KEYS.get(array, {}).get(name)
        parts.append(f'"{name}" {sql_type}' + (f' REFERENCES "{reference}"(id)' if reference else ""))
    if key:
        parts.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in key) + ")")
    return f'CREATE TABLE main."{array}" (' + ", ".join(parts) + ")"
