"""Screens composed once and shown again (issue 9: composing a dialog per key took longer than
a key may take).

A kept screen is installed under a name, so that dismissing it keeps it (and its widgets)
instead of removing it; each time it is shown its `reset` makes it look as a new one would.
`prebuild` composes kept screens while the workbench is idle after its first frame, so that
even the first press of a key finds its screen ready.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

from gpreader.tui.kept_screen import Kept

__all__ = ["Kept", "discard", "in_stack", "kept", "prebuild", "show"]

S = TypeVar("S", bound=Screen[Any])

PREBUILD_DELAY = 0.5  # seconds after the first frame before composing kept screens


def kept(app: App[Any], name: str, kind: type[S], make: Callable[[], S]) -> S:
    """The screen kept under `name` (made by `make` the first time). While it is on the screen
    stack already (opened from a screen it covers), a new one, not kept, is made instead."""
    if app.is_screen_installed(name):
        screen = app.get_screen(name)
        if isinstance(screen, kind) and not in_stack(app, screen):
            return screen
        if isinstance(screen, kind):
            return make()
        discard(app, name)
    screen = make()
    app.install_screen(screen, name)
    return screen


def discard(app: App[Any], name: str) -> None:
    """Forget the screen kept under `name` (not while it is shown) and its widgets."""
    if not app.is_screen_installed(name):
        return
    screen = app.get_screen(name)
    if in_stack(app, screen):
        return
    if prebuilding(app, screen):  # Textual refuses to uninstall it; removed once composed
        del app._installed_screens[name]
        return
    app.uninstall_screen(name)
    if screen.is_mounted:
        screen.remove()


def in_stack(app: App[Any], screen: Screen[Any]) -> bool:
    """Whether `screen` was shown (by `show`) and not dismissed yet."""
    return screen in _shown


_shown: weakref.WeakSet[Screen[Any]] = weakref.WeakSet()


def show(app: App[Any], screen: S, callback: Callable[[Any], object] | None = None) -> None:
    """Push a kept screen; it counts as shown until it is dismissed."""
    _shown.add(screen)

    def dismissed(result: Any) -> None:
        _shown.discard(screen)
        if callback is not None:
            callback(result)

    app.push_screen(screen, dismissed)


def prebuild(app: App[Any], names: Iterable[str], then: Callable[[], object] | None = None) -> None:
    """Compose (mount, off screen) the kept screens under `names` that are not composed yet,
    one per idle moment, so that no key waits for them and no frame is delayed; then call
    `then`."""
    waiting = list(names)

    async def next_one() -> None:
        while waiting:
            name = waiting.pop(0)
            if not running(app) or not app.is_screen_installed(name):
                continue
            screen = app.get_screen(name)
            if screen.is_running or in_stack(app, screen):
                continue
            await compose_off_screen(app, screen)
            break
        if not running(app):
            return
        if waiting:
            app.set_timer(PREBUILD_DELAY / 5, next_one)
        elif then is not None:
            app.set_timer(PREBUILD_DELAY / 5, then)  # once the last one has mounted

    app.set_timer(PREBUILD_DELAY, next_one)


def running(app: App[Any]) -> bool:
    """Whether the app runs and has not been asked to exit."""
    return app.is_running and not app._exit


PREBUILDING = "_kept_prebuilding"  # a screen stack no mode shows: screens being composed


async def compose_off_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Register and mount `screen` (as push_screen would) without showing it.

    While it composes, it sits on a screen stack of its own: should the app shut down then
    (run_test calls `App._shutdown` straight away), Textual prunes the screens on stacks from
    the top down, so the screen finishes composing and mounting before its children close.
    Off every stack, it would be closed with the other loose nodes in no set order, and a child
    closed first is gone from the DOM when the screen's Mount handler looks it up."""
    stack = app._screen_stacks.setdefault(PREBUILDING, [])
    stack.append(screen)
    try:
        _, mounted = app._get_screen(screen)
        await mounted
        if app.is_running and not app._exit:
            lay_out(app, screen)
    finally:
        if app.is_running and screen in stack:  # while shutting down, Textual clears it
            stack.remove(screen)
            if screen not in app._installed_screens.values():  # discarded meanwhile
                screen.remove()


def lay_out(app: App[Any], screen: Screen[Any]) -> None:
    """Arrange a composed screen at the app's size, off screen. Its first layout posts a
    Resize to the screen, on which Textual lays out the screens below it too; done here, while
    idle, the first press that shows it finds the layout made and the sizes unchanged (the
    first `t` or `m`: 200-230 ms of UI-thread CPU at 10,000 articles, later ones 60-120)."""
    screen._refresh_layout(app.size)


def prebuilding(app: App[Any], screen: Screen[Any]) -> bool:
    """Whether `screen` is being composed by `prebuild` just now."""
    return screen in app._screen_stacks.get(PREBUILDING, [])
