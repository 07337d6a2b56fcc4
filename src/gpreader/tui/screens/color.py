"""The colour dialog: the codebook's palette to choose from with the arrows, or a colour typed as
`#RGB`, `#RRGGBB` or a CSS name. A bad value keeps the dialog open with the error."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.color import Color, ColorParseError
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from gpreader import codebook
from gpreader.errors import InvalidInputError
from gpreader.tui import keys
from gpreader.tui.screens.tint import KeptTintMixin
from gpreader.tui.widgets.quiet_layout import OneLineInput
from gpreader.tui.widgets.shown import assemble, shown, styled

HINT = "↑↓ palette · or type #RGB, #RRGGBB or a name (teal) · Enter set · Esc cancel"


def parse_color(value: str) -> str:
    """`"#f80"`, `"FF8800"`, `"teal"` -> `"#RRGGBB"`; InvalidInputError otherwise."""
    try:
        return codebook.normalize_color(value)
    except InvalidInputError:
        pass
    name = value.strip().casefold()
    if name.isalpha() and not name.startswith("ansi"):
        try:
            return codebook.normalize_color(Color.parse(name).hex6)
        except ColorParseError:
            pass
    raise InvalidInputError(f"{value.strip()!r} is not a colour: type #RGB, #RRGGBB or a name")


class ColorDialog(KeptTintMixin, ModalScreen[str | None]):
    """Dismisses with the chosen colour as `#RRGGBB`, or None."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("color")

    def __init__(self, title: str, current: str) -> None:
        super().__init__()
        self.title_text = title
        self.current = current
        self.palette = list(codebook.PALETTE)

    def compose(self) -> ComposeResult:
        with Vertical(id="color-dialog", classes="dialog"):
            yield Static(styled(self.title_text, "bold"), id="color-title")
            yield OneLineInput(shown(self.current), id="color-input", select_on_focus=False)
            yield OptionList(*(_swatch(c) for c in self.palette), id="color-options")
            yield Static(HINT, id="color-hint", classes="hint", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.can_focus = False
        current = self.current.upper()
        options.highlighted = self.palette.index(current) if current in self.palette else None
        box = self.query_one(Input)
        box.focus()
        box.cursor_position = len(box.value)

    def action_move(self, step: int) -> None:
        """Move along the palette; the box shows the colour moved to."""
        options = self.query_one(OptionList)
        index = options.highlighted
        index = (0 if step > 0 else len(self.palette) - 1) if index is None else index + step
        options.highlighted = index % len(self.palette)
        box = self.query_one(Input)
        box.value = self.palette[options.highlighted]
        box.cursor_position = len(box.value)

    @on(Input.Submitted, "#color-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(event.value)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(self.palette[event.option_index])

    def _choose(self, value: str) -> None:
        try:
            color = parse_color(value)
        except InvalidInputError as exc:
            self.query_one("#color-hint", Static).update(styled(str(exc), "bold $error"))
            return
        self.dismiss(color)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _swatch(color: str) -> Option:
    return Option(assemble(("      ", f"on {color}"), "  ", color))
