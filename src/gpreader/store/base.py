"""What every part of the store shares: the connection, transactions, plain-tuple reads, state.

Reads use `conn.execute(...).fetchall()` and return stored values as they are (no dict per row,
no per-cell work): whatever goes to a terminal is made safe there, by `text.safe_to_show`.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gpreader.errors import InvalidInputError
from gpreader.store import coding_cache, database
from gpreader.text import clean_typed

if TYPE_CHECKING:
    from sqlite_utils import Database


def now() -> str:
    """The current time as an ISO stamp in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_coder() -> str:
    """The login name, or "coder" where there is none (some containers)."""
    try:
        return getpass.getuser()
    except Exception:
        return "coder"


class StoreBase:
    """One SQLite connection with gpreader's pragmas, and the helpers the store parts share."""

    def __init__(
        self,
        path: Path,
        *,
        coder: str | None = None,
        busy_timeout: float | None = None,
        verify: bool = True,
    ) -> None:
        """Open the store. `verify=False`: a worker thread's second connection to a database
        this process has already opened (skips the checks and migrations)."""
        self.path = Path(path)
        kwargs: dict[str, Any] = {"verify": verify}
        if busy_timeout is not None:
            kwargs["busy_timeout"] = busy_timeout
        self.conn: sqlite3.Connection
        self.conn, self.warnings = database.open_database(self.path, **kwargs)
        self._db: Database | None = None
        self.coder = clean_typed(coder or default_coder())
        self._state_changes = 0  # rows `set_state` changed on this connection (see content_stamp)

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection, for simple inserts and upserts: imported on
        first use only (it costs start-up time); reads and the import's writes use `conn`."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def action(self) -> Iterator[sqlite3.Connection]:
        """One user action in one BEGIN IMMEDIATE transaction (nests: an inner one joins).

        Yields the connection, so that writes which belong with the store's but live
        elsewhere (the search index: `search.index.index_article(conn, ...)`) share the
        transaction: all of it is committed, or none.
        """
        with database.write(self.conn):
            yield self.conn

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Every read inside sees one consistent state of the database, even while other
        processes write (a deferred read transaction; inside an action, that action's).

        Yields the connection for reads that live elsewhere (the search index's `outdated`),
        which, unlike `action()`, need no write lock.
        """
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of a query as plain tuples; SQLite failures become user-facing errors."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise database.database_error(exc, self.path) from exc

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, or None."""
        try:
            row: tuple[Any, ...] | None = self.conn.execute(sql, params).fetchone()
        except sqlite3.DatabaseError as exc:
            raise database.database_error(exc, self.path) from exc
        return row

    def data_version(self) -> int:
        """Changes whenever another connection commits: poll it to notice other instances."""
        version: int = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return version

    def content_stamp(self) -> tuple[int, int]:
        """Changes whenever any connection commits a write, but for this connection's own UI
        state (`set_state`: the layout saved as keys move the focus): what was read after
        taking it is still current while it is the same."""
        version, changes = coding_cache.stamp(self.conn)
        return version, changes - self._state_changes

    def backup(self, out: Path, *, replace: bool = False) -> None:
        """A consistent copy of the database, safe while other processes write; moved into
        place whole (an existing regular file is replaced only with `replace`)."""
        database.backup_to(self.conn, out, replace=replace)

    # -- state (UI layout and the like) ------------------------------------------------------

    def get_state(self, key: str, default: Any = None) -> Any:
        """A value saved with `set_state`; InvalidInputError if what is stored is not JSON."""
        row = self._one("SELECT value FROM state WHERE key = ?", [key])
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except (TypeError, ValueError):
            raise InvalidInputError(f"the saved {key} is unreadable; it was reset") from None

    def set_state(self, key: str, value: Any) -> None:
        with self.action():
            before = self.conn.total_changes
            self.conn.execute(
                "INSERT INTO state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value)],
            )
            self._state_changes += self.conn.total_changes - before
