"""The search index in annotations.db: folded words of every passage, FTS5, a vocabulary.

A *unit* is one passage a search can return: a sentence of the title, body or comments
(or a whole paragraph or heading when it has no sentence spans). Each unit stores its
offsets, its section (a number: SECTION_CODES) and its paragraph's offsets; an article's
units have consecutive ids, from search_articles' first_id to last_id. `search_fts` is a
contentless FTS5 index (m010) of each unit's folded words (`ascii` tokenizer, so a token is
exactly one folded word; an import hands it text that splits into them: `index_words`, the
same tokens as the words joined by spaces, which deletes use); nothing stores those words:
`passage_words` folds them again from the article's text when a search ranks a unit, and
deleting a unit from FTS5 folds them again from the text it was indexed from (an article's
text and its index entry are written in one transaction; a text replaced is first dropped
from the index: `drop_articles`).
`search_vocab` counts every folded word, for typo expansion. Units and folding live in
search/passages.py (re-exported here).

The index is written in the caller's transaction: `index_article` when an article's text
is new or changed, `drop_article` when it is removed, `sync` at the end of an import to
count the new words into the vocabulary in one batch and to catch up (databases from before
the index, a new INDEX_VERSION). The tables are made by migration m002
(store/migrations.py): change them by a new one.
Each write bumps a generation counter that readers cache against. SQL here touches only the
index's own tables; articles are read through gpreader.store.search_reads.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from gpreader.models import Article
from gpreader.search.passages import UNIT_SECTIONS as UNIT_SECTIONS
from gpreader.search.passages import WORD_RE as WORD_RE
from gpreader.search.passages import Unit as Unit
from gpreader.search.passages import UnitRow as UnitRow
from gpreader.search.passages import fold_many as fold_many
from gpreader.search.passages import fold_word as fold_word
from gpreader.search.passages import fold_words as fold_words
from gpreader.search.passages import index_words, slice_words, words_between
from gpreader.search.passages import plain as plain
from gpreader.search.passages import unit_rows as unit_rows
from gpreader.search.passages import units_of as units_of
from gpreader.search.passages import words_of as words_of
from gpreader.store import search_reads

INDEX_VERSION = "1"  # bump when folding or units change: `sync` then rebuilds everything

Progress = Callable[[int, int, str], None]  # (done, total, path)
SYNC_BATCH_CHARS = 4 * 2**20  # text indexed per FTS5 insert when `sync` rebuilds the index
BULK_ARTICLES = 1000  # articles written at once from which `bulk_load` pauses FTS5's merges
# search_units.section as a number (m012): 0 and 1 take no bytes in a SQLite record.
SECTION_CODES = {"body": 0, "comments": 1, "title": 2}
SECTION_NAMES = {code: name for name, code in SECTION_CODES.items()}
# The units of the article `s` (a search_articles row): its rowid range (units of one
# article are written with consecutive ids; search_units has no index on article_id).
UNITS_OF_ARTICLE = (
    "search_units u ON u.id BETWEEN s.first_id AND s.last_id AND +u.article_id = s.article_id"
)


# -- writing ----------------------------------------------------------------------------------


def index_article(conn: sqlite3.Connection, article_id: int, article: Article) -> int:
    """(Re)index one article inside the caller's transaction; how many units were written.

    Its words reach the vocabulary at the next `sync` (one batched update per import).
    """
    return index_articles(conn, [(article_id, article)])


def index_articles(conn: sqlite3.Connection, articles: Sequence[tuple[int, Article]]) -> int:
    """(Re)index many (article id, article) inside the caller's transaction, their units
    written by one `executemany` and their words given to FTS5 by another; how many units
    were written. Words are counted at the next `sync`. An article indexed already is first
    removed, which needs the text it was indexed from (see `_remove`): a caller replacing a
    text calls `drop_articles` before it writes the new one."""
    _remove(conn, [article_id for article_id, _ in articles])
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM search_units").fetchone()[0]
    rows: list[tuple[int, int, int, int, int, int, int]] = []
    words: list[tuple[int, str]] = []
    entries: list[tuple[int, str, int | None, int | None]] = []
    for article_id, article in articles:
        first = next_id
        for start, end, section, para_start, para_end, joined in unit_rows(
            article.text, article.spans, index_words
        ):
            code = SECTION_CODES[section]
            rows.append((next_id, article_id, start, end, code, para_start, para_end))
            words.append((next_id, joined))
            next_id += 1
        span = (first, next_id - 1) if next_id > first else (None, None)
        entries.append((article_id, article.sha256, *span))
    conn.executemany(
        """INSERT INTO search_units (id, article_id, start, "end", section, para_start,
           para_end) VALUES (?, ?, ?, ?, ?, ?, ?)""",
        rows,
    )
    conn.executemany("INSERT INTO search_fts (rowid, words) VALUES (?, ?)", words)
    conn.executemany("INSERT INTO search_articles VALUES (?, ?, ?, ?, 0)", entries)
    _bump(conn)
    return len(rows)


def drop_article(conn: sqlite3.Connection, article_id: int) -> None:
    """Remove an article from the index, inside the caller's transaction."""
    drop_articles(conn, [article_id])


