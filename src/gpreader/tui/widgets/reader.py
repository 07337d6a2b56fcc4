"""The reader: one article drawn lazily (Line API), a sentence cursor with a word cursor inside it,
a selection, highlights."""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView

from gpreader import reading, words
from gpreader.models import Article, Highlight
from gpreader.text import trim_range
from gpreader.tui import keys
from gpreader.tui.jumps import JumpedFrom
from gpreader.tui.widgets.layout import Layout
from gpreader.tui.widgets.prepared import (
    SYNC_CHARS,
    model,
    wrap,
)
from gpreader.tui.widgets.quiet_layout import OwnLines
from gpreader.tui.widgets.reader_drawing import (
    GUTTER,
    MARK_ONE,
    MARK_OVERLAP,
    UNTAGGED,
    DrawingMixin,
    coded_mark,
)
from gpreader.tui.widgets.reader_loading import LoadingMixin, Pending
from gpreader.tui.widgets.word_cursor import WordCursor

MEASURE = 100  # longest line, in cells: long lines are hard to read
KEPT_LAYOUTS = 3  # layouts of the open article kept, by width (panels shown and hidden)
SCROLL_OFF = 2  # lines kept visible around the cursor
__all__ = ["GUTTER", "MARK_ONE", "MARK_OVERLAP", "UNTAGGED", "Reader", "coded_mark"]


