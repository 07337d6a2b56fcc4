"""Moving around the main screen: the jump list (`ctrl+o` back, `ctrl+i` or `alt+right`
forward), and which column a new article goes to when four are open (the least recently used).

Jumps are recorded by the main screen when an article opens (library, search result, tag-view
passage, undo/redo, the annotations panel) and by the reader before a far motion (`g`, `G`,
`[`, `]`), which posts JumpedFrom with where it was."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from gpreader.jumps import JumpList, Position

if TYPE_CHECKING:
    from textual.screen import Screen

    from gpreader.tui.widgets.column import ReadingColumn

    _Host = Screen[None]  # the checker sees the Screen this is mixed into
else:
    _Host = object

_uses = itertools.count(1)


@dataclass
class JumpedFrom(Message):
    """A reader is about to move far within its article: `offset` is where it was."""

    path: str
    offset: int
    pane: str


class JumpsMixin(_Host):
    """Mixed into MainScreen (a Screen), which provides the attributes below. Message handlers
    are named `on_…` so that Textual finds them on this plain mixin."""

    active: ReadingColumn | None
    _jump_list: JumpList | None = None
    _column_use: dict[str, int] | None = None  # column id -> when it last had focus
    _jumping = False  # moving through the jump list: the move itself is not recorded

    if TYPE_CHECKING:

        @property
        def columns(self) -> list[ReadingColumn]: ...
        def open_article(
            self,
            path: str,
            offset: int | None = None,
            *,
            new_column: bool = False,
            focus: bool = True,
        ) -> bool: ...

    @property
    def jump_list(self) -> JumpList:
        if self._jump_list is None:
            self._jump_list = JumpList()
        return self._jump_list

    # -- recording -----------------------------------------------------------------------

    def here(self) -> Position | None:
        """The focused column's article and cursor (None without one)."""
        column = self.active
        if column is None or not column.display or column.reader.article is None:
            return None
        return Position(column.reader.article.path, column.reader.cursor_offset, column.id or "")

    def record_jump(self) -> None:
        """Remember where the focused column is, before a jump takes it (or the focus) away."""
        if self._jumping:
            return
        here = self.here()
        if here is not None:
            self.jump_list.record(here)

    def on_jumped_from(self, message: JumpedFrom) -> None:
        if not self._jumping:
            self.jump_list.record(Position(message.path, message.offset, message.pane))

    # -- moving --------------------------------------------------------------------------

    def action_jump(self, step: int) -> None:
        """Go back (step -1) or forward (1) through the jump list, across articles."""
        here = self.here()  # None without a column: nothing to come back to, but still move
        target = self.jump_list.back(here) if step < 0 else self.jump_list.forward(here)
        if target is None:
            self.notify(
                "No older jump." if step < 0 else "No newer jump: ctrl+o goes back.",
                timeout=2,
                markup=False,
            )
            return
        self.go_to_position(target)

    def go_to_position(self, target: Position) -> None:
        """Show `target`: in the column it was in if that still shows its article, else in any
        column showing it, else opened in the focused column."""
        open_columns = self.columns
        showing = [c for c in open_columns if c.path == target.path]
        column = next((c for c in showing if c.id == target.pane), None) or next(
            iter(showing), None
        )
        self._jumping = True
        try:
            if column is not None:
                column.reader.go_to(target.offset)
                column.reader.focus()
            elif not self.open_article(target.path, target.offset):
                self.notify("That article is no longer in the library.", timeout=3, markup=False)
        finally:
            self._jumping = False

    # -- columns -------------------------------------------------------------------------

    def column_used(self, column: ReadingColumn) -> None:
        """Note that `column` has focus now (the least recently used is reused when full)."""
        if self._column_use is None:
            self._column_use = {}
        self._column_use[column.id or ""] = next(_uses)

    def least_recent_column(self) -> ReadingColumn | None:
        """The open column that had focus longest ago (never the focused one if there are two)."""
        uses = self._column_use or {}
        candidates = [c for c in self.columns if c is not self.active] or self.columns
        return min(candidates, key=lambda c: uses.get(c.id or "", 0), default=None)

    def reuse_for(self) -> ReadingColumn | None:
        """The column a new article goes to when every column is open: the least recently
        used, and a message says which article it showed (the column remembers its place
        there: opening that article in it again returns to it)."""
        column = self.least_recent_column()
        if column is None:
            return None
        shown = column.reader.article
        what = (shown.title or shown.path) if shown is not None else "an empty column"
        self.notify(
            f"Four columns are open: the least recently used ({what}) now shows this one. "
            "ctrl+o goes back; ctrl+w closes a column.",
            timeout=5,
            markup=False,
        )
        return column
