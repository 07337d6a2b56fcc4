"""A kept screen composed in the background (kept.prebuild) while the app shuts down: run_test
ends with `app._shutdown()` straight from the test, which closes every node not on a screen
stack in no set order; a child of a screen still composing could close before the screen's
Mount, whose query then failed (NoMatches), at random under load."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens import kept as kept_module
from gpreader.tui.screens.kept import discard, kept, prebuild
from tests.app.conftest import SIZE, settle

CHILDREN = 12


class SlowChild(Static):
    """A child whose mount takes a while, as under load: while `held`, until the app stops."""

    held = True

    async def on_mount(self) -> None:
        while SlowChild.held and self.app.is_running:
            await asyncio.sleep(0.01)


class Composed(Screen[None]):
    """Looks up each of its children when mounted, as the kept screens do."""

    def compose(self) -> ComposeResult:
        for number in range(CHILDREN):
            yield SlowChild(str(number), id=f"child-{number}")

    def on_mount(self) -> None:
        for number in range(CHILDREN):
            self.query_one(f"#child-{number}", SlowChild)


class Prebuilding(App[None]):
    def on_mount(self) -> None:
        kept(self, "composed", Composed, Composed)


async def composing(app: App[None]) -> Any:
    """Start prebuilding the kept screen and return it once caught mid-compose."""
    screen = app.get_screen("composed")
    prebuild(app, ["composed"])
    for _ in range(200):
        if screen.is_running:
            break
        await asyncio.sleep(0.005)
    assert screen.is_running and not screen.is_mounted, "not caught mid-compose"
    return screen


async def test_the_app_shutting_down_mid_compose_raises_nothing(monkeypatch: Any) -> None:
    monkeypatch.setattr(kept_module, "PREBUILD_DELAY", 0.01)
    monkeypatch.setattr(SlowChild, "held", True)
    for _ in range(3):  # a child closes before the screen with odds 12 in 13 each time
        app = Prebuilding()
        async with app.run_test():
            await composing(app)
        assert app.return_code in (None, 0)


async def test_a_screen_discarded_mid_compose_is_removed_once_composed(monkeypatch: Any) -> None:
    monkeypatch.setattr(kept_module, "PREBUILD_DELAY", 0.01)
    monkeypatch.setattr(SlowChild, "held", True)
    app = Prebuilding()
    async with app.run_test():
        screen = await composing(app)
        discard(app, "composed")
        assert not app.is_screen_installed("composed")
        SlowChild.held = False
        for _ in range(200):
            if not screen.is_running and screen.is_mounted:
                break
            await asyncio.sleep(0.01)
        assert screen.is_mounted and not screen.is_running, "the discarded screen is still up"
        assert not screen.children


async def test_every_screen_the_workbench_prebuilds_skips_its_mount_when_closed_early(
    make_app: Callable[..., GPReaderApp],
) -> None:
    """Each screen the workbench installs to compose in the background is `Kept`, so the app
    shutting down before or while it composes does not run its Mount handler over missing
    widgets (the tag picker, once prebuilt, lacked it: NoMatches at random in CI)."""
    from gpreader.tui.kept_screen import Kept

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        installed = {name: app.get_screen(name) for name in app._installed_screens}
    assert installed  # the kept screens are installed at start
    assert [name for name, screen in installed.items() if not isinstance(screen, Kept)] == []
