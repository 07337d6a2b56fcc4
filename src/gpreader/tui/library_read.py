"""The article list read off the UI thread (no Textual here): by the main screen's library
worker, or from the start by a thread the command line starts as soon as the store is open
(LibraryPrefetch), so that a large library is read while Textual loads and is in by the
first frame."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from gpreader import reading
from gpreader.errors import GPReaderError
from gpreader.models import ArticleSummary
from gpreader.store import AnnotationStore
from gpreader.tui import layout_state
from gpreader.tui.widgets.library_order import DEFAULT_SORT, LibraryOrder

LIBRARY_AT_ONCE = 2000  # articles read on the UI thread at start; more: off it


@dataclass(frozen=True)
class LibraryRows:
    """What a read of the library brings: the rows, the paths this coder marked done and, when
    asked for, the rows' sort orders made already."""

    rows: list[ArticleSummary]
    done: frozenset[str]
    order: LibraryOrder | None = None


def read_library(
    path: Path, coder: str, sort: tuple[str, bool] | None, *, starting: bool
) -> LibraryRows:
    """The article list, on a connection of this thread, with its order by `sort` (and when
    `starting` by the saved layout's) made here when `sort` is given. Raises the store's
    errors."""
    with AnnotationStore(path, verify=False) as own:  # the app's store verified the file
        rows = own.articles()
        done = frozenset(m.article for m in own.coded_marks(coder))
        order = None if sort is None else LibraryOrder(rows)
        if order is not None and sort is not None:
            for key, descending in _sorts_wanted(own, sort, starting=starting):
                order.order(key, descending)  # made here, not on the UI thread
    return LibraryRows(rows, done, order)


def _sorts_wanted(
    own: AnnotationStore, sort: tuple[str, bool], *, starting: bool
) -> set[tuple[str, bool]]:
    """`sort`, and at start the saved layout's (read on the connection `own`): the orders the
    rows are shown in first (those by attribute values are made when shown)."""
    wanted = {sort}
    if starting:
        saved = layout_state.parse(
            own.get_state(layout_state.LAYOUT_KEY, None), layout_state.MAX_COLUMNS
        )
        if saved.sort is not None:
            wanted.add((saved.sort, saved.descending))
    return {(key, descending) for key, descending in wanted if key in reading.SORT_KEYS}


class LibraryPrefetch:
    """The library read in a thread of its own from the moment it is made, in the order the
    workbench shows it at start. The main screen takes the rows once: at once if they are in
    (`ready`), else in its library worker (`result` waits)."""

    def __init__(self, path: Path, coder: str) -> None:
        self.path = path
        self.coder = coder
        self._found: LibraryRows | None = None
        self._thread = threading.Thread(target=self._read, name="library-prefetch", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            self._found = read_library(self.path, self.coder, DEFAULT_SORT, starting=True)
        except Exception:  # the screen reads again, and reports what fails
            self._found = None

    @property
    def ready(self) -> bool:
        """The read has ended (with rows, or None from `result` if it failed)."""
        return not self._thread.is_alive()

    def result(self) -> LibraryRows | None:
        """The rows, once read (waits for the read); None if it failed."""
        self._thread.join()
        return self._found


def prefetch_library(store: AnnotationStore) -> LibraryPrefetch | None:
    """A prefetch of the library if it holds more than LIBRARY_AT_ONCE articles; a smaller
    one is read at start on the UI thread, in less time than a thread and a connection of
    its own take (None then, or if the articles cannot be counted)."""
    try:
        count = store.article_count()
    except (GPReaderError, sqlite3.Error):
        return None
    return LibraryPrefetch(store.path, store.coder) if count > LIBRARY_AT_ONCE else None
