"""A dialog's translucent background, drawn line by line from tinted lines kept.

A ModalScreen with a translucent background draws the screen below it tinted: Textual hands
Rich a BackgroundScreen renderable, which strips every segment of every line of the screen
below of its meta and links and blends its colours, and Rich then renders that into lines
again, each time a dialog is shown: the larger part of opening the tag picker on a 160x50
workbench (benchmarks/bench_ui.py, "t"). `KeptTintMixin` draws the same lines through
Textual's line API instead (`render_line`): each line of the screen below is tinted once,
with the dialog's base style applied as Textual would, and kept by the line it was made from
and the colour, so a dialog shown again over the same workbench tints only the lines that
changed, and Rich renders nothing. What is drawn is unchanged (tests/app/test_tint.py).
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Size
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen
from textual.strip import Strip

KEPT_LINES = 400  # tinted lines kept (a few screens' worth); all dropped past it

_Key = tuple[tuple[Segment, ...], Color, Style]

_TINTED: dict[_Key, Strip] = {}  # shared by every dialog: the lines below are the same


def tinted_lines(below: Screen[Any], color: Color, base: Style, width: int) -> list[Strip]:
    """The lines of `below` as a dialog's translucent background (`color`) draws them: the
    segments tinted as BackgroundScreen tints them, under the dialog's `base` style, as Rich
    and Textual render that; each line from those kept when it was made before."""
    kept = _TINTED
    if len(kept) > KEPT_LINES:
        kept.clear()
    lines = []
    for strip in below._compositor.render_strips():
        key = (tuple(strip), color, base)
        line = kept.get(key)
        if line is None:
            segments = BackgroundScreen.process_segments(key[0], color)
            line = kept[key] = Strip(Segment.apply_style(segments, base)).crop(0, width)
        lines.append(line)
    return lines


class KeptTintMixin:
    """For a ModalScreen: its translucent background drawn from tinted lines kept (see the
    module's docstring). Put it before ModalScreen in the bases. The lines are made again
    when Textual refreshes the dialog itself (shown again, or the screen below changed
    there: Screen._compositor_refresh refreshes a screen seen through another) or its size
    or colours changed; as Widget.render_line draws its content again when refreshed."""

    _tint_lines: list[Strip] | None = None
    _tint_made_for: tuple[Size, Color, Style] | None = None

    def render_line(self, y: int) -> Strip:
        screen: Screen[Any] = self  # type: ignore[assignment]
        below = _screen_below(screen)
        color = screen.styles.background
        if below is None or color.a >= 1:
            return super().render_line(y)  # type: ignore[misc, no-any-return]
        made_for = (screen.size, color, screen.visual_style.rich_style)
        if screen._dirty_regions or self._tint_lines is None or made_for != self._tint_made_for:
            self._tint_lines = tinted_lines(below, color, made_for[2], screen.size.width)
            self._tint_made_for = made_for
            screen._dirty_regions.clear()
        lines = self._tint_lines
        return lines[y] if y < len(lines) else Strip.blank(screen.size.width)


def _screen_below(screen: Screen[Any]) -> Screen[Any] | None:
    """The screen a translucent `screen` shows through: the one under it on the stack."""
    stack = screen.app.screen_stack
    at = next((n for n, s in enumerate(stack) if s is screen), 0)
    return stack[at - 1] if at > 0 else None
