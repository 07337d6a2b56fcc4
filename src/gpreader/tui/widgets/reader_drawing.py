"""How the reader draws (a mixin of Reader): each line from what falls on it (the cursor, the
word cursor, the selection, the highlights), kept by that, so a change draws again only the
lines it touches: a cursor move the lines it leaves and enters, an edit the lines of the
highlights that came, went or changed."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, cast

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from gpreader import reading
from gpreader.models import Article, Highlight
from gpreader.tui.widgets.layout import Layout, printable
from gpreader.tui.widgets.shown import shown

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    from gpreader.tui.widgets.reader_loading import Pending

    _Host = ScrollView  # the checker sees the Reader this is mixed into
else:
    _Host = object

GUTTER = 2  # cells left of the text: the cursor bar and a space
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

_Drawn = tuple[int, int, tuple[str, ...], str]  # a highlight as drawn: start, end, tags, coder


class DrawingMixin(_Host):
    """Line drawing for Reader, which keeps the state declared here."""

    article: Article | None
    pending: Pending | None
    text_layout: Layout | None
    word: reading.Range | None
    _placed: list[Highlight]
    _by_coder: bool
    tag_colors: dict[str, str]
    _styles: dict[tuple[object, ...], Style]
    _strips: dict[tuple[object, ...], Strip]
    _strips_for: Layout | None
    _style_prints: dict[bool, tuple[object, ...]]
    _forgotten = 0  # how many times the lines drawn were dropped

    if TYPE_CHECKING:

        @property
        def cursor_range(self) -> reading.Range | None: ...

        @property
        def selected(self) -> reading.Range | None: ...

    def _styles_changed(self) -> bool:
        """Whether the styles lines are drawn with (the theme, the reader's own, its component
        classes') differ from those of the lines kept for the current focus; the styles of the
        other focus are kept only when the current ones are unchanged."""
        if not self.is_mounted:  # styles being applied as it mounts: nothing drawn yet
            self._style_prints.clear()
            return True
        full = self.get_component_rich_style
        now = (
            self.app.theme,
            self.rich_style,
            *(full(name) for name in sorted(self.COMPONENT_CLASSES)),
        )
        prints = self._style_prints
        before = prints.get(self.has_focus)
        if before == now:
            return False
        if before is None and prints:  # first drawn in this focus: kept with the others
            prints[self.has_focus] = now
            return False
        prints.clear()
        prints[self.has_focus] = now
        return True

    def _forget_drawn(self) -> None:
        """Drop the styles and lines drawn (the colours or the component styles changed)."""
        self._styles.clear()
        self._strips.clear()
        self._forgotten += 1

    def _refresh_spans(self, spans: tuple[reading.Range | None, ...]) -> None:
        """Draw again the lines in view holding any of `spans` (the rest of the view is
        unchanged)."""
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

    def _redraw_highlights(self, before: list[Highlight], by_coder: bool) -> None:
        """After the highlights changed from `before`: draw again the lines of those that came,
        went or changed (tags, coder); all of them when the gutter's kind of mark changed."""
        if by_coder != self._by_coder or self.text_layout is None:
            self.refresh()
            return
        old = {_drawn(h) for h in before}
        new = {_drawn(h) for h in self._placed}
        self._refresh_spans(tuple((d[0], d[1]) for d in old ^ new))

    def _recolor(self, before: list[Highlight], colors: dict[str, str]) -> None:
        """Take the tag colours `colors`: the lines kept that show a tag whose colour changed
        (or that came or went) are dropped, and those in view drawn again."""
        old = self.tag_colors
        changed = {t for t in old.keys() | colors.keys() if old.get(t) != colors.get(t)}
        self.tag_colors = dict(colors)
        stale = [
            key
            for key in self._strips
            if any(changed.intersection(m[2]) for m in cast(tuple[_Drawn, ...], key[-1]))
        ]
        for key in stale:
            del self._strips[key]
        self._refresh_spans(
            tuple(
                (h.start, h.end) for h in [*before, *self._placed] if changed.intersection(h.tags)
            )
        )

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
        cursor_part, word_part = _on_line(cur, start, end), _on_line(self.word, start, end)
        key = (
            index,
            width,
            # the focus shows only on the cursor's and the word's lines: others are kept
            self.has_focus and (cursor_part is not None or word_part is not None),
            self._by_coder,
            cursor_part,
            word_part,
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


def _drawn(h: Highlight) -> _Drawn:
    return h.start, h.end, h.tags, h.coder


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
