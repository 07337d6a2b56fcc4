"""A dialog's translucent background, with the tint of each line kept.

A ModalScreen with a translucent background draws the screen below it tinted (Textual's
BackgroundScreen): every segment of every line of the screen below gets its meta and links
removed and its colours blended, each time a dialog is shown: about 10 ms of the UI thread
over a 160x50 workbench (of about 25 ms for the whole background; measured with
benchmarks/bench_ui.py). A dialog shown again over the same workbench tints the same lines:
`KeptTint` keeps each tinted line by the line it was made from and the colour, so only lines
that changed are tinted again. What is drawn is unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from textual.screen import Screen

KEPT_LINES = 400  # tinted lines kept (a few screens' worth); all dropped past it

_Line = tuple[tuple[Segment, ...], Color]


class KeptTint:
    """Like BackgroundScreen (the screen below, tinted with `color`), with each tinted line
    taken from `kept` when the same line was tinted with the same colour before."""

    def __init__(self, screen: Screen[Any], color: Color, kept: dict[_Line, list[Segment]]):
        self.screen = screen
        self.color = color
        self.kept = kept

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        strips = self.screen._compositor.render_strips()
        kept, color = self.kept, self.color
        if len(kept) > KEPT_LINES:
            kept.clear()
        new_line = Segment.line()
        for y, strip in enumerate(strips):
            key = (tuple(strip), color)
            tinted = kept.get(key)
            if tinted is None:
                tinted = kept[key] = list(BackgroundScreen.process_segments(key[0], color))
            yield from tinted
            if y < len(strips) - 1:
                yield new_line


_TINTED: dict[_Line, list[Segment]] = {}  # shared by every dialog: the lines are the same


class KeptTintMixin:
    """For a ModalScreen: its background tints the screen below taking the lines tinted before
    (by any dialog) from those kept (see KeptTint). Put it before ModalScreen in the bases."""

    def render(self) -> Any:
        rendered = super().render()  # type: ignore[misc]
        if isinstance(rendered, BackgroundScreen):
            return KeptTint(rendered.screen, rendered.color, _TINTED)
        return rendered
