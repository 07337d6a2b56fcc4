"""Importing a REFI-QDA project from the workbench's palette command."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.ask import Ask
from tests.app.conftest import SIZE, settle
from tests.conftest import shared_path


async def test_import_a_project_from_the_workbench(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    qdpx = shared_path("fixtures", "refi-qda", "qualcoder-4.0-export.qdpx")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_import_project()
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        app.screen.query_one(Input).value = str(qdpx)
        await pilot.press("enter")
        await settle(app, pilot)
        titles = [n.title for n in app._notifications]
        assert "Project imported" in titles, titles
        rows = {r.path for r in app.main.library.rows}
        assert "Temporary article.txt" in rows  # a text the sample corpus did not hold
    found = loaded_store.highlights()
    assert len(found) == 8 and {"alice"} == {h.coder for h in found}


async def test_a_bad_path_says_so_and_imports_nothing(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, tmp_path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_import_project()
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "missing.qdpx")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Not imported" in [n.title for n in app._notifications]
    assert loaded_store.highlights() == []
