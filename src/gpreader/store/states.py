"""A highlight's whole state as one JSON-able dict, read from and written to a database.

Merging databases compares and copies highlights this way; the journal keeps the states a
merge replaced, so undo puts them back. A highlight's article is named by its content (the
SHA-256 of its text), so the state fits any database holding the same text under any path.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from gpreader.errors import InvalidInputError
from gpreader.store import database
from gpreader.store.schema import SCHEMA_VERSION

State = dict[str, Any]
FIELDS = (
    "id", "sha256", "start", "end", "exact", "prefix", "suffix", "anchor_sha256", "note",
    "coder", "created", "updated", "status", "score", "deleted",
)  # fmt: skip
_SELECT = """SELECT h.id, a.sha256, h.start, h."end", h.exact, coalesce(h.prefix, ''),
    coalesce(h.suffix, ''), coalesce(h.article_sha256, ''), coalesce(h.note, ''),
    coalesce(h.coder, ''), coalesce(h.created, ''), coalesce(h.updated, ''), h.status, h.score,
    h.deleted
FROM highlights h JOIN articles a ON a.id = h.article_id"""


def read_states(conn: sqlite3.Connection, ids: list[str] | None = None) -> dict[str, State]:
    """The states of the highlights with `ids` (all when None), deleted ones included."""
    if ids is None:
        rows = conn.execute(_SELECT).fetchall()
    else:
        rows = [row for hid in ids for row in conn.execute(_SELECT + " WHERE h.id = ?", [hid])]
    states = {row[0]: {**dict(zip(FIELDS, row, strict=True)), "tags": []} for row in rows}
    links = conn.execute(
        """SELECT x.highlight_id, t.path, coalesce(x.coder, ''), coalesce(x.created, '')
           FROM highlight_tags x JOIN tags t ON t.id = x.tag_id ORDER BY t.path"""
    )
    for hid, path, coder, created in links:
        if hid in states:
            states[hid]["tags"].append([path, coder, created])
    return states


def read_texts(conn: sqlite3.Connection) -> dict[str, str]:
    """Article path by the SHA-256 of its text (the first article, when texts repeat)."""
    rows = conn.execute("SELECT sha256, path FROM articles ORDER BY id DESC").fetchall()
    return dict(rows)


def read_codebook(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """(colour, description) by tag path."""
    rows = conn.execute("SELECT path, coalesce(color, ''), coalesce(description, '') FROM tags")
    return {path: (color, description) for path, color, description in rows}


def read_marks(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """When each coder marked each article coded, by (text SHA-256, coder)."""
    rows = conn.execute(
        """SELECT a.sha256, m.coder, m.marked FROM coded_marks m
           JOIN articles a ON a.id = m.article_id ORDER BY m.marked DESC"""
    )
    return {(sha256, coder): marked for sha256, coder, marked in rows}


def write_mark(conn: sqlite3.Connection, sha256: str, coder: str, marked: str | None) -> None:
    """Set (or with None, remove) a coder's mark on the article holding text `sha256`."""
    row = conn.execute(
        "SELECT id FROM articles WHERE sha256 = ? ORDER BY id LIMIT 1", [sha256]
    ).fetchone()
    if row is None:
        return
    conn.execute("DELETE FROM coded_marks WHERE article_id = ? AND coder = ?", [row[0], coder])
    if marked is not None:
        conn.execute("INSERT INTO coded_marks VALUES (?, ?, ?)", [row[0], coder, marked])


def write_state(conn: sqlite3.Connection, state: State | None, hid: str) -> None:
    """Make the highlight `hid` exactly `state` (None: remove it and its tag links). The tags
    it names must exist; its article is the first one holding the text `sha256`."""
    conn.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", [hid])
    if state is None:
        conn.execute("DELETE FROM highlights WHERE id = ?", [hid])
        return
    row = conn.execute(
        "SELECT id FROM articles WHERE sha256 = ? ORDER BY id LIMIT 1", [state["sha256"]]
    ).fetchone()
    if row is None:
        raise InvalidInputError(f"no article holds the text of highlight {hid}")
    conn.execute(
        """INSERT OR REPLACE INTO highlights (id, article_id, start, "end", exact, prefix, suffix,
           article_sha256, note, coder, created, updated, status, score, deleted)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [hid, row[0], *(state[f] for f in FIELDS[2:])],
    )
    for path, coder, created in state["tags"]:
        conn.execute(
            """INSERT INTO highlight_tags (highlight_id, tag_id, coder, created)
               VALUES (?, (SELECT id FROM tags WHERE path = ?), ?, ?)""",
            [hid, path, coder, created],
        )


def open_other(path: Path) -> sqlite3.Connection:
    """Another gpreader database, read only; refused unless it has this version's schema."""
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such database file")
    try:
        conn = sqlite3.connect(database._readonly_uri(path), uri=True)  # nothing made beside it
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('highlights', 'articles', 'tags')"
        ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise database.database_error(exc, path) from exc
    if has_tables != 3:
        conn.close()
        raise InvalidInputError(f"{path} is not a gpreader database")
    if version != SCHEMA_VERSION:
        conn.close()
        raise InvalidInputError(
            f"{path} has schema version {version}, this gpreader {SCHEMA_VERSION}: "
            f"open it once with this version first (`gpreader --db {path} stats`)"
        )
    return conn
