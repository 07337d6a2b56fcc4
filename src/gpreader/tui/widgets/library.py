"""The library: every article with its date, size, comments and highlight count, and the
attribute columns the user picks (`V`); sortable, filtered as you type (`attr:` conditions
too)."""

from __future__ import annotations

import itertools
import operator
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from gpreader import reading
from gpreader.errors import GPReaderError
from gpreader.models import ArticleSummary
from gpreader.store import AnnotationStore
from gpreader.store.attributes import Condition
from gpreader.tui import keys, memory
from gpreader.tui.widgets import library_attributes as attributes
from gpreader.tui.widgets.article_table import LibraryTable
from gpreader.tui.widgets.library_order import DEFAULT_SORT, LibraryOrder
from gpreader.tui.widgets.quiet_layout import AlikeLines, FixedLine, OneLineInput

SORT_LABELS = {
    "title": "title",
    "date": "date",
    "words": "words",
    "comments": "comments",
    "highlights": "highlights",
    "path": "file name",
}
NUMERIC = ("words", "comments", "highlights", "date")  # sorted biggest / newest first


class LibraryPanel(Vertical, AlikeLines):
    """The list of articles, with a filter box above and a summary line below."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("library")

    class Values(Message):
        """The attribute columns' values, read in a worker."""

        def __init__(self, keys: list[str], values: attributes.Values) -> None:
            super().__init__()
            self.keys = keys
            self.values = values

    class ChooseColumn(Message):
        """Ask the screen for a choice among attribute keys (a dialog; widgets open none)."""

        def __init__(
            self,
            title: str,
            options: list[tuple[str, str]],
            chosen: Callable[[str | None], None],
        ) -> None:
            super().__init__()
            self.title = title
            self.options = options
            self.chosen = chosen

    class Open(Message):
        """Open an article: in the focused column, or in a new one."""

        def __init__(self, path: str, new_column: bool) -> None:
            super().__init__()
            self.path = path
            self.new_column = new_column

    def __init__(self, store: AnnotationStore | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store  # for the attribute columns and `attr:` filters
        self.rows: list[ArticleSummary] = []
        self.order = LibraryOrder(self.rows)
        self.shown: list[ArticleSummary] = []
        self.sort_key, self.descending = DEFAULT_SORT
        self.loaded = False  # True once rows have been shown (the first paint of the library)
        self._filter_timer: Timer | None = None
        self._rows_at: tuple[list[ArticleSummary], dict[str, int]] = ([], {})  # _row_positions
        self._found: dict[str, int] = {}  # path -> where update_counts last found it shown
        self.attribute_keys: list[str] = []  # the attribute columns shown (saved per database)
        self._matching: dict[Condition, frozenset[str]] = {}  # attr: filter -> paths meeting it

    def compose(self) -> ComposeResult:
        yield OneLineInput(placeholder="Filter articles (f)", id="library-filter")
        yield LibraryTable(id="library-table")
        yield FixedLine("", id="library-summary", markup=False)

    @property
    def table(self) -> LibraryTable:
        return self.query_one(LibraryTable)

    @property
    def current(self) -> str | None:
        """The path of the highlighted row."""
        row = self.table.cursor_row
        return self.shown[row].path if 0 <= row < len(self.shown) else None

    def on_mount(self) -> None:
        store = self._store()
        if store is not None:
            try:
                self.attribute_keys = attributes.saved_columns(
                    store.get_state(attributes.COLUMNS_STATE, [])
                )
            except (GPReaderError, sqlite3.Error):
                self.attribute_keys = []

    def set_rows(self, rows: list[ArticleSummary], order: LibraryOrder | None = None) -> None:
        """Replace the articles (keeps the cursor on the same article when it is still shown);
        `order`, made over `rows` in a worker, brings the sort orders it has made already."""
        self.rows = rows
        self.order = order if order is not None and order.rows is rows else LibraryOrder(rows)
        self.order.set_values(self.table.values)
        self._matching.clear()
        self._refill()
        if self.attribute_keys:
            self._read_values(list(self.attribute_keys))
        if len(rows) > 2000:
            memory.settle()  # the rows live until the next read replaces them
            self.call_after_refresh(self._prepare, self.order)  # once the rows are painted

    def attributes_changed(self) -> None:
        """An article's attributes were edited: `attr:` filters and the columns read again."""
        self._matching.clear()
        if self.attribute_keys:
            self._read_values(list(self.attribute_keys))
        else:
            self._refill()

    def set_done(self, paths: frozenset[str]) -> None:
        """Mark the articles this coder has marked done (a ✓ before the title)."""
        if paths != self.table.done:
            self.table.done = paths
            self.table.refresh()

    @work(thread=True, exclusive=True, group="library-order")
    def _prepare(self, order: LibraryOrder) -> None:
        """Make every sort order and the filter texts off the UI thread (it posts nothing: the
        keys that need them find them made, or make them themselves)."""
        order.prepare()

    def update_counts(self, counts: dict[str, int]) -> None:
        """New highlight counts for some articles (path -> count), updated in place; only
        those rows are touched (a highlight made at 10,000 articles costs no scan of them)."""
        rows_at = self._row_positions()  # made again only when the rows are replaced
        changed = False
        for path, count in counts.items():
            i = rows_at.get(path)
            if i is None or self.rows[i].highlights == count:
                continue
            old = self.rows[i]
            self.order.replace(i, replace(old, highlights=count))
            changed = True
            if self.sort_key != "highlights" and (j := self._shown_at(path, old)) >= 0:
                self.shown[j] = self.rows[i]
                self.table.refresh_row(j)
        if changed and self.sort_key == "highlights":
            self._refill()

    def _shown_at(self, path: str, row: ArticleSummary) -> int:
        """Where `row` is shown (-1: not shown): where it was found last time if it is still
        there (the same few articles are coded over and over), else found by a scan."""
        shown, j = self.shown, self._found.get(path, -1)
        if not (0 <= j < len(shown) and shown[j] is row):
            j = self._found[path] = _position_of(shown, row)
        return j

    def _row_positions(self) -> dict[str, int]:
        """path -> index in self.rows, made once per list (set_rows replaces it;
        update_counts replaces a row by one with the same path)."""
        if self._rows_at[0] is not self.rows:
            self._rows_at = (self.rows, {r.path: i for i, r in enumerate(self.rows)})
        return self._rows_at[1]

    def _refill(self) -> None:
        keep = self.current
        query = self.query_one("#library-filter", Input).value
        words, conditions = attributes.split_filter(query)
        self.shown = self.order.view(words, self.sort_key, self.descending)
        if conditions:
            self.shown = attributes.keep(self.shown, conditions, self._paths_meeting)
        table = self.table
        table.sort_key, table.descending = self.sort_key, self.descending
        index = next((i for i, r in enumerate(self.shown) if r.path == keep), 0) if keep else 0
        table.set_rows(self.shown, index)
        self.loaded = True
        self._summarise(query)

    def _paths_meeting(self, condition: Condition) -> frozenset[str]:
        """The articles meeting an `attr:` condition (asked of the store once per filter)."""
        found = self._matching.get(condition)
        if found is None:
            store = self._store()
            try:
                found = frozenset(store.paths_matching(condition) if store else ())
            except (GPReaderError, sqlite3.Error):
                found = frozenset()
            self._matching[condition] = found
        return found

    def _summarise(self, query: str) -> None:
        if self.sort_key == "date":
            order = "newest first" if self.descending else "oldest first"
        else:
            order = "reversed" if self.descending != (self.sort_key in NUMERIC) else ""
        name = SORT_LABELS.get(self.sort_key) or self.sort_key.removeprefix(attributes.SORT_PREFIX)
        sort = f"by {name}" + (f", {order}" if order else "")
        count = f"{len(self.shown):,} of {len(self.rows):,}" if query else f"{len(self.rows):,}"
        summary = self.query_one("#library-summary", Static)
        summary.update(f"{count} articles · {sort} (s)", layout=False)  # one line, always

    # -- actions ---------------------------------------------------------------------------

    def action_open(self, new_column: bool) -> None:
        if (path := self.current) is not None:
            self.post_message(self.Open(path, new_column))

    @on(LibraryTable.Chosen)
    def _chosen(self, event: LibraryTable.Chosen) -> None:
        event.stop()
        self.action_open(False)

    def resort(self) -> None:
        """Show the rows in the order `sort_key` and `descending` now name (set from outside:
        the saved layout's, at start)."""
        if self.loaded:
            self._refill()

    def action_sort(self) -> None:
        shown = [attributes.SORT_PREFIX + key for key in self.attribute_keys]
        keys = (*reading.SORT_KEYS, *shown)
        if self.sort_key not in keys:
            self.sort_key = keys[-1]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.descending = self.sort_key in NUMERIC
        self._refill()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self._refill()

    def action_columns(self) -> None:
        """Pick an attribute to show as a column, or to hide (a dialog of every key in use)."""
        store = self._store()
        try:
            keys = store.attribute_keys() if store is not None else []
        except (GPReaderError, sqlite3.Error) as exc:
            self.notify(f"the attributes could not be read: {exc}", severity="error", markup=False)
            return
        if not keys:
            self.notify("no article has attributes yet", markup=False)
            return
        options = [(key, ("✓ " if key in self.attribute_keys else "  ") + key) for key in keys]
        title = "Library columns: choose one to show or hide"
        self.post_message(self.ChooseColumn(title, options, self._toggle_column))

    def _toggle_column(self, key: str | None) -> None:
        if key is None:
            return
        chosen = [k for k in self.attribute_keys if k != key]
        if len(chosen) == len(self.attribute_keys):
            chosen.append(key)
        self.attribute_keys = chosen[-attributes.MAX_COLUMNS :]
        if self.sort_key.startswith(attributes.SORT_PREFIX) and self.sort_key not in {
            attributes.SORT_PREFIX + k for k in chosen
        }:
            self.sort_key, self.descending = "date", True
        store = self._store()
        if store is not None:
            try:
                store.set_state(attributes.COLUMNS_STATE, self.attribute_keys)
            except (GPReaderError, sqlite3.Error) as exc:
                self.notify(f"the columns were not saved: {exc}", severity="error", markup=False)
        self._read_values(list(self.attribute_keys))

    @work(thread=True, exclusive=True, group="library-attributes")
    def _read_values(self, keys: list[str]) -> None:
        """The chosen columns' values for every article, on this thread's own connection."""
        store = self._store()
        if store is None:
            return
        wanted = set(keys)
        try:
            with AnnotationStore(store.path, verify=False) as own:  # already verified
                found = own.all_attributes()
        except (GPReaderError, sqlite3.Error):
            found = {}
        values = {
            path: {a.key: a.typed for a in rows if a.key in wanted} for path, rows in found.items()
        }
        self.post_message(self.Values(keys, values))

    @on(Values)
    def _got_values(self, message: LibraryPanel.Values) -> None:
        message.stop()
        if message.keys != self.attribute_keys:
            return  # a newer choice is being read
        self.table.set_attributes(message.keys, message.values)
        self.order.set_values(message.values)
        self._matching.clear()
        self._refill()

    def _store(self) -> AnnotationStore | None:
        """The store the columns and `attr:` filters read (None: a library without one)."""
        return self.store

    def action_filter(self) -> None:
        self.query_one("#library-filter", Input).focus()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        delay = 0.15 if len(self.rows) > 2000 else 0.0
        self._filter_timer = self.set_timer(delay, self._refill) if delay else None
        if not delay:
            self._refill()

    @on(Input.Submitted, "#library-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def key_down(self) -> None:
        """Down in the filter box goes to the table."""
        if self.query_one("#library-filter", Input).has_focus:
            self.table.focus()

    def key_escape(self) -> None:
        """Escape in the filter box clears it and goes back to the table, every article
        listed at once: one key, no typing to wait for (the filter's pause), so the list, the
        box and the focus change in one frame."""
        box = self.query_one("#library-filter", Input)
        if box.has_focus:
            if self._filter_timer is not None:
                self._filter_timer.stop()
                self._filter_timer = None
            with box.prevent(Input.Changed):
                box.value = ""
            self._refill()
            self.screen.set_focus(self.table)


def _position_of(rows: list[ArticleSummary], row: ArticleSummary) -> int:
    """Where `row` itself (not an equal one) is in `rows`, or -1: a scan in C (~1.5 ms at
    10,000 rows at load 10; a path -> position table took ~4 ms each time it was made)."""
    try:
        return list(map(operator.is_, rows, itertools.repeat(row))).index(True)
    except ValueError:
        return -1
