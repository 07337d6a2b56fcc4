"""Commands about the corpus: import, articles, search, stats."""

from __future__ import annotations

import sys
import time
from dataclasses import asdict
from pathlib import Path

import click

from gpreader.cli.attrs_commands import attribute_json
from gpreader.cli.output import json_text, progress_bar, say, say_json
from gpreader.cli.root import cli
from gpreader.cli.session import common_options, current_session
from gpreader.corpus import ingest
from gpreader.corpus import sync as library
from gpreader.corpus.importers.table import ROLES
from gpreader.corpus.summary import summary_lines
from gpreader.errors import NotFoundError
from gpreader.store import AnnotationStore


@cli.command("import")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--rebind",
    is_flag=True,
    help="Follow FOLDER from now on, even if the database was made on another folder whose "
    "texts differ (highlights are re-anchored onto FOLDER's texts).",
)
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="ROLE=NAME",
    help="Read tables (.csv .tsv .jsonl) with column NAME as ROLE (title, text, date, url, "
    "author, publication), remembered for later imports; ROLE= forgets it.",
)
@common_options
def import_(folder: Path | None, rebind: bool, columns: tuple[str, ...]) -> None:
    """Load or refresh the corpus from FOLDER (default: the articles folder): text and
    Markdown (front matter becomes attributes), tables of articles (one per row, FILE#N) and
    every format an importer reads; every file left out is listed with why."""
    session = current_session()
    root = folder or session.root
    if columns:
        _name_columns(session.store, columns)
    report = library.refresh(session.store, root, progress_bar(), rebind=rebind, stamp=True)
    lines = library.describe(report)
    for line in lines[:1] + summary_lines(session.store, report) + lines[1:]:
        say(line)
    total = len(report.loaded) + len(report.updated) + len(report.unchanged) + len(report.relinked)
    if total == 0:
        raise NotFoundError(f"{root}: no articles could be loaded")


def _name_columns(store: AnnotationStore, given: tuple[str, ...]) -> None:
    """Remember the table columns named by role, and have tables read again with them."""
    named = ingest.table_columns(store)
    for pair in given:
        role, sep, name = (part.strip() for part in pair.partition("="))
        if not sep or role not in ROLES:
            raise click.BadParameter(
                f"{pair!r}: give ROLE=NAME, ROLE one of {', '.join(ROLES)}",
                param_hint="--column",
            )
        if name:
            named[role] = name
        else:
            named.pop(role, None)
    store.set_state(ingest.COLUMNS_KEY, named)
    store.reread_sources(ingest.TABLE_FORMATS)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON array of articles.")
@common_options
def articles(as_json: bool) -> None:
    """List the articles: id (path), date, words, comments, highlights, title."""
    rows = current_session().refreshed().articles()
    if as_json:
        say_json([asdict(r) for r in rows])
        return
    width = max([len(r.path) for r in rows] + [2])
    say(f"{'id':<{width}}  {'date':<10}  {'words':>6}  {'cmts':>4}  {'hl':>4}  title")
    for r in rows:
        missing = " (missing)" if r.missing else ""
        say(
            f"{r.path:<{width}}  {r.date or '':<10}  {r.words:>6}  {r.comments:>4}  "
            f"{r.highlights:>4}  {r.title}{missing}"
        )


@cli.command()
@click.argument("query", required=False)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="JSON results (with --stdin: JSON lines).")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read one query per line from stdin.")
@common_options
def search(query: str | None, limit: int, as_json: bool, from_stdin: bool) -> None:
    """Find passages across the corpus, best first. Typos are forgiven; "quoted words" must
    match as a phrase; -word excludes; a OR b (a | b) either; filters: tag:PATH in:body
    in:comments in:title article:TEXT has:note coder:NAME attr:KEY>=VALUE, -tag:PATH,
    tag:A overlaps|near:N|in:paragraph tag:B; in:memos searches memos."""
    from gpreader.search import SearchIndex, parse

    if (query is None) == (not from_stdin):
        raise click.UsageError("give a QUERY or --stdin")
    store = current_session().refreshed()
    find = SearchIndex(store).search  # one vocabulary load for every query
    for text in (line.rstrip("\r\n") for line in sys.stdin) if from_stdin else [query or ""]:
        for unwired in parse(text).unwired:
            say(f"note: {unwired}", err=True)
        started = time.perf_counter()
        hits = find(text, limit=limit)
        elapsed = round((time.perf_counter() - started) * 1000, 2)
        if as_json and from_stdin:
            line = {"query": text, "elapsed_ms": elapsed, "results": [h.to_json() for h in hits]}
            click.echo(json_text(line))
        elif as_json:
            say_json([h.to_json() for h in hits])
        else:
            if from_stdin:
                say(f"# {text}  ({len(hits)} results, {elapsed} ms)")
            for h in hits:
                snippet, marks = h.snippet(150)
                where = f"{h.article}  {h.start}-{h.end}  {h.section}"
                say(f"{h.score:5.1f}  {where}  {h.title}")
                indent = "       "
                say(indent + snippet, marks=[(a + len(indent), b + len(indent)) for a, b in marks])
            if not hits and not from_stdin:
                say("no matches", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@common_options
def stats(as_json: bool) -> None:
    """Counts of articles, highlights, tags and coders."""
    data = current_session().refreshed().stats()
    if as_json:
        say_json(data)
        return
    say(f"articles    {data['articles']}" + _extra(data["missing_articles"], "missing"))
    say(f"highlights  {data['highlights']}" + _extra(data["deleted"], "deleted"))
    say(f"tags        {data['tags']}")
    for title, key in (("status", "by_status"), ("coder", "by_coder"), ("tag", "by_tag")):
        if data[key]:
            say(f"by {title}:")
            width = max(len(k) for k in data[key])
            for name, n in data[key].items():
                say(f"  {name:<{width}}  {n}")


def _extra(n: int, label: str) -> str:
    return f" ({n} {label})" if n else ""


@cli.command()
@click.argument("article")
@click.option(
    "--json", "as_json", is_flag=True, help="Text, spans by kind, attributes, source format."
)
@common_options
def show(article: str, as_json: bool) -> None:
    """Print an article's canonical text (ARTICLE: path, FILE#N, file name, title prefix)."""
    session = current_session()
    store = session.refreshed()
    path = store.resolve_article(article, session.root)
    found = store.article(path)
    if not as_json:
        say(found.text.rstrip("\n"))
        return
    spans: dict[str, list[dict[str, object]]] = {}
    for span in found.spans:
        entry: dict[str, object] = {"start": span.start, "end": span.end, "section": span.section}
        if span.author or span.date:
            entry.update(author=span.author, date=span.date)
        spans.setdefault(span.kind, []).append(entry)
    say_json(
        {
            "path": found.path,
            "title": found.title,
            "date": found.date,
            "source_format": store.source_format(path),
            "sha256": found.sha256,
            "attributes": {a.key: attribute_json(a) for a in store.attributes(path)},
            "spans": spans,
            "text": found.text,
        }
    )
