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
from .export.formats import FOLDER_FORMATS, FORMATS, PATH_FORMATS
from .store.backend import StoreUnavailable

DB_HELP = "SQLite store path or postgresql:// URL (default: $CROSSWIRE_DB, else ./crosswire.db)."


def _open(ctx: click.Context) -> Crosswire:
    try:
        return Crosswire(ctx.obj["db"])
    except StoreUnavailable as exc:
        raise click.ClickException(str(exc)) from exc


def _emit_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH|URL", help=DB_HELP)
@click.option("--cameo-dictionaries", metavar="DIR", type=click.Path(exists=True, file_okay=False),
              envvar="CROSSWIRE_CAMEO_DICTIONARIES",
              help="Code events with these CAMEO dictionaries (PETRARCH format: *verbs*.txt, "
                   "*actors*.txt, *agents*.txt) instead of crosswire's own word lists.")
@click.version_option(package_name="crosswire")
@click.pass_context
def main(ctx: click.Context, db: str | None, cameo_dictionaries: str | None) -> None:
    """Cross-reference news coverage: who said what, who copied whom, where outlets disagree.

    Typical use: crosswire add FOLDER; crosswire analyze; crosswire export -o out.json
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if cameo_dictionaries:
        from .extract.cameo_dictionaries import configure

        try:
            configure(cameo_dictionaries)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--outlet", help="Outlet name for every input (overrides what is found).")
@click.option("--url", help="Source URL for every input.")
@click.option("--published", metavar="DATE", help="Publication date for every input (ISO 8601).")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes for the per-document extraction (spaCy); one per core is a good choice.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def add(ctx: click.Context, paths: tuple[str, ...], outlet: str | None, url: str | None,
        published: str | None, as_json: bool, jobs: int, quiet: bool) -> None:
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

        summary = cw.add(paths, outlet=outlet, url=url, published=published, jobs=jobs, on_item=on_item)
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
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Output file (a folder for csv and parquet; prov is Turtle "
              "when FILE ends in .ttl); default: standard output.")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Write the whole record: documents, entities, statements, stories, reuse, variants,
    discrepancies, events."""
    if fmt in PATH_FORMATS and not output:
        raise click.UsageError(f"{fmt} export writes a {'folder' if fmt in FOLDER_FORMATS else 'file'}: give it with -o")
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



@main.command()
@click.argument("story_id")
@click.option("-o", "--output", metavar="FILE", default="brief.html", show_default=True, help="The HTML page to write.")
@click.option("--pdf", is_flag=True, help="Also print it to a PDF beside the page (needs Chromium).")
@click.pass_context
def brief(ctx: click.Context, story_id: str, output: str, pdf: bool) -> None:
    """Write a self-contained page about one story for an editor: summary, timeline, who said
    what with each outlet's rendering, the copy chain and the disputed facts."""
    from pathlib import Path

    from .export.brief import BriefError, print_pdf, write_brief

    with _open(ctx) as cw:
        if not write_brief(cw.store, story_id, Path(output)):
            raise click.UsageError(f"no story {story_id!r} (see: crosswire stories)")
    click.echo(f"wrote {output}")
    if pdf:
        try:
            click.echo(f"wrote {print_pdf(Path(output))}")
        except BriefError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; beyond this machine needs a token.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", envvar="CROSSWIRE_TOKEN", help="Require this token on every request (or $CROSSWIRE_TOKEN).")
