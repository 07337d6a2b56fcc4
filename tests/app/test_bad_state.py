"""A malformed saved layout is reported and reset, never fatal (issue: trust, item 11)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.main import LAYOUT_KEY
from tests.app.conftest import SIZE, settle

PATH = "000_457775139af1eb7c.txt"

BAD_LAYOUTS: list[Any] = [
    "not a dict",
    [1, 2, 3],
    {"columns": "nope"},
    {"columns": [None, 3, "x", {"path": 7}, {"path": PATH, "offset": "far"}]},
    {"columns": [{"path": PATH, "offset": 1e400}]},
    {"columns": [{"path": PATH, "offset": -5}], "active": "first"},
    {"columns": [{"path": PATH, "offset": 10**30}], "active": 10**30},
    {"sort": ["title"], "descending": "yes", "library": 3, "annotations": {"a": 1}},
]


@pytest.mark.parametrize("layout", BAD_LAYOUTS, ids=range(len(BAD_LAYOUTS)))
async def test_a_malformed_layout_starts_the_workbench(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, layout: Any
) -> None:
    loaded_store.set_state(LAYOUT_KEY, layout)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("j")  # still answers keys


async def test_unreadable_json_in_the_state_table_is_reset(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    with loaded_store.action() as db:
        db.execute(
            "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", [LAYOUT_KEY, "{not json"]
        )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("layout" in m.lower() for m in messages), messages
        await pilot.press("q")
    saved = loaded_store.get_state(LAYOUT_KEY)
    assert isinstance(saved, dict)  # replaced by a good one
    json.dumps(saved)
