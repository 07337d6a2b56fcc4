"""A kept screen is laid out when it is composed, off screen while the workbench is idle: the
first press that shows it finds its layout made, so that press neither resizes the screen nor,
on that resize, lays out the workbench below it again (the first `t` and `m` took 200-230 ms of
UI-thread CPU at 10,000 articles, the later ones 60-120: benchmarks/bench_ui.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.screen import Screen

from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.note import NOTE
from gpreader.tui.screens.tag_picker import PICKER
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle, until

ARTICLE = "000_457775139af1eb7c.txt"


@pytest.mark.parametrize(("name", "key"), [(PICKER, "t"), (NOTE, "m")])
async def test_the_first_show_of_a_prebuilt_screen_lays_out_nothing_below_it(
    make_app: Callable[..., GPReaderApp],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    key: str,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        if key == "m":
            await pilot.press("h")  # a note needs a highlight

        def all_composed() -> bool:
            screens = [s for s in app._installed_screens.values() if isinstance(s, Screen)]
            return app.is_screen_installed(name) and all(s.is_mounted for s in screens)

        await until(pilot, all_composed, "the kept screens composed in the background")
        await pilot.pause(0.3)
        kept = app.get_screen(name)
        assert kept.size == app.size, "the kept screen was not laid out while idle"
        laid_out: list[Screen[Any]] = []
        refresh_layout = Screen._refresh_layout

        def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
            laid_out.append(self)
            refresh_layout(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is kept
        assert app.main not in laid_out, "showing it laid out the workbench below it again"
