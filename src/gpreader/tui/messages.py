"""Messages of the workbench, as `@dataclass`es: thread workers post them (they never touch
widgets), and screens post them up to the app instead of reaching into it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # annotations only: importing this module loads no core package
    from gpreader.export import ExportResult
    from gpreader.models import ArticleSummary, ImportReport
    from gpreader.tui.widgets.library_order import LibraryOrder


@dataclass
class RefreshProgress(Message):
    """The corpus refresh is at file `done` of `total` of a stage (corpus.sync.STAGES), posted
    to the main screen."""

    stage: str
    done: int
    total: int
    path: str


@dataclass
class RefreshFinished(Message):
    """The corpus refresh ended: with a report, or with an error to show (posted to the main
    screen). A refresh stopped because the app is quitting posts nothing."""

    report: ImportReport | None
    error: str | None = None
    summary: tuple[str, ...] = ()  # counts by format, skips by reason (corpus.summary)


@dataclass
class MainReady(Message):
    """The main screen is mounted and shows the library: the app may refresh and poll."""


@dataclass
class LibraryRead(Message):
    """The article list, read by the main screen's library worker (or why it could not be)."""

    rows: list[ArticleSummary]
    error: str | None = None
    done: frozenset[str] = frozenset()  # paths this coder marked done (`D`)
    order: LibraryOrder | None = None  # over `rows`, the wanted sort orders made in the worker


@dataclass
class CodebookChanged(Message):
    """Tags were renamed, merged, deleted or recoloured (by the tag view): the reading columns
    behind it should reload their highlights."""


@dataclass
class ExportProgress(Message):
    """The export worker has written `done` of `total` highlights."""

    done: int
    total: int


@dataclass
class ExportFinished(Message):
    """The export worker finished: with its result, or with an error to show. A cancelled
    export posts nothing."""

    result: ExportResult | None
    error: str | None = None