@click.option("--allow-write", is_flag=True, help="Allow ingestion through POST /api/documents.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None, allow_write: bool) -> None:
    """Browse the store in a web browser and serve its records as a JSON API (read-only by default)."""
    from pathlib import Path

    import uvicorn

    from .store.backend import is_postgres_url
    from .store.base import resolve_db_path
    from .web.app import check_binding, create_app

    db = resolve_db_path(ctx.obj["db"])
    try:
        check_binding(host, token)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if not is_postgres_url(db) and not Path(db).exists():
        raise click.UsageError(f"no store at {db}: run crosswire add first")
    _open(ctx).close()  # bring the schema up to date before serving it read-only
    click.echo(f"Serving {db} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(create_app(db, token=token, allow_write=allow_write), host=host, port=port, log_level="warning")


@main.command("timeline")
@click.option("--story", "story_id", metavar="ID", help="Events of this story.")
@click.option("--entity", metavar="NAME", help="Events of this entity (any alias).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--plot", "plot_path", metavar="FILE", help="Also draw the timeline (.png or .svg).")
@click.pass_context
def timeline_cmd(ctx: click.Context, story_id: str | None, entity: str | None, as_json: bool,
                 plot_path: str | None) -> None:
    """Events in date order with their sources; disputed dates marked."""
    from .link.timeline import plot, timeline

    with _open(ctx) as cw:
        items = timeline(cw.store, story=story_id, entity=entity)
    if plot_path:
        plot(items, plot_path)
    if as_json:
        _emit_json(items)
        return
    for item in items:
        when = item["date"] or "undated"
        if item["disputed"]:
            when += " (disputed: " + " vs ".join(f"{c['date']} per {len(c['documents'])} doc(s)" for c in item["claims"]) + ")"
        parties = ", ".join(item["actors"]) + (" -> " + ", ".join(item["targets"]) if item["targets"] else "")
        where = f" in {item['place']}" if item["place"] else ""
        click.echo(f"{when}  {item['type']}: {item['about']}{where}  [{parties}]  sources: {', '.join(item['sources'])}")


@main.command()
@click.argument("config_path", metavar="CONFIG", type=click.Path(exists=True, dir_okay=False))
@click.option("--once", is_flag=True, help="Poll what is due once, then exit (for cron and tests).")
@click.option("--json", "as_json", is_flag=True, help="Print each round's report as JSON.")
@click.pass_context
def watch(ctx: click.Context, config_path: str, once: bool, as_json: bool) -> None:
    """Poll feeds, sitemaps and pages from CONFIG (TOML or YAML); add what is new; alert on what changed.

    Alerts go to the sinks in CONFIG (the terminal when none is given). State lives in the
    store, so a restart neither re-adds nor re-alerts. Ctrl-C stops cleanly.
    """
    from .monitor.config import ConfigError, SinkConfig, load_config
    from .monitor.watch import RoundReport, Watcher

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    if not config.sinks:
        config.sinks = [SinkConfig("terminal", "terminal")]

    def show(report: RoundReport) -> None:
        if as_json:
            _emit_json(report.to_dict())
            return
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
        click.echo(f"polled {len(report.polled)} ({len(report.not_modified)} unchanged), added {len(report.added)}, "
                   f"{len(report.alerts)} new alerts", err=True)

    with _open(ctx) as cw, Watcher(cw.store, config, echo=click.echo) as watcher:
        if once:
            show(watcher.run_once())
            return
        try:
            watcher.run_forever(on_round=show)
        except KeyboardInterrupt:
            click.echo("stopped", err=True)


@main.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--outlet", help="Outlet name for every page.")
@click.option("--allow-private", is_flag=True, help="Allow loopback and private addresses (local servers).")
@click.option("--contact", metavar="URL_OR_EMAIL", help="Contact put in the User-Agent.")
@click.pass_context
def fetch(ctx: click.Context, urls: tuple[str, ...], outlet: str | None, allow_private: bool,
          contact: str | None) -> None:
    """Fetch web pages (robots.txt, rate limits and address checks as for watch) and add them."""
    from .monitor.config import MonitorConfig, Options
    from .monitor.watch import Watcher

    config = MonitorConfig(options=Options(allow_private=allow_private, contact=contact))
    with _open(ctx) as cw, Watcher(cw.store, config) as watcher:
        report = watcher.fetch_pages(list(urls), outlet)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"added {len(report.added)}, unchanged {report.unchanged + len(report.not_modified)}, "
               f"failed {len(report.errors)}", err=True)
    if report.errors:
        sys.exit(1)


@main.command()
@click.option("--input", "input_url", required=True, metavar="PATH",
              help="JSONL or Parquet documents (a file or folder; hdfs://, s3a:// ... with --engine spark).")
@click.option("--output", "output_url", required=True, metavar="PATH", help="Folder for the Parquet tables.")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="spark", show_default=True)
@click.option("--master", metavar="URL", help="Spark master (default local[*]; none under spark-submit).")
def batch(input_url: str, output_url: str, engine: str, master: str | None) -> None:
    """Analyse a folder of documents in one run and write the export arrays as Parquet.

    Documents follow passim's fields (id, text, series or outlet, date; others pass through).
    The tables have the schema of `export --format parquet`, one folder per array.
    """
    from .spark.batch import run_batch

    summary = run_batch(input_url, output_url, engine=engine, master=master,
                        on_step=lambda name, count: click.echo(f"{name}: {count}", err=True))
    _emit_json(summary)


@main.command("import-results")
@click.argument("path")
@click.pass_context
def import_results(ctx: click.Context, path: str) -> None:
    """Load Parquet tables written by `batch` (or `export --format parquet`) into the store."""
    from .spark.tables import import_results as load

    with _open(ctx) as cw:
        _emit_json(load(cw.store, path))


if __name__ == "__main__":  # pragma: no cover
    main()
