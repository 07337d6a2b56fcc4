"""`gpreader export`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from gpreader import export as exporting
from gpreader.cli.output import progress_bar, say
from gpreader.cli.root import cli
from gpreader.cli.session import coder_filter, common_options, current_session
from gpreader.errors import InvalidInputError
from gpreader.export.output import TerminalSafeStream
from gpreader.models import AnchorStatus
from gpreader.search.query import parse


@cli.command("export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(list(exporting.FORMATS)),
    default="csv",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="File to write, - for stdout [default: gpreader-export-YYYYMMDD.EXT here].",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--tag", help="Only highlights with this tag or its children (and only those tags).")
@click.option("--article", help="Only highlights of this article (path, file name, title prefix).")
@click.option(
    "--query",
    "-q",
    metavar="QUERY",
    help="Only the passages this code query selects (tag:A overlaps tag:B, coder:NAME, "
    "attr:KEY=VALUE, ...; live highlights: orphaned ones are left out).",
)
@click.option("--since", metavar="DATE", help="Only highlights made on or after DATE (YYYY-MM-DD).")
@click.option(
    "--status",
    type=click.Choice(exporting.STATUSES),
    help="Only highlights with this anchor status.",
)
@click.option(
    "--one-row-per-highlight", is_flag=True, help="CSV: one row per highlight, tags joined by '; '."
)
@click.option(
    "--raw",
    is_flag=True,
    help="CSV: no ' before a title or note a spreadsheet would run as a formula (for programs; "
    "other columns never get one).",
)
@click.option(
    "--excel",
    is_flag=True,
    help="CSV: UTF-8 byte-order mark and CRLF line ends (for spreadsheets; xlsx is better).",
)
@coder_filter("Only highlights by this coder (only when given here).")
@common_options
def export_cmd(
    fmt: str,
    output: Path | None,
    force: bool,
    tag: str | None,
    article: str | None,
    query: str | None,
    since: str | None,
    status: AnchorStatus | None,  # click.Choice(STATUSES) lets nothing else through
    one_row_per_highlight: bool,
    raw: bool,
    excel: bool,
) -> None:
    """Export highlights: xlsx, csv, codebook-csv, jsonl, w3c, qdc, qdpx (REFI-QDA) or md.

    For Excel or LibreOffice use xlsx (typed cells, nothing runs as a formula). CSV is for
    programs too: only the title and note columns get a ' before a formula (--raw: never).

    Written to a temporary file, then moved into place. Deleted highlights are left out;
    orphaned ones are kept, with their status.
    """
    session = current_session()
    store = session.refreshed()
    path = store.resolve_article(article, session.root) if article else None
    for unwired in parse(query).unwired if query is not None else ():
        say(f"note: {unwired}", err=True)
    filters = exporting.Filters(
        tag=tag, article=path, coder=session.coder_flag, since=since, status=status, query=query
    )
    options = exporting.ExportOptions(fmt, filters, one_row_per_highlight, raw, excel)
    bar = progress_bar()
    progress = (lambda done, total: bar("Exporting", done, total, fmt)) if bar else None
    if output == Path("-"):
        if exporting.FORMATS[fmt].binary and sys.stdout.isatty():
            raise InvalidInputError(f"{fmt} is a zip file; give -o FILE or redirect stdout")
        stream: Any = sys.stdout.buffer
        if sys.stdout.isatty():
            stream = TerminalSafeStream(stream)
        result = exporting.export(
            store, options, stream, articles_root=session.root, progress=progress
        )
        stream.flush()
    else:
        title = store.article(path).title if path else None
        out = output or exporting.default_output(options, title)
        result = exporting.export(
            store, options, out, articles_root=session.root, force=force, progress=progress
        )
    where = result.path or "stdout"
    say(f"exported {result.highlights} highlight(s) as {fmt} to {where}", err=True)
