"""The corpus search dialog: results update as you type; Enter opens the chosen passage.

Each search runs in a thread worker with its own AnnotationStore (exclusive: a newer
keystroke cancels the older search, whose results are then dropped), so typing never waits.
Those connections are opened with verify=False: the app's store has already inspected and
migrated the file, and skipping the check makes opening one cheap (under 1 ms against 84 ms on
a 28 MB database), so each search opens its own (sqlite3 connections are per-thread, and
Textual may run each worker on a different thread). Each binds its store to one SearchIndex
(given by the main screen, or made by the first worker), so the vocabulary is loaded once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
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

from gpreader.errors import GPReaderError
from gpreader.models import Coders
from gpreader.search import Hit, SearchIndex
from gpreader.store import AnnotationStore
from gpreader.tui import keys
from gpreader.tui.widgets.quiet_layout import OneLineInput, OwnLines
from gpreader.tui.widgets.shown import assemble, styled

if TYPE_CHECKING:
    from gpreader.tui.screens.main import MainScreen

LIMIT = 50
SETTLE = 0.03  # seconds a search waits for the next keystroke before it runs
HINT = (
    "↑↓ choose · Enter open · ctrl+o open beside · ctrl+k keyword in context · Esc close"
    " · F1 (or ? in an empty box) keys"
)
PLACEHOLDER = 'Search: words (typos ok), "a phrase", tag:PATH in:comments article:TITLE has:note'
SECTIONS = {"title": "title", "body": "body", "comments": "comment", "memo": ""}


@dataclass
class Results(Message):
    """A search finished (posted from the worker thread)."""

    query: str
    hits: list[Hit]
    elapsed_ms: float
    error: str | None = None
    options: list[Option] = field(default_factory=list)  # made by the worker, off the UI thread


class ResultList(OptionList, OwnLines):
    """The results: a new set lays the screen out again only when the scroll bar comes or
    goes (an OptionList's size follows its options; here the dialog sets it)."""


class SearchScreen(ModalScreen[Hit | None]):
    """Search the corpus; dismisses with the chosen Hit, or None."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("search")
    DEFAULT_CSS = """
    SearchScreen { align: center top; background: $background; }
    #search-dialog {
        width: 110; max-width: 98%; height: 92%; margin-top: 1; padding: 1 2;
        background: $surface; border: round $primary;
    }
    #search-input { margin-top: 1; }
    #search-status { color: $text-muted; height: 1; padding: 0 1; }
    #search-results { height: 1fr; border: none; background: $surface; }
    #search-dialog > .hint { margin-top: 0; }
    """

    def __init__(self, db_path: Path, initial: str = "", index: SearchIndex | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.index = index  # whose loaded vocabulary the workers share
        self.initial = initial
        self.last_query = ""  # the query whose results are shown (n / N step through it)
        self.hits: list[Hit] = []
        self._shown: str | None = None  # the exact input those results are for
        self._submitted = False  # Enter came before the results: open the first when they do
        self.beside = False  # the result chosen opens in a new column beside (shift+enter, ctrl+o)
        self.coder: Coders = None  # the workbench's coder view: code filters count its coding
        self.kwic_query: str | None = None  # closed by ctrl+k: the query KWIC is to show
        self._stamp: tuple[int, int] | None = None  # the store's content stamp at reset

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Static(styled("Search the corpus", "bold"), id="search-title")
            yield OneLineInput(self.initial, placeholder=PLACEHOLDER, id="search-input")
            yield Static("", id="search-status")
            yield ResultList(id="search-results")
            yield Static(HINT, classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False
        self._start()

    def reset(
        self,
        initial: str,
        index: SearchIndex | None,
        coder: Coders = None,
        stamp: tuple[int, int] | None = None,
    ) -> None:
        """Show the screen again, as a new one would open: holding `initial` (searched at
        once), nothing chosen; `coder`: the coder view its code filters follow. One search
        screen is composed and shown again: composing a dialog per key took longer than a
        key may take. The results shown when it closed stay, the first chosen, when they are
        for `initial` and the same coders and nothing was written to the store since it last
        opened (`stamp`: the store's content_stamp now); else there are none until the
        search of `initial` is done."""
        same = (initial, coder, stamp) == (self._shown, self.coder, self._stamp)
        keep = same and stamp is not None and bool(initial.strip()) and self.is_mounted
        self._stamp = stamp
        self.initial, self.index, self.coder = initial, index, coder
        if not keep:
            self.last_query, self.hits, self._shown = "", [], None
        self._submitted = self.beside = False
        self.kwic_query = None
        if not self.is_mounted:  # composed from these when first shown
            return
        self.workers.cancel_group(self, "search")
        box = self.query_one(Input)
        with box.prevent(Input.Changed):
            box.value = initial
        box.select_all()  # as focusing a new box does: typing replaces the query held
        if keep:
            results = self.query_one(OptionList)
            results.highlighted = 0 if self.hits else None
            box.focus()
            return
        self.query_one("#search-status", Static).update("", layout=False)
        self.query_one(OptionList).clear_options()
        self._start()

    def _start(self) -> None:
        self.query_one(Input).focus()
        if self.initial.strip():
            self.run_search(self.initial)
        else:
            self._warm()

    @work(thread=True, exclusive=True, group="warm")
    def _warm(self) -> None:
        """Load the vocabulary while the first word is typed (once per index version)."""
        try:
            with AnnotationStore(self.db_path, verify=False) as store:
                self._bind(store).warm()
        except Exception:  # the search itself will report what is wrong
            return

    # -- searching ------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    async def _typed(self, event: Input.Changed) -> None:
        self._submitted = False
        if event.value == "?":  # ? in an empty box: the keys (a query needs no "?")
            event.input.value = ""
            await self.run_action("app.help")
            return
        if not event.value.strip():  # empty: no search
            self.workers.cancel_group(self, "search")
            self._show(Results(event.value, [], 0.0))
            return
        self.query_one("#search-status", Static).update("searching…", layout=False)
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Search in a thread with its own store; drop the results if a newer search began (the
        core search takes no cancel event: a search is short, its results are just dropped)."""
        worker = get_current_worker()
        time.sleep(SETTLE)
        if worker.is_cancelled:
            return
        started = time.perf_counter()
        try:
            with AnnotationStore(self.db_path, verify=False) as store:
                hits = self._bind(store).search(query, limit=LIMIT, coder=self.coder)
        except Exception as exc:  # a failed search is a message, never a crash
            self.post_message(Results(query, [], 0.0, error=str(exc)))
            return
        elapsed = (time.perf_counter() - started) * 1000
        if not worker.is_cancelled:
            self.post_message(Results(query, hits, elapsed, options=[_option(h) for h in hits]))

    def _bind(self, store: AnnotationStore) -> SearchIndex:
        """A SearchIndex over a worker's own store, sharing `self.index`'s caches."""
        if self.index is None:
            self.index = SearchIndex(store)
            return self.index
        return self.index.bind(store)

    @on(Results)
    def _show(self, results: Results) -> None:
        box = self.query_one(Input)
        if results.query != box.value:
            return  # a stale search
        self.hits = results.hits
        self._shown = results.query
        self.last_query = results.query.strip()
        status = self.query_one("#search-status", Static)
        if results.error:
            status.update(styled(f"search failed: {results.error}", "$error"), layout=False)
        elif not results.query.strip():
            status.update("", layout=False)
        else:
            n = len(results.hits)
            more = "+" if n == LIMIT else ""
            status.update(
                f"{n}{more} result{'s' * (n != 1)} · {results.elapsed_ms:.0f} ms", layout=False
            )
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(results.options or [_option(h) for h in results.hits])
        if results.hits:
            options.highlighted = 0
        if self._submitted:
            self._submitted = False
            self.action_open()

    # -- actions --------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_open(self, beside: bool = False) -> None:
        """Open the highlighted result (`beside`: in a new column); if the results are not in
        yet, as soon as they are."""
        self.beside = self.beside or beside
        typed = self.query_one(Input).value
        if typed.strip() and typed != self._shown:
            self._submitted = True
            return
        index = self.query_one(OptionList).highlighted
        if self.hits and index is not None:
            self.dismiss(self.hits[index])

    @on(OptionList.OptionSelected, "#search-results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)

    def action_kwic(self) -> None:
        """Close with the query typed, for the workbench to show its keyword in context
        (tui/screens/kwic.py: open_kwic)."""
        query = self.query_one(Input).value.strip()
        if not query:
            self.notify("Type a search first: ctrl+k shows its keyword in context.", markup=False)
            return
        self.kwic_query = query
        self.dismiss(None)


def _option(hit: Hit) -> Option:
    """Title, section and path on one line; the snippet with matched words on the next."""
    snippet, marks = hit.snippet(150)
    parts: list[str | tuple[str, str]] = []
    at = 0
    for a, b in marks:
        parts += [snippet[at:a], (snippet[a:b], "bold reverse")]
        at = b
    parts.append(snippet[at:])
    head = assemble(
        (hit.title, "bold $accent"),
        ("  " + SECTIONS.get(hit.section, hit.section), "$text-muted"),
        (f"  {hit.via}" if hit.via not in ("text", "memo:project") else "", "italic $text-muted"),
    )
    return Option(assemble(head, "\n", *parts, "\n"))


def open_memo_hit(main: MainScreen, hit: Hit, beside: bool) -> None:
    """Open what a memo hit names: the memo's editor (over its article, for an article's)."""
    from gpreader.tui.screens.analysis_passages import memo_editor

    kind = hit.via.partition(":")[2]
    if kind == "article" and not main.open_article(hit.article, 0, new_column=beside):
        return
    try:
        editor = memo_editor(main.store, kind, hit.note)
    except GPReaderError as exc:
        main.notify(str(exc), severity="error", markup=False)
        return
    main.app.push_screen(editor)
