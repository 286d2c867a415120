"""The ``crosswire`` command: parses options, shows progress, formats results.

All the work is in the library (:mod:`crosswire.api`); exit codes: 0 success,
1 some inputs failed, 2 usage error.
"""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from .api import Crosswire

DB_HELP = "SQLite store (default: $CROSSWIRE_DB, else ./crosswire.db)."


def _open(ctx: click.Context) -> Crosswire:
    return Crosswire(ctx.obj["db"])


def _emit_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH", help=DB_HELP)
@click.version_option(package_name="crosswire")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Cross-reference news coverage: who said what, who copied whom, where outlets disagree.

    Typical use: crosswire add FOLDER; crosswire analyze; crosswire export -o out.json
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--outlet", help="Outlet name for every input (overrides what is found).")
@click.option("--url", help="Source URL for every input.")
@click.option("--published", metavar="DATE", help="Publication date for every input (ISO 8601).")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def add(ctx: click.Context, paths: tuple[str, ...], outlet: str | None, url: str | None,
        published: str | None, as_json: bool, quiet: bool) -> None:
    """Ingest files and folders (text, HTML, JSONL, WARC, RSS/Atom, SRT/WebVTT).

    Folders are read recursively. A bad file is reported and skipped; the exit code is 1
    when any input failed. Adding the same input again changes nothing.
    """
    from tqdm import tqdm

    if published:
        from .ingest.metadata import normalise_date_option

        try:
            published = normalise_date_option(published)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--published") from exc
    show = not quiet and not as_json and sys.stderr.isatty()
    with _open(ctx) as cw, tqdm(desc="adding", unit="doc", disable=not show, file=sys.stderr) as bar:
        def on_item(item: object) -> None:
            bar.update(1)

        summary = cw.add(paths, outlet=outlet, url=url, published=published, on_item=on_item)
    if as_json:
        _emit_json(summary.to_dict())
    else:
        for err in summary.errors:
            click.echo(f"error: {err}", err=True)
        click.echo(f"added {summary.added}, unchanged {summary.unchanged}, failed {summary.failed}")
    ctx.exit(1 if summary.failed else 0)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.pass_context
def analyze(ctx: click.Context, as_json: bool) -> None:
    """Run every cross-document step: entities, reuse, variants, stories, discrepancies."""
    with _open(ctx) as cw:
        def on_step(name: str, n: int) -> None:
            if not as_json:
                click.echo(f"{name}: {n}", err=True)

        cw.analyze(on_step=on_step)
        counts = cw.counts()
    if as_json:
        _emit_json(counts)
    else:
        click.echo(_summary_line(counts))


