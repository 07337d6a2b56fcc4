"""The `gpreader` command: a thin layer over the core. Textual is imported only for the TUI.

Exit codes: 0 success, 1 an error in what was asked (unknown article, quote or tag),
2 usage errors and no interactive terminal for the TUI, 3 the database cannot be used,
130 interrupted.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from gpreader import __version__, paths
from gpreader import export as exporting
from gpreader.anchoring import find_quote
from gpreader.corpus import sync as library
from gpreader.errors import GPReaderError, InvalidInputError, NotFoundError
from gpreader.export.output import TerminalSafeStream, check_target
from gpreader.models import AnchorStatus
from gpreader.store import AnnotationStore
from gpreader.store.database import database_error
from gpreader.text import clean_typed, escape_unsafe, is_safe_to_show, safe_to_show

EXIT_NO_TERMINAL = 2


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """Options may come before or after the subcommand; the last one given wins."""
    if value is not None:
        ctx.ensure_object(dict)[param.name] = value


def common_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--articles, --db and --coder, accepted by every command."""
    options = [
        click.option(
            "--articles",
            type=click.Path(path_type=Path),
            callback=_remember,
            expose_value=False,
            help=f"Corpus folder [env {paths.ARTICLES_ENV}; default ./articles].",
        ),
        click.option(
            "--db",
            type=click.Path(path_type=Path, dir_okay=False),
            callback=_remember,
            expose_value=False,
            help=f"Annotations database [env {paths.DB_ENV}; default ./annotations.db].",
        ),
        click.option(
            "--coder",
            callback=_remember,
            expose_value=False,
            help="Name recorded on new highlights [default: your login name].",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


class Session:
    """Resolved paths and an open store for one command."""

    def __init__(self, ctx: click.Context) -> None:
        obj = ctx.ensure_object(dict)
        self.root, self.is_sample = paths.articles_dir(obj.get("articles"))
        self.db_path = paths.db_path(obj.get("db"))
        coder = obj.get("coder")  # typed: argument bytes that are not UTF-8 become U+FFFD
        self.coder: str | None = clean_typed(coder) if coder is not None else None
        self._store: AnnotationStore | None = None
        self._ctx = ctx

    @property
    def store(self) -> AnnotationStore:
        if self._store is None:
            self._store = AnnotationStore(self.db_path, coder=self.coder)
            self._ctx.call_on_close(self._store.close)  # no -wal/-shm left behind, even on errors
            for warning in self._store.warnings:
                _say(f"gpreader: warning: {warning}", err=True)
        return self._store

    def refreshed(self) -> AnnotationStore:
        """The store, with the corpus brought up to date first (quietly, if the folder exists)."""
        store = self.store
        if self.is_sample:
            note = f"no ./articles here; using the bundled sample ({self.root})"
            _say(f"gpreader: {note}", err=True)
        if self.root.is_dir():
            report = library.refresh(store, self.root, _progress_bar())
            changed = report.loaded or report.updated or report.relinked or report.missing
            if changed:
                _say(f"gpreader: {library.describe(report)[0]}", err=True)
        return store


def _progress_bar() -> library.Progress | None:
    """A progress line on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, path: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        _say(f"[{bar}] {done}/{total} {path[:40]:<40}", err=True, nl=done == total, rewrite=True)

    return show


def _session() -> Session:
    ctx = click.get_current_context()
    session: Session = ctx.meta.setdefault("gpreader.session", Session(ctx))
    return session


def _say(
    text: str = "",
    *,
    err: bool = False,
    nl: bool = True,
    marks: Sequence[tuple[int, int]] = (),
    rewrite: bool = False,
) -> None:
    """Write one human-readable line: every line the CLI shows goes through here, made safe to
    show (text.safe_to_show). `marks`: ranges of `text` shown bold and underlined on a terminal;
    `rewrite`: start with a carriage return, to redraw a progress line."""
    shown = safe_to_show(text)  # one for one: the marked ranges stay valid
    if marks:
        shown = _marked(shown, marks)
    click.echo("\r" + shown if rewrite else shown, err=err, nl=nl)


def _json_text(value: Any, indent: int | None = None) -> str:
    """`value` as JSON safe to show: JSON escapes C0 controls itself; C1 controls, bidi and
    zero-width characters (and lone surrogates) become \\uXXXX escapes too, so the text is still
    valid JSON and parses to the same data."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text if is_safe_to_show(text) else escape_unsafe(text, _json_escape)


def _json_escape(char: str) -> str:
    """`char` as JSON's own ASCII escape: `\\uXXXX` (a surrogate pair beyond the BMP)."""
    return json.dumps(char)[1:-1]


def _say_json(value: Any, indent: int | None = 2) -> None:
    """Machine output (--json): JSON with every unsafe character escaped."""
    click.echo(_json_text(value, indent))


class GPReaderGroup(click.Group):
    """Turns the core's errors into one line on stderr and a documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return result
        except GPReaderError as exc:
            # Messages echo paths and arguments: no terminal control codes from them.
            _say(f"gpreader: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except sqlite3.DatabaseError as exc:  # one the core did not wrap: still one clear line
            session = ctx.meta.get("gpreader.session")
            error = database_error(exc, session.db_path if session else None)
            _say(f"gpreader: {error}", err=True)
            ctx.exit(error.exit_code)
        except click.ClickException as exc:  # usage errors may echo arguments: shown safely
            # click declares `message` Final, but its own formatting (hints, usage) must run
            # on the sanitised text, so the exception is changed in place and re-raised
            exc.message = safe_to_show(exc.message)  # type: ignore[misc]
            raise
        except KeyboardInterrupt:
            _say("gpreader: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `gpreader articles | head`: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except OSError as exc:  # a file the core did not name in its own error, or the output
            if exc.filename:
                _say(f"gpreader: {exc.filename}: {exc.strerror or exc}", err=True)
            else:  # writing the output failed (a full disk, say): say so, once
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                _say(f"gpreader: cannot write the output: {exc.strerror or exc}", err=True)
            ctx.exit(1)


@click.group(
    cls=GPReaderGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@common_options
@click.version_option(__version__, prog_name="gpreader")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Read a corpus of articles side by side, highlight and tag passages, export the coding.

    With no command, opens the reading workbench on the corpus folder.
    """
    if ctx.invoked_subcommand is None:
        _run_tui()


def _interactive() -> bool:
    term = os.environ.get("TERM", "")
    return sys.stdin.isatty() and sys.stdout.isatty() and term not in ("", "dumb")


def _run_tui() -> None:
    if not _interactive():
        _say(
            "gpreader: the reading workbench needs an interactive terminal "
            "(stdin and stdout a terminal, TERM not dumb); "
            "`gpreader export` and `gpreader search` work without one.",
            err=True,
        )
        sys.exit(EXIT_NO_TERMINAL)
    session = _session()
    notice = None
    if session.is_sample:
        notice = f"No ./articles folder here: showing the bundled sample corpus ({session.root})."
    store = session.store  # surfaces database errors before the screen is taken over
    from gpreader.tui.app import run_app  # Textual loads only here

    run_app(store, session.root, notice=notice)


@cli.command("import")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--rebind",
    is_flag=True,
    help="Follow FOLDER from now on, even if the database was made on another folder whose "
    "texts differ (highlights are re-anchored onto FOLDER's texts).",
)
@common_options
def import_(folder: Path | None, rebind: bool) -> None:
    """Load or refresh the corpus from FOLDER (default: the articles folder)."""
    session = _session()
    root = folder or session.root
    report = library.refresh(session.store, root, _progress_bar(), rebind=rebind)
    for line in library.describe(report):
        _say(line)
    total = len(report.loaded) + len(report.updated) + len(report.unchanged) + len(report.relinked)
    if total == 0:
        raise NotFoundError(f"{root}: no articles could be loaded")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON array of articles.")
@common_options
def articles(as_json: bool) -> None:
    """List the articles: id (path), date, words, comments, highlights, title."""
    rows = _session().refreshed().articles()
    if as_json:
        _say_json([asdict(r) for r in rows])
        return
    width = max([len(r.path) for r in rows] + [2])
    _say(f"{'id':<{width}}  {'date':<10}  {'words':>6}  {'cmts':>4}  {'hl':>4}  title")
    for r in rows:
        missing = " (missing)" if r.missing else ""
        _say(
            f"{r.path:<{width}}  {r.date or '':<10}  {r.words:>6}  {r.comments:>4}  "
            f"{r.highlights:>4}  {r.title}{missing}"
        )


@cli.command()
@click.argument("article")
@click.option("--quote", required=True, help="The passage to highlight, as it reads.")
@click.option("--tag", "tags", multiple=True, help="Tag path, e.g. policy/contract (repeatable).")
@click.option("--note", default="", help="A note on the highlight.")
@click.option("--occurrence", default=1, show_default=True, type=click.IntRange(min=1))
@common_options
def annotate(article: str, quote: str, tags: tuple[str, ...], note: str, occurrence: int) -> None:
    """Highlight a quote in ARTICLE (path, file name or title prefix); prints the new id."""
    session = _session()
    store = session.refreshed()
    path = store.resolve_article(article, session.root)
    text = store.article(path)
    found = find_quote(text.text, quote, occurrence)
    if found is None:
        nth = f" (occurrence {occurrence})" if occurrence > 1 else ""
        raise NotFoundError(f"quote not found in {path}{nth}: {quote!r}")
    # The offsets are into this version of the text: if an import changed it since, nothing
    # is saved (StaleArticleError) rather than a highlight on other words.
    highlight = store.add_highlight(path, *found, tags=tags, note=note, expected_sha256=text.sha256)
    _say(highlight.id)


@cli.command()
@click.argument("article", required=False)
@click.option("--tag", help="Only highlights with this tag or its children.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of highlights.")
@common_options
def highlights(article: str | None, tag: str | None, as_json: bool) -> None:
    """List highlights, optionally of one ARTICLE."""
    session = _session()
    store = session.refreshed()
    path = store.resolve_article(article, session.root) if article else None
    found = store.highlights(path, tag=tag)
    if as_json:
        _say_json([asdict(h) for h in found])
        return
    for h in found:
        tags = ", ".join(h.tags) or "-"
        text = " ".join(h.exact.split())
        _say(f"{h.id[:8]}  {h.article}  {h.start}-{h.end}  [{tags}]  {h.status}  {text[:60]}")


@cli.command()
@click.argument("query", required=False)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="JSON results (with --stdin: JSON lines).")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read one query per line from stdin.")
@common_options
def search(query: str | None, limit: int, as_json: bool, from_stdin: bool) -> None:
    """Find passages across the corpus, best first. Typos are forgiven; "quoted words" must
    match as a phrase; filters: tag:PATH in:body in:comments article:TEXT has:note."""
    from gpreader.search import SearchIndex

    if (query is None) == (not from_stdin):
        raise click.UsageError("give a QUERY or --stdin")
    store = _session().refreshed()
    find = SearchIndex(store).search  # one vocabulary load for every query
    for text in (line.rstrip("\r\n") for line in sys.stdin) if from_stdin else [query or ""]:
        started = time.perf_counter()
        hits = find(text, limit=limit)
        elapsed = round((time.perf_counter() - started) * 1000, 2)
        if as_json and from_stdin:
            line = {"query": text, "elapsed_ms": elapsed, "results": [h.to_json() for h in hits]}
            click.echo(_json_text(line))
        elif as_json:
            _say_json([h.to_json() for h in hits])
        else:
            if from_stdin:
                _say(f"# {text}  ({len(hits)} results, {elapsed} ms)")
            for h in hits:
                snippet, marks = h.snippet(150)
                where = f"{h.article}  {h.start}-{h.end}  {h.section}"
                _say(f"{h.score:5.1f}  {where}  {h.title}")
                indent = "       "
                _say(indent + snippet, marks=[(a + len(indent), b + len(indent)) for a, b in marks])
            if not hits and not from_stdin:
                _say("no matches", err=True)


