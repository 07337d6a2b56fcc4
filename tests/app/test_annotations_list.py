"""The annotations list keeps the lines drawn for an option given again, and marks them with
the option's new position when an insertion above moved it (a mouse click reads it); the
options of another column's article are kept measured for when it is shown again."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import App, ComposeResult
from textual.widgets.option_list import Option

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.annotations import AnnotationsPanel
from gpreader.tui.widgets.annotations_list import HighlightList
from tests.app.conftest import SIZE, open_article, settle, until


class _ListApp(App[None]):
    CSS = "HighlightList { height: 1fr; border: none; }"  # as in the app: a fixed size

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
        options.put_options([first, second])
        await pilot.pause()
        assert _positions(options, second) == {1}
        kept = options._drawn[next(k for k in options._drawn if k[0] is second)][1]
        newcomer = Option("a passage before both", id="c")
        options.put_options([newcomer, first, second])
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
        options.put_options([newcomer])
        assert all(k[0] is newcomer for k in options._drawn)
        assert all(k[0] is newcomer for k in options._measured)
        assert options.highlighted is None  # the option highlighted went


def forget_drawn(options: HighlightList) -> None:
    """Make the list measure and draw every option again at its next paint."""
    options._drawn.clear()
    options._measured.clear()
    options._clear_caches()
    options._lines_for = None
    options.refresh()


def _lines(app: App[None]) -> list[str]:
    return [line.text for line in app.screen._compositor.render_strips()]


async def test_a_change_measures_only_new_options() -> None:
    app = _ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        options = app.query_one(HighlightList)
        made = [Option(f"passage {i} " + "word " * i, id=str(i)) for i in range(4)]
        options.put_options(made)
        await pilot.pause()
        measured = dict(options._measured)
        assert {key[0] for key in measured} == set(made)
        newcomer = Option("a new passage", id="new")
        options.put_options([made[0], newcomer, *made[1:]])
        await pilot.pause()
        assert set(options._measured) - set(measured) == {(newcomer, next(iter(measured))[1])}


async def test_a_change_keeps_the_view_and_shows_what_a_full_redraw_shows() -> None:
    app = _ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        options = app.query_one(HighlightList)
        made = [Option(f"passage {i} " + "word " * (i % 7), id=str(i)) for i in range(30)]
        options.put_options(made)
        await pilot.pause()
        options.highlighted = 20  # scrolled down to it
        await pilot.pause()
        top = options.scroll_offset.y
        assert top > 0
        newcomer = Option("a new passage " + "word " * 9, id="new")
        options.put_options([*made[:19], newcomer, *made[19:25]])
        await pilot.pause()
        assert options.highlighted == 21 and options.highlighted_option is made[20]
        assert options.scroll_offset.y == top  # the view stays where it was
        shown = _lines(app)
        forget_drawn(options)
        await pilot.pause()
        assert _lines(app) == shown  # what a full redraw shows
        changed = Option("passage 18 retagged", id="18")  # the same size: no layout, no scroll
        options.put_options([*made[:18], changed, newcomer, *made[19:25]])
        await pilot.pause()
        shown = _lines(app)
        assert any("retagged" in line for line in shown)
        forget_drawn(options)
        await pilot.pause()
        assert _lines(app) == shown
        options.highlighted = 22  # the highlight moves: two options drawn again
        await pilot.pause()
        shown = _lines(app)
        forget_drawn(options)
        await pilot.pause()
        assert _lines(app) == shown


async def test_options_kept_for_later_are_not_measured_again() -> None:
    app = _ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        options = app.query_one(HighlightList)
        one = [Option(f"one {i} " + "word " * i, id=f"a{i}") for i in range(4)]
        other = [Option(f"other {i}", id=f"b{i}") for i in range(3)]
        options.put_options(one)
        await pilot.pause()
        measured_one = {k: v for k, v in options._measured.items() if k[0] in one}
        options.put_options(other, keep=set(one))  # another column's list shown
        await pilot.pause()
        options.put_options(one, keep=set(other))  # and back: nothing measured again
        await pilot.pause()
        assert {k: v for k, v in options._measured.items() if k[0] in one} == measured_one
        assert any(k[0] in other for k in options._measured)  # kept in turn
        shown = _lines(app)
        forget_drawn(options)
        await pilot.pause()
        assert _lines(app) == shown  # what a full redraw shows
        options.put_options(one)  # nothing to keep: the other list's are let go
        assert not any(k[0] in other for k in options._measured)
        assert not any(k[0] in other for k in options._drawn)


async def test_closing_a_column_measures_none_of_the_other_articles_highlights(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    first, second = [r.path for r in loaded_store.articles()][:2]
    for path in (first, second):
        for n in range(5):
            loaded_store.add_highlight(path, 60 + 40 * n, 80 + 40 * n, tags=["policy/contract"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, first)
        panel = app.main.query_one(AnnotationsPanel)
        options = panel.query_one(HighlightList)

        def showing(path: str) -> bool:
            return panel.path == path and options.option_count == 5

        await until(pilot, lambda: showing(first), "the first article's highlights")
        shown_first = list(options._options)
        app.open_at(second, 0, new_column=True)
        await until(pilot, lambda: showing(second), "the second article's highlights")
        measured = set(options._measured)
        await pilot.press("ctrl+w")  # close the second: the first's highlights shown again
        await until(pilot, lambda: showing(first), "the first article's highlights again")
        assert len(app.main.columns) == 1
        assert options._options == shown_first  # the same options, heights kept
        assert set(options._measured) <= measured  # none measured again (nor a placeholder)


async def test_a_late_focus_event_from_a_closed_column_changes_nothing(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    first, second = [r.path for r in loaded_store.articles()][:2]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, first)
        app.open_at(second, 0, new_column=True)
        await until(pilot, lambda: len(app.main.columns) == 2, "two columns")
        closed = app.main.columns[1]
        await until(pilot, lambda: app.main.active is closed, "the second column active")
        await pilot.press("ctrl+w")
        await until(pilot, lambda: len(app.main.columns) == 1, "the column closed")
        [kept] = app.main.columns
        app.main.post_message(events.DescendantFocus(closed.reader))  # came before the close
        await pilot.pause()
        await pilot.pause()
        assert app.main.active is kept
        assert app.main.query_one(AnnotationsPanel).path == first
