"""`gpreader matrix`, `cooccur`, `timeline`, `kwic`: the analysis core's tables, printed aligned,
as JSON (`--json`), CSV (`--csv`) or written to a file (`-o FILE.xlsx|.csv|.json`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from gpreader import analysis
from gpreader.analysis import coding as coded
from gpreader.analysis import kwic as concordance
from gpreader.analysis.cooccur import MEASURES, RULES
from gpreader.analysis.matrix import COUNTS
from gpreader.analysis.svg import timeline_svg
from gpreader.analysis.table import Table, to_csv, write_rows_xlsx, write_xlsx
from gpreader.cli.output import progress_bar, say, say_json
from gpreader.cli.root import cli
from gpreader.cli.session import Session, coder_filter, common_options, current_session
from gpreader.errors import InvalidInputError
from gpreader.export.output import atomic_write, check_target

OUTPUTS = (".xlsx", ".csv", ".json")


def _table_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--json, --csv, -o FILE and --force, shared by the table commands."""
    options = [
        click.option(
            "--json",
            "as_json",
            is_flag=True,
            help="One JSON object (rows, columns, cells, unit, totals).",
        ),
        click.option(
            "--csv", "as_csv", is_flag=True, help="CSV: a header row, a row per tag, a totals row."
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Write the table to FILE.xlsx (typed cells, no formulas), .csv or .json.",
        ),
        click.option("--force", is_flag=True, help="Replace the output file if it exists."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


FILL_STAGE = "Placing highlights"  # the cache fill's progress line (once, after the upgrade)


def _load(session: Session) -> coded.Coding:
    """The coding; the first analysis after the upgrade that made the cache of where
    highlights fall shows its filling as a progress line on a terminal's stderr."""
    store = session.refreshed()
    bar = progress_bar()
    shown = None if bar is None else (lambda done, total: bar(FILL_STAGE, done, total, ""))
    return analysis.load(store, coder=session.coder_flag, progress=shown)


def _emit(
    session: Session,
    table: Table | None,
    *,
    as_json: bool,
    as_csv: bool,
    output: Path | None,
    force: bool,
    data: dict[str, Any] | None = None,
    csv_text: str | None = None,
    write_xlsx_to: Callable[[Any], None] | None = None,
    text: Callable[[], None] | None = None,
) -> None:
    """Print or write a result in the form asked for (one of them)."""
    if sum([as_json, as_csv, output is not None]) > 1:
        raise click.UsageError("choose one of --json, --csv and -o")
    data = data if data is not None else (table.to_json() if table else {})
    csv_text = csv_text if csv_text is not None else (to_csv(table) if table else "")
    if output is not None:
        suffix = output.suffix.lower()
        if suffix not in OUTPUTS:
            raise InvalidInputError(f"-o writes {', '.join(OUTPUTS)} files, not {output.name!r}")
        target = check_target(
            output, db_path=session.db_path, articles_root=session.root, force=force
        )
        if suffix == ".xlsx":
            if write_xlsx_to is None:
                assert table is not None  # a command without a table gives its own writer
                shown = table
                write_xlsx_to = lambda stream: write_xlsx(shown, stream)  # noqa: E731
            atomic_write(target, write_xlsx_to, force=force)
        else:
            body = (
                csv_text
                if suffix == ".csv"
                else json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            )
            atomic_write(target, lambda stream: stream.write(body.encode("utf-8")), force=force)
        say(f"wrote {output}", err=True)
    elif as_json:
        say_json(data)
    elif as_csv:
        say(csv_text, nl=False)
    elif text is not None:
        text()
    elif table is not None:
        _print_table(table)


def _print_table(table: Table) -> None:
    """The grid, aligned: labels left, numbers right."""
    grid = table.grid()
    cells = [[_number(v) if not isinstance(v, str) else v for v in row] for row in grid]
    widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]
    say(f"# {table.title}; cells count {table.unit}")
    for row in cells:
        first = row[0].ljust(widths[0])
        rest = "  ".join(v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True))
        say(f"{first}  {rest}".rstrip())
    for key, value in table.notes.items():
        if value:
            say(f"# {key.replace('_', ' ')}: {value}")


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


@cli.command("matrix")
@click.option(
    "--by",
    default="article",
    show_default=True,
    metavar="article|week|month|year|ATTRIBUTE",
    help="Columns: each article, the period of its date, or an article attribute.",
)
@click.option("--count", type=click.Choice(COUNTS), default="highlights", show_default=True)
@click.option(
    "--percent",
    type=click.Choice(["row", "column"]),
    help="Cells as % of the row's or column's total.",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=0,
    help="Fold tags into their ancestors at this depth (1: top-level codes); 0 keeps every tag.",
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    help="Rows: only this tag and its children, one row (repeatable).",
)
@_table_options
@coder_filter("Count only the tags this coder applied (only when given here).")
@common_options
def matrix_cmd(
    by: str, count: str, percent: str | None, depth: int, tags: tuple[str, ...], **out: Any
) -> None:
    """A code matrix: tags (rows) by articles, periods or an attribute (columns).

    Cells count highlights, articles or coded words; totals count each once (a highlight
    with two tags counts once in its column's total). Deleted and orphaned highlights are
    left out (the orphaned are counted in a note).
    """
    session = current_session()
    table = analysis.matrix(_load(session), by=by, count=count, tags=tags, depth=depth)
    if percent:
        table = analysis.percent(table, percent)
    _emit(session, table, **out)


