"""The reading and coding workbench (Textual). `gpreader` with no command runs it."""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from gpreader.errors import Cancelled, GPReaderError, NotFoundError
from gpreader.store import AnnotationStore
from gpreader.text import safe_to_show
from gpreader.tui import config as settings
from gpreader.tui import contrast, keys, memory, palette
from gpreader.tui.importing import ImportingMixin
from gpreader.tui.library_read import LibraryPrefetch
from gpreader.tui.messages import CodebookChanged, MainReady, RefreshFinished, RefreshProgress
from gpreader.tui.palette import GPReaderCommands
from gpreader.tui.screens.kept import show
from gpreader.tui.screens.main import MainScreen
from gpreader.tui.screens.prepare import prepare as prepare_screens
from gpreader.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from gpreader.tui.style_memo import memoize_component_styles
from gpreader.tui.type_ahead import TypeAhead
from gpreader.tui.watching import WatchingMixin
from gpreader.tui.widgets.quiet_layout import quiet_textual_widgets
from gpreader.tui.widgets.reader import Reader
from gpreader.tui.workers import Throttle

if TYPE_CHECKING:
    from gpreader.tui.screens.help import HelpScreen

POLL_SECONDS = 1.0


PROGRESS_EVERY = 0.1  # seconds between progress messages from the refresh worker


class GPReaderApp(WatchingMixin, ImportingMixin, App[None]):
    """Library, reading columns and coding, over one AnnotationStore.

    Data flows the Textual way: the app hands the store and the articles folder down to the main
    screen it creates (`self.main`), and calls its public methods; screens post messages up
    (MainReady, CodebookChanged); the refresh worker posts RefreshProgress / RefreshFinished to
    the main screen, which owns the progress line and the library. With `watch` the articles
    folder is watched and refreshed when it changes (WatchingMixin)."""

    CSS_PATH = "app.tcss"
    TITLE = "gpreader"
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {GPReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("app")

    def __init__(
        self,
        store: AnnotationStore,
        root: Path,
        notice: str | None = None,
        *,
        config: settings.Config | None = None,
        refresh_on_start: bool = True,
        poll: bool = True,
        watch: bool = False,
        library: LibraryPrefetch | None = None,
    ) -> None:
        super().__init__()
        quiet_textual_widgets()
        memoize_component_styles()
        memory.acyclic_strips()
        self.store = store
        self.root = Path(root)
        self.notice = notice
        self.config = config if config is not None else settings.load_config()
        self.refresh_on_start = refresh_on_start
        self.poll = poll
        self.watch_folder = watch
        self.refreshing = False  # a refresh worker is running: polling waits
        self.refresh_cancel = threading.Event()  # set on quit: the refresh stops between batches
        self._data_version: int | None = None
        self.reread_library = False  # after the refresh asked for: re-read the article list
        self.started = time.perf_counter()
        self.main = MainScreen(store, self.root, library)
        self.type_ahead = TypeAhead(self, super().on_event)
        self.main.last_key = lambda: self.type_ahead.collector.last_key  # saves wait for a pause

    async def on_event(self, event: events.Event) -> None:
        """Keys typed while a screen opens wait for it (see type_ahead)."""
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and await self.type_ahead.key(event)
        ):
            return
        await super().on_event(event)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, with text colours made readable (WCAG AA; see contrast)."""
        return contrast.readable_variables(super().get_css_variables())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return palette.system_commands(super().get_system_commands(screen))

    # -- start -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return self.main

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

    @on(MainReady)
    def _main_ready(self) -> None:
        """The main screen shows the library: refresh in the background and start watching for
        other instances."""
        self._data_version = self._version()
        if self.refresh_on_start:  # once the library is painted: the check competes with it
            self.call_after_refresh(self.refresh_corpus)
        if self.poll:
            self.set_interval(POLL_SECONDS, self._poll)
        if self.watch_folder:
            self.start_watching()
        self.call_after_refresh(self.check_size)
        self.call_after_refresh(memory.settle)  # the screen and the library stay
        self.call_after_refresh(prepare_screens, self)  # composed once idle (see kept)

    @on(Reader.Loaded)
    def _article_loaded(self) -> None:
        """An article's text, blocks and layout stay while it is open: out of the cycle
        collector's sight too (see memory), else its full collections land on later keys."""
        self.call_after_refresh(memory.settle)

    def _apply_config(self) -> None:
        config = self.config
        settings.check_theme(config, self.available_themes)
        settings.check_keymap(config)
        self.theme = config.theme
        if config.keymap:
            self.set_keymap(config.keymap)
        for problem in config.problems:
            self.notify(problem, title="Config file", severity="error", timeout=12, markup=False)

    # -- corpus refresh (a thread with its own connection) ----------------------------------

    def action_refresh_corpus(self) -> None:
        """The palette's refresh: the folder, then the article list as the database holds it
        (another process may have imported files that this refresh finds already stored)."""
        self.reread_library = True
        self.refresh_corpus()

    def refresh_corpus(self, *, watched: bool = False) -> None:
        """Bring the database up to date with the articles folder, in a worker; a refresh
        already running is cancelled. `watched`: the watcher asked (an error it has already
        shown is not shown again)."""
        self.refresh_cancel.set()
        self.refresh_cancel = threading.Event()
        self.refreshing = True
        self._refresh_worker(self.refresh_cancel, watched)

    @work(thread=True, exclusive=True, group="refresh")
    def _refresh_worker(self, cancel: threading.Event, watched: bool = False) -> None:
        main = self.main

        def failed(text: str) -> None:
            if self.first_time(text) or not watched:
                main.post_message(RefreshFinished(None, text))

        due = Throttle(PROGRESS_EVERY)

        def progress(stage: str, done: int, total: int, path: str) -> None:
            if due(done, total):
                main.post_message(RefreshProgress(stage, done, total, path))

        # Imported here, in the worker: the importers are not needed before the first paint.
        from gpreader.corpus import sync as library
        from gpreader.corpus.summary import changed, summary_lines

        try:
            # A second connection for this thread; the app's own store already verified the file.
            with AnnotationStore(self.store.path, coder=self.store.coder, verify=False) as own:
                report = library.refresh(own, self.root, progress=progress, cancel=cancel)
                summary = tuple(summary_lines(own, report)) if changed(report) else ()
        except Cancelled:
            return  # quitting, or a newer refresh took over: each batch written is whole
        except NotFoundError as exc:
            failed(f"{exc}: showing what the database holds.")
        except GPReaderError as exc:
            failed(str(exc))
        except Exception as exc:  # a worker must never take the app down
            failed(f"the corpus could not be refreshed: {exc!r}")
        else:
            main.post_message(RefreshFinished(report, summary=summary))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "refresh" and event.worker.is_finished:
            self.refreshing = any(w.group == "refresh" and not w.is_finished for w in self.workers)
            if self.reread_library and not self.refreshing:
                self.reread_library = False
                self.main.reload_library(full=True, restore=True)
            self.refresh_ended()

    # -- other instances -----------------------------------------------------------------------

    def _version(self) -> int | None:
        try:
            return self.store.data_version()
        except Exception:
            return None

    def _poll(self) -> None:
        """Reload changed articles and highlights when another process (or our refresh thread)
        committed, and the article list (in a worker): another process may have imported
        files. While a refresh runs nothing is reloaded and the version is not recorded, so
        the first poll after it sees every change made meanwhile, by anyone."""
        if self.refreshing or not self.main.is_attached or not self.is_running:
            return  # a refresh will tell, or the app is closing (its widgets going)
        version = self._version()
        if version is not None and version != self._data_version:
            self._data_version = version
            self.main.refresh_data()
            self.main.reload_library(full=True, restore=True)

    @on(CodebookChanged)
    def _codebook_changed(self) -> None:
        self.main.refresh_data()

    # -- public -------------------------------------------------------------------------------

    def open_at(self, path: str, offset: int, new_column: bool = False) -> None:
        """Open an article in the focused column (or a new one) with the cursor on the
        sentence holding `offset`."""
        self.main.open_article(path, offset, new_column=new_column)

    def action_help(self) -> None:
        from gpreader.tui.screens.help import HelpScreen, help_screen  # on first use

        if isinstance(self.screen, HelpScreen):
            return
        show(self, help_screen(self, self.help_for(self.screen)))

    def help_for(self, screen: Screen[Any]) -> HelpScreen:
        """A help screen for the keys of `screen`, with the config file's path."""
        intro = (
            f"Config file: {self.config.path}"
            + ("" if self.config.exists else " (not created yet)")
            + '. Set theme = "textual-light" there, and remap any key under [keymap] by its id, '
            'e.g. "code.tag" = "T". Every change is saved the moment you make it.'
        )
        from gpreader.tui.screens.help import HelpScreen

        return HelpScreen.for_screen(screen, self, intro=intro)

    async def action_quit(self) -> None:
        self.refresh_cancel.set()  # a refresh in progress stops between batches
        self.stop_watching()
        self.main.save_layout()
        self.exit()

    def on_unmount(self) -> None:
        self.stop_watching()

    # -- size -----------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self.check_size)

    def check_size(self) -> None:
        """Show the "too small" screen below a usable size, and take it away above it."""
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()


