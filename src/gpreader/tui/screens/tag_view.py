"""The tag view: every passage with a tag across the corpus, grouped by article, with a little
context, the tag's description and the commenter of passages in reader comments; Enter jumps to
the passage in a reading column. `/` opens a filter box: a query in the search grammar
(`tag:A near:2 tag:B`, `coder:ann`, `attr:`, words…, evaluated by retrieval by code,
search/codes.py) narrows the listed passages to those it selects; Esc in the box clears it.

The screen shows at once: a tag's passages are read by a thread worker with its own store
(exclusive: moving on to another tag drops the older read) and kept while the view is open, and
they are added to the list a page at a time as the cursor nears the end, since the list measures
every option it is given.
"""

from __future__ import annotations

import sqlite3
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from gpreader.errors import GPReaderError
from gpreader.models import Coders, Tag
from gpreader.store import AnnotationStore
from gpreader.tui import keys
from gpreader.tui.kept_screen import Kept
from gpreader.tui.messages import CodebookChanged
from gpreader.tui.screens.tag_view_items import (
    PAGE,
    PassagesRead,
    heading,
    read_passages,
    tag_option,
)
from gpreader.tui.widgets.quiet_layout import OneLineInput
from gpreader.tui.widgets.shown import styled

Jump = tuple[str, int]  # article path, offset
TAG_VIEW = "tag view"  # the name the tag view is kept under


class PassageList(OptionList):
    """The passages of the chosen tag; Enter before they are read opens the first one once
    they are."""

    reading = False
    pending_select = False

    def action_select(self) -> None:
        if self.reading:
            self.pending_select = True
            return
        super().action_select()