@cli.command("cooccur")
@click.option(
    "--rule",
    default="highlight",
    show_default=True,
    metavar="|".join(RULES),
    help="When two tags co-occur: on one highlight, in overlapping highlights, in one "
    "sentence or paragraph, or within N sentences.",
)
@click.option("--measure", type=click.Choice(MEASURES), default="count", show_default=True)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=0,
    help="Fold tags into their ancestors at this depth.",
)
@click.option(
    "--tag", "tags", multiple=True, help="Only this tag and its children, one row (repeatable)."
)
@_table_options
@coder_filter("Count only the tags this coder applied (only when given here).")
@common_options
def cooccur_cmd(rule: str, measure: str, depth: int, tags: tuple[str, ...], **out: Any) -> None:
    """Tag by tag: the passages where both apply under RULE; the diagonal is each tag's own."""
    session = current_session()
    parsed = analysis.parse_rule(rule)
    table = analysis.cooccurrence(_load(session), parsed, measure=measure, tags=tags, depth=depth)
    _emit(session, table, **out)


@cli.command("timeline")
@click.option(
    "--tag",
    "tags",
    multiple=True,
    help="A tag and its children, one line (repeatable) [default: every tag].",
)
@click.option("--by", type=click.Choice(coded.PERIODS), default="month", show_default=True)
@click.option("--count", type=click.Choice(COUNTS), default="highlights", show_default=True)
@click.option(
    "--depth", type=click.IntRange(min=0), default=0, help="Without --tag: fold tags at this depth."
)
@click.option(
    "--plot",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the chart as FILE.svg, or FILE.png (needs the extra gpreader[plot]).",
)
@_table_options
@coder_filter("Count only the tags this coder applied (only when given here).")
@common_options
def timeline_cmd(
    tags: tuple[str, ...], by: str, count: str, depth: int, plot: Path | None, **out: Any
) -> None:
    """Codes over time: how often each tag occurs per week, month or year of the article date.

    Every period from the first to the last is listed; highlights in undated articles are
    left out and counted in a note.
    """
    session = current_session()
    data = _load(session)
    table = analysis.timeline(data, tags=tags, by=by, count=count, depth=depth)
    if plot is not None:
        suffix = plot.suffix.lower()
        if suffix not in (".svg", ".png"):
            raise InvalidInputError(f"--plot writes an .svg or .png file, not {plot.name!r}")
        target = check_target(
            plot, db_path=session.db_path, articles_root=session.root, force=out["force"]
        )
        caption = _caption(tags, by, count, session.coder_flag)
        if suffix == ".png":
            from gpreader.analysis.png import timeline_png

            def write(stream: Any) -> None:
                timeline_png(table, caption, data.colors, stream)

            atomic_write(target, write, force=out["force"])
        else:
            svg = timeline_svg(table, caption, data.colors)
            atomic_write(
                target, lambda stream: stream.write(svg.encode("utf-8")), force=out["force"]
            )
        say(f"wrote {plot}", err=True)
    _emit(session, table, **out)


def _caption(tags: Sequence[str], by: str, count: str, coder: str | None) -> str:
    words = ["gpreader timeline", *(f"--tag {t}" for t in tags), f"--by {by}", f"--count {count}"]
    if coder:
        words.append(f"--coder {coder}")
    return f"{count} per {by} ({' '.join(words)})"


@cli.command("kwic")
@click.argument("query")
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=200,
    show_default=True,
    help="Search results to read.",
)
@click.option(
    "--width",
    type=click.IntRange(5, 200),
    default=40,
    show_default=True,
    help="Characters of context on each side.",
)
@click.option(
    "--sort", "sort_by", type=click.Choice(concordance.SORTS), default="rank", show_default=True
)
@_table_options
@common_options
def kwic_cmd(query: str, limit: int, width: int, sort_by: str, **out: Any) -> None:
    """Keyword in context: each matched word of a search, aligned, with its context."""
    from gpreader.search import SearchIndex

    session = current_session()
    store = session.refreshed()
    hits = SearchIndex(store).search(query, limit=limit)
    lines = concordance.sort_lines(concordance.kwic(hits, width), sort_by)
    records = [line.to_json() for line in lines]
    header = ["article", "start", "end", "left", "keyword", "right"]
    rows = [
        [r["article"], r["start"], r["end"], r["left"], r["keyword"], r["right"]] for r in records
    ]

    def text() -> None:
        if not lines:
            say("no matches", err=True)
        for (shown, mark), line in zip(concordance.aligned(lines, width), lines, strict=True):
            say(f"{shown}   {line.article}:{line.start}", marks=[mark])

    _emit(
        session,
        None,
        data={"query": query, "sort": sort_by, "lines": records},
        csv_text=_csv(header, rows),
        write_xlsx_to=lambda stream: _rows_xlsx(header, rows, stream),
        text=text,
        **out,
    )


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([header, *rows])
    return buffer.getvalue()


def _rows_xlsx(header: list[str], rows: list[list[Any]], stream: Any) -> None:
    """KWIC lines as a sheet: the text columns as strings, offsets as numbers."""
    write_rows_xlsx(header, rows, stream, "kwic")
