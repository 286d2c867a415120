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


if __name__ == "__main__":  # pragma: no cover
    main()
