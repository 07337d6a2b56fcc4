"""The library: every article with its date, size, comments and highlight count; sortable,
filtered as you type."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowKey

from gpreader import reading
from gpreader.models import ArticleSummary

SORT_LABELS = {
    "title": "title",
    "date": "date",
    "words": "words",
    "comments": "comments",
    "highlights": "highlights",
    "path": "file name",
}
NUMERIC = ("words", "comments", "highlights", "date")  # sorted biggest / newest first


class LibraryTable(DataTable[str]):
    """The article table (j/k move as well as the arrows)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="library.down"),
        Binding("k", "cursor_up", "Up", show=False, id="library.up"),
        Binding("g", "scroll_top", "First article", show=False, id="library.top"),
        Binding("G", "scroll_bottom", "Last article", show=False, id="library.bottom"),
    ]


class LibraryPanel(Vertical):
    """The list of articles, with a filter box above and a summary line below."""

    HELP_TITLE = "Library"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open(False)", "Open", id="library.open"),
        Binding("O", "open(True)", "Open beside", id="library.open_new"),
        Binding("s", "sort", "Sort", id="library.sort"),
        Binding("S", "reverse", "Reverse order", show=False, id="library.reverse"),
        Binding("f,ctrl+f", "filter", "Filter", show=False, id="library.filter"),
    ]

    class Open(Message):
        """Open an article: in the focused column, or in a new one."""

        def __init__(self, path: str, new_column: bool) -> None:
            super().__init__()
            self.path = path
            self.new_column = new_column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ArticleSummary] = []
        self.shown: list[ArticleSummary] = []
        self.sort_key = "date"
        self.descending = True
        self.loaded = False  # True once rows have been shown (the first paint of the library)
        self._keys: list[RowKey] = []
        self._columns: tuple[object, ...] = ()
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter articles (f)", id="library-filter")
        table = LibraryTable(id="library-table", cursor_type="row", cell_padding=1)
        table.border_title = "Library"
        yield table
        yield Static("", id="library-summary", markup=False)

    @property
    def table(self) -> LibraryTable:
        return self.query_one(LibraryTable)

    @property
    def current(self) -> str | None:
        """The path of the highlighted row."""
        row = self.table.cursor_row
        return self.shown[row].path if 0 <= row < len(self.shown) else None

    def set_rows(self, rows: list[ArticleSummary]) -> None:
        """Replace the articles (keeps the cursor on the same article when it is still shown)."""
        self.rows = rows
        self._refill()

    def update_counts(self, counts: dict[str, int]) -> None:
        """New highlight counts for some articles (path -> count), updated in place."""
        changed = False
        for i, row in enumerate(self.rows):
            if row.path in counts and counts[row.path] != row.highlights:
                self.rows[i] = _with_count(row, counts[row.path])
                changed = True
        if not changed:
            return
        if self.sort_key == "highlights":
            self._refill()
            return
        by_path = {r.path: r for r in self.rows}
        table = self.table
        for i, row in enumerate(self.shown):
            if row.path in counts and i < len(self._keys):
                self.shown[i] = by_path[row.path]
                if "highlights" in self._columns:
                    table.update_cell(self._keys[i], "highlights", _num(counts[row.path], 3))

    def _refill(self) -> None:
        keep = self.current
        query = self.query_one("#library-filter", Input).value
        self.shown = reading.sort_articles(
            reading.filter_articles(self.rows, query), self.sort_key, self.descending
        )
        self._build_columns(force=True)
        if keep is not None:
            index = next((i for i, r in enumerate(self.shown) if r.path == keep), 0)
            self.table.move_cursor(row=index, animate=False)
        self.loaded = True
        self._summarise(query)

    def _summarise(self, query: str) -> None:
        order = (
            "newest first"
            if self.sort_key == "date" and self.descending
            else ("reversed" if self.descending != (self.sort_key in NUMERIC) else "")
        )
        sort = f"by {SORT_LABELS[self.sort_key]}" + (f", {order}" if order else "")
        count = f"{len(self.shown):,} of {len(self.rows):,}" if query else f"{len(self.rows):,}"
        self.query_one("#library-summary", Static).update(f"{count} articles · {sort} (s)")

    def _build_columns(self, force: bool = False) -> None:
        """Columns fitting the panel width: title, date, then words, comments, highlights."""
        table = self.table
        width = max(table.scrollable_content_region.width, self.size.width - 2, 20)
        extra = [("highlights", "HL", 3)]
        if width >= 44:
            extra.insert(0, ("date", "Date", 10))
        if width >= 60:
            extra[1:1] = [("words", "Words", 6), ("comments", "Cmts", 4)]
        fixed = sum(w + 2 for _, _, w in extra)
        title_width = max(width - fixed - 3, 10)
        layout = (title_width, *(key for key, _, _ in extra), self.sort_key, self.descending)
        if layout == self._columns and not force:
            return
        self._columns = layout
        table.clear(columns=True)
        arrow = " ▼" if self.descending else " ▲"
        table.add_column(
            "Title" + (arrow if self.sort_key == "title" else ""), width=title_width, key="title"
        )
        for key, label, w in extra:
            label = label + (arrow if self.sort_key == key else "")
            table.add_column(label, width=max(w, len(label)), key=key)
        keys = [key for key, _, _ in extra]
        self._keys = table.add_rows(_cells(r, keys) for r in self.shown)

    def on_resize(self) -> None:
        if self.loaded:
            keep = self.table.cursor_row
            self._build_columns()
            self.table.move_cursor(row=keep, animate=False)

    # -- actions ---------------------------------------------------------------------------

    def action_open(self, new_column: bool) -> None:
        if (path := self.current) is not None:
            self.post_message(self.Open(path, new_column))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open(False)

    def action_sort(self) -> None:
        keys = reading.SORT_KEYS
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.descending = self.sort_key in NUMERIC
        self._refill()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self._refill()

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
        """Escape in the filter box clears it and goes back to the table."""
        box = self.query_one("#library-filter", Input)
        if box.has_focus:
            box.value = ""
            self.table.focus()


def _num(value: int, width: int) -> str:
    return f"{value:>{width},}" if value else " " * (width - 1) + "·"


def _cells(row: ArticleSummary, keys: list[str]) -> tuple[str, ...]:
    title = row.title + (" (missing)" if row.missing else "")
    values = {
        "date": row.date or "",
        "words": _num(row.words, 6),
        "comments": _num(row.comments, 4),
        "highlights": _num(row.highlights, 3),
    }
    return (title, *(values[k] for k in keys))


def _with_count(row: ArticleSummary, count: int) -> ArticleSummary:
    from dataclasses import replace

    return replace(row, highlights=count)
