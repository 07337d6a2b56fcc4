"""The annotations panel's list: an OptionList that keeps what it measured and drew for each
option, and takes a new list of options as a change to the one shown.

OptionList forgets every option's height and drawn lines whenever its options are set, so a
highlight made in an article with a hundred of them measured (wrapped) every option and drew
every option in view again (about 100 ms of the UI thread per edit, measured with
benchmarks/bench_ui.py). The panel hands the list the same Option objects for unchanged
highlights (see AnnotationsPanel._option); `put_options` keeps their heights, the scroll
position and the highlighted option, and draws again only the lines from the first option that
changed; lines kept are only marked with the option's new position (a mouse click reads it)
when an insertion above moved it. Moving the highlight draws the two options it leaves and
enters, not the whole list. Options the panel may hand back soon (`keep`: another column's
highlights) keep their heights and lines too, so going back to that article (closing a column,
moving between columns) measures none of them again.
"""

from __future__ import annotations

from typing import cast

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from gpreader.tui.widgets.quiet_layout import OwnLines

_Key = tuple[Option, Style, int]
OPTION_STYLES = (  # the component classes an option is drawn with (see OptionList.render_line)
    ("option-list--option",),
    ("option-list--option", "option-list--option-disabled"),
    ("option-list--option", "option-list--option-highlighted"),
    ("option-list--option", "option-list--option-hover"),
)


