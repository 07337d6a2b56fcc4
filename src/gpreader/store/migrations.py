"""The database schema, as named migrations. Append new ones; never edit an applied one.

`PRAGMA user_version` is set to the number of migrations applied, so an older
gpreader can tell a newer database at a glance and refuse it.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from gpreader.models import Span
from gpreader.store.schema import MIGRATION_SET, SCHEMA_VERSION

migrations = Migrations(MIGRATION_SET)
__all__ = ["SCHEMA_VERSION", "legacy_change", "migrations"]


@migrations()
def m001_initial(db: Database) -> None:
    db.table("articles").create(
        {
            "id": int,
            "path": str,
            "sha256": str,
            "size": int,
            "mtime_ns": int,
            "encoding": str,
            "title": str,
            "date": str,
            "words": int,
            "comments": int,
            "text": str,
            "missing": int,
            "updated": str,
        },
        pk="id",
        not_null={"path", "sha256", "text"},
        defaults={"missing": 0},
    )
    db.table("articles").create_index(["path"], unique=True)
    db.table("articles").create_index(["sha256"])
    db.table("spans").create(
        {
            "article_id": int,
            "seq": int,
            "kind": str,
            "section": str,
            "start": int,
            "end": int,
            "author": str,
            "date": str,
        },
        pk=("article_id", "seq"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("tags").create(
        {"id": int, "path": str, "color": str, "description": str, "quick_key": int},
        pk="id",
        not_null={"path"},
        defaults={"color": "", "description": ""},
    )
    db.table("tags").create_index(["path"], unique=True)
    db.table("tags").create_index(["quick_key"], unique=True)
    db.table("highlights").create(
        {
            "id": str,
            "article_id": int,
            "start": int,
            "end": int,
            "exact": str,
            "prefix": str,
            "suffix": str,
            "article_sha256": str,
            "note": str,
            "coder": str,
            "created": str,
            "updated": str,
            "status": str,
            "score": float,
            "deleted": str,
        },
        pk="id",
        not_null={"article_id", "start", "end", "exact"},
        defaults={"note": "", "status": "anchored"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("highlights").create_index(["article_id", "start"])
    db.table("highlight_tags").create(
        {"highlight_id": str, "tag_id": int},
        pk=("highlight_id", "tag_id"),
        foreign_keys=[("highlight_id", "highlights", "id"), ("tag_id", "tags", "id")],
    )
    db.table("highlight_tags").create_index(["tag_id"])
    # One row per user change to a highlight, so `undo` works across restarts.
    db.table("journal").create(
        {
            "seq": int,
            "at": str,
            "coder": str,
            "action": str,
            "highlight_id": str,
            "before": str,
            "undone": int,
        },
        pk="seq",
        defaults={"undone": 0},
    )
    db.table("state").create({"key": str, "value": str}, pk="key")


@migrations()
def m002_search_index(db: Database) -> None:
    """Tables of the corpus search index (filled by `gpreader import`; see search/index.py).
    Frozen here as they were made: one statement at a time (executescript would COMMIT)."""
    for statement in _SEARCH_SCHEMA_V1:
        db.execute(statement)
    db.execute("INSERT INTO search_meta VALUES ('version', '1')")
    db.execute("INSERT INTO search_meta VALUES ('generation', '0')")


_SEARCH_SCHEMA_V1 = (
    """CREATE TABLE search_units (
        id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, section TEXT NOT NULL, para_start INTEGER NOT NULL,
        para_end INTEGER NOT NULL, words TEXT NOT NULL)""",
    "CREATE INDEX search_units_article ON search_units (article_id, start)",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        words, content='search_units', content_rowid='id', tokenize='ascii')""",
    "CREATE TABLE search_vocab (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID",
    """CREATE TABLE search_articles (
        article_id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, first_id INTEGER, last_id INTEGER,
        counted INTEGER NOT NULL DEFAULT 0)""",
    "CREATE TABLE search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


@migrations()
def m003_search_article_list(db: Database) -> None:
    """An index search reads instead of the articles table, whose rows hold the whole text."""
    db.execute("CREATE INDEX search_article_list ON articles (missing, title, path)")


