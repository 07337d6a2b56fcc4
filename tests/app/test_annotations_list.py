"""The annotations list keeps the lines drawn for an option given again, and marks them with
the option's new position when an insertion above moved it (a mouse click reads it)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets.option_list import Option

from gpreader.tui.widgets.annotations_list import HighlightList


class _ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield HighlightList(id="list")


def _positions(options: HighlightList, option: Option) -> set[object]:
    strips = options._get_option_render(option, options.get_visual_style("option-list--option"))
    return {s.style.meta.get("option") for strip in strips for s in strip if s.style}


async def test_kept_lines_carry_the_new_position_and_clicks_choose_the_right_option() -> None:
    app = _ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        options = app.query_one(HighlightList)
        first, second = Option("first passage", id="a"), Option("second passage", id="b")
        options.set_options([first, second])
        await pilot.pause()
        assert _positions(options, second) == {1}
        kept = options._drawn[next(k for k in options._drawn if k[0] is second)][1]
        newcomer = Option("a passage before both", id="c")
        options.set_options([newcomer, first, second])
        options.keep_only({newcomer, first, second})
        await pilot.pause()
        assert _positions(options, second) == {2}
        assert _positions(options, first) == {1}
        assert [
            s.text for s in options._drawn[next(k for k in options._drawn if k[0] is second)][1]
        ] == [s.text for s in kept]
        top = options.content_region.y - options.region.y + options._index_to_line[2]
        await pilot.click(HighlightList, offset=(2, top))
        await pilot.pause()
        assert options.highlighted == 2
        options.keep_only({newcomer})
        assert all(k[0] is newcomer for k in options._drawn)
