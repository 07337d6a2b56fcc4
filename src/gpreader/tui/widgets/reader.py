"""The reader: one article drawn lazily (Line API), a sentence cursor with a word cursor inside it,
a selection, highlights."""

from __future__ import annotations

import itertools
import threading
from bisect import bisect_right
from dataclasses import replace
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from gpreader import reading, words
from gpreader.models import Article, Highlight
from gpreader.text import trim_range
from gpreader.tui import keys
from gpreader.tui.jumps import JumpedFrom
from gpreader.tui.widgets.layout import Layout, printable
from gpreader.tui.widgets.prepared import (
    SYNC_CHARS,
    model,
    wrap,
)
from gpreader.tui.widgets.reader_loading import LoadingMixin, Pending
from gpreader.tui.widgets.shown import shown
from gpreader.tui.widgets.word_cursor import WordCursor

GUTTER = 2  # cells left of the text: the cursor bar and a space
MEASURE = 100  # longest line, in cells: long lines are hard to read
KEPT_LAYOUTS = 3  # layouts of the open article kept, by width (panels shown and hidden)
SCROLL_OFF = 2  # lines kept visible around the cursor
UNTAGGED = "#9E9E9E"
TINT = 0.32  # how much of a tag's colour is blended into the background under coded text
TINT_CURSOR = 0.55  # ... under the cursor
MARK_ONE = "│"  # in the gutter beside a line with coded text
MARK_OVERLAP = "┃"  # ... where highlights overlap on the line
KIND_CLASS = {
    "title": "reader--title",
    "heading": "reader--heading",
    "furniture": "reader--furniture",
    "comment_header": "reader--comment-header",
    "rule": "reader--rule",
}
LOADING = "Loading…"
KEPT_STRIPS = 2_000  # lines drawn kept (see render_line); all dropped when there are more


