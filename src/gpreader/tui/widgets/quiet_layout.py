"""The workbench's containers and fixed lines, laid out once and drawn cheaply.

Textual, on every layout that resizes widgets (a panel shown or hidden, a column opened or
closed), gives each resized widget its new virtual size through a reactive that asks for a
layout and a repaint: a second layout and a second full draw of the screen follow the first,
finding nothing to change (~10-15 ms of a 160x50 screen; benchmarks/bench_ui.py). For a
widget that cannot scroll the virtual size is only its size, already laid out in the first
pass: `OneLayout` takes it quietly, and `quiet_textual_widgets` does so for Textual's scroll
bars and footer keys; `OneLineInput` for a text box, whose typing changes it on each
character. A widget that sets its own virtual size (`OwnLines`) asks for a layout only when
its scroll bar comes or goes.

On a full draw Textual also draws every line of every widget, containers too, though their
children cover all of them but a border column (the screen and five containers: ~290 of the
~700 lines at 160x50). A container's content is blank (`Widget.render`) unless it draws
keylines; with nothing above or below either (no top or bottom border or outline), its lines
are all alike: `AlikeLines` draws the first and repeats it.

Mixins go after the Textual class they join: Textual reads a class's CSS type names and
default CSS through first bases only.
"""

from __future__ import annotations

from textual.color import Color
from textual.containers import Horizontal
from textual.css._style_properties import ColorProperty, ScrollbarColorProperty
from textual.css.styles import StylesBase
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

_NO_EDGE = ("", "none", "hidden")


class OneLayout(Widget):
    """Mixin for a widget that does not scroll: a new virtual size asks for no layout."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)


class OwnLines(Widget):
    """Mixin for a scrolling widget that sets its own virtual size (the lines it draws: the
    reader, the library table, the annotations list): a new one lays the screen out again only
    when the vertical scroll bar comes or goes; else the bar's thumb and the scroll position
    follow here, as that layout would set them (it cost ~10 ms at 160x50)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        height = self.scrollable_content_region.height
        if (old.height > height) != (new.height > height):
            self.refresh(layout=True)
            return
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = new.height
            bar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def _scroll_update(self, virtual_size: Size) -> None:
        """Textual's, but a scroll bar is drawn again only when its thumb changes: Textual's runs
        on every layout, scroll or resize of the screen (the compositor's virtual size is never
        this widget's own) and asked both bars to repaint each time, a frame of their own."""
        self._refresh_scrollbars()
        width, height = self.container_size
        if self.show_vertical_scrollbar and self.styles.scrollbar_size_vertical:
            window = (virtual_size.height, height - self.scrollbar_size_horizontal)
            _set_window(self.vertical_scrollbar, *window)
        if self.show_horizontal_scrollbar and self.styles.scrollbar_size_horizontal:
            _set_window(
                self.horizontal_scrollbar, virtual_size.width, width - self.scrollbar_size_vertical
            )
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)


def _set_window(bar: ScrollBar, virtual: int, window: int) -> None:
    """Give a scroll bar the sizes its thumb is drawn from, drawing it again if they changed
    (its own reactives do not: see quiet_textual_widgets)."""
    if (bar.window_virtual_size, bar.window_size) != (virtual, window):
        bar.window_virtual_size = virtual
        bar.window_size = window
        bar.refresh()


class AlikeLines(OneLayout):
    """Mixin for a container without content or a render() of its own: every line is drawn
    as its first is."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if crop.height <= 1 or not self.alike_lines():
            return super().render_lines(crop)
        first = super().render_lines(Region(crop.x, crop.y, crop.width, 1))
        return first * crop.height

    def alike_lines(self) -> bool:
        """Whether every line is alike under the styles as they are now."""
        styles = self.styles
        edges = (styles.border_top, styles.border_bottom, styles.outline_top, styles.outline_bottom)
        return (
            self.is_container
            and styles.keyline[0] in _NO_EDGE
            and all(edge[0] in _NO_EDGE for edge in edges)
            # a screen with a see-through background shows the screen below it
            and (not isinstance(self, Screen) or styles.background.a == 1)
        )


class AlikeRow(Horizontal, AlikeLines):
    """A Horizontal container laid out once and drawn as one line repeated."""


class FixedLine(Static, OneLayout):
    """A Static that never scrolls (a header, title or status line), laid out once."""


class OneLineInput(Input, OneLayout):
    """An Input whose typing lays nothing out: Textual's sets its virtual size (the text's
    width) on each character, laying the whole screen out again for a scroll bar an Input
    never shows (a width of `auto` still asks for its layout, in Input itself)."""


def quiet_textual_widgets() -> None:
    """`OneLayout` for the Textual widgets the workbench shows in numbers and cannot subclass
    (they are made inside Textual): scroll bars, which draw from the window size and position
    they are given, and footer keys, one line each. A scroll bar's window sizes ask for no
    repaint either: Textual sets them while it lays the screen out, where a bar whose size
    changed is drawn anyway, and its repaint drew every bar again in a frame of its own after
    each layout (K, L, H: ~8 ms at 160x50); outside a layout they are set by `_scroll_update`
    (Textual's repaints the bars itself; OwnLines' through `_set_window`) and by
    `OwnLines.watch_virtual_size`, which repaint."""
    for cls in (ScrollBar, FooterKey):
        if not isinstance(cls.__dict__.get("virtual_size"), Reactive):
            _quiet(cls, "virtual_size", Size(0, 0))
    for name in ("window_virtual_size", "window_size"):
        _quiet(ScrollBar, name, ScrollBar.__dict__[name]._default)
    if not getattr(ScrollbarColorProperty.__set__, "_quiet", False):
        ScrollbarColorProperty.__set__ = _bar_color_set  # type: ignore[method-assign]


_textual_bar_color_set = ScrollbarColorProperty.__set__


def _bar_color_set(
    self: ScrollbarColorProperty, obj: StylesBase, color: Color | str | None
) -> None:
    """Textual's setter of a scroll bar colour, which draws the widget's bars again only when
    the colour changed. Textual's draws them again whenever a colour is set, and the stylesheet
    sets every rule of a widget each time it restyles it (each focus change, each class
    changed): every bar of the widget losing and the one gaining the focus was drawn again
    (tab: about 1 ms a bar at 160x50)."""
    before = obj.get_rule(self.name)
    ColorProperty.__set__(self, obj, color)
    if obj.get_rule(self.name) != before:
        _textual_bar_color_set(self, obj, color)


_bar_color_set._quiet = True  # type: ignore[attr-defined]


def _quiet(cls: type[Widget], name: str, default: object) -> None:
    """Make `cls.name` a reactive that asks for neither a layout nor a repaint."""
    current = cls.__dict__.get(name)
    if isinstance(current, Reactive) and not (current._layout or current._repaint):
        return
    quiet: Reactive[object] = Reactive(default, layout=False, repaint=False)
    quiet.__set_name__(cls, name)
    setattr(cls, name, quiet)
