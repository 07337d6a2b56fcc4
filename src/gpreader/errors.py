"""Errors the core raises on purpose: each has a one-line message and a CLI exit code."""

from __future__ import annotations


class GPReaderError(Exception):
    """A failure to report to the user as one clear line, without a traceback."""

    exit_code = 1


class NotFoundError(GPReaderError):
    """An article, quote, highlight or tag that does not exist."""


class InvalidInputError(GPReaderError):
    """A value the user gave that cannot be used (bad tag path, colour, range)."""


class StaleArticleError(GPReaderError):
    """The article changed on disk after the reader showed it: offsets would point elsewhere."""


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
