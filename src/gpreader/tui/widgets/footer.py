"""The footer: Textual's, but when the keys do not all fit it drops the least important ones
(by their `rank` in the key registry) instead of cutting off whatever comes last."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from gpreader.tui import keys


def key_cells(item: FooterKey) -> int:
    """Cells a (non-compact) footer key takes: ` key ` then `description `."""
    shown = cell_len(item.key_display) + 2
    return shown + cell_len(item.description) + 1 if item.description else shown


def fitting(items: list[tuple[int, int]], room: int) -> set[int]:
    """Indexes of the (rank, cells) items kept in `room` cells: the most important first (lowest
    rank; in a tie, the one further left), each only if it still fits whole."""
    kept: set[int] = set()
    for index in sorted(range(len(items)), key=lambda i: (items[i][0], i)):
        cells = items[index][1]
        if cells <= room:
            kept.add(index)
            room -= cells
    return kept


class RankedFooter(Footer):
    """A footer that keeps the most important keys at any width, and is composed again only
    when what it shows changes: Textual's recomposes it whenever the bindings may have changed
    (each focus change, each dialog closed), which took a large part of such a key's time."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._width = 0
        self._composed: tuple[object, ...] | None = None  # the bindings last composed

    def shown_bindings(self) -> tuple[object, ...]:
        """What the footer draws from the screen's bindings (compose's input)."""
        return tuple(
            (b.key, b.action, b.description, b.show, b.group, enabled, tooltip)
            for _, b, enabled, tooltip in self.screen.active_bindings.values()
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._bindings_ready and self.is_attached and screen is self.screen:
            shown = self.shown_bindings()
            if shown == self._composed:  # composed already, or about to be
                return
            if self.app.app_focus:  # else Textual's does not compose
                self._composed = shown
        super().bindings_changed(screen)

    def rank_of(self, item: FooterKey) -> int:
        active = self.screen.active_bindings.get(item.key)
        key = keys.BY_ID.get(active.binding.id or "") if active is not None else None
        return key.rank if key is not None else keys.DEFAULT_RANK

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        self._composed = self.shown_bindings() if widgets else None
        room = self.size.width or self.app.size.width
        ranked: list[tuple[int, int]] = []
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget.has_class("-command-palette"):
                room -= key_cells(widget) + 2  # its border and right padding
                ranked.append((-1, 0))  # docked on the right, always kept
            elif isinstance(widget, FooterKey):
                ranked.append((self.rank_of(widget), key_cells(widget)))
            else:
                ranked.append((-1, 0))
        kept = fitting(ranked, room)
        yield from (w for i, w in enumerate(widgets) if i in kept)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)