def _marked(text: str, marks: Sequence[tuple[int, int]]) -> str:
    """`text` with the marked ranges bold (plain when not on a terminal); `text` is already
    safe to show, so the only escape codes are the style's own."""
    out, at = [], 0
    for a, b in marks:
        out += [text[at:a], click.style(text[a:b], bold=True, underline=True)]
        at = b
    return "".join([*out, text[at:]])


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@common_options
def stats(as_json: bool) -> None:
    """Counts of articles, highlights, tags and coders."""
    data = _session().refreshed().stats()
    if as_json:
        _say_json(data)
        return
    _say(f"articles    {data['articles']}" + _extra(data["missing_articles"], "missing"))
    _say(f"highlights  {data['highlights']}" + _extra(data["deleted"], "deleted"))
    _say(f"tags        {data['tags']}")
    for title, key in (("status", "by_status"), ("coder", "by_coder"), ("tag", "by_tag")):
        if data[key]:
            _say(f"by {title}:")
            width = max(len(k) for k in data[key])
            for name, n in data[key].items():
                _say(f"  {name:<{width}}  {n}")


def _extra(n: int, label: str) -> str:
    return f" ({n} {label})" if n else ""


def _coder_filter(f: Callable[..., Any]) -> Callable[..., Any]:
    """For `export`, the common --coder option chooses whose highlights to export."""
    for param in getattr(f, "__click_params__", []):
        if param.name == "coder":
            param.help = "Only highlights by this coder."
    return f


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
    "--raw", is_flag=True, help="CSV: no ' before cells a spreadsheet would run as formulas."
)
@click.option("--excel", is_flag=True, help="CSV: UTF-8 byte-order mark and CRLF line ends.")
@_coder_filter
@common_options
def export_cmd(
    fmt: str,
    output: Path | None,
    force: bool,
    tag: str | None,
    article: str | None,
    since: str | None,
    status: AnchorStatus | None,  # click.Choice(STATUSES) lets nothing else through
    one_row_per_highlight: bool,
    raw: bool,
    excel: bool,
) -> None:
    """Export highlights: csv, codebook-csv, jsonl, w3c, qdc, qdpx (REFI-QDA) or md.

    Written to a temporary file, then moved into place. Deleted highlights are left out;
    orphaned ones are kept, with their status.
    """
    session = _session()
    store = session.refreshed()
    path = store.resolve_article(article, session.root) if article else None
    filters = exporting.Filters(
        tag=tag, article=path, coder=session.coder, since=since, status=status
    )
    options = exporting.ExportOptions(fmt, filters, one_row_per_highlight, raw, excel)
    bar = _progress_bar()
    progress = (lambda done, total: bar(done, total, fmt)) if bar else None
    if output == Path("-"):
        if exporting.FORMATS[fmt].binary and sys.stdout.isatty():
            raise InvalidInputError(f"{fmt} is a zip file; give -o FILE or redirect stdout")
        stream: Any = sys.stdout.buffer
        if sys.stdout.isatty():
            stream = TerminalSafeStream(stream)
        result = exporting.export(store, options, stream, progress=progress)
        stream.flush()
    else:
        title = store.article(path).title if path else None
        out = output or exporting.default_output(options, title)
        result = exporting.export(
            store, options, out, articles_root=session.root, force=force, progress=progress
        )
    where = result.path or "stdout"
    _say(f"exported {result.highlights} highlight(s) as {fmt} to {where}", err=True)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@common_options
