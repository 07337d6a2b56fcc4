"""Messages that thread workers post to the app (they never touch widgets themselves)."""

from __future__ import annotations

from textual.message import Message

from gpreader.models import ImportReport


class RefreshProgress(Message):
    """The corpus refresh has read `done` of `total` changed files."""

    def __init__(self, done: int, total: int, path: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.path = path


class RefreshFinished(Message):
    """The corpus refresh ended: with a report, or with an error to show."""

    def __init__(self, report: ImportReport | None, error: str | None = None) -> None:
        super().__init__()
        self.report = report
        self.error = error