class HighlightList(OptionList, OwnLines):
    """An OptionList that draws an option it was given before from the lines kept for it.
    Its size is set by the panel, never by its options: a new option lays out the screen
    again only when the list starts or stops needing a scrollbar."""

    # Its size changes with each option added or removed (OwnLines): put_options draws what
    # changed.
    highlighted: Reactive[int | None] = Reactive(None, repaint=False)  # see watch_highlighted

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: dict[_Key, tuple[int, list[Strip]]] = {}
        self._lines_for: tuple[object, ...] | None = None  # see _update_lines
        self._measured: dict[tuple[Option, int], int] = {}  # lines of an option at a width
        self._lit: int | None = None  # the option drawn highlighted
        self._lines_width = 0  # the width the line cache was measured at
        self._style_print: tuple[object, ...] = ()  # see notify_style_update

    def put_options(self, options: list[Option], keep: set[Option] | None = None) -> None:
        """Show `options` in place of those shown, as a change: the options given before keep
        their heights and lines, the highlighted one stays highlighted (None if it went), the
        scroll position stays, and the lines in view from the first option changed are drawn
        again (none if nothing changed). What was measured and drawn for options in `keep` is
        kept too, for a later call; for any other option not in `options`, let go."""
        old = self._options
        first = next(
            (i for i, (a, b) in enumerate(zip(old, options, strict=False)) if a is not b), None
        )
        if first is None and len(old) == len(options):
            return
        first = min(len(old), len(options)) if first is None else first
        first_line = self._line_cache.index_to_line.get(first, len(self._line_cache.lines))
        was = old[self.highlighted] if self.highlighted is not None else None
        self._options = list(options)
        self._option_to_index = {o: i for i, o in enumerate(options)}
        self._id_to_option = {o.id: o for o in options if o.id is not None}
        self._line_cache.clear()
        self._option_render_cache.clear()  # its lines carry the option's old position
        self._mouse_hovering_over = None
        shown = set(options)
        kept = shown | keep if keep else shown
        self._drawn = {k: v for k, v in self._drawn.items() if k[0] in kept}
        self._measured = {k: v for k, v in self._measured.items() if k[0] in kept}
        self._lit = self._option_to_index.get(was) if was else None
        self.set_reactive(OptionList.highlighted, self._lit)
        self._update_lines()
        if self.styles.auto_dimensions:  # its size follows its options (as add_options does)
            self.refresh(layout=True)
        self._refresh_from(first_line)

    def _refresh_from(self, line: int) -> None:
        """Draw again the lines in view from `line` (of the whole list) down."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if line < top + height:
            y = max(line - top, 0)
            self.refresh(Region(0, y, self.size.width, height - y))

    def _refresh_option(self, index: int | None) -> None:
        if index is None or index not in self._line_cache.index_to_line:
            return
        line = self._line_cache.index_to_line[index]
        self.refresh_lines(line, self._line_cache.heights.get(index, 1))

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Textual's, then the lines drawn for the old size dropped at once (OptionList drops
        them on the Resize event that follows the layout: the list was drawn in the frame of
        the layout, then again in a frame of its own; H, L, K, O, ctrl+w). A new size is
        drawn in the layout's frame already (Textual marks the widget dirty there); only
        another change asks for a frame."""
        before = self._size
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized:
            self._option_render_cache.clear()
            self._line_cache.clear()
            if size == before:
                self.refresh()
        return resized

    def _on_resize(self, event: events.Resize | None = None) -> None:
        if event is not None:  # Textual passes it (the handler takes an argument)
            event.prevent_default()  # OptionList's: done in _size_updated

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Draw the option left and the one entered (OptionList draws every line again)."""
        self._refresh_option(self._lit)
        self._refresh_option(highlighted)
        self._lit = highlighted
        super().watch_highlighted(highlighted)

    def _lines_state(self) -> tuple[object, ...]:
        # Not scrollable_content_region: it asks the compositor (about 0.2 ms a call).
        return (
            len(self._line_cache.lines),
            len(self._options),
            self.outer_size,
            self.scrollbar_size_vertical,
            self.virtual_size,
        )

    def _update_lines(self) -> None:
        """OptionList measures its lines again each time a line is drawn (asking its region
        and styles); here only when the options, the lines kept or the size changed, and an
        option measured before at this width is not measured (wrapped) again."""
        if self._lines_state() == self._lines_for:
            return
        if region := self.scrollable_content_region:
            width = region.width - self._get_left_gutter_width()
            cache = self._line_cache
            if width != self._lines_width:  # a scrollbar came or went: measure at the new width
                cache.clear()
                self._lines_width = width
            start = cache.lines[-1][0] + 1 if cache.lines else 0
            for index, option in enumerate(self._options[start:], start):
                height = self._height(option, width)
                cache.index_to_line[index] = len(cache.lines)
                cache.heights[index] = height
                cache.lines.extend((index, n) for n in range(height))
            if len(cache.lines) > region.height and not self.show_vertical_scrollbar:
                # A scrollbar comes next (and the list is measured again, narrower; Textual
                # draws no line in between): measure for it now rather than at the next edit.
                narrower = width - self.styles.scrollbar_size_vertical
                for option in self._options:
                    self._height(option, narrower)
        super()._update_lines()  # the size (every option is measured by now)
        self._lines_for = self._lines_state() if region else None

    def _height(self, option: Option, width: int) -> int:
        """The lines `option` takes at `width` (measured once per width)."""
        height = self._measured.get((option, width))
        if height is None:
            padding = self.get_component_styles("option-list--option").padding.width
            visual = self._get_visual(option)
            height = visual.get_height(cast(RulesMap, self.styles), width - padding)
            height = self._measured[option, width] = height + option._divider
        return height

    def notify_style_update(self) -> None:
        """Textual calls this when a screen is shown again or the focus moves, mostly with
        styles unchanged: what was measured and drawn is dropped only when the styles options
        are measured and drawn with changed (lines kept are keyed by their style too)."""
        super().notify_style_update()
        if not self.is_mounted:  # styles being applied as it mounts: nothing drawn yet
            self._style_print = ()
            return
        now = (
            self.app.theme,
            self.rich_style,
            self.get_component_styles("option-list--option").padding,
            *(self.get_visual_style(*names) for names in OPTION_STYLES),
        )
        if now != self._style_print:
            self._style_print = now
            self._lines_for = None
            self._drawn.clear()
            self._measured.clear()

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        index = self._option_to_index[option]
        key = (option, style, self._lines_width)  # the width measured at, for this paint
        kept = self._drawn.get(key)
        if kept is None:
            strips = super()._get_option_render(option, style)
        elif kept[0] == index:
            return kept[1]
        else:  # the same lines, at another position
            here = RichStyle.from_meta({"option": index})  # after the segments' own: it wins
            strips = [
                Strip(Segment.apply_style(list(strip), post_style=here), strip.cell_length)
                for strip in kept[1]
            ]
        self._drawn[key] = (index, strips)
        return strips
