"""The main screen: library, up to four reading columns, the annotations panel, the footer."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.reactive import Reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from gpreader.errors import GPReaderError
from gpreader.models import Article
from gpreader.store import AnnotationStore
from gpreader.tui import keys
from gpreader.tui.jumps import JumpsMixin
from gpreader.tui.layout_state import LAYOUT_KEY as LAYOUT_KEY  # (tests read it here)
from gpreader.tui.layout_state import MAX_COLUMNS
from gpreader.tui.library_read import LibraryPrefetch
from gpreader.tui.screens import elsewhere
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.coding import FAILED, CodingMixin
from gpreader.tui.screens.main_layout import LayoutMixin
from gpreader.tui.screens.main_screens import OtherScreensMixin
from gpreader.tui.screens.main_updates import UpdatesMixin
from gpreader.tui.screens.team_actions import CoderView, coded_by
from gpreader.tui.widgets.annotations import AnnotationsPanel
from gpreader.tui.widgets.article_table import LibraryTable
from gpreader.tui.widgets.column import ReadingColumn
from gpreader.tui.widgets.footer import RankedFooter
from gpreader.tui.widgets.legend import QuickLegend
from gpreader.tui.widgets.library import LibraryPanel
from gpreader.tui.widgets.prepared import SYNC_BYTES
from gpreader.tui.widgets.quiet_layout import AlikeLines, AlikeRow, FixedLine
from gpreader.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from gpreader.search import Hit, SearchIndex
    from gpreader.tui.screens.search import SearchScreen

EMPTY_HINT = "Enter or o opens the highlighted article · / searches · ? lists every key"


class MainScreen(
    CodingMixin,
    UpdatesMixin,
    LayoutMixin,
    OtherScreensMixin,
    JumpsMixin,
    Screen[None],
    AlikeLines,
):
    """Where people read and code for hours."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("main")

    DEFAULT_CSS = """
    MainScreen #empty-hint { height: 1; padding: 0 1; color: $text-muted; }
    """

    # Textual's Screen repaints the whole screen when the focus moves (every widget's lines
    # composed again: ~100 ms at 160x50 with a 5 MB article). The widgets that gain and lose
    # the focus repaint themselves (Widget._on_focus/_on_blur), which is all that changes.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(
        self, store: AnnotationStore, root: Path, prefetch: LibraryPrefetch | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.prefetch = prefetch  # the library read from the start (taken by start())
        self.root = root  # the articles folder (the export dialog refuses to write into it)
        self.tag_colors: dict[str, str] = {}
        self.active: ReadingColumn | None = None
        self.coder_view: CoderView = None  # whose highlights the columns show; None: all
        self.show_library: bool | None = None  # None: automatic, by width
        self.show_annotations: bool | None = None  # None: automatic, by width
        self.show_legend = True  # the quick-tag legend, while a column is open (K)
        self.search_query: str | None = None
        self.search_index: SearchIndex | None = None  # made on first search (elsewhere.py)
        self.article_matches: tuple[elsewhere.MatchesKey, list[Hit]] | None = None  # n / N
        self.search_screen: SearchScreen | None = None  # composed on first use, then kept
        self._save_timer: Timer | None = None
        self._save_due = False  # the layout changed since it was saved
        self.last_key: Callable[[], float] = lambda: 0.0  # the app hands down its key clock

    def compose(self) -> ComposeResult:
        with AlikeRow(id="workbench"):
            yield LibraryPanel(self.store, id="library")
            yield AlikeRow(id="columns")  # columns are mounted when first opened
            yield AnnotationsPanel(id="annotations")
        yield FixedLine(EMPTY_HINT, id="empty-hint", markup=False)  # until a column opens
        yield QuickLegend(id="legend")
        yield FixedLine("", id="progress", markup=False)
        yield RankedFooter()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one(LibraryTable).focus()
        self.update_layout()
        self.start()

    # -- queries -------------------------------------------------------------------------

    @property
    def library(self) -> LibraryPanel:
        return self.query_one(LibraryPanel)

    @property
    def columns(self) -> list[ReadingColumn]:
        """The open columns, left to right."""
        return [
            c
            for c in self.query_one("#columns").children
            if isinstance(c, ReadingColumn) and c.display
        ]

    def focused_reader(self) -> Reader | None:
        return self.focused if isinstance(self.focused, Reader) else None

    # -- library and data ---------------------------------------------------------------

    def reload_highlights(self, path: str | None = None) -> None:
        """Reload highlights of the columns showing `path` (None: all of them)."""
        self.article_matches = None  # n / N match notes and tags too: find them again
        tags = self.call_store(self.store.tags, counted=False)  # colours and keys: no counting
        if tags is not FAILED:
            self.tag_colors = {t.path: t.color for t in tags}
            for legend in self.query(QuickLegend):  # none while the screen is taken down
                legend.show_tags(tags)
        counts: dict[str, int] = {}
        for column in self.columns:
            if column.path is None or (path is not None and column.path != path):
                continue
            found = self.call_store(self.store.highlights, column.path)
            if found is FAILED:
                continue
            if self.coder_view is not None:
                found = [h for h in found if coded_by(h, self.coder_view)]
            column.reader.set_highlights(found, self.tag_colors)
            counts[column.path] = sum(1 for h in found)
        if counts:
            self.library.update_counts(counts)
        self.sync_annotations()

    def reload_changed(self, only: ReadingColumn | None = None) -> list[str]:
        """Reopen each column (or just `only`) whose article's text changed in the database
        since the column showed it, keeping the cursor near its old place, and say so. Offsets
        taken from the old text would point at other words in the new one. Returns the paths
        reloaded (highlights are left to the caller)."""
        reloaded: list[str] = []
        for column in self.columns if only is None else [only]:
            shown = column.reader.article
            if shown is None:
                continue
            try:  # the hash alone first: reading the whole text of every column is slow
                if self.store.article_sha256(shown.path) == shown.sha256:
                    continue
                current = self.store.article(shown.path)
            except (GPReaderError, sqlite3.Error):
                continue  # gone or unreadable: what is shown stays; saving will report it
            column.show(current, reload=True)
            reloaded.append(current.path)
            self.notify(
                f"{current.title or current.path} changed on disk and was reloaded.",
                title="Article reloaded",
                timeout=6,
                markup=False,
            )
        return reloaded

    def sync_annotations(self) -> None:
        panel = self.query_one(AnnotationsPanel)
        reader = self.active.reader if self.active is not None else None
        if reader is None or reader.article is None:
            panel.show(None, [], self.tag_colors)
            return
        under = reader.highlight_under()
        panel.show(reader.path, reader.highlights, self.tag_colors, under.id if under else None)

    # -- columns -------------------------------------------------------------------------

    def open_article(
        self, path: str, offset: int | None = None, *, new_column: bool = False, focus: bool = True
    ) -> bool:
        """Show an article in the focused column (or a new one beside it, up to four). A
        short article is read here; a long one is read and prepared in the column's worker,
        which reports a failure with Reader.LoadFailed. An article the column shows already
        is not read again: the cursor moves to `offset` (undo, redo, a jump back)."""
        if not new_column and self._show_again(path, offset, focus=focus):
            return True
        stored = self.call_store(self.store.stored_article, path)  # its size, not its text
        if stored is FAILED:
            return False
        article: Article | None = None
        if stored is None or stored.size <= SYNC_BYTES:  # (none: the read says it is gone)
            read = self.call_store(self.store.article, path)
            if read is FAILED:
                return False
            article = read
        if focus:
            self.record_jump()
        open_columns = self.columns
        column = (
            self.active
            if self.active in open_columns
            else (open_columns[0] if open_columns else None)
        )
        if new_column or column is None:
            if len(open_columns) >= MAX_COLUMNS:
                column = self.reuse_for() or column
            else:
                column = self._add_column()
        assert column is not None
        if article is None:
            column.request(self.store.path, path, offset)
        else:
            column.show(article, offset)
        self._activate(column)
        self.reload_highlights(path)
        if focus:
            self.focus_now(column.reader)
        self.update_layout()
        self.save_layout_soon()
        return True

    def focus_now(self, widget: Widget) -> None:
        """Focus `widget` inside this key. Textual's `focus()` moves the focus in a callback
        that mostly runs after the frame drawing the key's other changes, so a second frame drew
        the widgets losing and gaining the focus and the footer's new keys (bench_ui.py: `o`,
        ctrl+w). A widget still mounting is focused Textual's way."""
        if widget.is_mounted:
            self.set_focus(widget)
        else:
            widget.focus()

    def _show_again(self, path: str, offset: int | None, *, focus: bool) -> bool:
        """Move the cursor of the active column to `offset` if it shows `path` already (read
        and shown, its text unchanged in the database); False: it must be opened."""
        column = self.active
        shown = column.reader.article if column is not None and column.display else None
        if column is None or shown is None or shown.path != path or column.reader.pending:
            return False
        try:
            if self.store.article_sha256(path) != shown.sha256:
                return False  # changed: read it again
        except (GPReaderError, sqlite3.Error):
            return False  # gone or unreadable: the read reports it
        if focus:
            self.record_jump()
        if offset is not None:
            column.reader.go_to(offset)
        if focus and not column.reader.has_focus:  # focus() draws the reader again
            self.focus_now(column.reader)
        return True

    def _add_column(self) -> ReadingColumn:
        """A column beside the active one (else last): a closed one shown again, else a new
        one mounted (none are composed with the screen: the first paint does not pay for
        them)."""
        container = self.query_one("#columns")
        made = [c for c in container.children if isinstance(c, ReadingColumn)]
        after = self.active if self.active is not None and self.active.display else None
        spare = next((c for c in made if not c.display), None)
        if spare is None:
            return ReadingColumn.add_to(container, id=f"column-{len(made)}", after=after)
        if after is not None:
            container.move_child(spare, after=after)
        else:
            container.move_child(spare, after=len(container.children) - 1)
        spare.display = True
        return spare

    def add_spare_column(self) -> None:
        """Mount one hidden column while the workbench is idle (none is composed with it, so
        the first paint does not pay for one): the first article opened finds it made and
        styled (mounting one took ~60 ms of that key)."""
        container = self.query_one("#columns")
        if any(isinstance(c, ReadingColumn) for c in container.children):
            return
        ReadingColumn.add_to(container, id="column-0").display = False

    def _activate(self, column: ReadingColumn | None) -> None:
        if column is self.active:
            return
        for c in self.query(ReadingColumn):
            c.show_active(c is column)
        self.active = column
        if column is not None:
            self.column_used(column)
        self.sync_annotations()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.update_layout()
        for node in event.widget.ancestors_with_self:
            if isinstance(node, ReadingColumn):
                # Not from a column closed since the focus came (ctrl+w right after opening
                # one): that stale event made the hidden column the active one, with no
                # article in the annotations panel.
                if node.display and event.widget.has_focus:
                    self._activate(node)
                break

    def action_close_column(self) -> None:
        column = self.active
        if column is None or not column.display:
            self.notify("No column to close.", timeout=2, markup=False)
            return
        self._close_column(column)

    def _close_column(self, column: ReadingColumn) -> None:
        open_columns = self.columns
        index = open_columns.index(column)
        column.display = False
        column.clear()
        container = self.query_one("#columns")
        container.move_child(column, after=len(container.children) - 1)
        rest = self.columns
        if rest:
            neighbour = rest[min(index, len(rest) - 1)]
            self._activate(neighbour)
            self.focus_now(neighbour.reader)
        else:
            self._activate(None)
            self.focus_now(self.query_one(LibraryTable))
        self.update_layout()
        self.save_layout_soon()

    # -- messages from widgets ------------------------------------------------------------

    @on(LibraryPanel.Open)
    def _open_from_library(self, event: LibraryPanel.Open) -> None:
        self.open_article(event.path, new_column=event.new_column)

    @on(LibraryPanel.ChooseColumn)
    def _choose_library_column(self, event: LibraryPanel.ChooseColumn) -> None:
        self.app.push_screen(ChoiceDialog(event.title, event.options), event.chosen)

    @on(Reader.LoadFailed)
    def _load_failed(self, event: Reader.LoadFailed) -> None:
        self.notify(
            f"{event.path} could not be opened: {event.error}",
            title="Not opened",
            severity="error",
            timeout=8,
            markup=False,
        )
        column = event.reader.parent
        if isinstance(column, ReadingColumn) and column.display and column.reader.article is None:
            self._close_column(column)

    @on(Reader.Loaded)
    def _reader_loaded(self, event: Reader.Loaded) -> None:
        self.sync_annotations()

    @on(Reader.Changed)
    def _reader_changed(self, event: Reader.Changed) -> None:
        if self.active is not None and event.reader is self.active.reader:
            self.sync_annotations()
        self.save_layout_soon()

    @on(AnnotationsPanel.Jump)
    def _jump(self, event: AnnotationsPanel.Jump) -> None:
        if self.active is not None:
            self.record_jump()
            self.active.reader.go_to(event.highlight.start)
            self.landed(self.active.reader, event.highlight.start, event.highlight.id)
            self.focus_now(self.active.reader)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.coding_check(action)
