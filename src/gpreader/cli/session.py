"""The options every command takes, and the paths and store they resolve to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from gpreader import paths
from gpreader.cli.output import progress_bar, say
from gpreader.store import AnnotationStore
from gpreader.text import clean_typed

# Commands that read only what the database holds: their corpus check is the quick one (a
# stat per folder; see corpus.sync.refresh's `quick`), not a stat of every file.
QUICK_CHECK = frozenset({"export", "stats", "tags", "highlights", "search"})


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
            help=f"Who is coding [env {paths.CODER_ENV}; config `coder`; default: login name].",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def coder_filter(text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """For a command where --coder chooses whose work to read (export, analysis), not who
    is coding: its help says so, and the command reads `Session.coder_flag` (only what was
    given on the command line, never the configured default)."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        for param in getattr(f, "__click_params__", []):
            if param.name == "coder":
                param.help = text
        return f

    return decorate


class Session:
    """Resolved paths and an open store for one command."""

    def __init__(self, ctx: click.Context) -> None:
        obj = ctx.ensure_object(dict)
        self.root, self.is_sample = paths.articles_dir(obj.get("articles"))
        self.db_path = paths.db_path(obj.get("db"))
        flag, coder = obj.get("coder"), paths.coder_name(obj.get("coder"))
        # Typed: argument bytes that are not UTF-8 become U+FFFD.
        self.coder_flag: str | None = clean_typed(flag) if flag is not None else None
        self.coder: str | None = clean_typed(coder) if coder is not None else None
        self._store: AnnotationStore | None = None
        self._ctx = ctx

    @property
    def store(self) -> AnnotationStore:
        if self._store is None:
            self._store = AnnotationStore(self.db_path, coder=self.coder)
            self._ctx.call_on_close(self._store.close)  # no -wal/-shm left behind, even on errors
            for warning in self._store.warnings:
                say(f"gpreader: warning: {warning}", err=True)
        return self._store

    def refreshed(self) -> AnnotationStore:
        """The store, with the corpus brought up to date first (quietly, if the folder exists)."""
        store = self.store
        if self.is_sample:
            note = f"no ./articles here; using the bundled sample ({self.root})"
            say(f"gpreader: {note}", err=True)
        if self.root.is_dir():
            from gpreader.corpus import sync as library  # not imported by the workbench's start

            quick = self._ctx.command.name in QUICK_CHECK
            report = library.refresh(store, self.root, progress_bar(), quick=quick)
            changed = report.loaded or report.updated or report.relinked or report.missing
            if changed:
                say(f"gpreader: {library.describe(report)[0]}", err=True)
        return store


def current_session() -> Session:
    ctx = click.get_current_context()
    found: Session = ctx.meta.setdefault("gpreader.session", Session(ctx))
    return found
