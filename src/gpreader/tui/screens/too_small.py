"""Shown instead of the workbench while the terminal is too small to use."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Static

from gpreader.tui import keys

MIN_WIDTH = 60
MIN_HEIGHT = 15


class TooSmallScreen(Screen[None]):
    """A message with the size needed; it goes away by itself when the terminal grows."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("small")

    def compose(self) -> ComposeResult:
        yield Static("", id="too-small", markup=False)

    def on_mount(self) -> None:
        self.update_message()

    def on_resize(self) -> None:
        self.update_message()  # the app decides when this screen goes (it sees every resize)

    def update_message(self) -> None:
        width, height = self.app.size  # the terminal's size
        self.query_one("#too-small", Static).update(
            f"Terminal too small ({width}×{height}).\n"
            f"gpreader needs at least {MIN_WIDTH}×{MIN_HEIGHT}.\n"
            "Enlarge the window, or press q to quit.\nNothing is lost: every change is saved."
        )
