"""Per-article reads an export needs, lighter than a whole `Article`.

    section_blocks(conn, "a.txt", ("title", "paragraph"))  -> [(0, 12, "title"), ...]

An export finds the section each highlight starts in from the article's block spans only:
unpacking every span of an article as `Span` objects (`store.article`) was most of the
~0.75 ms an export paid per article.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Collection
from itertools import compress
from pathlib import Path
from typing import cast

from gpreader.errors import NotFoundError
from gpreader.models import Article
from gpreader.store import database
from gpreader.store.spans import _decoded as decoded_spans

_ARTICLE = """SELECT path, sha256, gp_text(text), encoding, title, date, words, comments, size,
    mtime_ns FROM articles WHERE path = ?"""
_BLOB = """SELECT s.packed FROM articles a LEFT JOIN article_spans s ON s.article_id = a.id
    WHERE a.path = ?"""


def article_paths(conn: sqlite3.Connection, *, db_path: Path | None = None) -> list[str]:
    """Every article's path, in path order (the library's order), and nothing else: the
    library listing also counts each article's highlights (a scan of every highlight)."""
    try:
        return [path for (path,) in conn.execute("SELECT path FROM articles ORDER BY path")]
    except sqlite3.DatabaseError as exc:
        raise database.database_error(exc, db_path) from exc


def article_text(conn: sqlite3.Connection, path: str, *, db_path: Path | None = None) -> Article:
    """The article at `path` without its spans (`spans` is empty): an export reads its text,
    title and file facts, never its spans (unpacking them was most of `store.article`)."""
    try:
        row = conn.execute(_ARTICLE, [path]).fetchone()
    except sqlite3.DatabaseError as exc:
        raise database.database_error(exc, db_path) from exc
    if row is None:
        raise NotFoundError(f"no article {path!r}; `gpreader articles` lists them")
    path, sha256, text, encoding, title, date, words, comments, size, mtime_ns = row
    return Article(path, sha256, text, encoding, title, date, words, comments, (), size, mtime_ns)


def section_blocks(
    conn: sqlite3.Connection, path: str, kinds: Collection[str], *, db_path: Path | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, section) of the spans of `kinds` of the article at `path`, in the order
    they were written (what `[s for s in article.spans if s.kind in kinds]` gives).
    NotFoundError when there is no such article; `db_path` names the database in errors."""
    try:
        row = conn.execute(_BLOB, [path]).fetchone()
        if row is None:
            raise NotFoundError(f"no article {path!r}; `gpreader articles` lists them")
        if row[0] is None:  # every article has its row: a damaged table
            raise sqlite3.DatabaseError(f"database disk image is malformed (no spans of {path})")
        try:
            names, numbers, n = decoded_spans(row[0])
        except (ValueError, zlib.error) as exc:
            raise sqlite3.DatabaseError(f"database disk image is malformed ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise database.database_error(exc, db_path) from exc
    codes = {i for i, name in enumerate(names[:-1]) if name in kinds}  # the last is None
    if not codes:
        return []
    chosen = [k in codes for k in numbers[:n]]
    section_names = cast(list[str], names)  # a span's section is never None
    return list(
        zip(
            compress(numbers[2 * n : 3 * n], chosen),
            compress(numbers[3 * n : 4 * n], chosen),
            map(section_names.__getitem__, compress(numbers[n : 2 * n], chosen)),
            strict=True,
        )
    )
