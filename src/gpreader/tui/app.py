"""The reading and coding workbench (Textual). `gpreader` with no command runs it."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Static

from gpreader.corpus import sync as library
from gpreader.errors import Cancelled, GPReaderError, NotFoundError
from gpreader.store import AnnotationStore
from gpreader.text import safe_to_show
from gpreader.tui import config as settings
from gpreader.tui.messages import RefreshFinished, RefreshProgress
from gpreader.tui.palette import GPReaderCommands
from gpreader.tui.screens.help import HelpScreen
from gpreader.tui.screens.main import MainScreen
from gpreader.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

POLL_SECONDS = 1.0


PROGRESS_EVERY = 0.1  # seconds between progress messages from the refresh worker


class GPReaderApp(App[None]):
    """Library, reading columns and coding, over one AnnotationStore."""

    CSS_PATH = "app.tcss"
    TITLE = "gpreader"
    HELP_TITLE = "Everywhere"
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {GPReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]
    EXTRA_HELP: ClassVar[list[tuple[str, str, str]]] = [
        ("^p", "Command palette: open articles, tags, commands", ""),
        ("^q", "Quit, even from a text box (everything is already saved)", ""),
    ]

    def __init__(
        self,
        store: AnnotationStore,
        root: Path,
        notice: str | None = None,
        *,
        config: settings.Config | None = None,
        refresh_on_start: bool = True,
        poll: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.root = Path(root)
        self.notice = notice
        self.config = config if config is not None else settings.load_config()
        self.refresh_on_start = refresh_on_start
        self.poll = poll
        self.refreshing = False
        self._data_version: int | None = None
        self._last_progress = 0.0
        self._stop = threading.Event()  # set on quit: the refresh thread stops at the next file
        self.started = time.perf_counter()

    # -- start -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen(self.store)

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (widgets' and screens' `notify` come here) safe to show: they
        quote titles, paths, tags, notes and error messages."""
        super().notify(
            safe_to_show(message),
            title=safe_to_show(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def on_mount(self) -> None:
        self._apply_config()
        for warning in self.store.warnings:
            self.notify(warning, severity="warning", timeout=10, markup=False)
        if self.notice:
            self.notify(self.notice, title="Sample corpus", timeout=8, markup=False)

    def main_ready(self) -> None:
        """Called by the main screen once mounted: show the library, then refresh in the
        background and start watching for other instances."""
        self.main.load_library()
        self.main.restore_layout()
        self._data_version = self._version()
        if self.refresh_on_start:
            self.refresh_corpus()
        if self.poll:
            self.set_interval(POLL_SECONDS, self._poll)
        self.call_after_refresh(self.check_size)

    def _apply_config(self) -> None:
        config = self.config
        settings.check_theme(config, self.available_themes)
        settings.check_keymap(config, all_binding_ids())
        self.theme = config.theme
        if config.keymap:
            self.set_keymap(config.keymap)
        for problem in config.problems:
            self.notify(problem, title="Config file", severity="error", timeout=12, markup=False)

    # -- corpus refresh (a thread with its own connection) ----------------------------------

    def action_refresh_corpus(self) -> None:
        self.refresh_corpus()

    @work(thread=True, exclusive=True, group="refresh")
    def refresh_corpus(self) -> None:
        """Bring the database up to date with the articles folder."""
        self.refreshing = True

        def progress(done: int, total: int, path: str) -> None:
            now = time.monotonic()
            if done == total or now - self._last_progress >= PROGRESS_EVERY:
                self._last_progress = now
                self.post_message(RefreshProgress(done, total, path))

        try:
            # A second connection for this thread; the app's own store already verified the file.
            with AnnotationStore(self.store.path, coder=self.store.coder, verify=False) as own:
                report = library.refresh(own, self.root, progress, cancel=self._stop)
        except Cancelled:  # quitting: stopped between files; each batch is atomic
            return
        except NotFoundError as exc:
            self.post_message(RefreshFinished(None, f"{exc}: showing what the database holds."))
        except GPReaderError as exc:
            self.post_message(RefreshFinished(None, str(exc)))
        except Exception as exc:  # a worker must never take the app down
            self.post_message(RefreshFinished(None, f"the corpus could not be refreshed: {exc!r}"))
        else:
            self.post_message(RefreshFinished(report))

    @on(RefreshProgress)
    def _refresh_progress(self, message: RefreshProgress) -> None:
        bar = self.main.query_one("#progress", Static)
        bar.display = message.done < message.total
        done, total = f"{message.done:,}", f"{message.total:,}"
        path = safe_to_show(message.path)
        bar.update(f"Updating the corpus: {done} of {total} changed files · {path}")

    @on(RefreshFinished)
    def _refresh_finished(self, message: RefreshFinished) -> None:
        self.refreshing = False
        self.main.query_one("#progress").display = False
        if message.error:
            self.notify(
                message.error, title="Articles folder", severity="warning", timeout=10, markup=False
            )
            return
        report = message.report
        if report is None:
            return
        if report.loaded or report.updated or report.relinked or report.missing:
            self.main.load_library()
            self.main.refresh_data(counts=False)
            if not self.main.columns:
                self.main.restore_layout()
            self.notify(
                library.describe(report)[0], title="Corpus updated", timeout=5, markup=False
            )
        if report.reanchored.get("orphaned"):
            self.notify(
                f"{report.reanchored['orphaned']} highlight(s) lost their passage in edited "
                "articles; they are listed as orphaned in the annotations panel.",
                severity="warning",
                timeout=10,
                markup=False,
            )

    # -- other instances -----------------------------------------------------------------------

    def _version(self) -> int | None:
        try:
            return self.store.data_version()
        except Exception:
            return None

    def _poll(self) -> None:
        """Reload changed articles and highlights when another process (or our refresh thread)
        committed. While a refresh runs nothing is reloaded and the version is not recorded, so
        the first poll after it sees every change made meanwhile, by anyone."""
        if self.refreshing:
            return
        version = self._version()
        if version is not None and version != self._data_version:
            self._data_version = version
            self.main.refresh_data()

    # -- public -------------------------------------------------------------------------------

    def open_at(self, path: str, offset: int, new_column: bool = False) -> None:
        """Open an article in the focused column (or a new one) with the cursor on the
        sentence holding `offset`."""
        self.main.open_article(path, offset, new_column=new_column)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        intro = (
            f"Config file: {self.config.path}"
            + ("" if self.config.exists else " (not created yet)")
            + '. Set theme = "textual-light" there, and remap any key under [keymap] by its id, '
            'e.g. "code.tag" = "T". Every change is saved the moment you make it.'
        )
        self.push_screen(HelpScreen(self.screen, intro=intro))

    async def action_quit(self) -> None:
        self._stop.set()  # a refresh in progress stops at its next file (nothing half-written)
        self.main.save_layout()
        self.exit()

    # -- size -----------------------------------------------------------------------------------

    def check_size(self) -> None:
        """Show the "too small" screen below a usable size, and take it away above it."""
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()


def all_binding_ids() -> set[str]:
    """Every binding id a keymap may use: those of every class that declares BINDINGS (a test
    walks screens/ and widgets/ to keep this list complete)."""
    from gpreader.tui.screens import (
        ask,
        choose,
        export,
        help,
        note,
        search,
        tag_picker,
        tag_view,
        too_small,
    )
    from gpreader.tui.widgets import annotations, article_table, reader
    from gpreader.tui.widgets import library as library_widget

    classes: list[type] = [
        GPReaderApp,
        MainScreen,
        reader.Reader,
        library_widget.LibraryPanel,
        article_table.LibraryTable,
        annotations.AnnotationsPanel,
        tag_picker.TagPicker,
        note.NoteDialog,
        choose.ChoiceDialog,
        ask.Ask,
        help.HelpScreen,
        tag_view.TagViewScreen,
        too_small.TooSmallScreen,
        search.SearchScreen,
        export.ExportScreen,
    ]
    return {
        b.id
        for cls in classes
        for b in Binding.make_bindings(cls.__dict__.get("BINDINGS", []))
        if b.id
    }


def run_app(store: AnnotationStore, root: Path, *, notice: str | None = None) -> None:
    """Run the workbench until the user quits."""
    GPReaderApp(store, root, notice=notice).run()