def backup(out: Path, force: bool) -> None:
    """Write a consistent copy of the database to OUT (safe while gpreader runs)."""
    session = _session()
    target = check_target(out, db_path=session.db_path, force=force)
    try:
        session.store.backup(target, replace=force)
    except FileExistsError:
        raise InvalidInputError(f"{out} exists; use --force to replace it") from None
    _say(f"backed up {session.db_path} to {out}")


@cli.command()
@common_options
def undo() -> None:
    """Undo your most recent change (repeatable); says what it undid."""
    done = _session().store.undo()
    _say(str(done) if done else "nothing to undo")


@cli.command()
@common_options
def redo() -> None:
    """Redo the change you undid most recently; says what it redid."""
    done = _session().store.redo()
    _say(str(done) if done else "nothing to redo")


@cli.command()
@common_options
def purge() -> None:
    """Remove deleted highlights for good (they can no longer be undone)."""
    _say(f"purged {_session().store.purge()} deleted highlight(s)")


@cli.group(invoke_without_command=True)
@common_options
@click.pass_context
def tags(ctx: click.Context) -> None:
    """The codebook: list, add, rename, merge, delete, colour tags."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(tags_list)


@tags.command("list")
@click.option("--json", "as_json", is_flag=True)
@common_options
def tags_list(as_json: bool = False) -> None:
    """Every tag with its colour, quick key and counts."""
    found = _session().store.tags()
    if as_json:
        _say_json([asdict(t) for t in found])
        return
    if not found:
        _say("no tags yet")
    width = max([len(t.path) for t in found] + [3])
    for t in found:
        key = str(t.quick_key) if t.quick_key else "-"
        _say(
            f"{t.path:<{width}}  {t.color:<7}  key {key}  {t.highlights:>4} highlights  "
            f"{t.articles:>3} articles  {t.description}"
        )


@tags.command("add")
@click.argument("path")
@click.option("--color")
@click.option("--description")
@click.option("--key", type=click.IntRange(1, 9), help="Quick key 1-9 in the reader.")
@common_options
def tags_add(path: str, color: str | None, description: str | None, key: int | None) -> None:
    """Create a tag (or update an existing one)."""
    store = _session().store
    tag = store.ensure_tag(path, color=color, description=description)
    tag = store.update_tag(
        tag.path, color=color, description=description, quick_key=key if key else False
    )
    _say(tag.path)


@tags.command("rename")
@click.argument("old")
@click.argument("new")
@common_options
def tags_rename(old: str, new: str) -> None:
    """Rename a tag and its children."""
    n = _session().store.rename_tag(old, new)
    _say(f"renamed {n} tag(s)")


@tags.command("merge")
@click.argument("source")
@click.argument("target")
@common_options
def tags_merge(source: str, target: str) -> None:
    """Move SOURCE's highlights onto TARGET and remove SOURCE."""
    n = _session().store.merge_tags(source, target)
    _say(f"merged {n} tag(s) into {target}")


