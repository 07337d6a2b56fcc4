"""The note dialog: a multi-line note on a highlight. It stays open, with the text typed, if
saving fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from gpreader import reading
from gpreader.tui import keys
from gpreader.tui.screens.kept import Kept, kept
from gpreader.tui.screens.tint import KeptTintMixin
from gpreader.tui.widgets.shown import assemble, shown, styled

HINT = "Ctrl+S save · Esc cancel · an empty note removes it"
NOTE = "note"  # the name the note dialog is kept under


def note_dialog(
    app: App[Any], initial: str, *, quote: str, save: Callable[[str], str | None]
) -> NoteDialog:
    """The note dialog for a passage: one is composed and shown again (see kept)."""

    def make() -> NoteDialog:
        return NoteDialog(initial, quote=quote, save=save)

    dialog = kept(app, NOTE, NoteDialog, make)
    dialog.reset(initial, quote=quote, save=save)
    return dialog


class NoteDialog(KeptTintMixin, Kept, ModalScreen[str | None]):
    """Edit a note; `save(text)` stores it and returns None, or an error message to show."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("note")

    def __init__(self, initial: str, *, quote: str, save: Callable[[str], str | None]) -> None:
        super().__init__()
        self.initial = shown(initial)  # a stored note may hold escape codes
        self.quote = quote
        self.save = save
        self._confirm_discard = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(self._target_line(), id="note-target")
            yield TextArea(self.initial, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Static(HINT, id="note-hint", classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="note-save", compact=True)
                yield Button("Cancel", id="note-cancel", compact=True)

    def _target_line(self) -> Content:
        return assemble(("Note on ", "bold"), (f"“{reading.clip(self.quote, 110)}”", "italic"))

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def reset(self, initial: str, *, quote: str, save: Callable[[str], str | None]) -> None:
        """Show the dialog again for another passage, as a new one would open: its note in
        the box, the cursor at the end, the hint plain."""
        self.initial, self.quote, self.save = shown(initial), quote, save
        self._confirm_discard = False
        if not self.is_mounted:  # composed from these when first shown
            return
        self.query_one("#note-target", Static).update(self._target_line())
        self.query_one("#note-hint", Static).update(HINT)
        area = self.query_one(TextArea)
        with area.prevent(TextArea.Changed):
            area.load_text(self.initial)
        area.scroll_home(animate=False, immediate=True)
        self.on_mount()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        error = self.save(self.text.strip())
        if error:
            self._hint(f"Not saved: {error}. Your text is still here; try again.", "bold $error")
            return
        self.dismiss(self.text.strip())

    def action_cancel(self) -> None:
        if self.text.strip() != self.initial.strip() and not self._confirm_discard:
            self._confirm_discard = True
            self._hint("Unsaved changes: Esc again discards them, Ctrl+S saves.", "bold $warning")
            return
        self.dismiss(None)

    def _hint(self, message: str, style: str) -> None:
        self.query_one("#note-hint", Static).update(styled(message, style))

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(TextArea.Changed)
    def _edited(self) -> None:
        if self._confirm_discard:
            self._confirm_discard = False
            self.query_one("#note-hint", Static).update(HINT)
