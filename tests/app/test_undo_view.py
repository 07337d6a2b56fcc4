"""Undo and redo say what they did, for every kind of change, and show where it happened."""

from __future__ import annotations

from collections.abc import Callable

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.legend import QuickLegend
from tests.app.conftest import SIZE, cursor_to_body, open_article, reader_of, settle

ARTICLE = "000_457775139af1eb7c.txt"


def last_message(app: GPReaderApp) -> str:
    return list(app._notifications)[-1].message


async def test_each_kind_of_change_is_undone_and_redone_where_it_was(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("workload")
    loaded_store.update_tag("workload", quick_key=1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("j", "j")
        start, end = reader.cursor_range or (0, 0)
        steps = [
            (("h",), "highlight"),
            (("t", *"policy/funding", "enter"), "tag policy/funding added"),
            (("1",), "tag workload added"),
            (("m", *"why", "ctrl+s"), "note on"),
            (("x",), "deletion of highlight"),
        ]
        for keys, _ in steps:
            await pilot.press(*keys)
            await pilot.pause()
        assert loaded_store.highlights(ARTICLE) == []
        for _, said in reversed(steps):
            await pilot.press("G")  # far away: undo must bring the passage back into view
            await pilot.press("u")
            await pilot.pause()
            assert last_message(app).startswith(f"Undid: {said}"), last_message(app)
            if said != "highlight":  # undoing the highlight leaves no passage to show
                assert reader_of(app).cursor_range == (start, end), said
        assert loaded_store.highlights(ARTICLE) == []
        for _, said in steps:
            await pilot.press("g")
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert last_message(app).startswith(f"Redid: {said}"), last_message(app)
            if said != "deletion of highlight":
                assert reader_of(app).cursor_range == (start, end), said
    assert loaded_store.highlights(ARTICLE) == []


async def test_undoing_a_tag_rename_says_so_and_the_legend_follows(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("staffing")
    loaded_store.update_tag("staffing", quick_key=2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        loaded_store.rename_tag("staffing", "workforce/staffing")
        app.main.refresh_data()
        await pilot.pause()
        legend = app.screen.query_one(QuickLegend)
        assert str(legend.content) == "2 ■ workforce/staffing"
        await pilot.press("u")
        await pilot.pause()
        assert last_message(app) == "Undid: rename of tag staffing to workforce/staffing"
        assert str(legend.content) == "2 ■ staffing"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert last_message(app) == "Redid: rename of tag staffing to workforce/staffing"
        assert str(legend.content) == "2 ■ workforce/staffing"
    assert [t.path for t in loaded_store.tags()] == ["workforce", "workforce/staffing"]