@tags.command("delete")
@click.argument("path")
@click.option("--force", is_flag=True, help="Delete even if highlights carry it.")
@common_options
def tags_delete(path: str, force: bool) -> None:
    """Delete a tag and its children (highlights stay)."""
    n = _session().store.delete_tag(path, force=force)
    _say(f"deleted {n} tag(s)")


@tags.command("color")
@click.argument("path")
@click.argument("color")
@common_options
def tags_color(path: str, color: str) -> None:
    """Set a tag's colour (#RRGGBB)."""
    tag = _session().store.update_tag(path, color=color)
    _say(f"{tag.path} {tag.color}")


@tags.command("describe")
@click.argument("path")
@click.argument("description")
@common_options
def tags_describe(path: str, description: str) -> None:
    """Set a tag's description."""
    tag = _session().store.update_tag(path, description=description)
    _say(tag.path)


@tags.command("key")
@click.argument("path")
@click.argument("key", type=click.IntRange(0, 9))
@common_options
def tags_key(path: str, key: int) -> None:
    """Give a tag quick key 1-9 in the reader (0 clears it)."""
    tag = _session().store.update_tag(path, quick_key=key or None)
    _say(f"{tag.path} key {tag.quick_key or '-'}")


@tags.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@common_options
def tags_import(file: Path) -> None:
    """Add tags from a codebook: a CSV (a tag, name or path column; optional description
    and color), a REFI-QDA .qdc or .qdpx. Updates descriptions and colours; highlights stay."""
    _say(exporting.import_codebook(_session().store, file).describe())


def main() -> None:
    """Entry point of the `gpreader` command."""
    try:
        cli.main(prog_name="gpreader")
    except BrokenPipeError:  # e.g. `gpreader articles | head`
        sys.stderr.close()
        sys.exit(1)