class Reader(LoadingMixin, WordCursor, ScrollView, can_focus=True):
    """An article with a reading cursor (a sentence, and a word in it) and an optional selection."""

    ALLOW_SELECT = False
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
        self._styles: dict[tuple[object, ...], Style] = {}
        self._strips: dict[tuple[object, ...], Strip] = {}  # lines drawn, for the layout below
        self._strips_for: Layout | None = None
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
        """Replace the highlights drawn (and the tag colours they are drawn in)."""
        self.highlights = highlights
        self._placed = reading.drawable(highlights, len(self.article.text) if self.article else 0)
        self._by_coder = len({h.coder for h in highlights}) > 1  # the gutter names the coder
        if colors != self.tag_colors:
            self.tag_colors = dict(colors)
            self._forget_drawn()
        self.refresh()
        self.post_message(self.Changed(self))

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

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_drawn()

    def _forget_drawn(self) -> None:
        """Drop the styles and lines drawn (the colours or the component styles changed)."""
        self._styles.clear()
        self._strips.clear()

    def _changed(self, center: bool = False) -> None:
        before = (self.scroll_offset.y, self.text_layout)
        self._sync_word()
        self._scroll_to_cursor(center=center)
        marked = (self.cursor_range, self.word, self.selected)
        if before == (self.scroll_offset.y, self.text_layout) and self._marked_at == before:
            self._refresh_marked(self._marked + marked)  # only the lines left and entered
        else:
            self.refresh()
        self._marked, self._marked_at = marked, (self.scroll_offset.y, self.text_layout)
        self.post_message(self.Changed(self))

    def _refresh_marked(self, spans: tuple[reading.Range | None, ...]) -> None:
        """Draw again the lines in view holding any of `spans` (the cursor's sentence and word
        and the selection, before and after a move): the rest of the view is unchanged."""
        layout = self.text_layout
        if layout is None:
            return
        top = self.scroll_offset.y
        bottom = top + max(self.scrollable_content_region.height, 1) - 1
        for span in spans:
            if span is None:
                continue
            first = max(layout.line_of(span[0]), top)
            last = min(layout.line_of(max(span[1] - 1, span[0])), bottom)
            if first <= last:
                self.refresh_lines(first, last - first + 1)

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
        if y != self.scroll_offset.y:
            self.scroll_to(y=y, animate=False, immediate=True)

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

    # -- drawing -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style()
        layout = self.text_layout
        index = self.scroll_offset.y + y
        if y == 0 and layout is None and (self.pending is not None or self.article is not None):
            return Strip([Segment(" " * GUTTER + LOADING, self._style("furniture"))]).crop_extend(
                0, width, base
            )
        if layout is None or index >= len(layout) or self.article is None:
            return Strip.blank(width, base)
        line = layout.lines[index]
        start, end = line.start, line.end
        cur = self.cursor_range or (0, 0)
        marks = [h for h in self._placed if h.start < end and h.end > start]
        sel = self.selected
        # A line's strip depends only on what of the cursor, word, selection and highlights
        # falls on it: a cursor move draws again only the lines it leaves and enters.
        key = (
            index,
            width,
            self.has_focus,
            self._by_coder,
            _on_line(cur, start, end),
            _on_line(self.word, start, end),
            _on_line(sel, start, end),
            tuple((h.start, h.end, h.tags, h.coder) for h in marks),
        )
        if self._strips_for is not layout:
            self._strips.clear()
            self._strips_for = layout
        if (strip := self._strips.get(key)) is not None:
            return strip
        segments: list[Segment] = []
        on_cursor = start < end and start < cur[1] and end > cur[0]
        cursor_mark = self._style("gutter" if self.has_focus else "gutter-dim")
        segments.append(Segment("▌" if on_cursor else " ", cursor_mark if on_cursor else base))
        coded = coded_mark(marks, start, end, by_coder=self._by_coder)
        segments.append(Segment(coded or " ", self._style("mark") if coded else base))
        if line.kind == "rule":
            label = f"── {line.section} "
            fill = "─" * max(layout.width - len(label), 0)
            segments.append(Segment(label + fill, self._style("rule")))
        elif line.kind != "blank":
            if line.indent:
                bar = "│".ljust(line.indent)
                segments.append(Segment(bar, self._style("comment-bar")))
            segments.extend(self._text_segments(start, end, line.kind, cur, marks, sel))
        strip = Strip(segments).crop_extend(0, width, base)
        if len(self._strips) >= KEPT_STRIPS:
            self._strips.clear()
        self._strips[key] = strip
        return strip

    def _text_segments(
        self,
        start: int,
        end: int,
        kind: str,
        cur: reading.Range,
        marks: list[Highlight],
        sel: reading.Range | None,
    ) -> list[Segment]:
        text = self.article.text if self.article else ""
        cuts = {start, end}
        word = self.word or (0, 0)
        for lo, hi in [(h.start, h.end) for h in marks] + [cur, word] + ([sel] if sel else []):
            cuts.update(c for c in (lo, hi) if start < c < end)
        ordered = sorted(cuts)
        out: list[Segment] = []
        for a, b in itertools.pairwise(ordered):
            covering = [h for h in marks if h.start <= a < h.end]
            color = None
            if covering:
                tags = covering[0].tags
                color = self.tag_colors.get(tags[0], UNTAGGED) if tags else UNTAGGED
            in_cursor = cur[0] <= a < cur[1]
            in_sel = sel is not None and sel[0] <= a < sel[1]
            in_word = word[0] <= a < word[1]
            style = self._style(kind, color, len(covering) > 1, in_cursor, in_sel, in_word)
            out.append(Segment(printable(text[a:b]), style))
        return out

    def _base_style(self) -> Style:
        """The reader's own style (`rich_style` walks the ancestors: asked once, then kept
        until the styles change)."""
        key = ("base", self.has_focus)
        if (style := self._styles.get(key)) is None:
            style = self._styles[key] = self.rich_style
        return style

    def _style(
        self,
        kind: str,
        color: str | None = None,
        overlap: bool = False,
        cursor: bool = False,
        selected: bool = False,
        word: bool = False,
    ) -> Style:
        key = (kind, color, overlap, cursor, selected, word, self.has_focus)
        if (style := self._styles.get(key)) is not None:
            return style
        # Full component styles: colours with alpha are blended over the background here.
        part = KIND_CLASS.get(kind) or f"reader--{kind}"
        full = self.get_component_rich_style
        base = full(part) if part in self.COMPONENT_CLASSES else self.rich_style
        if selected:
            chosen = full("reader--selection")
            base = base + Style(bgcolor=chosen.bgcolor, color=chosen.color)
        elif color is not None:
            background = (
                Color.from_rich_color(self.rich_style.bgcolor)
                if self.rich_style.bgcolor
                else Color(0, 0, 0)
            )
            tint = background.blend(Color.parse(color), TINT_CURSOR if cursor else TINT)
            base = base + Style(bgcolor=tint.rich_color)
        if color is not None:  # coded text shows without colour too: underlined, overlaps bold
            base = base + Style(underline=True, bold=True if overlap else None)
        elif cursor:
            name = "reader--cursor" if self.has_focus else "reader--cursor-dim"
            base = base + Style(bgcolor=full(name).bgcolor)
        if word:  # the word cursor: its own colours when focused, else (and in a selection) marked
            mark = full("reader--word")
            strong = self.has_focus and not selected
            base = base + (mark if strong else Style(bold=mark.bold, underline=True))
        self._styles[key] = base
        return base


def _on_line(span: reading.Range | None, start: int, end: int) -> reading.Range | None:
    """The part of `span` on the line showing text[start:end] (None: none of it)."""
    if span is None or span[1] <= start or span[0] >= end:
        return None
    return max(span[0], start), min(span[1], end)


def coded_mark(placed: list[Highlight], start: int, end: int, *, by_coder: bool = False) -> str:
    """The gutter mark of a line showing text[start:end]: MARK_ONE beside coded text,
    MARK_OVERLAP where highlights overlap, "" for none. `by_coder` (the article shows more
    than one coder's highlights): the initial of the one coder whose highlights are on the
    line, MARK_OVERLAP where several coders' are."""
    if start >= end:
        return ""
    on_line = [h for h in placed if h.start < end and h.end > start]
    spans = sorted((h.start, h.end) for h in on_line)
    if not spans:
        return ""
    if by_coder:
        coders = {h.coder for h in on_line}
        initial = shown(next(iter(coders))[:1]) if len(coders) == 1 else ""
        return initial if initial.isprintable() and initial.strip() else MARK_OVERLAP
    reach = spans[0][1]
    for lo, hi in spans[1:]:
        if max(lo, start) < min(reach, hi, end):
            return MARK_OVERLAP
        reach = max(reach, hi)
    return MARK_ONE
