"""The store's reads for corpus search: articles, highlights and tags as plain tuples.

search/ keeps SQL over its own tables (search_units, search_fts, search_vocab, ...) and asks
these functions for everything else. Each takes the sqlite3 connection of an AnnotationStore
(`store.conn`, or a worker thread's own store) and only reads, inside whatever transaction
the caller is in (the index is written in the caller's write transaction during a refresh).
Like every store read, they return stored values as they are: whatever reaches a terminal is
made safe there (`text.safe_to_show`, in the CLI and the TUI).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

from gpreader.models import Article
from gpreader.store import spans as packed_spans
from gpreader.store import texts

# -- articles --------------------------------------------------------------------------------


def missing_article_ids(conn: sqlite3.Connection) -> list[int]:
    """Articles whose file has gone (read through the search_article_list index)."""
    return [r[0] for r in conn.execute("SELECT id FROM articles WHERE missing = 1")]


def article_id(conn: sqlite3.Connection, path: str) -> int | None:
    """The id of the article at `path`, or None."""
    row = conn.execute("SELECT id FROM articles WHERE path = ?", [path]).fetchone()
    return row[0] if row else None


def article_titles(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(id, title, path) of every article, missing ones included."""
    return [
        (i, title or "", path)
        for i, title, path in conn.execute("SELECT id, title, path FROM articles")
    ]


def article_hashes(conn: sqlite3.Connection, limit: int = -1) -> list[tuple[int, str]]:
    """(id, sha256) of every article (or the first `limit`). Unsorted, this reads the sha256
    index, not the rows that hold the text."""
    return conn.execute("SELECT id, sha256 FROM articles LIMIT ?", [limit]).fetchall()


