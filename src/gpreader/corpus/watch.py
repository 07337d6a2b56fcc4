"""Watch the articles folder and say, once a burst of changes has settled, that it changed.

Two ways, one interface (FolderWatcher): inotify through `watchfiles` (one watch per folder,
nothing read per file), and where that cannot start (no inotify, the watch limit reached, a
network file system) a poller that stats only the folders, one `stat` per folder per round: a
file created, deleted or renamed changes its folder's mtime. A file rewritten in place does not,
so the poller misses that kind of edit until the next refresh (the palette's, or the next
start). Hidden entries (the corpus ignores them too) and the database's own files are ignored.
The caller refreshes; this module only tells it when.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

QUIET = 0.4  # seconds without a change that end a burst
LONGEST = 4.0  # a burst that goes on is reported after this long anyway
POLL_EVERY = 2.0  # seconds between rounds of the folder poller
DB_SUFFIXES = ("", "-wal", "-shm", "-journal")


class Debouncer:
    """Turns a burst of changes into one signal: `due` is true once `quiet` seconds passed
    since the last change, or `longest` since the first, and then false until the next."""

    def __init__(
        self,
        quiet: float = QUIET,
        longest: float = LONGEST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet, self.longest, self.clock = quiet, longest, clock
        self._first: float | None = None
        self._last = 0.0

    @property
    def pending(self) -> bool:
        return self._first is not None

    def poke(self) -> None:
        """A change was seen."""
        now = self.clock()
        if self._first is None:
            self._first = now
        self._last = now

    def due(self) -> bool:
        """Whether the burst is over (answering true ends it)."""
        if self._first is None:
            return False
        now = self.clock()
        if now - self._last >= self.quiet or now - self._first >= self.longest:
            self._first = None
            return True
        return False


def hidden(name: str) -> bool:
    """Names the corpus ignores: hidden entries, and editors' backup files."""
    return name.startswith(".") or name.endswith("~")


class FolderPoller:
    """Changes under `root` found from its folders' mtimes. `changed()` stats every known
    folder once, lists again only the folders whose mtime moved (to find new subfolders), and
    returns whether anything moved since the last call."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.folders: dict[str, int] = {}  # folder path -> st_mtime_ns
        self._add_tree(str(self.root))

    def _add_tree(self, top: str) -> None:
        pending = [top]
        while pending:
            folder = pending.pop()
            try:
                self.folders[folder] = os.stat(folder).st_mtime_ns
                pending += self._subfolders(folder)
            except OSError:
                self.folders.pop(folder, None)

    @staticmethod
    def _subfolders(folder: str) -> list[str]:
        with os.scandir(folder) as entries:
            return [
                e.path for e in entries if not hidden(e.name) and e.is_dir(follow_symlinks=False)
            ]

    def changed(self) -> bool:
        moved: list[str] = []
        gone: list[str] = []
        for folder, mtime in self.folders.items():
            try:
                now = os.stat(folder).st_mtime_ns
            except OSError:
                gone.append(folder)
                continue
            if now != mtime:
                moved.append(folder)
        for folder in gone:
            del self.folders[folder]
        for folder in moved:
            self._add_tree(folder)  # new subfolders, and this one's new mtime
        return bool(moved or gone)


class FolderWatcher:
    """Calls `on_change()` (from its own thread) after each burst of changes under `root`;
    `on_problem(text)` once when inotify cannot be used and it falls back to polling, or when
    watching stops. `ignore`: files whose changes are not the corpus's (the database)."""

    def __init__(
        self,
        root: Path,
        on_change: Callable[[], None],
        on_problem: Callable[[str], None],
        *,
        ignore: Iterable[Path] = (),
        inotify: bool = True,
        quiet: float = QUIET,
        longest: float = LONGEST,
        poll_every: float = POLL_EVERY,
    ) -> None:
        self.root = Path(root)
        self.on_change, self.on_problem = on_change, on_problem
        self.ignored = {str(Path(p).resolve()) + s for p in ignore for s in DB_SUFFIXES}
        self.inotify = inotify
        self.quiet, self.longest, self.poll_every = quiet, longest, poll_every
        self.mode = "stopped"  # "inotify" or "polling" while it runs
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="gpreader-watch", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wanted(self, path: str) -> bool:
        """Whether a change to `path` can change the corpus."""
        if path in self.ignored:
            return False
        try:
            parts = Path(path).relative_to(self.root).parts
        except ValueError:
            return True
        return not any(hidden(part) for part in parts)

    def _run(self) -> None:
        try:
            if self.inotify:
                try:
                    self._watch_inotify()
                    return
                except Exception as exc:  # no inotify, or the limit on watches was reached
                    if self._stop.is_set():
                        return
                    self.on_problem(
                        f"The articles folder cannot be watched for changes ({exc}); "
                        f"its folders are checked every {self.poll_every:g} s instead."
                    )
            self._watch_polling()
        except Exception as exc:  # a watcher must never take the app down
            self.mode = "stopped"
            self.on_problem(f"Watching the articles folder stopped: {exc}")

    def _watch_inotify(self) -> None:
        import watchfiles

        root = str(self.root.resolve())
        self.root = Path(root)
        self.mode = "inotify"
        for _changes in watchfiles.watch(
            root,
            watch_filter=lambda _change, path: self.wanted(path),
            debounce=int(self.longest * 1000),
            step=int(self.quiet * 1000),
            stop_event=self._stop,
            rust_timeout=1000,
            raise_interrupt=False,
            force_polling=False,
            ignore_permission_denied=True,
        ):
            if self._stop.is_set():
                break
            self.on_change()
        self.mode = "stopped"

    def _watch_polling(self) -> None:
        poller = FolderPoller(self.root)
        self.mode = "polling"  # from here on a change is seen
        burst = Debouncer(self.quiet, self.longest)
        while not self._stop.wait(
            min(self.poll_every, self.quiet) if burst.pending else self.poll_every
        ):
            if poller.changed():
                burst.poke()
            if burst.due():
                self.on_change()
        self.mode = "stopped"