@migrations()
def m004_journal_changes(db: Database) -> None:
    """The undo journal records each change itself (store/journal.py), not a snapshot.

    Entries written before are converted as well as they can be: what a tagging added or an
    untagging removed is read off the snapshot against the highlight's tags now (tags merged
    away since are lost); what was undone can no longer be redone.
    """
    db.execute("ALTER TABLE journal ADD COLUMN change TEXT")
    db.execute("ALTER TABLE journal ADD COLUMN summary TEXT")
    conn = db.conn
    rows = conn.execute("SELECT seq, action, highlight_id, before, undone FROM journal").fetchall()
    for seq, action, hid, before, undone in rows:
        change, summary = legacy_change(conn, action, hid, before)
        conn.execute(
            "UPDATE journal SET change = ?, summary = ?, undone = ? WHERE seq = ?",
            [change, summary, 2 if undone else 0, seq],  # 2: undone, not redoable
        )


@migrations()
def m005_tag_coders(db: Database) -> None:
    """Each tag application records who applied it and when: `highlight_tags` gets `coder` and
    `created`; rows made before take their highlight's coder and creation stamp."""
    db.execute("ALTER TABLE highlight_tags ADD COLUMN coder TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE highlight_tags ADD COLUMN created TEXT NOT NULL DEFAULT ''")
    db.execute(
        """UPDATE highlight_tags SET
             coder = coalesce((SELECT coder FROM highlights h WHERE h.id = highlight_id), ''),
             created = coalesce((SELECT created FROM highlights h WHERE h.id = highlight_id), '')"""
    )


@migrations()
def m006_article_attributes(db: Database) -> None:
    """Typed attributes per article (from its importer or set by the user), and what each
    article was converted from: the SHA-256 of the source file's bytes and its format, so
    that an unchanged source is never converted again."""
    db.execute(
        """CREATE TABLE article_attributes (
             article_id INTEGER NOT NULL REFERENCES articles(id), key TEXT NOT NULL,
             kind TEXT NOT NULL, value TEXT NOT NULL, number REAL, origin TEXT NOT NULL,
             PRIMARY KEY (article_id, key))"""
    )
    db.execute("CREATE INDEX article_attributes_key ON article_attributes (key, value)")
    db.execute(
        """CREATE TABLE article_sources (
             article_id INTEGER PRIMARY KEY REFERENCES articles(id),
             source_sha256 TEXT NOT NULL, source_format TEXT NOT NULL)"""
    )
    # Articles read before: what their text importer would have said (title, date, words,
    # format), so that attribute filters see the whole corpus without reading it again.
    for key, kind, value, number in (
        ("title", "'text'", "title", "NULL"),
        ("date", "'date'", "date", "NULL"),
        ("words", "'number'", "CAST(words AS TEXT)", "words"),
        ("format", "'text'", _FORMAT_OF_PATH, "NULL"),
    ):
        db.execute(
            f"""INSERT INTO article_attributes (article_id, key, kind, value, number, origin)
                SELECT id, '{key}', {kind}, {value}, {number}, 'import' FROM articles
                WHERE {value} IS NOT NULL AND {value} != ''"""
        )


_FORMAT_OF_PATH = """CASE WHEN lower(path) LIKE '%.md' OR lower(path) LIKE '%.markdown'
                          THEN 'markdown' ELSE 'text' END"""


@migrations()
def m007_memos(db: Database) -> None:
    """Memos: long text on the project (`ref` 0), an article (`ref` its id) or a tag (`ref` its
    id, so a renamed tag keeps its memo), with who wrote it last and when."""
    db.table("memos").create(
        {"kind": str, "ref": int, "text": str, "updated": str, "coder": str},
        pk=("kind", "ref"),
        not_null={"kind", "ref", "text"},
    )


