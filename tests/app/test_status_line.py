"""A coding key or a motion draws once: the status line under the reader changes with the
highlights or the cursor, in the same handler, not one frame later when the reader's Changed
message comes round; and that message, asking again for what is shown, changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Static

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle

ARTICLE = "000_457775139af1eb7c.txt"


async def test_reload_highlights_updates_the_status_line_at_once_and_once(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.pause()
        column = app.main.active
        assert column is not None
        status = column.query_one(".column-status", Static)
        assert "highlight" in str(status.content)  # "sentence n of m · 0 highlights"
        updates: list[str] = []
        update = Static.update

        def counted(self: Static, content: Any = "", *, layout: bool = True) -> None:
            if self is status:
                updates.append(str(content))
            update(self, content, layout=layout)

        monkeypatch.setattr(Static, "update", counted)
        start, end = reader.units[reader.cursor]
        loaded_store.add_highlight(ARTICLE, start, end, tags=["policy"])
        app.main.reload_highlights(ARTICLE)
        assert "policy" in str(status.content), "the status line waits for a later message"
        await pilot.pause()
        await pilot.pause()
        assert len(updates) == 1, updates  # the Changed message after it draws nothing again
        assert "policy" in str(status.content)
        reader.go_to(end + 1)  # a motion: the status line follows the cursor at once too
        under = reader.highlight_under()
        assert under is None or "policy" not in under.tags
        assert "policy" not in str(status.content), "the status line waits for a later message"
        assert "sentence" in str(status.content)
        await pilot.pause()
        assert len(updates) == 2, updates
