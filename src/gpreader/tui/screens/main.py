"""The main screen: library, up to four reading columns, the annotations panel, the footer."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.worker import get_current_worker

from gpreader.errors import GPReaderError
from gpreader.models import Article
from gpreader.store import AnnotationStore
from gpreader.tui import keys, layout_state
from gpreader.tui.jumps import JumpsMixin
from gpreader.tui.screens import elsewhere, team_actions
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.coding import FAILED, CodingMixin
from gpreader.tui.screens.main_updates import UpdatesMixin
from gpreader.tui.screens.team_actions import CoderView, coded_by
from gpreader.tui.widgets.annotations import AnnotationsPanel
from gpreader.tui.widgets.article_table import LibraryTable
from gpreader.tui.widgets.column import ReadingColumn
from gpreader.tui.widgets.footer import RankedFooter
from gpreader.tui.widgets.legend import QuickLegend
from gpreader.tui.widgets.library import LibraryPanel
from gpreader.tui.widgets.prepared import SYNC_BYTES
from gpreader.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from gpreader.search import Hit, SearchIndex
    from gpreader.tui.screens.search import SearchScreen

MAX_COLUMNS = 4
MIN_COLUMN = 44  # below this width per column the annotations panel folds away by itself
LAYOUT_KEY = "tui.layout"
EMPTY_HINT = "Enter or o opens the highlighted article · / searches · ? lists every key"


def library_cells(width: int) -> int:
    """The library's width on a screen `width` cells wide (as app.tcss sets it)."""
    return 28 if width < 100 else min(max(width // 5, 34), 56)


class MainScreen(CodingMixin, UpdatesMixin, JumpsMixin, Screen[None]):
    """Where people read and code for hours."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("main")

    DEFAULT_CSS = """
    MainScreen #empty-hint { display: none; height: 1; padding: 0 1; color: $text-muted; }
    MainScreen.-no-columns #empty-hint { display: block; }
    """

    def __init__(self, store: AnnotationStore, root: Path) -> None:
        super().__init__()
        self.store = store
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

    def compose(self) -> ComposeResult:
        with Horizontal(id="workbench"):
            yield LibraryPanel(self.store, id="library")
            with Horizontal(id="columns"):
                for i in range(MAX_COLUMNS):
                    column = ReadingColumn(id=f"column-{i}")
                    column.display = False
                    yield column
            yield AnnotationsPanel(id="annotations")
        yield Static(EMPTY_HINT, id="empty-hint", markup=False)  # until a column opens
        yield QuickLegend(id="legend")
        yield Static("", id="progress", markup=False)
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
            column.reader.focus()
        self.update_layout()
        self.save_layout_soon()
        return True

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
            column.reader.focus()
        return True

    def _add_column(self) -> ReadingColumn:
        container = self.query_one("#columns")
        spare = next(
            c for c in container.children if isinstance(c, ReadingColumn) and not c.display
        )
        if self.active is not None and self.active.display:
            container.move_child(spare, after=self.active)
        else:
            container.move_child(spare, after=len(container.children) - 1)
        spare.display = True
        return spare

    def _activate(self, column: ReadingColumn | None) -> None:
        if column is self.active:
            return
        for c in self.query(ReadingColumn):
            c.set_class(c is column, "-active")
        self.active = column
        if column is not None:
            self.column_used(column)
        self.sync_annotations()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.update_layout()
        for node in event.widget.ancestors_with_self:
            if isinstance(node, ReadingColumn):
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
            neighbour.reader.focus()
        else:
            self._activate(None)
            self.query_one(LibraryTable).focus()
        self.update_layout()
        self.save_layout_soon()

    def _panes(self) -> list[Widget]:
        panes: list[Widget] = []
        if self.show_library is not False or not self.columns:
            panes.append(self.query_one(LibraryTable))
        panes += [c.reader for c in self.columns]
        annotations = self.query_one(AnnotationsPanel)
        if annotations.display and self.columns:
            panes.append(annotations.query_one(OptionList))
        return panes

    def action_cycle(self, step: int) -> None:
        panes = self._panes()
        if not panes:
            return
        focused = self.focused
        current = next(
            (
                i
                for i, p in enumerate(panes)
                if focused is not None and (focused is p or p in focused.ancestors)
            ),
            None,
        )
        if current is None and isinstance(focused, Input):
            current = 0
        index = 0 if current is None else (current + step) % len(panes)
        target = panes[index]
        panel = target.parent
        if isinstance(target, LibraryTable) and panel is not None and not panel.display:
            panel.display = True
            self.call_after_refresh(target.focus)
        else:
            target.focus()

    # -- layout --------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.update_layout()

    def update_layout(self) -> None:
        """Fit the panels to the width. The library fills the screen until a column opens; it
        folds away by itself when two or more columns share a narrow screen (and comes back
        while it has focus); the annotations panel folds away when the columns would be too
        narrow. L and A override both."""
        width = self.size.width
        count = len(self.columns)
        library = self.query_one(LibraryPanel)
        show_library = self.show_library
        if count == 0:
            show_library = True
        elif show_library is None:
            show_library = count < 2 or width >= 100 or library.has_focus_within
        library_width = 0 if not show_library else library_cells(width)
        self.set_class(count == 0, "-no-columns")
        self.set_class(width < 100, "-narrow")
        library.display = show_library
        show = self.show_annotations
        if show is None:
            show = (width - library_width - 32) // max(count, 1) >= MIN_COLUMN
        self.query_one(AnnotationsPanel).display = bool(show) and count > 0
        self.query_one(QuickLegend).display = self.show_legend and count > 0

    def action_toggle_library(self) -> None:
        library = self.query_one(LibraryPanel)
        if not self.columns:
            self.notify("The library stays while no article is open.", timeout=3, markup=False)
            return
        self.show_library = not library.display
        if not self.show_library and library.has_focus_within:
            (self.active or self.columns[0]).reader.focus()
        self.update_layout()
        self.save_layout_soon()

    def action_toggle_annotations(self) -> None:
        shown = self.query_one(AnnotationsPanel).display
        self.show_annotations = not shown
        self.update_layout()
        self.save_layout_soon()

    def action_toggle_legend(self) -> None:
        self.show_legend = not self.show_legend
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
            self.active.reader.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.coding_check(action)

    # -- other screens -------------------------------------------------------------------

    def action_tag_view(self, tag: str | None = None) -> None:
        from gpreader.tui.screens.kept import kept, show
        from gpreader.tui.screens.tag_view import TAG_VIEW, TagViewScreen

        def make() -> TagViewScreen:
            return TagViewScreen(self.store, tag, self.coder_view)

        screen = kept(self.app, TAG_VIEW, TagViewScreen, make)
        screen.reset(tag, self.coder_view)

        def jump(target: tuple[str, int] | None) -> None:
            if target is None or not self.open_article(*target, new_column=screen.beside):
                return
            if self.active is not None:
                self.landed(self.active.reader, target[1])

        show(self.app, screen, jump)

    def action_analysis(self) -> None:
        from gpreader.tui.screens.analysis import open_analysis

        open_analysis(self)

    def action_memo(self) -> None:
        from gpreader.tui.screens.analysis import open_memo

        open_memo(self)

    def action_attributes(self) -> None:
        """The attributes panel of the focused article (the library's row, else the column's)."""
        from gpreader.tui.screens.kept import kept, show
        from gpreader.tui.widgets.attributes import ATTRIBUTES, AttributesPanel

        if self.library.table.has_focus or self.active is None:
            path = self.library.current
        else:
            path = self.active.path
        if path is None:
            self.notify("No article here: open or highlight one first.", markup=False)
            return
        store = self.store
        panel = kept(self.app, ATTRIBUTES, AttributesPanel, lambda: AttributesPanel(store, path))
        panel.reset(path)
        show(self.app, panel, self._attributes_closed)

    def _attributes_closed(self, changed: bool | None) -> None:
        if changed:
            self.library.attributes_changed()

    def action_search(self) -> None:
        elsewhere.open_search(self)

    def action_cycle_coders(self) -> None:
        team_actions.cycle_coders(self)

    def action_choose_coders(self) -> None:
        team_actions.choose_coders(self)

    def action_mark_done(self) -> None:
        team_actions.mark_done(self)

    def action_compare(self) -> None:
        team_actions.open_compare(self)

    def action_search_next(self, step: int) -> None:
        elsewhere.search_next(self, step)

    @work(thread=True, exclusive=True, group="article-matches")
    def find_matches(self, index: SearchIndex, key: elsewhere.MatchesKey, step: int) -> None:
        """Find the query's matches in one article with a store of this thread's own."""
        path, _, query, _ = key
        coders = self.coder_view  # `c`/`W` drop the kept matches (reload_highlights)
        try:
            with AnnotationStore(self.store.path, verify=False) as store:
                found = index.bind(store).find_in_article(path, query, coder=coders)
        except Exception as exc:  # a search failure must not end the session
            self.post_message(elsewhere.ArticleMatches(key, step, error=str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(elsewhere.ArticleMatches(key, step, found))

    @on(elsewhere.ArticleMatches)
    def _matches_found(self, message: elsewhere.ArticleMatches) -> None:
        elsewhere.matches_found(self, message)

    def action_export(self) -> None:
        elsewhere.open_export(self)

    # -- layout state --------------------------------------------------------------------

    def layout_state(self) -> dict[str, Any]:
        columns = [c for c in self.columns if c.path]
        return {
            "columns": [{"path": c.path, "offset": c.reader.cursor_offset} for c in columns],
            "active": columns.index(self.active) if self.active in columns else 0,
            "sort": self.library.sort_key,
            "descending": self.library.descending,
            "library": self.show_library,
            "annotations": self.show_annotations,
            "legend": self.show_legend,
        }

    def save_layout_soon(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(1.5, self.save_layout)

    def save_layout(self) -> None:
        """Store the layout (columns, articles, cursor positions) for the next start."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        with contextlib.suppress(Exception):  # the layout is a convenience: never fail over it
            self.store.set_state(LAYOUT_KEY, self.layout_state())

    def restore_layout(self) -> None:
        """Reopen the columns of the last session. A saved layout that is damaged (a crash,
        another version, a hand edit) is reported and replaced, never fatal."""
        stored = self.call_store(self.store.get_state, LAYOUT_KEY, None)
        state = layout_state.parse(None if stored is FAILED else stored, MAX_COLUMNS)
        if stored is FAILED or state.problems:
            self.notify(
                "The saved layout was damaged; what could not be read was reset.",
                title="Layout",
                severity="warning",
                timeout=8,
                markup=False,
            )
            self.save_layout_soon()
        library = self.library
        if state.sort is not None:
            library.sort_key, library.descending = state.sort, state.descending
        self.show_library = state.library
        self.show_annotations = state.annotations
        self.show_legend = state.legend
        known = {r.path for r in library.rows}
        opened: list[ReadingColumn] = []
        for column in state.columns:
            if column.path in known and self.open_article(
                column.path, column.offset, new_column=True, focus=False
            ):
                assert self.active is not None  # open_article made the new column active
                opened.append(self.active)
        if opened:
            active = opened[min(state.active, len(opened) - 1)]
            self._activate(active)
            active.reader.focus()
        self.update_layout()
