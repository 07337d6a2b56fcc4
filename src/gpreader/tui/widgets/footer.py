"""The footer: Textual's, but when the keys do not all fit it drops the least important ones
(by their `rank` in the key registry) instead of cutting off whatever comes last."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
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


class FooterPage(HorizontalGroup):
    """The keys shown for one set of bindings (one of the footer's kept pages)."""

    DEFAULT_CSS = "FooterPage { width: 1fr; height: 1; }"


class RankedFooter(Footer):
    """A footer that keeps the most important keys at any width, and shows each set of keys it
    has composed again without composing it again: Textual's recomposes it whenever the
    bindings may have changed (each focus change, each dialog closed), and composing (new
    widgets, styled) took most of such a key's time. Each set of keys is a page, kept (the
    last PAGES of them) and shown again when the bindings come back to that set.

    Textual signals "bindings changed" several times for one key (focus, each reactive that
    refreshes bindings, a screen pushed or popped): the page is looked for once per burst of
    signals, whatever their number, and nothing is touched when it is the page shown. The look
    comes right after the burst (`call_later`), not after the next frame: the page then joins
    the frame that draws the key's other changes instead of a frame of its own.

    The pages are stacked one above the other in a footer one line high, and a page is shown by
    scrolling to it: a page shown or hidden by `display` would lay the whole screen out again
    (Textual's way for a change of display) on every focus change, where a scroll only places
    the widgets in view again (tab, shift+tab: about half the UI-thread time; benchmarks/
    bench_ui.py)."""

    DEFAULT_CSS = "RankedFooter { layout: vertical; overflow: hidden hidden; }"

    PAGES = 8

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._width = 0
        self._pages: dict[tuple[object, ...], FooterPage] = {}  # oldest used first
        self.pages_composed = 0  # how many pages were composed (for tests)
        self.pages_looked_up = 0  # how many times the bindings were read (for tests)
        self._page_pending = False  # a show_page is scheduled already
        self._shown: tuple[object, ...] | None = None  # the bindings of the page shown

    def shown_bindings(self) -> tuple[object, ...]:
        """What the footer draws from the screen's bindings (compose's input): those shown,
        and the command palette's."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (b.key, b.action, b.description, b.group, enabled, tooltip)
            for key, (_, b, enabled, tooltip) in self.screen.active_bindings.items()
            if b.show or key == palette
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._page_pending:
            self._page_pending = True
            self.call_later(self.show_page)

    def shown_keys(self) -> list[FooterKey]:
        """The keys on the page shown."""
        page = self.shown_page
        return list(page.query(FooterKey)) if page is not None else []

    @property
    def shown_page(self) -> FooterPage | None:
        """The page in view."""
        return self._pages.get(self._shown) if self._shown is not None else None

    async def show_page(self) -> None:
        """Show the page of the bindings now, composing it if it is not kept."""
        self._page_pending = False
        if not self.is_attached:
            return
        shown = self.shown_bindings()
        self.pages_looked_up += 1
        if shown == self._shown and shown in self._pages:
            return  # the page shown already
        page = self._pages.pop(shown, None)
        if page is None:
            widgets = list(self.ranked())
            if not widgets:
                return
            page = FooterPage(*widgets)
            self.pages_composed += 1
            await self.mount(page)
            while len(self._pages) >= self.PAGES:
                oldest = next(iter(self._pages))
                await self._pages.pop(oldest).remove()
        if page not in self.children:  # removed while it mounted (a new width: all go)
            return
        self._pages[shown] = page
        self._shown = shown
        y = self.children.index(page)
        if y <= self.max_scroll_y:
            self.scroll_to(y=y, animate=False, force=True, immediate=True)
        else:  # just mounted, not laid out yet: the layout to come puts the page in view
            self.set_reactive(Widget.scroll_target_y, float(y))
            self.set_reactive(Widget.scroll_y, float(y))

    def rank_of(self, item: FooterKey) -> int:
        active = self.screen.active_bindings.get(item.key)
        key = keys.BY_ID.get(active.binding.id or "") if active is not None else None
        return key.rank if key is not None else keys.DEFAULT_RANK

    def compose(self) -> ComposeResult:
        return iter(())  # pages are mounted by show_page

    def ranked(self) -> Iterator[Widget]:
        """Textual's footer keys, the least important left out when they do not all fit."""
        widgets: list[Widget] = list(super().compose())
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

    async def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            pages, self._pages, self._shown = list(self._pages.values()), {}, None
            for page in pages:
                await page.remove()
            self.call_after_refresh(self.show_page)
