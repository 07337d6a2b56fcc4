"""The mixin of kept screens (see screens/kept), here so that widgets may use it too."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump


def style_state(app: App[Any]) -> tuple[object, ...]:
    """What the styles of a screen depend on beyond its own nodes: the app's CSS (its theme,
    variables and rules; Textual counts each invalidation) and the app's classes and pseudo
    classes (focus, dark, ansi...)."""
    sheet = app.stylesheet
    return (
        app._css_update_count,
        id(sheet),
        len(sheet.source),
        frozenset(app.classes),
        app.pseudo_classes,
    )


class Kept(MessagePump):
    """Mixed into kept screens (before their Screen class).

    Shown again, a kept screen is not styled again from the top when nothing its styles depend
    on changed since it last was (`style_state`): Textual restyles every node of a screen it
    pushes, a fifth to a third of opening a dialog (benchmarks/bench_ui.py: E, a, t, ?), while a
    node whose classes or focus change while the screen is hidden is restyled there and then.

    `prebuild` may register one just as the app shuts down: closed before its message loop ever
    ran, it would compose nothing (Textual mounts no children into a closing node) and its
    Mount handlers would look for widgets that are not there. Such a screen skips compose and
    Mount altogether, and one closed while it composed skips Mount."""

    _styled_for: tuple[object, ...] | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Screen's own handler (Textual calls each class's, most derived first)."""
        state = style_state(self.app)
        if state == self._styled_for:
            event.refresh_styles = False
        self._styled_for = state

    async def _pre_process(self) -> bool:
        if self._closing:
            self._mounted_event.set()
            return False
        return await super()._pre_process()

    async def _on_message(self, message: Message) -> None:
        """Closed while composing, or composed while the app shuts down (whose nodes then close
        in no set order, children maybe first): its Mount handlers are not run."""
        if isinstance(message, events.Mount) and (self._closing or not self.app.is_running):
            return
        await super()._on_message(message)