def drop_articles(conn: sqlite3.Connection, article_ids: Sequence[int]) -> None:
    """Remove articles from the index, inside the caller's transaction, while the articles
    table still holds the texts they were indexed from."""
    _remove(conn, article_ids)
    _bump(conn)


def bulk_load(conn: sqlite3.Connection, articles: int) -> bool:
    """Before writing `articles` articles in many transactions: whether it is a bulk load, one
    after which `count_words` merges the whole index into one segment ('optimize': as many
    new articles as a third of all). Then FTS5's incremental merges after each transaction
    are switched off (work the final merge would redo; FTS5 still merges when a level holds
    16 segments): `end_bulk_load` switches them on again. Merging changes no result."""
    indexed: int = conn.execute("SELECT count(*) FROM search_articles").fetchone()[0]
    if articles < BULK_ARTICLES or articles * 3 < indexed + articles:
        return False
    conn.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)")
    return True


def end_bulk_load(conn: sqlite3.Connection) -> None:
    """FTS5's incremental merges on again, as they were (4 segments a level: its default)."""
    conn.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4)")


# -- the words of passages: folded again from the articles' texts ------------------------------


def passage_words(conn: sqlite3.Connection, unit_ids: Iterable[int]) -> dict[int, str]:
    """The folded words (space-joined) of each passage by unit id, as FTS5 indexed them.

    The index keeps no copy of them (search_fts is contentless): they are folded again from
    the article's text, which is what they were folded from (an article's text and its
    index entry are written in one transaction). Units that do not exist are left out."""
    units = conn.execute(
        """SELECT id, article_id, start, "end" FROM search_units
           WHERE id IN (SELECT value FROM json_each(?))""",
        [_json_ids(unit_ids)],
    ).fetchall()
    return units_words(conn, units)


def units_words(
    conn: sqlite3.Connection, units: Sequence[tuple[int, int, int, int]]
) -> dict[int, str]:
    """{unit id: folded words} for (unit id, article id, start, end) of units (as read from
    search_units: `passage_words` without looking them up again): each article's text is
    read once; a stretch mostly covered by the units, from the first to the last, is
    unpacked and folded at once, else each unit on its own (a few units of a 5 MB article:
    only the parts of the stored text holding them are unpacked)."""
    extent: dict[int, list[int]] = {}
    for _, article_id, start, end in units:
        found = extent.setdefault(article_id, [start, end, 0])
        found[0], found[1] = min(found[0], start), max(found[1], end)
        found[2] += end - start
    dense = {a for a, (lo, hi, covered) in extent.items() if hi - lo <= 2 * covered + 4096}
    ranges: dict[int, list[tuple[int, int]]] = {a: [] for a in extent}
    for _, article_id, start, end in units:
        if article_id not in dense:
            ranges[article_id].append((start, end))
    for article_id in dense:
        ranges[article_id].append((extent[article_id][0], extent[article_id][1]))
    texts = search_reads.text_ranges(conn, ranges)
    of_dense: dict[int, tuple[int, Callable[[int, int], str]]] = {
        a: (extent[a][0], words_between(pieces[0])) for a, pieces in texts.items() if a in dense
    }
    of_sparse = {a: iter(pieces) for a, pieces in texts.items() if a not in dense}
    found_words: dict[int, str] = {}
    for unit_id, article_id, start, end in units:
        if article_id in of_dense:
            lo, joined = of_dense[article_id]
            found_words[unit_id] = joined(start - lo, end - lo)
        elif article_id in of_sparse:  # the pieces in the order of the units
            piece = next(of_sparse[article_id])
            found_words[unit_id] = slice_words(piece)(0, len(piece))
    return found_words


def _json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def _units_of(conn: sqlite3.Connection, ids: str) -> list[tuple[int, int, int, int]]:
    """(unit id, article id, start, end) of the units of articles (a JSON list of ids)."""
    return conn.execute(
        f"""SELECT u.id, u.article_id, u.start, u."end" FROM search_articles s
            CROSS JOIN {UNITS_OF_ARTICLE} WHERE s.article_id IN (SELECT value FROM json_each(?))""",
        [ids],
    ).fetchall()