@migrations()
def m008_compact_spans(db: Database) -> None:
    """Spans packed into one blob per article (store/spans.py) instead of a row each, and the
    articles table rebuilt with its text last, so that reading a row's other columns (the
    corpus check, the library) never walks the text's overflow pages, and an index that
    answers the corpus check alone. Needs foreign keys off
    (database._migrate turns them off around the migrations and checks them after)."""
    from gpreader.store.spans import pack  # the packing, frozen at its version 1 by VERSION

    conn = db.conn
    conn.execute(
        """CREATE TABLE article_spans (
             article_id INTEGER PRIMARY KEY REFERENCES articles(id), packed BLOB NOT NULL)"""
    )
    rows = conn.execute(
        'SELECT article_id, kind, start, "end", section, author, date FROM spans '
        "ORDER BY article_id, seq"
    )
    current: int | None = None
    found: list[Span] = []
    packed: list[tuple[int, bytes]] = []
    for article_id, kind, start, end, section, author, date in rows:
        if article_id != current:
            if current is not None:
                packed.append((current, pack(found)))
            current, found = article_id, []
        found.append(Span(kind, start, end, section, author, date))
        if len(packed) >= 500:
            conn.executemany("INSERT INTO article_spans VALUES (?, ?)", packed)
            packed = []
    if current is not None:
        packed.append((current, pack(found)))
    conn.executemany("INSERT INTO article_spans VALUES (?, ?)", packed)
    conn.execute(  # every article has its row, even one without spans
        """INSERT INTO article_spans SELECT id, ? FROM articles
           WHERE id NOT IN (SELECT article_id FROM article_spans)""",
        [pack(())],
    )
    conn.execute("DROP TABLE spans")
    columns = _ARTICLE_COLUMNS_V8
    conn.execute(
        """CREATE TABLE articles_v8 (
             id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER,
             mtime_ns INTEGER, encoding TEXT, title TEXT, date TEXT, words INTEGER,
             comments INTEGER, missing INTEGER DEFAULT 0, updated TEXT, text TEXT NOT NULL)"""
    )
    conn.execute(f"INSERT INTO articles_v8 ({columns}) SELECT {columns} FROM articles")
    conn.execute("DROP TABLE articles")
    conn.execute("ALTER TABLE articles_v8 RENAME TO articles")
    conn.execute("CREATE UNIQUE INDEX idx_articles_path ON articles (path)")
    conn.execute("CREATE INDEX idx_articles_sha256 ON articles (sha256)")
    conn.execute("CREATE INDEX search_article_list ON articles (missing, title, path)")
    # Covers the check that nothing changed (store.file_stats): no table row is read.
    conn.execute("CREATE INDEX articles_file_stats ON articles (missing, path, size, mtime_ns)")


_ARTICLE_COLUMNS_V8 = (
    "id, path, sha256, size, mtime_ns, encoding, title, date, words, comments, missing, "
    "updated, text"
)


@migrations()
def m009_coded_marks(db: Database) -> None:
    """Which coder has finished which article: without a mark, an article is missing data
    for that coder in agreement, not "coded with nothing"."""
    db.execute(
        """CREATE TABLE coded_marks (
             article_id INTEGER NOT NULL REFERENCES articles(id),
             coder TEXT NOT NULL,
             marked TEXT NOT NULL,
             PRIMARY KEY (article_id, coder))"""
    )


@migrations()
def m010_import_compact(db: Database) -> None:
    """The search index keeps no copy of the folded words (a third of a database): FTS5's
    `search_fts` becomes contentless (content=''), holding the same words, and
    `search_units` loses its `words` column; search/index.py folds a passage's words again
    from its article's text. The entries of articles whose text is no longer the one they
    were indexed from are dropped (their words could not be folded again; the next refresh
    indexes them), their words taken out of the vocabulary if counted."""
    conn = db.conn
    stale = conn.execute(
        """SELECT s.article_id, s.counted FROM search_articles s
           LEFT JOIN articles a ON a.id = s.article_id WHERE a.sha256 IS NOT s.sha256"""
    ).fetchall()
    gone: Counter[str] = Counter()
    for article_id, counted in stale:
        if counted:
            for (words,) in conn.execute(
                "SELECT words FROM search_units WHERE article_id = ?", [article_id]
            ):
                gone.update(words.split())
        conn.execute("DELETE FROM search_units WHERE article_id = ?", [article_id])
        conn.execute("DELETE FROM search_articles WHERE article_id = ?", [article_id])
    conn.executemany(
        "UPDATE search_vocab SET freq = freq - ? WHERE word = ?",
        [(n, word) for word, n in gone.items()],
    )
    conn.execute("DELETE FROM search_vocab WHERE freq <= 0")
    conn.execute("DROP TABLE search_fts")
    conn.execute("CREATE VIRTUAL TABLE search_fts USING fts5(words, content='', tokenize='ascii')")
    conn.execute("INSERT INTO search_fts (rowid, words) SELECT id, words FROM search_units")
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    # Made again rather than ALTER TABLE DROP COLUMN, which leaves every page as full as it was
    conn.execute(
        """CREATE TABLE search_units_v10 (
             id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, start INTEGER NOT NULL,
             "end" INTEGER NOT NULL, section TEXT NOT NULL, para_start INTEGER NOT NULL,
             para_end INTEGER NOT NULL)"""
    )
    conn.execute(
        """INSERT INTO search_units_v10 SELECT id, article_id, start, "end", section,
           para_start, para_end FROM search_units"""
    )
    conn.execute("DROP TABLE search_units")
    conn.execute("ALTER TABLE search_units_v10 RENAME TO search_units")
    conn.execute("CREATE INDEX search_units_article ON search_units (article_id, start)")
    conn.execute(
        """INSERT INTO search_meta VALUES ('generation', '1')
           ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"""
    )


