"""No keystroke lost or reordered when keys come faster than the screen changes.

Textual hands a key to the focused widget's queue and runs a (non-priority) binding only when
the key has bubbled back up to the app; meanwhile the app has already handed the next keys on.
So keys typed at once after `/` or `t` went to the reader, not the dialog being opened; in a
text box, `ctrl+u` (a binding) ran after the letters typed behind it and erased them; and keys
reaching a dialog before its text box had focus went to the screen and were lost.

Two rules fix it (`GPReaderApp.on_event` calls `TypeAhead.key` for every key from the
terminal):
- a key is handled at once, in order: a one-line text box (Input) with focus takes a printable
  character into itself now, and any other key's binding runs now (a multi-line TextArea is
  left to Textual: it takes most keys itself);
- while the newest pushed screen has not mounted or has nothing focused, keys wait; once it is
  ready, its text box (if nothing else took focus) gets the focus and the keys are handled in
  the order typed. Once a key waits, later keys wait behind it;
- after Enter in a dialog's text box, keys wait until the dialog has closed (its Submitted
  message is handled later), or for SETTLE seconds if it stays open (an error shown in it).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from gpreader.tui import memory
from gpreader.tui.screens.kept import running

# The two Textual internals called below; a Textual without them gets its own key handling.
SUPPORTED = callable(getattr(App, "_check_bindings", None)) and callable(
    getattr(Input, "_on_key", None)
)
RETRY = 0.005  # seconds between looks at a screen that is not ready yet
GIVE_UP = 2.0  # seconds after which held keys go to the screen, ready or not
SETTLE = 0.5  # seconds keys wait after Enter in a dialog's text box, if the dialog stays
BOXES = "Input, TextArea"


class TypeAhead:
    """The keys held for a screen that is opening (one per app)."""

    def __init__(self, app: App[Any], handle: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.handle = handle  # the app's own key handling
        self.held: list[events.Key] = []
        self.since = 0.0
        self._scheduled = False
        self._waited_for_focus = False  # the screen had a chance to focus what it wants
        self.closing: tuple[Screen[Any], float] | None = None  # a dialog Enter may close, since
        self.collector = memory.IdleCollector()  # the cycle collector runs between keys

    def settling(self) -> bool:
        """Whether Enter was just pressed in a dialog that has not closed yet."""
        if self.closing is None:
            return False
        screen, since = self.closing
        if self.app.screen is screen and time.monotonic() - since < SETTLE:
            return True
        self.closing = None
        return False

    def opening(self) -> bool:
        """Whether the current screen is a pushed one that is not ready for keys yet (or one
        that Enter may be closing)."""
        if self.settling():
            return True
        screen = self.app.screen
        if screen is self.app.get_default_screen():  # the workbench, there from the start
            return False
        if not screen.is_mounted:
            return True
        return screen.focused is None and _box(screen) is not None

    async def key(self, event: events.Key) -> bool:
        """Take a key from the terminal: hold it, or run its binding; False leaves it to
        Textual (to give to the focused widget)."""
        self.collector.key(self.app)
        if not SUPPORTED:
            return False
        if self.hold(event):
            return True
        return await self.bind_now(event)

    async def bind_now(self, event: events.Key) -> bool:
        """Handle `event` now, before later keys are handed on (True if done): a character
        typed into a focused Input, else the key's binding (priority ones first, as Textual
        does). Widgets with key handlers of their own (TextArea, Select's list), and keys without a
        binding, are left to Textual."""
        app = self.app
        focused = app.focused
        keep = getattr(focused, "keep_key", None)  # a reader loading an article keeps its keys
        if callable(keep) and keep(event):
            return True
        if not isinstance(focused, Input) and not _plain_keys(focused or app.screen):
            return False
        app.app_focus = True
        # Textual's own binding lookup and Input's own key handler (which the key would reach
        # a moment later through the widgets' queues), called now so that order is kept.
        if await app._check_bindings(event.key, priority=True):
            return True
        if isinstance(focused, Input) and event.is_printable:
            await focused._on_key(event)
            return True
        done = await app._check_bindings(event.key)
        in_dialog = app.screen is not app.get_default_screen()
        if done and in_dialog and isinstance(focused, Input) and event.key == "enter":
            self.closing = (app.screen, time.monotonic())
        return done

    def hold(self, event: events.Key) -> bool:
        """Keep `event` if keys are being held or the screen is opening (then True)."""
        if not self.held and not self.opening():
            return False
        if not self.held:
            self.since = time.monotonic()
        self.held.append(event)
        self._schedule()
        return True

    def _schedule(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            self.app.set_timer(RETRY, self.release)

    async def release(self) -> None:
        """Hand the held keys on, in order, as far as the screens they open are ready."""
        self._scheduled = False
        self._waited_for_focus = False  # the screen had a chance to focus what it wants
        late = time.monotonic() - self.since > GIVE_UP
        while self.held:
            if not running(self.app):  # quitting: its screens are closing, no key is wanted
                self.held.clear()
                return
            if not late and not self._ready():
                self._schedule()
                return
            event = self.held.pop(0)
            if not await self.bind_now(event):
                await self.handle(event)
            if self.held and self.opening():
                self.since = time.monotonic()  # a held key opened another screen: wait for it

    def _ready(self) -> bool:
        """Whether the screen can take keys now. A screen mounted with nothing focused gets one
        more look (its own focus call may be on its way), then its text box is focused."""
        if not self.opening():
            self._waited_for_focus = False
            return True
        if self.settling():
            return False
        screen = self.app.screen
        box = _box(screen) if screen.is_mounted else None
        if box is None:
            return False
        if not self._waited_for_focus:
            self._waited_for_focus = True
            return False
        self._waited_for_focus = False
        screen.set_focus(box)
        return screen.focused is box


def _plain_keys(widget: Widget) -> bool:
    """Whether a widget leaves every key to bindings (no key handler of its own)."""
    return _plain_type(type(widget))


@functools.cache
def _plain_type(kind: type[Widget]) -> bool:
    """`_plain_keys` for a class, worked out once (`dir` of a widget class takes ~3 ms)."""
    return kind._on_key is Widget._on_key and not any(name.startswith("key_") for name in dir(kind))


def _box(screen: Screen[Any]) -> Widget | None:
    """The screen's first text box that can take focus, if it has one."""
    for widget in screen.query(BOXES):
        if widget.is_mounted and widget.focusable:
            return widget
    return None
