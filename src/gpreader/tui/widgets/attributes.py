"""The attributes panel (`a`): the focused article's attributes, and a line to edit them.

`key=value` sets one as yours (2024-02-07 is a date, 12 a number, else text), `key=` removes
it; what the importer found is shown plain, what you set is marked. Esc closes.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from gpreader.errors import GPReaderError
from gpreader.store import AnnotationStore
from gpreader.store.attributes import typed_value
from gpreader.tui import keys
from gpreader.tui.kept_screen import Kept
from gpreader.tui.widgets.quiet_layout import OneLineInput
from gpreader.tui.widgets.shown import assemble, shown, styled

ATTRIBUTES = "attributes"  # the name the panel is kept under
HINT = "key=value sets (yours win over the importer's) · key= removes · Esc closes"


class AttributesPanel(Kept, ModalScreen[bool]):
    """One article's attributes, editable from one input line; dismissed with whether any
    changed (the library then reads its attribute columns again)."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("attributes")

    DEFAULT_CSS = """
    AttributesPanel { align: center middle; }
    AttributesPanel #attributes-dialog {
        width: 80%; max-width: 100; height: auto; max-height: 80%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    AttributesPanel #attributes-list { height: auto; max-height: 20; }
    AttributesPanel #attributes-hint { color: $text-muted; }
    """

    def __init__(self, store: AnnotationStore, path: str) -> None:
        super().__init__()
        self.store = store
        self.path = path
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="attributes-dialog"):
            yield Static(self._title(), id="attributes-title")
            with VerticalScroll(id="attributes-list"):
                yield Static("", id="attributes-rows", markup=False)
            yield OneLineInput(placeholder="key=value", id="attributes-input", validate_on=())
            yield Static(HINT, id="attributes-hint", markup=False)

    def _title(self) -> Content:
        return assemble(("Attributes of ", "bold"), (self.path, "italic"))

    def on_mount(self) -> None:
        self.show_rows()
        self.query_one(Input).focus()

    def reset(self, path: str) -> None:
        """Show the panel again, for `path`, as a new one would open: its attributes read
        again, the line empty, the hint plain. One panel is composed and shown again."""
        self.path = path
        self.changed = False
        if not self.is_mounted:  # composed from these when first shown
            return
        self.query_one("#attributes-title", Static).update(self._title())
        box = self.query_one(Input)
        with box.prevent(Input.Changed):
            box.value = ""
        self.query_one("#attributes-hint", Static).update(HINT)
        self.query_one("#attributes-list", VerticalScroll).scroll_home(animate=False)
        self.on_mount()

    def show_rows(self) -> None:
        """Read the article's attributes again and show them."""
        try:
            found = self.store.attributes(self.path)
        except GPReaderError as exc:
            self._hint(str(exc), "bold $error")
            return
        width = max([len(a.key) for a in found] + [4])
        lines = [
            f"{a.key:<{width}}  {' '.join(shown(a.value).split())}"
            + ("  (set by you)" if a.origin == "user" else "")
            for a in found
        ]
        self.query_one("#attributes-rows", Static).update("\n".join(lines) or "(none yet)")

    @on(Input.Submitted, "#attributes-input")
    def _submitted(self, event: Input.Submitted) -> None:
        key, sep, value = event.value.partition("=")
        if not sep or not key.strip():
            self._hint("Type key=value to set, key= to remove.", "bold $warning")
            return
        try:
            if value.strip():
                self.store.set_attribute(self.path, key, typed_value(value))
                done = f"Set {key.strip()}."
            elif self.store.delete_attribute(self.path, key):
                done = f"Removed {key.strip()}."
            else:
                done = f"There is no {key.strip()} to remove."
        except GPReaderError as exc:
            self._hint(f"Not saved: {exc}", "bold $error")
            return
        self.changed = True
        event.input.value = ""
        self._hint(done, "")
        self.show_rows()

    def action_close(self) -> None:
        self.dismiss(self.changed)

    def _hint(self, message: str, style: str) -> None:
        self.query_one("#attributes-hint", Static).update(styled(message, style))