def _delete_units(conn: sqlite3.Connection, ids: str) -> None:
    """Delete the units of articles (a JSON list of ids) by their rowid ranges."""
    conn.execute(
        """DELETE FROM search_units WHERE id IN (
             SELECT u.id FROM search_articles s CROSS JOIN search_units u
               ON u.id BETWEEN s.first_id AND s.last_id AND +u.article_id = s.article_id
             WHERE s.article_id IN (SELECT value FROM json_each(?)))""",
        [ids],
    )


def _remove(conn: sqlite3.Connection, article_ids: Sequence[int]) -> None:
    """Delete articles' units, from FTS5 too, and their words from the vocabulary if they were
    counted. A contentless FTS5 table deletes a row given the words it was indexed with:
    they are folded again from the article's text. An article whose text is no longer the
    one it was indexed from (or is gone) cannot be deleted so: the whole index is rebuilt."""
    if not article_ids:
        return
    ids = _json_ids(article_ids)
    indexed = conn.execute(
        """SELECT article_id, sha256, counted FROM search_articles
           WHERE article_id IN (SELECT value FROM json_each(?))""",
        [ids],
    ).fetchall()
    if not indexed:
        return
    current = search_reads.article_sha256s(conn, [a for a, _, _ in indexed])
    if any(current.get(article_id) != sha for article_id, sha, _ in indexed):
        _rebuild(conn, without=article_ids)
        return
    units = _units_of(conn, ids)
    words = units_words(conn, units)
    conn.executemany(
        "INSERT INTO search_fts (search_fts, rowid, words) VALUES ('delete', ?, ?)",
        words.items(),
    )
    _delete_units(conn, ids)
    conn.execute(
        "DELETE FROM search_articles WHERE article_id IN (SELECT value FROM json_each(?))", [ids]
    )
    counted = {article_id for article_id, _, was_counted in indexed if was_counted}
    if counted:
        delta: Counter[str] = Counter()
        for unit_id, article_id, _, _ in units:
            if article_id in counted:
                delta.update(words[unit_id].split())
        _apply_vocab(conn, Counter({w: -n for w, n in delta.items()}))


def _rebuild(conn: sqlite3.Connection, without: Sequence[int] = ()) -> None:
    """FTS5 emptied and refilled from the units of the articles whose text is still the one
    they were indexed from (but `without`); the others are dropped from the index (`sync`
    indexes them again) and the vocabulary is recounted. Slow, and only for an index that
    went out of step with its articles (an article row deleted, say)."""
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    skip = set(without)
    indexed = conn.execute("SELECT article_id, sha256 FROM search_articles").fetchall()
    current = dict(search_reads.article_hashes(conn))
    keep = [a for a, sha in indexed if a not in skip and current.get(a) == sha]
    dropped = _json_ids(sorted({a for a, _ in indexed} - set(keep)))
    _delete_units(conn, dropped)
    conn.execute(
        "DELETE FROM search_articles WHERE article_id IN (SELECT value FROM json_each(?))",
        [dropped],
    )
    for article_id in keep:
        units = _units_of(conn, f"[{int(article_id)}]")
        conn.executemany(
            "INSERT INTO search_fts (rowid, words) VALUES (?, ?)",
            units_words(conn, units).items(),
        )
    conn.execute("UPDATE search_articles SET counted = 0")
    conn.execute("DELETE FROM search_vocab")
    count_words(conn)


def count_words(conn: sqlite3.Connection) -> int:
    """Add the words of articles indexed since the last count to the vocabulary; how many
    articles. In the caller's transaction. When most articles are new (a first import, a
    rebuild) the whole vocabulary is recounted from the FTS5 index itself, which is faster."""
    counts: tuple[int, int] = conn.execute(
        "SELECT count(*) FILTER (WHERE counted = 0), count(*) FROM search_articles"
    ).fetchone()
    pending, total = counts
    if not pending:
        return 0
    if pending * 3 >= total:
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_words "
            "USING fts5vocab(main, search_fts, 'row')"
        )
        conn.execute("DELETE FROM search_vocab")
        conn.execute("INSERT INTO search_vocab SELECT term, cnt FROM temp.search_fts_words")
        # After a bulk load, merge the FTS5 segments into one: fewer seeks per query.
        conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    else:
        units = conn.execute(
            f"""SELECT u.id, u.article_id, u.start, u."end" FROM search_articles s
                CROSS JOIN {UNITS_OF_ARTICLE} WHERE s.counted = 0"""
        ).fetchall()
        delta: Counter[str] = Counter()
        for words in units_words(conn, units).values():
            delta.update(words.split())
        _apply_vocab(conn, delta)
    conn.execute("UPDATE search_articles SET counted = 1 WHERE counted = 0")
    _bump(conn, "vocabulary")
    return pending


