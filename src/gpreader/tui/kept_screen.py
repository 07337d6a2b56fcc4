"""The mixin of kept screens (see screens/kept), here so that widgets may use it too."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump


class Kept(MessagePump):
    """Mixed into kept screens (before their Screen class). `prebuild` may register one just
    as the app shuts down: closed before its message loop ever ran, it would compose nothing
    (Textual mounts no children into a closing node) and its Mount handlers would look for
    widgets that are not there. Such a screen skips compose and Mount altogether, and one
    closed while it composed skips Mount."""

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
