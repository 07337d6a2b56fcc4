"""The main screen's layout: which panels show at which width, the toggles (L, H, K), focus
moving between panes (tab), and the layout kept in the database for the next start."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, OptionList

from gpreader.store import AnnotationStore
from gpreader.tui import layout_state
from gpreader.tui.layout_state import LAYOUT_KEY, MAX_COLUMNS
from gpreader.tui.screens.coding import FAILED
from gpreader.tui.widgets.annotations import AnnotationsPanel
from gpreader.tui.widgets.article_table import LibraryTable
from gpreader.tui.widgets.legend import QuickLegend
from gpreader.tui.widgets.library import LibraryPanel

if TYPE_CHECKING:
    from textual.screen import Screen

    from gpreader.tui.widgets.column import ReadingColumn

    _Host = Screen[None]  # the checker sees the Screen this is mixed into
else:
    _Host = object

MIN_COLUMN = 44  # below this width per column the annotations panel folds away by itself
SAVE_AFTER = 1.5  # seconds without a key before the layout is saved


def library_cells(width: int) -> int:
    """The library's width on a screen `width` cells wide (as app.tcss sets it)."""
    return 28 if width < 100 else min(max(width // 5, 34), 56)


class LayoutMixin(_Host):
    """Mixed into MainScreen (a Screen), which provides the attributes below. Message handlers
    are named `on_…` so that Textual finds them on this plain mixin."""

    store: AnnotationStore
    active: ReadingColumn | None
    show_library: bool | None
    show_annotations: bool | None
    show_legend: bool
    _save_timer: Timer | None
    _save_due: bool
    last_key: Callable[[], float]  # when the last key came (time.monotonic), set by the app

    if TYPE_CHECKING:

        @property
        def library(self) -> LibraryPanel: ...
        @property
        def columns(self) -> list[ReadingColumn]: ...
        def call_store(self, fn: Any, *args: Any, **kwargs: Any) -> Any: ...
        def open_article(
            self,
            path: str,
            offset: int | None = None,
            *,
            new_column: bool = False,
            focus: bool = True,
        ) -> bool: ...
        def _activate(self, column: ReadingColumn | None) -> None: ...
        def focus_now(self, widget: Widget) -> None: ...

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
            self.focus_now(target)  # Textual's focus() draws the whole widget again first

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
        # Classes on the library itself, not on the screen: a class on the screen restyles
        # every widget in it (tens of milliseconds), one on the library only its own.
        library.set_class(count == 0, "-no-columns")
        library.set_class(width < 100, "-narrow")
        self.query_one("#columns").display = count > 0
        self.query_one("#empty-hint").display = count == 0
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
            self.focus_now((self.active or self.columns[0]).reader)
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
        """Save the layout once no key has come for SAVE_AFTER seconds: every cursor move asks,
        and a save (a database write) landing inside a later key cost that key its time."""
        self._save_due = True
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_AFTER, self._save_when_idle)

    def _save_when_idle(self) -> None:
        self._save_timer = None
        if not self._save_due:
            return
        quiet = time.monotonic() - self.last_key()
        if quiet < SAVE_AFTER:  # keys still coming: look again when they may have stopped
            self._save_timer = self.set_timer(SAVE_AFTER - quiet, self._save_when_idle)
            return
        self.save_layout()

    def save_layout(self) -> None:
        """Store the layout (columns, articles, cursor positions) for the next start."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._save_due = False
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