class TagViewScreen(Kept, ModalScreen[Jump | None]):
    """Tags on the left, their passages on the right."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("tagview")

    def __init__(
        self, store: AnnotationStore, tag: str | None = None, coder: Coders = None
    ) -> None:
        super().__init__()
        self.store = store
        self.coder = coder  # only this coder's passages (the workbench's `c`)
        self.initial = tag
        self.tags: list[Tag] = []
        self.current: str | None = None
        self._jumps: dict[str, Jump] = {}
        self.beside = False  # the passage chosen opens in a new column beside (O, shift+enter)
        self._read: dict[str, PassagesRead] = {}  # tag -> its passages (unfiltered: kept)
        self._read_at: dict[str, tuple[int, int]] = {}  # tag -> the store's content stamp then
        self._unshown: list[Option] = []  # the current tag's options not added yet
        self.filter = ""  # the query narrowing the passages ("": none)
        self._matching: frozenset[str] | None = None  # the ids `filter` selects, once read

    def compose(self) -> ComposeResult:
        with Vertical(id="tagview-dialog", classes="dialog"):
            yield Static(styled("Tag view", "bold"), id="tagview-title")
            with Horizontal(id="tagview-body"):
                with Vertical(id="tagview-tags"):
                    yield OptionList(id="tagview-tag-list")
                with Vertical(id="tagview-passages"):
                    yield OneLineInput(
                        placeholder="Filter: tag:A near:2 tag:B, coder:NAME, attr:, words…",
                        id="tagview-filter",
                    )
                    yield Static("", id="tagview-heading", markup=False)
                    yield PassageList(id="tagview-passage-list")
            yield Static(
                "Enter open · O beside · Tab ⇄ · / filter · 1-9 key · "
                "r rename · M merge · d delete · c colour · D describe · Esc",
                classes="hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#tagview-filter", Input).display = False  # until / asks for it
        self._load_tags()
        tag_list = self.query_one("#tagview-tag-list", OptionList)
        tag_list.focus()
        if not self.tags:
            self._show(None)

    def reset(self, tag: str | None, coder: Coders) -> None:
        """Show the view again as a new one would open: the tags read again, `tag` (or the
        first) chosen, its passages as a new view would read them, the tag list focused. One
        tag view is composed and shown again: composing it per key took longer than a key
        may take. Passages read while the view was last open are shown again at once when
        nothing was written to the store since they were asked for (its content_stamp), for
        the same coders and no filter; else they are read afresh."""
        now = self._stamp()
        if coder != self.coder or self.filter or now is None:
            self._read.clear()
        else:
            self._read = {t: r for t, r in self._read.items() if self._read_at.get(t) == now}
        self.initial, self.coder = tag, coder
        self.current = None
        self._jumps, self._unshown = {}, []
        self.beside = False
        self.filter, self._matching = "", None
        if not self.is_mounted:  # composed from these when first shown
            return
        box = self.query_one("#tagview-filter", Input)
        with box.prevent(Input.Changed):
            box.value = ""
        box.display = False
        self.workers.cancel_group(self, "tag-passages")
        self._load_tags()
        tag_list = self.query_one("#tagview-tag-list", OptionList)
        tag_list.focus()
        index = tag_list.highlighted
        option = tag_list.get_option_at_index(index) if index is not None else None
        self._show(option.id if option is not None and option.id else None)

    def reload(self, select: str | None) -> None:
        """After a codebook change: list the tags again with `select` (or the first) chosen,
        show its passages, and tell the app (which reloads the reading columns behind)."""
        self.current = None
        self.initial = select
        self._read.clear()
        self._load_tags()
        tag_list = self.query_one("#tagview-tag-list", OptionList)
        index = tag_list.highlighted
        option = tag_list.get_option_at_index(index) if index is not None else None
        self._show(option.id if option is not None and option.id else None)
        self.post_message(CodebookChanged())

    def action_codebook(self, change: str) -> None:
        from gpreader.tui.screens import codebook

        codebook.CHANGES[change](self)

    def _load_tags(self) -> None:
        try:
            self.tags = self.store.tags()
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.tags = []
        tag_list = self.query_one("#tagview-tag-list", OptionList)
        keep = self.current or self.initial
        if not self.tags:
            tag_list.set_options([Option(styled("No tags yet.", "$text-muted"), disabled=True)])
            return
        parents = {t.parent for t in self.tags if t.parent}
        tag_list.set_options(tag_option(t, t.path in parents) for t in self.tags)
        paths = [t.path for t in self.tags]
        tag_list.highlighted = paths.index(keep) if keep in paths else 0

    @on(OptionList.OptionHighlighted, "#tagview-tag-list")
    def _tag_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.current:
            self._show(event.option.id)

    def _show(self, tag: str | None) -> None:
        """Show `tag`'s passages: at once when they were read before, else when the worker
        has read them."""
        self.current = tag
        passages = self.query_one(PassageList)
        passages.clear_options()
        self._jumps, self._unshown = {}, []
        if tag is None:
            passages.reading = passages.pending_select = False
            self.workers.cancel_group(self, "tag-passages")
            self.query_one("#tagview-heading", Static).update(
                "Tag passages with t in the reader; they are listed here."
            )
            return
        if tag in self._read:
            self._fill(self._read[tag])
            return
        passages.reading = True
        self._heading(tag, None)
        stamp = self._stamp()
        if stamp is not None:
            self._read_at[tag] = stamp
        self._read_passages(tag, self.filter, self._matching)

    def _stamp(self) -> tuple[int, int] | None:
        """The store's content stamp now (None: unreadable, nothing kept)."""
        try:
            return self.store.content_stamp()
        except (GPReaderError, sqlite3.Error):
            return None

    @work(thread=True, exclusive=True, group="tag-passages")
    def _read_passages(self, tag: str, query: str, matching: frozenset[str] | None) -> None:
        """Read `tag`'s passages (narrowed by `query`) with a store of this thread's own."""
        worker = get_current_worker()
        try:
            with AnnotationStore(self.store.path, verify=False) as store:
                read = read_passages(store, tag, self.coder, query, matching)
        except GPReaderError as exc:
            read = PassagesRead(tag, [], error=str(exc), query=query)
        if not worker.is_cancelled:
            self.post_message(read)

    @on(PassagesRead)
    def _passages_read(self, read: PassagesRead) -> None:
        read.stop()
        if read.query != self.filter:
            return  # read for a filter since changed
        if read.error is not None:
            self.notify(read.error, severity="error", markup=False)
        else:
            self._read[read.tag] = read
            self._matching = read.matching
        if read.tag == self.current:
            self._fill(read)

    # -- the filter -------------------------------------------------------------------------

    def action_filter(self) -> None:
        """`/`: show the filter box and focus it."""
        box = self.query_one("#tagview-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#tagview-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.set_filter(event.value)
        passages = self.query_one(PassageList)
        passages.focus()

    def set_filter(self, query: str) -> None:
        """Narrow the passages to those `query` selects ("": every passage of the tag)."""
        query = query.strip()
        if query == self.filter:
            return
        self.filter, self._matching = query, None
        self._read.clear()
        tag, self.current = self.current, None
        self._show(tag)

    def action_close(self) -> None:
        """Esc: in the filter box, clear the filter and leave the box; else close the view."""
        box = self.query_one("#tagview-filter", Input)
        if box.has_focus:
            with box.prevent(Input.Changed):
                box.value = ""
            box.display = False
            self.set_filter("")
            self.query_one(PassageList).focus()
            return
        self.dismiss(None)

    def _fill(self, read: PassagesRead) -> None:
        passages = self.query_one(PassageList)
        self._heading(read.tag, read)
        self._jumps = {
            p.highlight.id: (p.highlight.article, p.highlight.start)
            for g in read.groups
            for p in g.passages
        }
        self._unshown = list(read.options)
        self._add_page()
        pending, passages.reading, passages.pending_select = passages.pending_select, False, False
        if passages.has_focus and passages.highlighted is None:
            passages.action_cursor_down()
            if pending and passages.highlighted is not None:
                passages.action_select()

    def _heading(self, path: str, read: PassagesRead | None) -> None:
        tag = next((t for t in self.tags if t.path == path), None)
        self.query_one("#tagview-heading", Static).update(heading(tag, path, read))

    def _add_page(self) -> None:
        page, self._unshown = self._unshown[:PAGE], self._unshown[PAGE:]
        if page:
            self.query_one(PassageList).add_options(page)

    @on(OptionList.OptionHighlighted, "#tagview-passage-list")
    def _passage_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._unshown and event.option_index >= event.option_list.option_count - 4:
            self._add_page()

    @on(OptionList.OptionSelected, "#tagview-tag-list")
    def _tag_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_switch()

    @on(OptionList.OptionSelected, "#tagview-passage-list")
    def _passage_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        found = self.store.highlight(event.option.id) if event.option.id else None
        if found is not None and found.status == "orphaned":
            self.notify(
                "This passage is orphaned: its text is no longer in the article.", markup=False
            )
            self.beside = False
            return
        if event.option.id in self._jumps:
            self.dismiss(self._jumps[event.option.id])
        else:
            self.beside = False

    def action_open_beside(self) -> None:
        """Open the highlighted passage in a new column beside the focused one."""
        passages = self.query_one("#tagview-passage-list", OptionList)
        index = passages.highlighted
        if not passages.has_focus or index is None:
            self.notify("Choose a passage first (Tab moves to the passages).", markup=False)
            return
        self.beside = True
        passages.action_select()

    def action_switch(self) -> None:
        tags = self.query_one("#tagview-tag-list", OptionList)
        passages = self.query_one(PassageList)
        target = passages if tags.has_focus else tags
        target.focus()
        if target is passages and passages.highlighted is None and passages.option_count:
            passages.action_cursor_down()

    def action_cursor(self, step: int) -> None:
        """j / k: the focused list's cursor down or up."""
        focused = self.focused
        if isinstance(focused, OptionList):
            if step > 0:
                focused.action_cursor_down()
            else:
                focused.action_cursor_up()

    def action_quick(self, key: int) -> None:
        if not self.query_one("#tagview-tag-list", OptionList).has_focus or self.current is None:
            return
        try:
            self.store.update_tag(self.current, quick_key=key or None)
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(
            f"{self.current}: quick key {key}" if key else f"{self.current}: no quick key",
            timeout=3,
            markup=False,
        )
        self._load_tags()
        self.post_message(CodebookChanged())  # the legend and the reader's colours follow
