"""The app watches the articles folder (corpus.watch) and refreshes in the background when it
changes: never while a refresh runs (one more follows it instead), and each problem is shown
once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from gpreader.corpus.watch import FolderWatcher

if TYPE_CHECKING:
    from textual.app import App

    from gpreader.store import AnnotationStore

    _Host = App[None]  # the checker sees the App this is mixed into
else:
    _Host = object


@dataclass
class FolderChanged(Message):
    """Something changed in the articles folder (posted from the watcher's thread)."""


@dataclass
class WatchProblem(Message):
    """The watcher fell back to polling, or stopped (posted from its thread)."""

    text: str


class WatchingMixin(_Host):
    """Mixed into GPReaderApp, which provides `root`, `store`, `refreshing` and
    `refresh_corpus`. Message handlers are named `on_…` so Textual finds them here."""

    root: Path
    refreshing: bool
    watcher: FolderWatcher | None = None
    refresh_again = False  # the folder changed while a refresh ran: one more when it ends
    problems_shown: set[str] | None = None

    if TYPE_CHECKING:
        store: AnnotationStore

        def refresh_corpus(self, *, watched: bool = False) -> None: ...

    def start_watching(self, *, inotify: bool = True, **timing: float) -> None:
        """Watch the articles folder from a thread of its own (stopped by `stop_watching`)."""
        if self.watcher is not None:
            return

        def changed() -> None:
            self.post_message(FolderChanged())  # post_message is safe from another thread

        def problem(text: str) -> None:
            self.post_message(WatchProblem(text))

        self.watcher = FolderWatcher(
            self.root,
            on_change=changed,
            on_problem=problem,
            ignore=[Path(self.store.path)],
            inotify=inotify,
            **timing,
        )
        self.watcher.start()

    def stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    def on_folder_changed(self, message: FolderChanged) -> None:
        if self.refreshing:
            self.refresh_again = True
        else:
            self.refresh_corpus(watched=True)

    def refresh_ended(self) -> None:
        """A refresh finished: run the one the folder asked for meanwhile."""
        if self.refresh_again and not self.refreshing:
            self.refresh_again = False
            self.refresh_corpus(watched=True)

    def first_time(self, problem: str) -> bool:
        """Whether `problem` has not been shown yet (each is shown once a session)."""
        if self.problems_shown is None:
            self.problems_shown = set()
        if problem in self.problems_shown:
            return False
        self.problems_shown.add(problem)
        return True

    def on_watch_problem(self, message: WatchProblem) -> None:
        if self.first_time(message.text):
            self.notify(
                message.text,
                title="Articles folder",
                severity="warning",
                timeout=10,
                markup=False,
            )