def _apply_vocab(conn: sqlite3.Connection, delta: Counter[str]) -> None:
    changes = [(word, n) for word, n in delta.items() if n]
    if not changes:
        return
    conn.executemany(
        """INSERT INTO search_vocab (word, freq) VALUES (?, ?)
           ON CONFLICT (word) DO UPDATE SET freq = freq + excluded.freq""",
        changes,
    )
    if any(n < 0 for _, n in changes):
        conn.execute("DELETE FROM search_vocab WHERE freq <= 0")
    _bump(conn, "vocabulary")


def _bump(conn: sqlite3.Connection, key: str = "generation") -> None:
    conn.execute(
        """INSERT INTO search_meta VALUES (?, '1')
           ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1""",
        [key],
    )


def generation(conn: sqlite3.Connection, key: str = "generation") -> int:
    """Changes whenever the index does (key "vocabulary": whenever the vocabulary does)."""
    row = conn.execute("SELECT value FROM search_meta WHERE key = ?", [key]).fetchone()
    return int(row[0]) if row else 0


def stale_articles(conn: sqlite3.Connection) -> tuple[list[int], list[int]]:
    """(articles to (re)index, index entries of articles that no longer exist)."""
    articles = search_reads.article_hashes(conn)
    version = conn.execute("SELECT value FROM search_meta WHERE key = 'version'").fetchone()
    if version is None or version[0] != INDEX_VERSION:
        return sorted(i for i, _ in articles), []
    indexed = dict(conn.execute("SELECT article_id, sha256 FROM search_articles").fetchall())
    todo = sorted(i for i, sha in articles if indexed.get(i) != sha)
    present = {i for i, _ in articles}
    return todo, [i for i in indexed if i not in present]


def outdated(conn: sqlite3.Connection, *, thorough: bool = True) -> bool:
    """Whether `sync` has work to do (a cheap read: what `stale_articles` finds, asked of
    SQLite, which stops at the first; every command's corpus check pays it). Not `thorough`:
    only what needs no pass over every article (words not counted, another INDEX_VERSION, as
    many entries as articles), for a check after which nothing was written: articles are
    written only by corpus.sync, their index entries in the same transaction."""
    version = conn.execute("SELECT value FROM search_meta WHERE key = 'version'").fetchone()
    if conn.execute("SELECT 1 FROM search_articles WHERE counted = 0 LIMIT 1").fetchone():
        return True
    if version is None or version[0] != INDEX_VERSION:
        return bool(search_reads.article_hashes(conn, limit=1))
    if not thorough:
        return search_reads.count_differs(conn)
    return search_reads.index_differs(conn)


def sync(conn: sqlite3.Connection, progress: Progress | None = None) -> int:
    """Bring the index up to date with the articles table, in the caller's write transaction;
    how many articles were (re)indexed. Also counts the words of newly indexed articles."""
    todo, gone = stale_articles(conn)
    if _version(conn) != INDEX_VERSION:
        _clear(conn)
    else:  # indexed from texts that have changed since: at most one rebuild for all of them
        _remove(conn, todo)
    if gone:
        drop_articles(conn, gone)
    batch: list[tuple[int, Article]] = []
    chars = 0
    for done, article_id in enumerate(todo, 1):
        article = search_reads.indexable_article(conn, article_id)
        if progress:
            progress(done, len(todo), article.path)
        batch.append((article_id, article))
        chars += len(article.text)
        if chars >= SYNC_BATCH_CHARS:
            index_articles(conn, batch)
            batch, chars = [], 0
    index_articles(conn, batch)
    count_words(conn)
    return len(todo)


def _version(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM search_meta WHERE key = 'version'").fetchone()
    return row[0] if row else None


def _clear(conn: sqlite3.Connection) -> None:
    for table in ("search_units", "search_vocab", "search_articles"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    conn.execute("INSERT OR REPLACE INTO search_meta VALUES ('version', ?)", [INDEX_VERSION])


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Sizes of the index, for benchmarks and diagnostics."""

    def one(sql: str) -> int:
        count: int = conn.execute(sql).fetchone()[0]
        return count

    return {
        "articles": one("SELECT count(*) FROM search_articles"),
        "units": one("SELECT count(*) FROM search_units"),
        "words": one("SELECT count(*) FROM search_vocab"),
        "generation": generation(conn),
    }