def article_sha256s(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    """{id: sha256} of the articles among `ids` that exist."""
    wanted = json.dumps(sorted(int(i) for i in ids))
    return dict(
        conn.execute(
            "SELECT id, sha256 FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            [wanted],
        ).fetchall()
    )


def index_differs(conn: sqlite3.Connection) -> bool:
    """Whether an article is not indexed with its current hash, or the index holds one that
    is gone: SQLite compares, from the sha256 index, and stops at the first."""
    checks = (
        """SELECT 1 FROM articles a WHERE NOT EXISTS (SELECT 1 FROM search_articles s
             WHERE s.article_id = a.id AND s.sha256 = a.sha256) LIMIT 1""",
        """SELECT 1 FROM search_articles s WHERE NOT EXISTS (SELECT 1 FROM articles a
             WHERE a.id = s.article_id) LIMIT 1""",
    )
    return any(conn.execute(sql).fetchone() for sql in checks)


def count_differs(conn: sqlite3.Connection) -> bool:
    """Whether the index holds another number of articles than the articles table (two
    counts SQLite takes from its smallest indexes: a few ms at 100k articles)."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM articles) != (SELECT count(*) FROM search_articles)"
    ).fetchone()
    return bool(row[0])


def indexable_article(conn: sqlite3.Connection, article_id: int) -> Article:
    """A stored article's path, hash, canonical text and spans (what the index needs). The
    text is folded into words, never shown."""
    path, sha, text = conn.execute(
        "SELECT path, sha256, gp_text(text) FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    spans = packed_spans.read(conn, article_id)
    return Article(path, sha, text, "", "", None, 0, 0, spans)


def passages(
    conn: sqlite3.Connection, ranges: Iterable[tuple[int, int, int]]
) -> list[tuple[str, str, str] | None]:
    """For each (article id, start, end): (path, title, text[start:end]) of that article, or
    None if it no longer exists; in the order given. Each article's text is read once, and
    only the parts holding the ranges unpacked (store/texts.py)."""
    wanted = [(int(a), int(s), int(e)) for a, s, e in ranges]
    of_article: dict[int, list[tuple[int, int]]] = {}
    for article_id, start, end in wanted:
        of_article.setdefault(article_id, []).append((start, end))
    found: dict[int, tuple[str, str, Iterator[str]]] = {}
    for article_id, path, title, stored in conn.execute(
        "SELECT id, path, title, text FROM articles WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(of_article))],
    ):
        found[article_id] = (path, title or "", iter(texts.slices(stored, of_article[article_id])))
    shown: list[tuple[str, str, str] | None] = []
    for article_id, _, _ in wanted:
        if article_id in found:
            path, title, rest = found[article_id]
            shown.append((path, title, next(rest)))
        else:
            shown.append(None)
    return shown


def text_ranges(
    conn: sqlite3.Connection, ranges: dict[int, list[tuple[int, int]]]
) -> dict[int, list[str]]:
    """{article id: text[start:end] of each of its (start, end)}: each article's stored text
    read once, and only the parts holding the ranges unpacked (store/texts.py). Articles
    that no longer exist are left out."""
    found: dict[int, list[str]] = {}
    for article_id, stored in conn.execute(
        "SELECT id, text FROM articles WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(ranges))],
    ):
        found[article_id] = texts.slices(stored, ranges[article_id])
    return found


# -- highlights and tags ---------------------------------------------------------------------

_LIVE = "h.deleted IS NULL AND h.status != 'orphaned'"


def tag_paths(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(id, path) of every tag."""
    return conn.execute("SELECT id, path FROM tags").fetchall()


def highlight_ranges(
    conn: sqlite3.Connection,
    *,
    tag_sets: Iterable[Iterable[int]] = (),
    with_note: bool = False,
    article_ids: Iterable[int] | None = None,
) -> list[tuple[int, int, int]]:
    """(article id, start, end) of live highlights (not deleted, not orphaned: an orphan's
    offsets no longer point at the text it was made on) carrying, for each of `tag_sets`, a
    tag of that set; with a note if `with_note`; in `article_ids` if given."""
    where, params = [_LIVE], []
    for ids in tag_sets:
        where.append(
            """EXISTS (SELECT 1 FROM highlight_tags x WHERE x.highlight_id = h.id
               AND x.tag_id IN (SELECT value FROM json_each(?)))"""
        )
        params.append(json.dumps(sorted(int(i) for i in ids)))
    if with_note:
        where.append("h.note != ''")
    if article_ids is not None:
        where.append("h.article_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(int(i) for i in article_ids)))
    return conn.execute(
        f'SELECT h.article_id, h.start, h."end" FROM highlights h WHERE {" AND ".join(where)}',
        params,
    ).fetchall()


_FINGERPRINT = """SELECT
    (SELECT count(*) || ':' || ifnull(max(updated), '') || ':' || total(length(note)) || ':'
            || count(deleted) || ':' || total(start) || ':' || total(status = 'orphaned')
     FROM highlights),
    (SELECT count(*) || ':' || ifnull(group_concat(path, '|'), '') FROM tags),
    (SELECT count(*) FROM highlight_tags)"""


def annotations_fingerprint(conn: sqlite3.Connection) -> tuple[str, str, int]:
    """A cheap value that changes whenever highlights, their notes or tags change."""
    return tuple(conn.execute(_FINGERPRINT).fetchone())


def noted_highlights(conn: sqlite3.Connection) -> list[tuple[int, int, int, str, str]]:
    """(article id, start, end, note, tag paths joined by spaces) of live highlights that
    have a note or a tag."""
    rows = conn.execute(
        f"""SELECT h.article_id, h.start, h."end", h.note,
                  (SELECT group_concat(t.path, ' ') FROM highlight_tags x
                   JOIN tags t ON t.id = x.tag_id WHERE x.highlight_id = h.id)
           FROM highlights h WHERE {_LIVE}
             AND (h.note != '' OR EXISTS
                (SELECT 1 FROM highlight_tags x WHERE x.highlight_id = h.id))"""
    )
    return [(a, s, e, note or "", tags or "") for a, s, e, note, tags in rows]
