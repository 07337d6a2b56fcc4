"""What the analysis screen opens: the passages behind a number (Enter opens one in the reader),
and the memo editor (a multi-line text on the project, an article or a tag)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from gpreader import reading
from gpreader.errors import GPReaderError
from gpreader.models import Highlight
from gpreader.store import AnnotationStore
from gpreader.tui import keys
from gpreader.tui.screens.note import HINT as NOTE_HINT
from gpreader.tui.screens.note import NoteDialog
from gpreader.tui.widgets.shown import assemble, shown

Jump = tuple[str, int]  # article path, offset
MOST = 500  # passages listed at most (the count says how many there are)


def passage_option(h: Highlight) -> Option:
    """A passage: its article's title, where, its tags, and the text clipped."""
    where = f"{h.title or h.article} · {h.article} {h.start}-{h.end}"
    quote = f"“{reading.clip(h.exact, 150)}”"
    prompt = assemble((where, "bold"), ("  " + ", ".join(h.tags), "$text-muted"), "\n", quote)
    return Option(prompt, id=h.id)


class PassagesScreen(ModalScreen[Jump | None]):
    """The passages counted in one cell, in reading order; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("passages")
    DEFAULT_CSS = """
    PassagesScreen { background: $background; }
    #passages-dialog {
        width: 100%; height: 100%; max-width: 100%; max-height: 100%;
        border: none; padding: 0 1; background: $background;
    }
    #passages-title { height: 1; }
    #passages-list { height: 1fr; border: round $primary; background: $background; }
    #passages-list > .option-list--option { padding: 0 1; }
    """

    def __init__(self, store: AnnotationStore, ids: list[str], title: str) -> None:
        super().__init__()
        self.store = store
        self.ids = ids
        self.title_text = title
        self.passages: list[Highlight] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="passages-dialog", classes="dialog"):
            yield Static("", id="passages-title", markup=False)
            yield OptionList(id="passages-list")
            yield Static("Enter open · j/k move · Esc back", classes="hint", markup=False)

    def on_mount(self) -> None:
        try:
            self.passages = self.store.highlights(ids=self.ids[:MOST]) if self.ids else []
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
        more = f" (the first {MOST} listed)" if len(self.ids) > MOST else ""
        title = f"{shown(self.title_text)}: {len(self.ids)} passage(s){more}"
        self.query_one("#passages-title", Static).update(title)
        listing = self.query_one(OptionList)
        listing.set_options(passage_option(h) for h in self.passages)
        listing.focus()
        if self.passages:
            listing.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        found = next((h for h in self.passages if h.id == event.option.id), None)
        if found is not None:
            self.dismiss((found.article, found.start))

    def action_cursor(self, step: int) -> None:
        listing = self.query_one(OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)


class MemoDialog(NoteDialog):
    """The note dialog's editor, for a memo: Ctrl+S saves, an empty memo removes it."""

    def __init__(self, initial: str, *, target: str, save: Callable[[str], str | None]) -> None:
        super().__init__(initial, quote=target, save=save)

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(assemble(("Memo on ", "bold"), (self.quote, "italic")), id="note-target")
            yield TextArea(self.initial, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Static(
                NOTE_HINT.replace("note", "memo"), id="note-hint", classes="hint", markup=False
            )
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="note-save", compact=True)
                yield Button("Cancel", id="note-cancel", compact=True)


def memo_editor(store: AnnotationStore, kind: str, target: str) -> MemoDialog:
    """An editor of the memo on the project, an article or a tag, saving into `store`
    (GPReaderError if the memo cannot be read)."""
    current = store.memo(kind, target)

    def save(text: str) -> str | None:
        try:
            store.set_memo(kind, target, text)
        except GPReaderError as exc:
            return str(exc)
        return None

    label = "the project" if kind == "project" else f"{kind} {target}"
    return MemoDialog(current.text if current else "", target=label, save=save)