@migrations()
def m011_highlight_units(db: Database) -> None:
    """A cache of where each highlight falls (store/highlight_units.py): its sentences,
    paragraphs and words as index ranges, packed in pages of highlights by rowid, so that
    analysis reads no text and no spans; and the version of each article's text they were
    worked out from. Filled on first analysis."""
    db.execute(
        """CREATE TABLE highlight_unit_articles (
             article_id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, version INTEGER NOT NULL)"""
    )
    db.execute("CREATE TABLE highlight_units (page INTEGER PRIMARY KEY, packed BLOB NOT NULL)")


@migrations()
def m012_units_by_range(db: Database) -> None:
    """Units are found through their article's rowid range (search_articles' first_id and
    last_id, set again here from the units themselves), not through an index on
    search_units.article_id, which goes (9 MB at 10,000 articles); a unit's section is a
    number (search/index.py SECTION_CODES: body 0, comments 1, title 2; 3 MB). The units
    keep their ids: FTS5 and every cache of them stay valid."""
    conn = db.conn
    conn.execute(
        """UPDATE search_articles SET
             first_id = (SELECT min(id) FROM search_units u
                         WHERE u.article_id = search_articles.article_id),
             last_id = (SELECT max(id) FROM search_units u
                        WHERE u.article_id = search_articles.article_id)"""
    )
    conn.execute(
        """CREATE TABLE search_units_v14 (
             id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, start INTEGER NOT NULL,
             "end" INTEGER NOT NULL, section INTEGER NOT NULL, para_start INTEGER NOT NULL,
             para_end INTEGER NOT NULL)"""
    )
    conn.execute(
        """INSERT INTO search_units_v14 SELECT id, article_id, start, "end",
             CASE section WHEN 'body' THEN 0 WHEN 'comments' THEN 1 WHEN 'title' THEN 2 END,
             para_start, para_end FROM search_units ORDER BY id"""
    )
    conn.execute("DROP TABLE search_units")  # its index with it
    conn.execute("ALTER TABLE search_units_v14 RENAME TO search_units")


@migrations()
def m013_coding_cache(db: Database) -> None:
    """A cache of the coded highlights as analysis reads them (store/coding_cache.py), one
    entry per coder selection, made at a value of `coding_changes.n`: triggers bump it on
    every write to highlights or their tag links that can change what analysis counts, and
    note the highlight in `coding_dirty` with the new value, so that an entry is brought up
    to date by reading only the highlights changed since; only while there is an entry (a
    trigger's body costs ~5-15 µs a row: bulk writes before any analysis skip it). Filled
    on first analysis."""
    db.execute("CREATE TABLE coding_changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER)")
    db.execute("INSERT INTO coding_changes VALUES (1, 0)")
    db.execute(
        """CREATE TABLE coding_dirty (highlight_id TEXT PRIMARY KEY, changes INTEGER)
           WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE coding_cache (entry TEXT PRIMARY KEY, changes INTEGER NOT NULL,
             packed BLOB NOT NULL, sets TEXT NOT NULL, ids BLOB NOT NULL,
             orphaned INTEGER NOT NULL)"""
    )
    create_coding_triggers(db)


CODING_WATCHED = {  # table: (its highlight id column, the columns whose change matters)
    "highlights": ("id", 'id, article_id, start, "end", status, deleted'),
    "highlight_tags": ("highlight_id", "highlight_id, tag_id, coder"),
}


