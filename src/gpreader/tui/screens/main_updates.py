"""How the main screen follows the corpus and the database: the refresh worker's progress and
report, and the article list re-read in a thread worker (a corpus-sized read never runs on the
UI thread once the workbench is up)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import Static
from textual.worker import get_current_worker

from gpreader.errors import GPReaderError
from gpreader.store import AnnotationStore
from gpreader.tui.messages import LibraryRead, MainReady, RefreshFinished, RefreshProgress
from gpreader.tui.widgets.library import LibraryPanel
from gpreader.tui.widgets.shown import styled

if TYPE_CHECKING:
    from textual.screen import Screen

    from gpreader.tui.widgets.column import ReadingColumn

    _Host = Screen[None]  # the checker sees the Screen this is mixed into
else:
    _Host = object


class UpdatesMixin(_Host):
    """Mixed into MainScreen (a Screen), which provides the attributes below. Its message
    handlers are named `on_…` so that Textual finds them on this plain mixin."""

    store: AnnotationStore
    _library_full = False  # a pending re-read replaces the rows (else it updates counts)
    _restore_after_read = False  # ... and then restores the saved layout if no column is open

    if TYPE_CHECKING:

        @property
        def library(self) -> LibraryPanel: ...
        @property
        def columns(self) -> list[ReadingColumn]: ...
        def call_store(self, fn: Any, *args: Any, **kwargs: Any) -> Any: ...
        def restore_layout(self) -> None: ...
        def reload_changed(self, only: Any = None) -> list[str]: ...
        def reload_highlights(self, path: str | None = None) -> None: ...

    def start(self) -> None:
        """Show the library and the saved layout at once (the first paint needs them), then
        tell the app, which starts the refresh and the polling."""
        rows = self.call_store(self.store.articles)
        if isinstance(rows, list):
            self.library.set_rows(rows)
        marks = self.call_store(self.store.coded_marks, self.store.coder)
        if isinstance(marks, list):
            self.library.set_done(frozenset(m.article for m in marks))
        self.restore_layout()
        self.post_message(MainReady())

    def reload_library(self, *, full: bool = True, restore: bool = False) -> None:
        """Re-read the article list in a worker: `full` replaces the rows (new, renamed, gone
        articles), else only highlight counts change; `restore` reopens the saved layout if no
        column is open once the rows are in."""
        self._library_full = self._library_full or full
        self._restore_after_read = self._restore_after_read or restore
        self._read_library()

    def refresh_data(self, *, counts: bool = True) -> None:
        """Reload changed articles, tag colours and every open column's highlights (a refresh
        ran, or another process wrote); the library's counts follow from a worker."""
        self.reload_changed()
        self.reload_highlights(None)
        if counts:
            self.reload_library(full=False)

    @work(thread=True, exclusive=True, group="library")
    def _read_library(self) -> None:
        """The article list, on a connection of this thread; a newer read supersedes it (the
        store's read takes no cancel event: the rows of a superseded read are dropped)."""
        worker = get_current_worker()
        try:
            with AnnotationStore(self.store.path, verify=False) as own:  # already verified
                rows = own.articles()
                done = frozenset(m.article for m in own.coded_marks(self.store.coder))
        except (GPReaderError, sqlite3.Error) as exc:
            self.post_message(LibraryRead([], error=str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(LibraryRead(rows, done=done))

    def on_library_read(self, message: LibraryRead) -> None:
        if message.error:
            self.notify(
                f"the article list could not be read: {message.error}",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        self.library.set_done(message.done)
        if self._library_full:
            self._library_full = False
            self.library.set_rows(message.rows)
        else:
            self.library.update_counts({r.path: r.highlights for r in message.rows})
        if self._restore_after_read:
            self._restore_after_read = False
            if not self.columns:
                self.restore_layout()

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        bar = self.query_one("#progress", Static)
        bar.display = message.done < message.total
        done, total = f"{message.done:,}", f"{message.total:,}"
        from gpreader.corpus import sync as library_sync  # loaded by the refresh by now

        label = library_sync.STAGES.get(message.stage, message.stage)
        bar.update(styled(f"Updating the corpus: {label} {done} of {total} · {message.path}"))

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.query_one("#progress").display = False
        if message.error:
            self.notify(
                message.error, title="Articles folder", severity="warning", timeout=10, markup=False
            )
            return
        report = message.report
        if report is None:
            return
        if report.loaded or report.updated or report.relinked or report.missing:
            from gpreader.corpus import sync as library_sync  # loaded by the refresh by now

            self.reload_library(full=True, restore=True)
            self.refresh_data(counts=False)
            self.notify(
                "\n".join([library_sync.describe(report)[0], *message.summary]),
                title="Corpus updated",
                timeout=5,
                markup=False,
            )
        if report.reanchored.get("orphaned"):
            self.notify(
                f"{report.reanchored['orphaned']} highlight(s) lost their passage in edited "
                "articles; they are listed as orphaned in the annotations panel.",
                severity="warning",
                timeout=10,
                markup=False,
            )
