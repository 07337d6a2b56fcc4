"""How a reader gets a big article on screen without blocking the UI thread: a thread worker
reads and prepares it (see prepared.py) while the reader says "Loading…" and keeps the keys
pressed on it, to press them again once it is shown; a new width is wrapped in a worker while
the old layout stays shown; and a replaced big article is freed in a worker.

Workers here are given a description: Textual's default is the repr of every argument, which
for a 5 MB article takes seconds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.geometry import Size

from gpreader import reading
from gpreader.errors import Cancelled
from gpreader.models import Article, Highlight
from gpreader.tui import memory
from gpreader.tui.widgets.layout import Layout
from gpreader.tui.widgets.prepared import (
    SYNC_CHARS,
    ArticlePrepared,
    LayoutPrepared,
    Prepared,
    prepare,
    release,
    wrap,
)

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    _Host = ScrollView  # the checker sees the Reader this is mixed into
else:
    _Host = object

MAX_QUEUED = 64  # keys kept while an article loads, replayed once it is shown
REPLAY_GAP = 0.1  # seconds between replayed keys (time for each to be handled first)
REPLAY_WAITS = 20  # gaps to wait at most for a dialog to take focus
# Screen keys that act on the reader's article: kept while it loads, like the reader's own.
QUEUED_IDS = frozenset(
    {"code.tag", "code.highlight", "code.note", "code.untag", "code.delete"}
    | {f"code.quick{n}" for n in range(1, 10)}
    | {"main.search_next", "main.search_prev"}
)


@dataclass(frozen=True)
class Pending:
    """An article being prepared in a worker: the cursor goes on the unit holding `offset`, or
    (a reload) on unit `index`."""

    path: str
    offset: int | None
    index: int | None = None


class LoadingMixin(_Host):
    """Mixed into Reader, which provides the attributes below. Its message handlers are named
    `on_…` so that Textual finds them on this plain mixin."""

    article: Article | None
    blocks: list[reading.Block]
    units: list[reading.Range]
    _ustarts: list[int]
    _uends: list[int]
    highlights: list[Highlight]
    _placed: list[Highlight]
    cursor: int
    anchor_unit: int | None
    selection: tuple[int, int] | None
    word: reading.Range | None
    anchor_word: reading.Range | None
    _word_hint: int | None
    text_layout: Layout | None
    _layouts: dict[int, Layout]
    pending: Pending | None
    _ticket: int
    _cancel: threading.Event
    _wrapping: int | None
    _queued: list[tuple[str, str | None]]
    _replay_ticket: int
    _graveyard: list[list[Any]]  # big models let go of, waiting for a worker to free them

    if TYPE_CHECKING:

        def _relayout(self) -> None: ...
        def _measure(self) -> int | None: ...
        def _changed(self, center: bool = False) -> None: ...
        def _loaded(self) -> None: ...
        def _load_failed(self, path: str, error: str) -> None: ...

    def request(self, database: Path, path: str, offset: int | None = None) -> None:
        """Show `path`, read and prepared in a thread worker on a connection of its own: the
        reader says "Loading…" meanwhile, and keeps the keys pressed on it to replay once the
        article is shown."""
        self._supersede()
        self._clear()
        self.pending = Pending(path, offset)
        ticket, cancel = self._ticket, self._cancel
        self.refresh()
        # The width is known once the column has been laid out (it may have just appeared).
        self.call_after_refresh(lambda: self._start_prepare(ticket, database, path, cancel))

    def unload(self) -> None:
        """Show nothing (the column was closed)."""
        self._supersede()
        self._clear()

    def _supersede(self) -> None:
        """Stop the workers of the load in progress and forget the keys kept for it."""
        self._cancel.set()
        self._cancel = threading.Event()
        self._ticket += 1
        self.pending, self._wrapping, self._queued = None, None, []

    def _clear(self) -> None:
        self._let_go()
        self.highlights, self._placed = [], []
        self.cursor, self.selection, self.anchor_unit = -1, None, None
        self.word, self.anchor_word = None, None
        self.virtual_size = Size(0, 0)
        self.refresh()

    def _let_go(self) -> None:
        """Forget the article's model; a big one is freed in a worker (see prepared.release)."""
        old: list[Any] = [self.article, self.blocks, self.units, self._ustarts, self._uends]
        old.append(self._layouts)  # the layout shown is one of them
        big = self.article is not None and len(self.article.text) > SYNC_CHARS
        self.article, self.text_layout, self._layouts = None, None, {}
        self.blocks, self.units, self._ustarts, self._uends = [], [], [], []
        if big:
            self._discard(old)

    def _discard(self, old: list[Any]) -> None:
        """Have `old` (the last references to a big article's model) freed in a worker."""
        self._graveyard.append(old)
        self._release(self._graveyard)

    @work(thread=True, exclusive=True, group="reader-release", description="free an article")
    def _release(self, graveyard: list[list[Any]]) -> None:
        """Free what was discarded, off the UI thread: everything in `graveyard`, so that a
        worker cancelled by a newer one before it ran leaves nothing behind."""
        while graveyard:
            try:
                old = graveyard.pop()
            except IndexError:  # another of these workers took the last one
                return
            release(old)

    def _install(self, prepared: Prepared, offset: int | None, index: int | None = None) -> None:
        """Show a prepared article (the highlights already set for it are placed on it)."""
        self._let_go()
        article = prepared.article
        self.article, self.blocks, self.units = article, prepared.blocks, prepared.units
        self._ustarts, self._uends = prepared.starts, prepared.ends
        self._placed = reading.drawable(self.highlights, len(article.text))
        self.selection, self.anchor_unit = None, None
        self.word, self.anchor_word, self._word_hint = None, None, offset
        if prepared.layout is not None and prepared.measure is not None:
            self._layouts[prepared.measure] = prepared.layout
        self.cursor = reading.unit_at(self._ustarts, self._uends, offset or 0)
        if index is not None and self.units:
            self.cursor = max(0, min(index, len(self.units) - 1))
        self.scroll_to(y=0, animate=False, immediate=True)
        self._relayout()
        self._changed(center=offset is not None or index is not None)

    def _start_prepare(
        self, ticket: int, database: Path, path: str, cancel: threading.Event
    ) -> None:
        if ticket == self._ticket and self.pending is not None:
            self._prepare(ticket, database, path, self._measure(), cancel)

    @work(thread=True, exclusive=True, group="reader-load", description="read an article")
    def _prepare(
        self,
        ticket: int,
        database: Path,
        path: str,
        measure: int | None,
        cancel: threading.Event,
    ) -> None:
        """Read and prepare the article (never touches a widget: posts ArticlePrepared)."""
        try:
            prepared = prepare(database, path, measure, cancel)
        except Cancelled:
            return
        except Exception as exc:  # a failed read must not end the session: it is reported
            if not cancel.is_set():
                self.post_message(ArticlePrepared(ticket, None, str(exc)))
            return
        if not cancel.is_set():
            self.post_message(ArticlePrepared(ticket, prepared))

    def on_article_prepared(self, message: ArticlePrepared) -> None:
        message.stop()
        pending, prepared = self.pending, message.prepared
        if message.ticket != self._ticket or pending is None:  # superseded by a newer load
            if prepared is not None:
                self._discard([prepared.article, prepared.units, prepared.layout])
            return
        self.pending = None
        if prepared is None:
            self._queued = []  # keys meant for an article that will not be shown
            self._load_failed(pending.path, message.error or "failed")
            return
        self._install(prepared, pending.offset, pending.index)
        memory.settle()  # the big model lives until another article replaces it
        self._loaded()
        self._replay_ticket = self._ticket
        self._replay(self._queued)
        self._queued = []

    def _replay(self, keys: list[tuple[str, str | None]], waited: int = 0) -> None:
        """Press the kept keys again, in order, a few hundredths of a second apart, and each
        once the screen in front has focus (a key may open a dialog the next ones type into)."""
        if not keys or self._ticket != self._replay_ticket or not self.is_attached:
            return
        screen = self.app.screen
        if (not screen.is_mounted or screen.focused is None) and waited < REPLAY_WAITS:
            self.app.set_timer(REPLAY_GAP, lambda: self._replay(keys, waited + 1))
            return
        key, character = keys[0]
        self.app.post_message(events.Key(key, character))
        self.app.set_timer(REPLAY_GAP, lambda: self._replay(keys[1:]))

    def keep_key(self, event: events.Key) -> bool:
        """While an article loads, keep the keys that act on it (see QUEUED_IDS), and every key
        after the first one kept, to press them again once it is shown (True: kept). The app's
        type-ahead asks this before it runs a key's binding."""
        if self.pending is None or not (self._queued or self._acts_on_article(event.key)):
            return False
        if len(self._queued) < MAX_QUEUED:
            self._queued.append((event.key, event.character))
        else:
            self.app.bell()
        return True

    def on_key(self, event: events.Key) -> None:
        if self.keep_key(event):
            event.stop()
            event.prevent_default()

    def _acts_on_article(self, key: str) -> bool:
        active = self.screen.active_bindings.get(key)
        if active is None:
            return False
        return active.node is self or (active.binding.id or "") in QUEUED_IDS

    def _wrap_soon(self, measure: int) -> None:
        if self._wrapping == measure or self.article is None:
            return
        self._wrapping = measure
        self._wrap(self._ticket, self.article, self.blocks, measure, self._cancel)
        self.refresh()

    @work(thread=True, exclusive=True, group="reader-wrap", description="wrap an article")
    def _wrap(
        self,
        ticket: int,
        article: Article,
        blocks: list[reading.Block],
        measure: int,
        cancel: threading.Event,
    ) -> None:
        """Wrap the article to a new width (never touches a widget: posts LayoutPrepared)."""
        layout = wrap(article, blocks, measure)
        if not cancel.is_set():
            self.post_message(LayoutPrepared(ticket, measure, layout))

    def on_layout_prepared(self, message: LayoutPrepared) -> None:
        message.stop()
        if message.ticket != self._ticket or self.article is None:
            self._discard([message.layout])
            return
        if self._wrapping == message.measure:
            self._wrapping = None
        self._layouts[message.measure] = message.layout
        memory.settle()
        self._relayout()  # uses it if the width is still the same, else wraps again

    def on_unmount(self) -> None:
        self._cancel.set()