def create_coding_triggers(db: Database) -> None:
    """The triggers of the coding cache (m013, m015). A highlight is noted by deleting its row
    in `coding_dirty` and inserting it anew: an INSERT OR REPLACE in a trigger body takes the
    conflict policy of the statement that fired it, so a tag linked by INSERT OR IGNORE
    left a highlight noted before at its older count, and an entry made in between did
    not see the new tag."""
    for table, (hid, columns) in CODING_WATCHED.items():
        for event, rows in (
            ("INSERT", ["NEW"]),
            ("DELETE", ["OLD"]),
            (f"UPDATE OF {columns}", ["OLD", "NEW"]),
        ):
            noted = "".join(
                f"""DELETE FROM coding_dirty WHERE highlight_id = {row}.{hid};
                    INSERT INTO coding_dirty
                    VALUES ({row}.{hid}, (SELECT n FROM coding_changes WHERE id = 1));"""
                for row in rows
            )
            name = f"coding_changes_{table}_{event.split()[0].lower()}"
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
            db.execute(
                f"""CREATE TRIGGER {name} AFTER {event} ON {table}
                    WHEN EXISTS (SELECT 1 FROM coding_cache) BEGIN
                    UPDATE coding_changes SET n = n + 1 WHERE id = 1; {noted} END"""
            )


@migrations()
def m014_packed_texts(db: Database) -> None:
    """Articles' texts packed into blobs of zlib-compressed chunks (store/texts.py: about half
    the bytes; the search index keeps no copy of them, so they were a half of a database).
    Every read goes through the SQL functions gp_text and gp_substr. A batch of rows at a
    time; a row already packed (written by this version into an older schema) is left."""
    from gpreader.store.texts import pack  # the packing, its version in its first byte

    conn = db.conn
    last = 0
    while True:
        rows = conn.execute(
            """SELECT id, text FROM articles WHERE id > ? AND typeof(text) = 'text'
               ORDER BY id LIMIT 200""",
            [last],
        ).fetchall()
        if not rows:
            break
        conn.executemany(
            "UPDATE articles SET text = ? WHERE id = ?", [(pack(t), i) for i, t in rows]
        )
        last = rows[-1][0]


@migrations()
def m015_coding_triggers(db: Database) -> None:
    """The coding cache's triggers made again (see create_coding_triggers), and the entries
    kept under the old ones dropped: one may have missed a tag (the next analysis reads the
    tables again)."""
    create_coding_triggers(db)
    db.execute("DELETE FROM coding_cache")
    db.execute("DELETE FROM coding_dirty")


def legacy_change(
    conn: sqlite3.Connection, action: str, hid: str, before: str | None
) -> tuple[str, str]:
    """A change (as JSON) and its summary for a journal row that holds a snapshot."""
    try:
        snapshot = json.loads(before) if before else None
    except ValueError:
        snapshot = None
    change: dict[str, Any]
    if action in ("highlight", "delete"):
        change = {"op": action, "id": hid}
    elif action == "note" and isinstance(snapshot, dict):
        row = conn.execute("SELECT note FROM highlights WHERE id = ?", [hid]).fetchone()
        change = {
            "op": "note",
            "id": hid,
            "old": snapshot.get("note") or "",
            "new": row[0] if row else "",
        }
    elif action in ("tag", "untag") and isinstance(snapshot, dict):
        ids = [int(i) for i in snapshot.get("tag_ids", []) if str(i).isdigit()]
        had = {p for (i, p) in conn.execute("SELECT id, path FROM tags") if i in ids}
        has = {
            p
            for (p,) in conn.execute(
                """SELECT t.path FROM highlight_tags x JOIN tags t ON t.id = x.tag_id
                   WHERE x.highlight_id = ?""",
                [hid],
            )
        }
        added, removed = sorted(has - had), sorted(had - has)
        if action == "tag":
            change = {"op": "tag", "id": hid, "add": added, "remove": [], "created": []}
        else:
            change = {"op": "tag", "id": hid, "add": [], "remove": removed, "created": []}
    else:
        change = {"op": "unreadable", "id": hid}
    return json.dumps(change, ensure_ascii=False), f"{action} (made before this version)"
