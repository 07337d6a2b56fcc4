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
from gpreader.tui.library_read import LIBRARY_AT_ONCE as LIBRARY_AT_ONCE
from gpreader.tui.library_read import LibraryPrefetch, read_library
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
    _starting = False  # the first read is in the worker: the layout and MainReady wait for it
    prefetch: LibraryPrefetch | None = None  # the command line's read of the library, till start

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
        """Show the library and the saved layout, then tell the app (MainReady), which starts
        the refresh and the polling. The rows the command line's prefetch has read already are
        shown at once, whatever their number; else up to LIBRARY_AT_ONCE articles are read at
        once, for the first paint, and a larger library is read and sorted in the library
        worker (or taken from the prefetch still reading), so that neither holds the first
        paint: its rows, the layout and MainReady follow them."""
        prefetch, self.prefetch = self.prefetch, None  # taken once
        if prefetch is not None and prefetch.ready and (found := prefetch.result()) is not None:
            self.library.set_done(found.done)
            self.library.set_rows(found.rows, found.order)
            self._started()
            return
        count = self.call_store(self.store.article_count)
        if isinstance(count, int) and count > LIBRARY_AT_ONCE:
            self._starting = True
            self.reload_library(full=True, prefetch=prefetch)
            return
        rows = self.call_store(self.store.articles)
        if isinstance(rows, list):
            self.library.set_rows(rows)
        marks = self.call_store(self.store.coded_marks, self.store.coder)
        if isinstance(marks, list):
            self.library.set_done(frozenset(m.article for m in marks))
        self._started()

    def _started(self) -> None:
        """The library holds the rows (or could not be read): the layout, then MainReady."""
        self._starting = False
        library = self.library
        shown_by = (library.sort_key, library.descending)
        self.restore_layout()
        if (library.sort_key, library.descending) != shown_by:
            library.resort()  # the saved sort, made by the worker for a large library
        self.post_message(MainReady())

    def reload_library(
        self, *, full: bool = True, restore: bool = False, prefetch: LibraryPrefetch | None = None
    ) -> None:
        """Re-read the article list in a worker: `full` replaces the rows (new, renamed, gone
        articles), else only highlight counts change; `restore` reopens the saved layout if no
        column is open once the rows are in; `prefetch` (at start): its rows, when read."""
        self._library_full = self._library_full or full
        self._restore_after_read = self._restore_after_read or restore
        library = self.library
        sort = (library.sort_key, library.descending) if self._library_full else None
        self._read_library(sort, starting=self._starting, prefetch=prefetch)

    def refresh_data(self, *, counts: bool = True) -> None:
        """Reload changed articles, tag colours and every open column's highlights (a refresh
        ran, or another process wrote); the library's counts follow from a worker."""
        self.reload_changed()
        self.reload_highlights(None)
        if counts:
            self.reload_library(full=False)

    @work(thread=True, exclusive=True, group="library")
    def _read_library(
        self,
        sort: tuple[str, bool] | None,
        *,
        starting: bool,
        prefetch: LibraryPrefetch | None = None,
    ) -> None:
        """The article list (read_library), or the prefetch's once it has read it; a newer
        read supersedes this one (the store's read takes no cancel event: the rows of a
        superseded read are dropped)."""
        worker = get_current_worker()
        found = prefetch.result() if prefetch is not None else None
        if found is None:
            try:
                found = read_library(self.store.path, self.store.coder, sort, starting=starting)
            except (GPReaderError, sqlite3.Error) as exc:
                self.post_message(LibraryRead([], error=str(exc)))
                return
        if not worker.is_cancelled:
            self.post_message(LibraryRead(found.rows, done=found.done, order=found.order))

    def on_library_read(self, message: LibraryRead) -> None:
        if message.error:
            self.notify(
                f"the article list could not be read: {message.error}",
                severity="error",
                timeout=8,
                markup=False,
            )
            if self._starting:
                self._started()
            return
        self.library.set_done(message.done)
        if self._library_full:
            self._library_full = False
            self.library.set_rows(message.rows, message.order)
        else:
            self.library.update_counts({r.path: r.highlights for r in message.rows})
        if self._starting:
            self._started()
        elif self._restore_after_read:
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
