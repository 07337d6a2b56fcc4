"""The reader and the annotations list keep the lines they drew across a dialog shown and closed
(styles unchanged) and across new tag colours (only lines showing a recoloured tag are drawn
again); what is on screen must still be what a full redraw shows."""

from __future__ import annotations

from collections.abc import Callable

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.widgets.annotations_list import HighlightList
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle
from tests.app.test_reader_drawing import ARTICLE, _full_redraw_matches


async def test_a_dialog_closed_keeps_the_lines_drawn(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")
        await pilot.pause()
        drawn = dict(reader._strips)
        options = app.screen.query_one(HighlightList)
        measured = dict(options._measured)
        assert drawn and measured
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        await pilot.press("escape")
        await pilot.pause()
        assert set(drawn) <= set(reader._strips)  # nothing dropped: the styles are the same
        assert set(measured) <= set(options._measured)
        assert await _full_redraw_matches(app, pilot, reader)


async def test_a_new_theme_draws_everything_again(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")
        await pilot.pause()
        before = app.export_screenshot()
        kept = dict(reader._strips)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        now = reader._strips  # every line drawn again, in the new colours
        assert all(now.get(key) is not strip for key, strip in kept.items())
        assert app.export_screenshot() != before
        assert await _full_redraw_matches(app, pilot, reader)


async def test_recoloured_and_new_tags_show_what_a_full_redraw_shows(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("policy", color="#FF0000")
    loaded_store.update_tag("policy", quick_key=1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("1")  # a highlight tagged policy (red)
        await pilot.pause()
        assert await _full_redraw_matches(app, pilot, reader)
        for color in ("#00FF00", "#0000FF"):  # policy recoloured: its lines change
            loaded_store.update_tag("policy", color=color)
            app.main.reload_highlights(None)
            await pilot.pause()
            assert reader.tag_colors["policy"] == color
            assert await _full_redraw_matches(app, pilot, reader), color
        await pilot.press("j", "t", *"fresh", "enter")  # a new tag on the next sentence
        await pilot.pause()
        assert "fresh" in reader.tag_colors
        assert await _full_redraw_matches(app, pilot, reader)
        await pilot.press("u")  # the tag goes with the undo
        await pilot.pause()
        assert await _full_redraw_matches(app, pilot, reader)
        loaded_store.ensure_tag("fresh", color="#123456")  # back, in another colour
        await pilot.press("t", *"fresh", "enter")
        await pilot.pause()
        assert reader.tag_colors["fresh"] == "#123456"
        assert await _full_redraw_matches(app, pilot, reader)


async def test_focus_away_and_back_keeps_the_lines_drawn(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")
        await pilot.pause()
        focused = dict(reader._strips)
        app.main.library.table.focus()
        await pilot.pause()
        assert not reader.has_focus
        reader.focus()
        await pilot.pause()
        now = reader._strips  # the lines drawn with focus before are drawn from those kept
        assert any(now.get(key) is strip for key, strip in focused.items())
        assert await _full_redraw_matches(app, pilot, reader)