def _summary_line(counts: dict[str, int]) -> str:
    order = ("documents", "statements", "entities", "stories", "reuse", "variants", "discrepancies", "events")
    names = {"reuse": "reuse links"}
    return ", ".join(f"{counts.get(k, 0)} {names.get(k, k)}" for k in order)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def summary(ctx: click.Context, as_json: bool) -> None:
    """Count what the store holds."""
    with _open(ctx) as cw:
        counts = cw.counts()
    if as_json:
        _emit_json(counts)
    else:
        click.echo(_summary_line(counts))


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default="json", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Output file (a folder for csv); default: standard output.")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Write the whole record: documents, entities, statements, stories, reuse, variants,
    discrepancies, events."""
    if fmt == "csv" and not output:
        raise click.UsageError("csv export writes a folder: give it with -o")
    with _open(ctx) as cw:
        cw.export(fmt, output or sys.stdout)


@main.command()
@click.option("--story", "story_id", metavar="ID", help="Show one story: documents, reasons, discrepancies.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stories(ctx: click.Context, story_id: str | None, as_json: bool) -> None:
    """List stories (documents about the same events), or show one with --story."""
    from .link.stories import story_details, story_summaries

    with _open(ctx) as cw:
        found = story_details(cw.store, story_id) if story_id else story_summaries(cw.store)
    if found is None:
        raise click.UsageError(f"no story {story_id!r}")
    if as_json:
        _emit_json(found)
    elif story_id:
        click.echo(f"{found['id']}  {found['title'] or ''}")
        for doc in found["documents"]:
            click.echo(f"  {doc['outlet'] or '?':<20} {(doc['published'] or '')[:10]:<10}  {doc['id']}  {doc['title'] or ''}")
        for reason in found["reasons"]:
            click.echo(f"  tied by {reason['kind']}: {' + '.join(reason['documents'])} ({reason['detail']})")
        for d in found["discrepancies"]:
            click.echo(f"  discrepancy ({d['kind']}) {d['about']}:")
            for v in d["values"]:
                click.echo(f"    {v['value']}: {', '.join(v['documents'])}  \"{v['evidence']}\"")
    else:
        for s in found:
            span = f"{s['from']}..{s['to']}" if s["from"] else "undated"
            click.echo(f"{s['id']}  {s['documents']:>4} docs  {span:<22} {', '.join(s['outlets'])[:40]:<40}  {s['title'] or ''}")


@main.command()
@click.option("--speaker", metavar="NAME", help="Only groups with a rendering attributed to NAME.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def variants(ctx: click.Context, speaker: str | None, as_json: bool) -> None:
    """List quote variants: one utterance as outlets render it, with each difference."""
    from .link.variants import describe_variants

    with _open(ctx) as cw:
        groups = describe_variants(cw.store, speaker)
    if as_json:
        _emit_json(groups)
        return
    for group in groups:
        click.echo(click.style(group["id"], bold=True)
                   + f"  {len(group['renderings'])} renderings, {len(group['differences'])} differences")
        for k, r in enumerate(group["renderings"]):
            who = f"{r['speaker_name']}: " if r["speaker_name"] else ""
            label = "canonical" if k == 0 else "rendering"
            click.echo(f"  {label:<10} {r['outlet'] or '?':<18} {(r['published'] or '')[:10]:<10} "
                       f"{r['document']} [{r['kind']}] {who}\"{_clip(r['text'])}\"")
        for d in group["differences"]:
            canonical, *others = d["values"]
            readers = "; ".join(f"{v['text'] or '(none)'}: {', '.join(v['documents'])}" for v in others)
            diff = _word_diff(group["canonical"], d["span"], [v["text"] for v in others])
            click.echo(f"    {d['kind']:<12} {diff}   {readers}")


@main.command()
@click.argument("doc_a")
@click.argument("doc_b")
@click.option("--json", "as_json", is_flag=True, help="Print the full comparison as JSON.")
@click.pass_context
def compare(ctx: click.Context, doc_a: str, doc_b: str, as_json: bool) -> None:
    """Compare two documents word by word: shared passages, differences, shared quotes."""
    from .link.compare import compare_documents

    with _open(ctx) as cw:
        try:
            comparison = compare_documents(cw.store, doc_a, doc_b)
        except KeyError as exc:
            raise click.UsageError(f"no document {exc.args[0]!r}") from exc
    found = comparison.to_dict()
    if as_json:
        _emit_json(found)
        return
    for side in ("a", "b"):
        doc = found[side]
        click.echo(f"{side.upper()}  {doc['id']}  {doc['outlet'] or '?'}  {(doc['published'] or '')[:10]}  {doc['title'] or ''}")
    basis = "the reuse passages" if found["basis"] == "reuse" else "the whole texts"
    click.echo(f"aligned {basis}: {len(found['passages'])} shared passages, {found['shared_words']} shared words")
    for p in found["passages"]:
        click.echo(f"  passage A {p['a_start']}-{p['a_end']}  B {p['b_start']}-{p['b_end']}  ({p['words']} words)"
                   f"  \"{_clip(p['a_text'], 80)}\"")
    for d in found["differences"]:
        a, b = d["a"], d["b"]
        click.echo(f"  {d['kind']:<12} A {a['start']}-{a['end']}  B {b['start']}-{b['end']}  "
                   + _word_diff(comparison.a.text, [a["start"], a["end"]], [b["text"]]))
    for s in found["shared_statements"]:
        click.echo(f"  shared quote {s['variant']}  A: {', '.join(s['a'])}  B: {', '.join(s['b'])}"
                   f"  ({s['differences']} differences)  \"{_clip(s['canonical'], 80)}\"")


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _word_diff(text: str, span: list[int], readings: list[str], context: int = 3) -> str:
    """``… our [-occupying-]{+occupied+} land …``: the span of ``text`` against its readings,
    with a few words of context (coloured when the terminal allows)."""
    start, end = span
    before, after = text[:start].split()[-context:], text[end:].split()[:context]
    removed = click.style(f"[-{_clip(text[start:end])}-]", fg="red") if end > start else ""
    added = "".join(click.style(f"{{+{_clip(r)}+}}", fg="green") for r in readings if r)
    lead = "… " if len(text[:start].split()) > context else ""
    tail = " …" if len(text[end:].split()) > context else ""
    return lead + " ".join([*before, removed + added, *after]) + tail


def _names_match(query: str, names: list[str]) -> bool:
    """Whether a name query is any of the names, or whole words of one ("Roe" in "Jane Roe")."""
    import re

    pattern = re.compile(rf"(?<!\w){re.escape(query.strip())}(?!\w)", re.IGNORECASE)
    return any(pattern.search(name) for name in names if name)


@main.command()
@click.option("--speaker", metavar="NAME", help="Only statements by this speaker (any alias, any case).")
@click.option("--document", "document_id", metavar="ID", help="Only statements of this document.")
@click.option("--json", "as_json", is_flag=True, help="Print a list of statement records.")
@click.pass_context
def quotes(ctx: click.Context, speaker: str | None, document_id: str | None, as_json: bool) -> None:
    """List who said what, with outlet and date."""
    with _open(ctx) as cw:
        where, params = ("document = ?", (document_id,)) if document_id else ("", ())
        statements = list(cw.store.statements(where, params))
        aliases = {e.id: [e.name, *e.aliases] for e in cw.store.entities()}
        documents = {doc_id: cw.store.document(doc_id) for doc_id in {st.document for st in statements}}
    records = []
    for st in statements:
        names = [st.speaker_name or "", *aliases.get(st.speaker or "", [])]
        if speaker and not _names_match(speaker, names):
            continue
        doc = documents.get(st.document)
        record = {k: v for k, v in st.to_dict().items() if k not in ("speaker_key", "addressee_key")}
        record.update(outlet=doc.outlet if doc else None, published=doc.published if doc else None,
                      title=doc.title if doc else None)
        records.append(record)
    if as_json:
        _emit_json(records)
        return
    for record in records:
        text = record["text"] if len(record["text"]) <= 300 else record["text"][:297] + "..."
        click.echo(f"{record['speaker_name'] or '(unknown speaker)'} [{record['kind']}, cue {record['cue'] or '-'}]"
                   f" in {record['outlet'] or record['document']}, {record['published'] or 'undated'}")
        click.echo(f"  {' '.join(text.split())}\n")
    click.echo(f"{len(records)} statements", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
