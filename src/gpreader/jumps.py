"""Where the reader has been: a jump list (`ctrl+o` back, `ctrl+i` forward, as in vim) and each
column's last position in every article it showed. No Textual here: the TUI records and asks."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

JUMPS_KEPT = 100  # entries in the jump list; the oldest go first
ARTICLES_REMEMBERED = 200  # articles whose position a column remembers; the least recent go
NEAR = 0  # two positions in one article this many characters apart are the same place


@dataclass(frozen=True)
class Position:
    """A place in the corpus: an article (its path), a character offset into its text, and
    the pane (reading column) it was shown in, if any: a hint for where to show it again."""

    path: str
    offset: int
    pane: str = ""

    def same_place(self, other: Position) -> bool:
        return self.path == other.path and abs(self.offset - other.offset) <= NEAR


class JumpList:
    """Positions jumped from, oldest first, with a cursor that `back` and `forward` move.

    `record(here)` is called just before a jump leaves `here`: any entries ahead of the cursor
    (undone jumps) are dropped, an older entry for the same place is dropped, and `here` becomes
    the newest. `back(here)` returns the previous position, remembering `here` so that `forward`
    returns to it; `forward(here)` undoes a `back`. Both return None at the ends; `here` is
    None when nothing is shown (there is nowhere to come back to)."""

    def __init__(self, kept: int = JUMPS_KEPT) -> None:
        if kept < 2:
            raise ValueError("a jump list keeps at least two positions")
        self.kept = kept
        self.entries: list[Position] = []
        self.index = 0  # == len(entries): at the newest place, not on an entry

    def __len__(self) -> int:
        return len(self.entries)

    def record(self, here: Position) -> None:
        del self.entries[self.index :]
        self.entries = [p for p in self.entries if not p.same_place(here)]
        self.entries.append(here)
        del self.entries[: max(len(self.entries) - self.kept, 0)]
        self.index = len(self.entries)

    def back(self, here: Position | None) -> Position | None:
        if self.index >= len(self.entries):  # leaving the newest place: keep it to come back to
            if here is not None and (not self.entries or not self.entries[-1].same_place(here)):
                self.entries.append(here)
                if len(self.entries) > self.kept:
                    del self.entries[0]
                self.index = len(self.entries) - 1
            else:
                self.index = len(self.entries) - (here is not None)
        elif here is not None:
            self.entries[self.index] = here  # moved since arriving: come back to where it is now
        if self.index == 0:
            return None
        self.index -= 1
        return self.entries[self.index]

    def forward(self, here: Position | None) -> Position | None:
        if self.index >= len(self.entries) - 1:
            return None
        if here is not None:
            self.entries[self.index] = here
        self.index += 1
        return self.entries[self.index]


class PositionMemory:
    """The last offset a column showed in each article, for the most recent articles."""

    def __init__(self, kept: int = ARTICLES_REMEMBERED) -> None:
        self.kept = kept
        self._offsets: OrderedDict[str, int] = OrderedDict()

    def remember(self, path: str, offset: int) -> None:
        self._offsets[path] = offset
        self._offsets.move_to_end(path)
        while len(self._offsets) > self.kept:
            self._offsets.popitem(last=False)

    def recall(self, path: str) -> int | None:
        return self._offsets.get(path)

    def forget(self, path: str) -> None:
        self._offsets.pop(path, None)