class Reader(LoadingMixin, WordCursor, DrawingMixin, ScrollView, OwnLines, can_focus=True):
    """An article with a reading cursor (a sentence, and a word in it) and an optional selection."""

    ALLOW_SELECT = False
    MEMO_COMPONENT_STYLES = True  # restyled on each focus change: see tui/style_memo
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--heading",
        "reader--furniture",
        "reader--comment-header",
        "reader--comment-bar",
        "reader--rule",
        "reader--cursor",
        "reader--gutter",
        "reader--gutter-dim",
        "reader--cursor-dim",
        "reader--selection",
        "reader--word",
        "reader--mark",
    }
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("reader")

    class Changed(Message):
        """The cursor or the selection moved."""

        def __init__(self, reader: Reader) -> None:
            super().__init__()
            self.reader = reader

        @property
        def control(self) -> Reader:
            return self.reader

    class Loaded(Message):
        """An article prepared in a worker is now shown."""

        def __init__(self, reader: Reader) -> None:
            super().__init__()
            self.reader = reader

        @property
        def control(self) -> Reader:
            return self.reader

    class LoadFailed(Message):
        """An article could not be read (the reader shows nothing)."""

        def __init__(self, reader: Reader, path: str, error: str) -> None:
            super().__init__()
            self.reader, self.path, self.error = reader, path, error

        @property
        def control(self) -> Reader:
            return self.reader

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.blocks: list[reading.Block] = []
        self.units: list[reading.Range] = []
        self._ustarts: list[int] = []
        self._uends: list[int] = []
        self.highlights: list[Highlight] = []
        self._placed: list[Highlight] = []
        self._by_coder = False
        self.tag_colors: dict[str, str] = {}
        self.cursor = -1
        self.anchor_unit: int | None = None
        self.selection: tuple[int, int] | None = None  # (anchor, head) offsets
        self.word: reading.Range | None = None  # the word cursor: a token of the cursor's unit
        self.anchor_word: reading.Range | None = None  # the token a selection by keys began at
        self._word_hint: int | None = None  # the offset the word cursor goes to on a jump
        self.text_layout: Layout | None = None
        self._layouts: dict[int, Layout] = {}  # the article's layouts by width, a few kept
        self._styles = {}
        self._strips = {}  # lines drawn, for the layout below
        self._strips_for: Layout | None = None
        self._style_prints: dict[bool, tuple[object, ...]] = {}  # see _styles_changed
        self._marked: tuple[reading.Range | None, ...] = ()  # cursor, word, selection drawn
        self._marked_at: tuple[int, Layout | None] | None = None  # ... at this scroll, layout
        self._drag_from: int | None = None
        self.pending: Pending | None = None  # an article being prepared in a worker
        self._ticket = 0  # of the newest load: older workers' results are dropped
        self._cancel = threading.Event()  # of the newest load's workers
        self._wrapping: int | None = None  # the width a layout worker is wrapping to
        self._queued: list[tuple[str, str | None]] = []  # keys pressed while loading
        self._replay_ticket = 0  # the load whose kept keys are being pressed again
        self._graveyard: list[list[Any]] = []  # see LoadingMixin._discard
        # called at once when the cursor, selection or highlights change (before the Changed
        # message): the column's status line changes in the same frame as the text
        self.changed_now: Callable[[], None] | None = None

    # -- content -----------------------------------------------------------------------

    def load(self, article: Article, offset: int | None = None) -> None:
        """Show an article with the cursor on the unit holding `offset` (default: the first).
        Made here, on the UI thread: for articles already read (see `request` for big ones)."""
        self._supersede()
        self.highlights = []
        self._install(model(article, None), offset)

    def reload(self, article: Article) -> None:
        """Show a new version of the same article, keeping the cursor near where it was: on
        the unit with the same index (the selection is dropped: its offsets belong to the old
        text)."""
        index = self.cursor
        self._supersede()
        self.highlights = []
        self._install(model(article, None), None, index)

    def _loaded(self) -> None:
        self.post_message(self.Loaded(self))

    def _load_failed(self, path: str, error: str) -> None:
        self.post_message(self.LoadFailed(self, path, error))

    def set_highlights(self, highlights: list[Highlight], colors: dict[str, str]) -> None:
        """Replace the highlights drawn (and the tag colours they are drawn in): only the lines
        of highlights that came, went or changed, or whose tags changed colour, are drawn
        again."""
        before = self._placed
        self.highlights = highlights
        self._placed = reading.drawable(highlights, len(self.article.text) if self.article else 0)
        by_coder = len({h.coder for h in highlights}) > 1  # the gutter names the coder
        if colors != self.tag_colors:
            self._recolor(before, colors)
        self._redraw_highlights(before, by_coder)
        self._by_coder = by_coder
        self._post_changed()

    @property
    def path(self) -> str | None:
        """The article shown, or being loaded."""
        if self.pending is not None:
            return self.pending.path
        return self.article.path if self.article else None

    @property
    def cursor_range(self) -> reading.Range | None:
        return self.units[self.cursor] if 0 <= self.cursor < len(self.units) else None

    @property
    def cursor_offset(self) -> int:
        if self.pending is not None:
            return self.pending.offset or 0
        return self.units[self.cursor][0] if self.cursor_range else 0

    @property
    def selected(self) -> reading.Range | None:
        """The selection as (start, end), trimmed; None without one."""
        if self.selection is None or self.article is None:
            return None
        a, h = self.selection
        return trim_range(self.article.text, min(a, h), max(a, h))

    def target_range(self) -> reading.Range | None:
        """What an action applies to: the selection, else the sentence under the cursor."""
        if self.selection is not None:
            return self.selected
        rng = self.cursor_range
        return trim_range(self.article.text, *rng) if rng and self.article else None

    def highlight_under(self) -> Highlight | None:
        """The highlight a note or delete applies to."""
        rng = self.target_range()
        return reading.highlight_under(self._placed, *rng) if rng else None

    def go_to(self, offset: int, *, center: bool = True) -> None:
        """Put the cursor on the unit holding `offset` (the word cursor on the word there) and
        clear the selection (once the article is shown, if it is loading)."""
        if self.pending is not None:
            self.pending = replace(self.pending, offset=offset)
            return
        self.selection, self.anchor_unit = None, None
        self.word, self._word_hint = None, offset
        self.cursor = reading.unit_at(self._ustarts, self._uends, offset)
        self._changed(center=center)

    def clear_selection(self) -> None:
        if self.selection is not None:
            self.selection, self.anchor_unit, self.anchor_word = None, None, None
            self._changed()

    # -- layout ------------------------------------------------------------------------

    def _measure(self) -> int | None:
        """The width to wrap the text to, in cells (None until the reader has a width)."""
        width = self.scrollable_content_region.width
        return min(width - GUTTER - 1, MEASURE) if width > GUTTER else None

    def _relayout(self) -> None:
        """Wrap the text to the width: a layout kept for it, else a new one, made here for a
        short text and in a worker for a long one (the old layout stays shown meanwhile)."""
        measure = self._measure()
        if self.article is None or measure is None:
            return
        if self.text_layout is not None and self.text_layout.width == measure:
            return
        layout = self._layouts.pop(measure, None)
        if layout is None and len(self.article.text) > SYNC_CHARS:
            self._wrap_soon(measure)
            return
        if layout is None:
            layout = wrap(self.article, self.blocks, measure)
        width = self.scrollable_content_region.width
        self._layouts[measure] = layout  # the newest last; hiding a panel and showing it again
        while len(self._layouts) > KEPT_LAYOUTS:  # then finds its width's layout made
            dropped = self._layouts.pop(next(iter(self._layouts)))
            if len(layout.text) > SYNC_CHARS:
                self._discard([dropped])
            del dropped
        self.text_layout = layout
        self.virtual_size = Size(width, len(self.text_layout))
        self._forget_drawn()
        self._scroll_to_cursor(center=True)
        self.call_after_refresh(self._scroll_to_cursor, True)  # once the new size is known
        self.refresh()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Textual's, then the text wrapped to a new width at once: inside the layout that gave
        the width, so that the frame it draws shows the new wrapping. On the Resize event
        that follows, it was drawn with the old wrapping first, then again (L, H, K, O,
        ctrl+w: a second full draw of the reader; benchmarks/bench_ui.py)."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized:
            self._relayout()
        return resized

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()  # nothing left to do, mostly: see _size_updated

    def _on_focus(self, event: events.Focus) -> None:
        self._focus_moved(event, True)

    def _on_blur(self, event: events.Blur) -> None:
        self._focus_moved(event, False)

    def _focus_moved(self, event: events.Focus | events.Blur, focused: bool) -> None:
        """Textual's Focus and Blur handlers, but drawing again only the lines the focus shows
        on (the cursor's, the word's and the selection's), not the whole reader: tab, and a
        dialog opened or closed over it. All are drawn again when the styles the lines were
        drawn with changed (`notify_style_update`); a change of the reader's own CSS styles
        draws it again in Textual as well."""
        event.prevent_default()
        forgotten = self._forgotten
        self.has_focus = focused
        if forgotten != self._forgotten:
            self.refresh()
        else:
            self._refresh_spans((*self._marked, self.cursor_range, self.word, self.selected))
        if self.parent is not None:
            moved = events.DescendantFocus(self) if focused else events.DescendantBlur(self)
            self.parent.post_message(moved)

    def notify_style_update(self) -> None:
        """Textual calls this for each widget when a screen is shown again or the focus moves,
        mostly with styles unchanged: the lines drawn are dropped only when the styles they
        were drawn with changed (see DrawingMixin._styles_changed)."""
        super().notify_style_update()
        if self._styles_changed():
            self._forget_drawn()

    def _changed(self, center: bool = False) -> None:
        before = (self.scroll_offset.y, self.text_layout)
        self._sync_word()
        self._scroll_to_cursor(center=center)
        marked = (self.cursor_range, self.word, self.selected)
        if before == (self.scroll_offset.y, self.text_layout) and self._marked_at == before:
            self._refresh_spans(self._marked + marked)  # only the lines left and entered
        else:
            self.refresh()
        self._marked, self._marked_at = marked, (self.scroll_offset.y, self.text_layout)
        self._post_changed()

    def _post_changed(self) -> None:
        if self.changed_now is not None:
            self.changed_now()
        self.post_message(self.Changed(self))

    def _scroll_to_cursor(self, center: bool = False) -> None:
        """Scroll so the cursor's sentence is in view (its word, if the sentence does not fit,
        or the selection's head in a selection): the word cursor is always on screen."""
        layout, rng = self.text_layout, self.cursor_range
        if layout is None or rng is None:
            return
        word = self.word or (rng[0], rng[0] + 1)
        here = layout.line_of(word[0])
        top = layout.line_of(rng[0])
        bottom = layout.line_of(max(rng[1] - 1, rng[0]))
        if self.selection is not None:
            top = bottom = here
        height = max(self.scrollable_content_region.height, 1)
        y = self.scroll_offset.y
        if self.cursor == 0 and self.selection is None:
            y = 0  # the start: show what comes before the first sentence too
        elif self.cursor == len(self.units) - 1 and self.selection is None:
            y = max(len(layout) - height, 0)  # the end: show everything after the last one
        elif center:
            y = top - height // 3
        elif top < y + SCROLL_OFF:
            y = top - SCROLL_OFF
        elif bottom >= y + height - SCROLL_OFF:
            y = min(top - SCROLL_OFF, bottom - height + 1 + SCROLL_OFF)
        margin = min(SCROLL_OFF, (height - 1) // 2)
        if here < y + margin or here >= y + height - margin:  # never off screen
            y = here - margin if here < y + margin else here - height + 1 + margin
        y = max(0, min(y, max(len(layout) - height, 0)))
        if y != self.scroll_offset.y:  # forced: a new column has no scrollbar until laid out
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    # -- actions -----------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self._move(self.cursor + step)

    def action_paragraph(self, step: int) -> None:
        if self.units:
            self._move(reading.paragraph_move(self.blocks, self.units, self.cursor, step))

    def action_edge(self, step: int) -> None:
        self._jumped_from()
        self._move(0 if step < 0 else len(self.units) - 1)

    def action_page(self, step: int) -> None:
        """Scroll a page and put the cursor on a unit in view; it always moves a unit at least,
        even when the page in view holds only furniture."""
        layout = self.text_layout
        if layout is None or not self.units:
            return
        height = max(self.scrollable_content_region.height, 1)
        max_y = max(len(layout) - height, 0)
        y = max(0, min(self.scroll_offset.y + step * max(height - 2, 1), max_y))
        if y == self.scroll_offset.y:
            self._move(0 if step < 0 else len(self.units) - 1)
            return
        self.scroll_to(y=y, animate=False, immediate=True)
        last = len(layout) - 1
        offset = layout.lines[min(y + SCROLL_OFF, last)].start
        index = reading.unit_at(self._ustarts, self._uends, offset)
        if step < 0:  # the last unit starting above the page's bottom, if the one found is below
            bottom = layout.lines[min(y + height - 1, last)].end
            index = min(index, max(bisect_right(self._ustarts, bottom) - 1, 0))
        unit = self.units[index]
        if index == self.cursor and unit[0] <= offset < unit[1] and self.article is not None:
            word = words.token_at(self.article.text, unit, offset)  # a unit longer than a page
            if word is not None and word != self.word:
                self._move_word(index, word)
                return
        if step < 0:
            index = min(index, max(self.cursor - 1, 0))
        else:
            index = max(index, min(self.cursor + 1, len(self.units) - 1))
        self._move(index)

    def action_highlight(self, step: int) -> None:
        found = reading.adjacent_highlight(self._placed, self.cursor_offset, step)
        if found is None:
            self.notify("No more highlights this way.", timeout=2, markup=False)
            return
        self._jumped_from()
        self._move(reading.unit_at(self._ustarts, self._uends, found.start))

    def _jumped_from(self) -> None:
        """Tell the screen where the cursor was before a far motion (the jump list)."""
        if self.article is not None:
            pane = self.parent.id if self.parent is not None else None
            self.post_message(JumpedFrom(self.article.path, self.cursor_offset, pane or ""))

    def action_clear(self) -> None:
        self.clear_selection()

    # -- mouse -------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        if self.text_layout is None or self.article is None:
            return None
        at = event.get_content_offset_capture(self)
        y = self.scroll_offset.y + at.y
        offset = self.text_layout.offset_at(y, at.x - GUTTER)
        return reading.grapheme_start(self.article.text, offset)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1 and (offset := self._offset_at(event)) is not None:
            self._drag_from = offset
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None:
            return
        head = self._offset_at(event)
        if head is not None and head != self._drag_from:
            self.anchor_unit = reading.unit_at(self._ustarts, self._uends, self._drag_from)
            self.selection = self._whole_words(self._drag_from, head)
            self.anchor_word = (self._drag_from, self._drag_from)
            self.word, self._word_hint = None, head
            self.cursor = reading.unit_at(self._ustarts, self._uends, head)
            self._changed()

    def _whole_words(self, anchor: int, head: int) -> tuple[int, int]:
        """A dragged selection (anchor, head) widened to whole words, its direction kept."""
        if self.article is None or not self.units:
            return anchor, head
        lo, hi = min(anchor, head), max(anchor, head)
        first = self.units[reading.unit_at(self._ustarts, self._uends, lo)]
        last = self.units[reading.unit_at(self._ustarts, self._uends, max(hi - 1, lo))]
        lo, hi = words.snap(self.article.text, first, last, lo, hi)
        return (lo, hi) if anchor <= head else (hi, lo)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is None:
            return
        start, self._drag_from = self._drag_from, None
        self.release_mouse()
        if self.selection is None or self.selected is None:
            self.go_to(start, center=False)
