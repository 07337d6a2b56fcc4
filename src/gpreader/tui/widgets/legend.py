"""The quick-tag legend: one line naming the tags on keys 1-9, each with its colour, while
coding. `K` shows or hides it; the main screen keeps it up to date as tags change."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widgets import Static

from gpreader.models import Tag
from gpreader.tui.widgets.quiet_layout import OneLayout
from gpreader.tui.widgets.shown import assemble, shown

MARK = "■"  # drawn in the tag's colour
NO_KEYS = "No quick keys yet: T opens the tag view, where 1-9 on a tag gives it one"
MIN_NAME = 4  # cells of a name kept when clipping (with the ellipsis)
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def quick_tags(tags: Iterable[Tag]) -> list[Tag]:
    """The tags with a quick key, by key."""
    return sorted((t for t in tags if t.quick_key is not None), key=lambda t: t.quick_key or 0)


def clip(name: str, cells: int) -> str:
    """`name` in at most `cells` cells, ending in … when cut."""
    if cell_len(name) <= cells:
        return name
    out = ""
    for char in name:
        if cell_len(out + char) > cells - 1:
            break
        out += char
    return out + "…"


def fit_names(names: list[str], room: int) -> list[str]:
    """The names clipped so that all fit in `room` cells: the longest are cut first, none
    below MIN_NAME cells."""
    widths = [cell_len(n) for n in names]
    while sum(widths) > room:
        longest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[longest] <= MIN_NAME:
            break
        widths[longest] -= 1
    return [clip(n, w) for n, w in zip(names, widths, strict=True)]


def legend_content(tags: list[Tag], width: int) -> Content:
    """The legend line for `width` cells: `1 ■ name  2 ■ name …`."""
    quick = quick_tags(tags)
    if not quick:
        return assemble((NO_KEYS, "$text-muted"))
    # each entry: "N ■ " before the name and two spaces after it; one cell of padding each side
    room = width - 2 - sum(4 + 2 for _ in quick) + 2
    names = fit_names([shown(t.path) for t in quick], max(room, 0))
    parts: list[str | tuple[str, str]] = []
    for n, (tag, name) in enumerate(zip(quick, names, strict=True)):
        if n:
            parts.append("  ")
        parts += [
            (f"{tag.quick_key}", "bold"),
            " ",
            (MARK, tag.color if _HEX.fullmatch(tag.color) else "$text-muted"),
            " ",
            name,
        ]
    return assemble(*parts)


class QuickLegend(Static, OneLayout):
    """One line: the quick keys and their tags."""

    DEFAULT_CSS = """
    QuickLegend { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.tags: list[Tag] = []
        self._drawn: tuple[object, ...] | None = None  # what the line was drawn from

    def show_tags(self, tags: list[Tag]) -> None:
        """Draw the quick keys of `tags` (all tags; those without a key are left out)."""
        self.tags = list(tags)
        self._draw()

    def _draw(self) -> None:
        """Draw the line if what it shows changed (each highlight made asks; making the line
        costs ~5 ms), without a layout pass: the legend is one line high whatever it says."""
        width = self.size.width or self.app.size.width
        quick = quick_tags(self.tags)
        drawn_from = (width, *((t.quick_key, t.path, t.color) for t in quick))
        if drawn_from != self._drawn:
            self._drawn = drawn_from
            self.update(legend_content(quick, width), layout=False)

    def on_resize(self, event: events.Resize) -> None:
        self._draw()
