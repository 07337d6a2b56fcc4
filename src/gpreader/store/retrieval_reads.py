"""The store's reads for retrieval by code (search/codes.py): live highlights with who applied
each tag, article titles, article spans, memos.

Like search_reads and analysis_reads, each function takes the sqlite3 connection of an
AnnotationStore and only reads, inside whatever transaction the caller is in. Values come back
as stored, as plain tuples.

Which highlights are passages: live ones only. Deleted highlights never; orphaned ones
neither (their offsets no longer point at the words they were made on, so neither their
words, sentences nor overlaps are known), as analysis/ counts them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from gpreader.models import Span
from gpreader.store import spans as packed_spans

_LIVE = "h.deleted IS NULL AND h.status != 'orphaned'"

# (highlight id, article id, start, end, coder, note, exact)
HighlightRow = tuple[str, int, int, int, str, str, str]


def live_highlights(conn: sqlite3.Connection) -> list[HighlightRow]:
    """Every live highlight (of present articles or not: the caller knows which are), in no
    particular order."""
    return [
        (hid, article_id, start, end, coder or "", note or "", exact or "")
        for hid, article_id, start, end, coder, note, exact in conn.execute(
            f"""SELECT h.id, h.article_id, h.start, h."end", h.coder, h.note, h.exact
                FROM highlights h WHERE {_LIVE}"""
        )
    ]


def tag_applications(conn: sqlite3.Connection) -> list[tuple[str, int, str]]:
    """(highlight id, tag id, who applied it) of every tag application ("" when the
    application records no coder: the highlight's own coder applied it), in no order."""
    return conn.execute(
        "SELECT highlight_id, tag_id, coalesce(coder, '') FROM highlight_tags"
    ).fetchall()


def tag_paths(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(id, path) of every tag."""
    return [(i, path) for i, path in conn.execute("SELECT id, path FROM tags")]


def article_names(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(id, path, title) of every present article."""
    return [
        (i, path, title or "")
        for i, path, title in conn.execute("SELECT id, path, title FROM articles WHERE missing = 0")
    ]


def article_spans(conn: sqlite3.Connection, article_ids: Iterable[int]) -> dict[int, list[Span]]:
    """The spans of each article, sorted by (start, end)."""
    return {
        i: sorted(packed_spans.read(conn, i), key=lambda s: (s.start, s.end))
        for i in dict.fromkeys(article_ids)
    }


def memo_rows(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(kind, target, text) of every memo whose object exists: the project's (target ""),
    tags' (the tag path) and articles' (the article path)."""
    return [
        (kind, target or "", text or "")
        for kind, target, text in conn.execute(
            """SELECT m.kind, CASE m.kind WHEN 'project' THEN '' WHEN 'article' THEN a.path
                      ELSE t.path END, m.text
               FROM memos m
               LEFT JOIN articles a ON m.kind = 'article' AND a.id = m.ref
               LEFT JOIN tags t ON m.kind = 'tag' AND t.id = m.ref
               WHERE m.kind = 'project' OR a.id IS NOT NULL OR t.id IS NOT NULL
               ORDER BY CASE m.kind WHEN 'project' THEN 0 WHEN 'tag' THEN 1 ELSE 2 END, 2"""
        )
    ]
