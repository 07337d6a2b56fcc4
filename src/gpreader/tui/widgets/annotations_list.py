"""The annotations panel's list: an OptionList that keeps the lines it drew for each option.

OptionList forgets every option's drawn lines whenever its options are set, so a highlight made
in an article with a hundred of them drew every option in view again (about 100 ms of the UI
thread per edit, measured with benchmarks/bench_ui.py). The panel hands the list the same
Option objects for unchanged highlights (see AnnotationsPanel._option); this list keeps their
lines by option, style and width, and only marks them with the option's new position (a mouse
click reads it) when an insertion above moved it.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

_Key = tuple[Option, Style, int]


class HighlightList(OptionList):
    """An OptionList that draws an option it was given before from the lines kept for it.
    Its size is set by the panel, never by its options: a new option lays out the screen
    again only when the list starts or stops needing a scrollbar."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        height = self.scrollable_content_region.height
        if (old.height > height) != (new.height > height):
            self.refresh(layout=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: dict[_Key, tuple[int, list[Strip]]] = {}
        self._lines_for: tuple[object, ...] | None = None  # see _update_lines

    def keep_only(self, options: set[Option]) -> None:
        """Forget the lines drawn for options no longer listed."""
        self._drawn = {k: v for k, v in self._drawn.items() if k[0] in options}

    def _lines_state(self) -> tuple[object, ...]:
        return (len(self._line_cache.lines), len(self._options), self.outer_size, self.virtual_size)

    def _update_lines(self) -> None:
        """OptionList measures its lines again each time a line is drawn (asking its region
        and styles); here only when the options, the lines kept or the size changed."""
        if self._lines_state() == self._lines_for:
            return
        super()._update_lines()
        self._lines_for = self._lines_state()

    def notify_style_update(self) -> None:
        self._lines_for = None
        self._drawn.clear()
        super().notify_style_update()

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        index = self._option_to_index[option]
        key = (option, style, self.scrollable_content_region.width)
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
