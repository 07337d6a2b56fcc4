"""Keyword in context (KWIC) in the workbench: the matched words of a search aligned in one
column with their left and right context; `t` codes one hit, `T` codes them all (after a
confirmation, as ONE undoable change), `s` sorts by the left or right words, Enter opens a hit.

The search runs in a thread worker with its own store (exclusive: a newer query drops the
older); coding goes through store/batch_coding.py on the workbench's store, so `u` here or in
the workbench undoes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from gpreader.analysis import kwic as concordance
from gpreader.analysis.kwic import KwicLine
from gpreader.errors import GPReaderError
from gpreader.store import AnnotationStore
from gpreader.store.batch_coding import code_ranges
from gpreader.tui import keys
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.widgets.quiet_layout import OneLineInput
from gpreader.tui.widgets.shown import assemble, shown

if TYPE_CHECKING:
    from gpreader.tui.screens.main import MainScreen

Jump = tuple[str, int]  # article path, offset
LIMIT = 500  # search results read
SORTS = ("rank", "left", "right", "keyword", "article")
HINT = "Enter open · t code the hit · T code all · s sort · u undo · / new search · Esc back"


@dataclass
class LinesRead(Message):
    """The concordance of one query, computed by the worker (or why it could not be)."""

    query: str
    lines: list[KwicLine] = field(default_factory=list)
    error: str | None = None


class KwicScreen(ModalScreen[Jump | None]):
    """A concordance of a search; codes its hits."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("kwic")
    DEFAULT_CSS = """
    KwicScreen { background: $background; }
    #kwic-dialog {
        width: 100%; height: 100%; max-width: 100%; max-height: 100%;
        border: none; padding: 0 1; background: $background;
    }
    #kwic-status { height: 1; }
    #kwic-lines { height: 1fr; border: round $primary; background: $background; }
    """

    def __init__(self, store: AnnotationStore, query: str = "") -> None:
        super().__init__()
        self.store = store
        self.query_text = query.strip()
        self.sort = SORTS[0]
        self.lines: list[KwicLine] = []  # as read, in rank order
        self.shown_lines: list[KwicLine] = []  # as listed, sorted
        self.coded: dict[tuple[str, int, int], tuple[str, ...]] = {}  # tags given here

    def compose(self) -> ComposeResult:
        with Vertical(id="kwic-dialog", classes="dialog"):
            yield OneLineInput(
                self.query_text,
                placeholder="Search, then Enter (the search grammar)",
                id="kwic-query",
            )
            yield Static("", id="kwic-status", markup=False)
            yield OptionList(id="kwic-lines")
            yield Static(HINT, classes="hint", markup=False)

    def on_mount(self) -> None:
        if self.query_text:
            self.run_query(self.query_text)
            self.query_one(OptionList).focus()
        else:
            self.query_one(Input).focus()

    # -- searching ----------------------------------------------------------------------------

    @on(Input.Submitted, "#kwic-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.run_query(event.value.strip())
            self.query_one(OptionList).focus()

    def run_query(self, query: str) -> None:
        self.query_text = query
        self._status("searching…")
        self._read_lines(query, self._context_width())

    def _context_width(self) -> int:
        """Characters of context on each side, so that a line fits the screen."""
        return max(12, min(60, (self.size.width - 40) // 2))

    @work(thread=True, exclusive=True, group="kwic")
    def _read_lines(self, query: str, width: int) -> None:
        """The concordance, with a store of this thread's own."""
        from gpreader.search import SearchIndex

        worker = get_current_worker()
        try:
            with AnnotationStore(self.store.path, verify=False) as store:
                hits = SearchIndex(store).search(query, limit=LIMIT)
            read = LinesRead(query, concordance.kwic(hits, width))
        except GPReaderError as exc:
            read = LinesRead(query, error=str(exc))
        if not worker.is_cancelled:
            self.post_message(read)

    @on(LinesRead)
    def _lines_read(self, read: LinesRead) -> None:
        read.stop()
        if read.query != self.query_text:
            return
        if read.error is not None:
            self._status(read.error)
            return
        self.lines = read.lines
        self._fill()

    def _fill(self, keep: int = 0) -> None:
        self.shown_lines = concordance.sort_lines(self.lines, self.sort)
        width = max((len(line.left) for line in self.shown_lines), default=0)
        listing = self.query_one(OptionList)
        listing.set_options(self._option(line, width) for line in self.shown_lines)
        if self.shown_lines:
            listing.highlighted = min(keep, len(self.shown_lines) - 1)
        self._status()

    def _option(self, line: KwicLine, width: int) -> Option:
        tags = self.coded.get((line.article, line.start, line.end))
        mark = ("  ✓ " + ", ".join(tags), "$success") if tags else ("", "")
        return Option(
            assemble(
                line.left.rjust(width),
                (line.keyword, "bold reverse"),
                line.right,
                (f"  {line.article}:{line.start}", "$text-muted"),
                mark,
            )
        )

    def _status(self, text: str | None = None) -> None:
        if text is None:
            hits = len({line.rank for line in self.lines})
            text = (
                f"KWIC “{self.query_text}”: {len(self.lines)} keyword(s) in {hits} result(s)"
                f" · sorted by {self.sort}"
            )
        self.query_one("#kwic-status", Static).update(shown(text))

    # -- keys ---------------------------------------------------------------------------------

    def _current(self) -> KwicLine | None:
        at = self.query_one(OptionList).highlighted
        return self.shown_lines[at] if at is not None and at < len(self.shown_lines) else None

    @on(OptionList.OptionSelected, "#kwic-lines")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        line = self.shown_lines[event.option_index]
        self.dismiss((line.article, line.start))

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._fill()

    def action_query(self) -> None:
        box = self.query_one(Input)
        box.focus()
        box.select_all()

    def action_code(self) -> None:
        """The tag picker for the hit on the cursor; the tags chosen code its keyword."""
        line = self._current()
        if line is None:
            self.notify("No hit to code: search first.", markup=False)
            return
        self._pick(line.keyword, lambda paths: self._code([line], paths))

    def action_code_all(self) -> None:
        """Pick tags, confirm, and code every keyword listed with them as one change."""
        lines = list(self.shown_lines)
        if not lines:
            self.notify("No hits to code: search first.", markup=False)
            return

        def confirm(paths: list[str]) -> None:
            title = f"Code all {len(lines)} hit(s) with {', '.join(paths)}? (u undoes it all)"
            options = [("no", "Cancel"), ("yes", f"Code all {len(lines)} hit(s)")]

            def answered(choice: str | None) -> None:
                if choice == "yes":
                    self._code(lines, paths)

            self.app.push_screen(ChoiceDialog(title, options), answered)

        self._pick(f"all {len(lines)} hits of “{self.query_text}”", confirm)

    def _pick(self, target: str, then: Callable[[list[str]], None]) -> None:
        try:
            tags = self.store.tags()
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def chosen(paths: list[str] | None) -> None:
            if paths:
                then(paths)

        self.app.push_screen(TagPicker(tags, target=target), chosen)

    def _code(self, lines: list[KwicLine], paths: list[str]) -> None:
        ranges = [(line.article, line.start, line.end) for line in lines]
        try:
            what = f"KWIC hit(s) of “{self.query_text}”"
            coded = code_ranges(self.store, ranges, paths, what)
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        for key in ranges:
            self.coded[key] = tuple(dict.fromkeys([*self.coded.get(key, ()), *paths]))
        self._fill(self.query_one(OptionList).highlighted or 0)
        self.notify(
            f"{coded.made} highlight(s) made, {coded.tagged} tagged, {coded.unchanged} had the"
            " tags already · u undoes",
            markup=False,
        )

    def action_undo(self) -> None:
        try:
            outcome = self.store.undo()
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if outcome is None:
            self.notify("Nothing to undo.", markup=False)
            return
        self.coded.clear()  # what is coded now is the store's to say
        self._fill(self.query_one(OptionList).highlighted or 0)
        self.notify(f"Undone: {outcome}", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


def open_kwic(main: MainScreen, query: str) -> None:
    """The keyword in context of `query` over the workbench (ctrl+k on the search screen);
    a hit opened there opens in the focused column."""

    def jump(target: Jump | None) -> None:
        main.reload_highlights()  # hits may have been coded
        if target is None or not main.open_article(*target):
            return
        if main.active is not None:
            main.landed(main.active.reader, target[1])

    main.app.push_screen(KwicScreen(main.store, query), jump)
