"""A one-line text dialog: `Ask(title, value)` dismisses with the typed text, or None."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from gpreader.tui import keys
from gpreader.tui.screens.tint import KeptTintMixin
from gpreader.tui.widgets.quiet_layout import OneLineInput
from gpreader.tui.widgets.shown import shown, styled


class Ask(KeptTintMixin, ModalScreen[str | None]):
    """Enter dismisses with the stripped text; Esc with None. `suggestions` complete with →."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("ask")

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        suggestions: Iterable[str] = (),
        hint: str = "Enter confirm · Esc cancel",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.suggestions = list(suggestions)
        self.hint = hint

    def compose(self) -> ComposeResult:
        suggester = (
            SuggestFromList([shown(s) for s in self.suggestions], case_sensitive=False)
            if self.suggestions
            else None
        )
        with Vertical(id="ask-dialog", classes="dialog"):
            yield Static(styled(self.title_text, "bold"), id="ask-title")
            yield OneLineInput(
                shown(self.value), id="ask-input", suggester=suggester, select_on_focus=False
            )
            yield Static(shown(self.hint), classes="hint", markup=False)

    def on_mount(self) -> None:
        """Focus the box with the cursor after the text: nothing selected that a keystroke
        would replace."""
        box = self.query_one(Input)
        box.focus()
        box.cursor_position = len(box.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
