"""A small list dialog: choose one item (e.g. the tag to remove from a highlight)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gpreader.tui import keys
from gpreader.tui.widgets.shown import safe_content, styled


class ChoiceDialog(ModalScreen[str | None]):
    """Dismisses with the id of the chosen option, or None."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("choose")

    def __init__(self, title: str, options: Sequence[tuple[str, Content | str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-dialog", classes="dialog"):
            yield Static(styled(self.title_text, "bold"))
            yield OptionList(*(Option(safe_content(label), id=key) for key, label in self.options))
            yield Static("↑↓ choose · Enter confirm · Esc cancel", classes="hint", markup=False)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
