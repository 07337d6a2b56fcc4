"""Databases as an older gpreader made them, for the tests of each migration."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations

from gpreader.store import database, migrations


@contextmanager
def schema_at(monkeypatch: pytest.MonkeyPatch, version: int) -> Iterator[None]:
    """Within it, a store opened is made and run as gpreader at schema `version` did: only
    the migrations numbered up to `version` (m001 ... mNNN) exist."""
    old = Migrations("gpreader")
    for step in migrations.migrations._migrations:
        if int(step.name[1:4]) <= version:
            old(name=step.name)(step.fn)
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "migrations", old)
        patch.setattr(database, "SCHEMA_VERSION", version)
        yield


def copy_rows(target: Path | sqlite3.Connection, source: Path, tables: Sequence[str]) -> None:
    """Copy every row of `tables` from the database at `source` into `target` (a path, or an
    open connection, left open), replacing rows with the same keys."""
    conn = sqlite3.connect(target) if isinstance(target, Path) else target
    conn.execute("ATTACH DATABASE ? AS source", [str(source)])
    for table in tables:
        conn.execute(f"INSERT OR REPLACE INTO {table} SELECT * FROM source.{table}")
    conn.commit()
    conn.execute("DETACH DATABASE source")
    if isinstance(target, Path):
        conn.close()


# The tables that hold the corpus and its coding (what an analysis reads).
CODED_TABLES = (
    "articles",
    "article_spans",
    "article_attributes",
    "tags",
    "highlights",
    "highlight_tags",
)
