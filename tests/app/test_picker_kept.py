"""The tag picker shows a row it showed before with the same option (its lines kept), and
a row whose tag changed (colour, count, applied) with a new one."""

from __future__ import annotations

from collections.abc import Callable

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.widgets.annotations_list import HighlightList
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle
from tests.app.test_reader_drawing import ARTICLE


async def test_picker_rows_are_kept_until_their_tag_changes(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("policy")
    loaded_store.ensure_tag("funding")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        first = {o.prompt.plain.split()[1]: o for o in app.screen.query_one(HighlightList).options}
        await pilot.press("escape", "t")
        await pilot.pause()
        again = {o.prompt.plain.split()[1]: o for o in app.screen.query_one(HighlightList).options}
        assert again == first  # the very same options: drawn from the lines kept
        await pilot.press(*"funding", "enter")  # funding counts one highlight now
        await pilot.pause()
        assert [h.tags for h in loaded_store.highlights(ARTICLE)] == [("funding",)]
        await pilot.press("t")
        await pilot.pause()
        after = {o.prompt.plain.split()[1]: o for o in app.screen.query_one(HighlightList).options}
        assert after["policy"] is first["policy"]
        assert after["funding"] is not first["funding"]  # applied, and counted: made again
        assert "applied" in after["funding"].prompt.plain
