"""Errors the core raises on purpose: each has a one-line message and a CLI exit code."""

from __future__ import annotations

import shlex
from collections.abc import Sequence


class GPReaderError(Exception):
    """A failure to report to the user as one clear line, without a traceback."""

    exit_code = 1


class NotFoundError(GPReaderError):
    """An article, quote, highlight or tag that does not exist."""


class InvalidInputError(GPReaderError):
    """A value the user gave that cannot be used (bad tag path, colour, range)."""


class StaleArticleError(GPReaderError):
    """The article changed on disk after the reader showed it: offsets would point elsewhere."""


class CorpusMismatchError(GPReaderError):
    """A refresh from another folder than the database's would re-anchor highlights onto that
    folder's different texts: it needs `gpreader import FOLDER --rebind` first."""

    def __init__(self, bound: str, other: str, edited: Sequence[str]) -> None:
        shown = ", ".join(edited[:3]) + (f" and {len(edited) - 3} more" if len(edited) > 3 else "")
        super().__init__(
            f"this database belongs to the articles folder {bound}; {other} holds other texts "
            f"for {len(edited)} highlighted article(s) ({shown}). To re-anchor their "
            f"highlights onto them, run `gpreader import {shlex.quote(other)} --rebind`; "
            f"else use --articles {shlex.quote(bound)}"
        )
        self.bound = bound
        self.other = other


class TagInUseError(GPReaderError):
    """A tag still carried by highlights; deleting it needs confirmation or --force."""


class DatabaseError(GPReaderError):
    """The database cannot be used: newer schema, not a database, corrupt, busy, full."""

    exit_code = 3


class DatabaseBusyError(DatabaseError):
    """Another process held the write lock for longer than the busy timeout."""


class Cancelled(GPReaderError):
    """A long operation (corpus refresh, export) stopped because its cancel event was set;
    what it had committed stays, nothing half-written does."""

    exit_code = 130