def all_binding_ids() -> set[str]:
    """Every binding id a keymap may use (the key registry's)."""
    return keys.ids()


def run_app(
    store: AnnotationStore,
    root: Path,
    *,
    notice: str | None = None,
    library: LibraryPrefetch | None = None,
) -> None:
    """Run the workbench until the user quits, or a SIGTERM asks it to (`_stop`); `library`:
    the article list, being read since the store opened."""
    app = GPReaderApp(store, root, notice=notice, watch=True, library=library)
    signal.signal(signal.SIGTERM, functools.partial(_stop, app))
    app.run()


STOP_GRACE = 3.0  # seconds a SIGTERM'd workbench gets to give the terminal back


def _stop(app: GPReaderApp, signum: int, frame: object) -> None:
    """SIGTERM exits the workbench the way `q` does, giving the terminal back (every change is
    already committed), whether or not SIGINT is ignored (it is for a job a script started in
    the background). Before the app's loop runs, it stops as ctrl+c would. Should the exit
    block on a terminal that is gone, a timer ends the process. SIGHUP keeps its default
    action: the terminal is gone, there is nothing to restore."""
    timer = threading.Timer(STOP_GRACE, os._exit, args=(128 + signum,))
    timer.daemon = True
    timer.start()
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not running yet (or any more)
        raise KeyboardInterrupt from None
    loop.call_soon_threadsafe(app.exit)
