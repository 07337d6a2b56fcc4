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
from gpreader.tui.screens.tint import KeptTintMixin
from gpreader.tui.widgets.shown import safe_content, styled

HINT = "j/k ↑↓ choose · Enter confirm · Esc cancel · ? keys"


class ChoiceDialog(KeptTintMixin, ModalScreen[str | None]):
    """Dismisses with the id of the chosen option, or None. The first option is highlighted,
    so Enter at once takes it: put the safe choice first."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("choose")

    def __init__(
        self, title: str, options: Sequence[tuple[str, Content | str]], *, hint: str = HINT
    ) -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-dialog", classes="dialog"):
            yield Static(styled(self.title_text, "bold"))
            yield OptionList(*(Option(safe_content(label), id=key) for key, label in self.options))
            yield Static(self.hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
