"""The one highlight query (listing, filtering, the tag view and export all read through it),
and the highlight reads of the store built on it.

    stream(conn, HighlightFilter(tag="policy"))  -> HighlightRecord, ... in reading order
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gpreader import codebook as tagging
from gpreader.errors import NotFoundError
from gpreader.models import Article, Coders, Highlight, HighlightRecord, coder_set
from gpreader.store import database, export_reads
from gpreader.store import spans as packed_spans
from gpreader.store.base import StoreBase

SEP = "\x1f"  # separates tag paths (and their coders) inside one group_concat
CODERS = "\x1e"  # separates a highlight's tag paths from who applied each
BATCH = 5000  # rows fetched at a time while streaming
UNPACKED_KEPT = 20_000  # distinct tag combinations remembered while streaming
# A highlight's tag links: tag ids and coders packed by SQL (see _TAGS), or (tag id, coder)
# pairs read by `_links`; None when it has none.
Packed = str | tuple[tuple[str, str], ...] | None

# Columns in the order of HighlightRecord's (and Highlight's) fields, each highlight's tags as
# tag ids (mapped to paths and sorted by path in Python: joining and sorting them per row in
# SQL cost 0.5 s more at 100k). A read without quotes leaves the quote context out (narrower
# rows for the sort: 0.25 s less at 100k).
_SELECT = """SELECT h.id, a.path, h.start, h."end", h.exact, {quotes}, coalesce(h.note, ''),
    coalesce(h.coder, ''), coalesce(h.created, ''), coalesce(h.updated, ''), h.status, {score},
    {tags}, h.deleted, coalesce(a.title, '')
{selected}
ORDER BY a.path, h.start, h."end", h.created"""
# A read of every highlight (`_broad`) names the article by id (its path and title read once
# per article, not made once per row) and reads only the columns that vary, the record filled
# in in Python (the constant ones cost ~0.1 s of CPU to fetch at 100k); the quote context and
# score, when read, sit between `exact` and `note`, the deleted stamp last.
_BROAD = """SELECT h.id, a.id, h.start, h."end", h.exact, {quotes}coalesce(h.note, ''),
    coalesce(h.coder, ''), coalesce(h.created, ''), coalesce(h.updated, ''), h.status, {score}
    h.deleted
{selected}
ORDER BY a.path, h.start, h."end", h.created"""
_ARTICLE = "SELECT path, coalesce(title, '') FROM articles WHERE id = ?"
_QUOTES = "coalesce(h.prefix, ''), coalesce(h.suffix, ''), coalesce(h.article_sha256, '')"
_TAGS = """(SELECT group_concat(coalesce(x.tag_id, ''), ',') || '\x1e' ||
            group_concat(coalesce(x.coder, ''), '\x1f')
     FROM highlight_tags x WHERE x.highlight_id = h.id)"""
# Every tag link in table order, for a read of many highlights (`_links`)
_LINKS = "SELECT highlight_id, tag_id, coalesce(coder, '') FROM highlight_tags"
# Which highlights a filter selects: shared by the one query above and the light reads below.
_SELECTED = "FROM highlights h JOIN articles a ON a.id = h.article_id WHERE {where}"


@dataclass(frozen=True)
class HighlightFilter:
    """Which highlights to read. `tag` includes its children; `since` compares with the
    stored creation stamp; `ids` restricts to those highlights."""

    article: str | None = None  # article path
    tag: str | None = None
    coder: Coders = None  # who made the highlight: one coder or several
    status: str | None = None
    since: str | None = None
    ids: tuple[str, ...] | None = None
    include_deleted: bool = False

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition over `highlights h JOIN articles a`, and its parameters."""
        where, params = ["1 = 1"], []
        if not self.include_deleted:
            where.append("h.deleted IS NULL")
        if self.article is not None:
            where.append("a.path = ?")
            params.append(self.article)
        coders = coder_set(self.coder)
        if coders is not None:
            condition, names = database.in_list("h.coder", coders)
            where.append(condition)
            params.extend(names)
        if self.status is not None:
            where.append("h.status = ?")
            params.append(self.status)
        if self.since is not None:
            where.append("h.created >= ?")
            params.append(self.since)
        if self.ids is not None:
            where.append(f"h.id IN ({', '.join('?' * len(self.ids))})")
            params.extend(self.ids)
        if self.tag is not None:
            path = tagging.normalize(self.tag)
            where.append(
                """EXISTS (SELECT 1 FROM highlight_tags x JOIN tags t ON t.id = x.tag_id
                   WHERE x.highlight_id = h.id AND (t.path = ? OR t.path LIKE ? ESCAPE '\\'))"""
            )
            params += [path, tagging.like_children(path)]
        return " AND ".join(where), params


def stream(
    conn: sqlite3.Connection,
    selection: HighlightFilter,
    *,
    subtree_tags_only: bool = False,
    path: Path | None = None,
    quotes: bool = True,
) -> Iterator[HighlightRecord]:
    """The selected highlights in reading order (article path, start, end, creation), fetched
    a batch at a time. `subtree_tags_only`: with a tag filter, each record carries only the
    tags inside that subtree (what an export of one code shows). Without `quotes`, a record's
    prefix, suffix and article_sha256 are "" and its score None (for readers that use none of
    them). `path` names the database in errors."""
    where, params = selection.where()
    within = tagging.normalize(selection.tag) if subtree_tags_only and selection.tag else None
    make = tuple.__new__  # HighlightRecord(...) runs Python code per row; this does not
    try:
        paths = {str(tag_id): path for tag_id, path in conn.execute("SELECT id, path FROM tags")}
        broad = _broad(selection)
        links = _links(conn) if broad else None
        if broad:
            sql = _BROAD.format(
                quotes=f"{_QUOTES}, " if quotes else "",
                score="h.score," if quotes else "",
                selected=_SELECTED.format(where=where),
            )
        else:
            sql = _SELECT.format(
                quotes=_QUOTES if quotes else "'', '', ''",
                score="h.score" if quotes else "NULL",
                tags=_TAGS,
                selected=_SELECTED.format(where=where),
            )
        # a highlight's packed tags -> (paths, coders): the same few combinations repeat
        unpacked: dict[Packed, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        cursor = conn.execute(sql, params)
        article_id, article, title = None, "", ""
        while rows := cursor.fetchmany(BATCH):
            if len(unpacked) > UNPACKED_KEPT:
                unpacked.clear()  # memory stays flat whatever the tags
            if links is None:
                for row in rows:
                    found = unpacked.get(row[14])
                    if found is None:
                        found = unpacked[row[14]] = _tags(row[14], paths, within)
                    yield make(HighlightRecord, (*row[:14], found[0], row[15], row[16], found[1]))
                continue
            if quotes:
                for row in rows:
                    if row[1] != article_id:  # rows come grouped by article: one read each
                        article_id = row[1]
                        article, title = conn.execute(_ARTICLE, [article_id]).fetchone()
                    packed = links.get(row[0])
                    found = unpacked.get(packed)
                    if found is None:
                        found = unpacked[packed] = _tags(packed, paths, within)
                    record = (row[0], article, *row[2:14], found[0], row[14], title, found[1])
                    yield make(HighlightRecord, record)
                continue
            # without quotes (most exports): each row unpacked once, the same steps as above
            for hid, key, start, end, exact, note, coder, made, updated, status, deleted in rows:
                if key != article_id:
                    article_id = key
                    article, title = conn.execute(_ARTICLE, [article_id]).fetchone()
                packed = links.get(hid)
                found = unpacked.get(packed)
                if found is None:
                    found = unpacked[packed] = _tags(packed, paths, within)
                tags, coders = found
                yield make(
                    HighlightRecord,
                    (hid, article, start, end, exact, "", "", "", note, coder, made, updated,
                     status, None, tags, deleted, title, coders),
                )  # fmt: skip
    except sqlite3.DatabaseError as exc:
        raise database.database_error(exc, path) from exc


def _broad(selection: HighlightFilter) -> bool:
    """Whether `selection` takes every highlight (deleted or not): then every tag link is read
    in one scan (`_links`) rather than looked up per highlight (half the query's time at 100k;
    a filter may select a few, whose lookups cost less than the scan)."""
    return selection == HighlightFilter(include_deleted=selection.include_deleted)


def _links(conn: sqlite3.Connection) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each highlight's tag links as (tag id, who applied it) pairs, by highlight id."""
    links: dict[str, tuple[tuple[str, str], ...]] = {}
    # (tag id as stored, coder) -> the link as a pair of strings: one object per pair, the
    # id made a string once per pair, not once per link
    pairs: dict[tuple[int | str | None, str], tuple[tuple[str, str], ...]] = {}
    linked, paired = links.get, pairs.get
    for hid, tag_id, coder in conn.execute(_LINKS):
        one = paired((tag_id, coder))
        if one is None:
            one = pairs[tag_id, coder] = (("" if tag_id is None else str(tag_id), coder),)
        found = linked(hid)
        links[hid] = one if found is None else found + one
    return links


def _tags(
    packed: Packed, paths: dict[str, str], within: str | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A highlight's (tag paths, who applied each), sorted by path, from its packed tag ids
    and coders (a link to no tag is left out, as a join would); with `within`, only the tags
    inside that subtree."""
    tags, coders = _all_tags(packed, paths)
    if within is None:
        return tags, coders
    kept = [tagging.in_subtree(t, within) for t in tags]
    return (
        tuple(t for t, keep in zip(tags, kept, strict=True) if keep),
        tuple(c for c, keep in zip(coders, kept, strict=True) if keep),
    )


def _all_tags(packed: Packed, paths: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every tag of `_tags`, unfiltered."""
    if not packed:
        return (), ()
    if isinstance(packed, tuple):  # pairs read by `_links`
        found = sorted((paths[i], c) for i, c in packed if i in paths)
        return tuple(p for p, _ in found), tuple(c for _, c in found)
    ids, _, appliers = packed.partition(CODERS)
    if "," not in ids and ids in paths and SEP not in appliers:
        return (paths[ids],), (appliers,)
    tag_ids, coders = ids.split(","), appliers.split(SEP)
    if len(coders) != len(tag_ids):  # a coder name holding SEP: paths only, as they come
        return tuple(sorted(paths[i] for i in tag_ids if i in paths)), tuple(coders)
    pairs = sorted((paths[i], c) for i, c in zip(tag_ids, coders, strict=True) if i in paths)
    return tuple(p for p, _ in pairs), tuple(c for _, c in pairs)


def selected_ids(
    conn: sqlite3.Connection, selection: HighlightFilter, *, path: Path | None = None
) -> list[str]:
    """The ids of the highlights `stream` would yield for `selection`, sorted (how many there
    are, and what an export names its collection after, without reading the records)."""
    where, params = selection.where()
    sql = f"SELECT h.id {_SELECTED.format(where=where)}"  # in table order: 4x faster at 100k
    try:
        return sorted(hid for (hid,) in conn.execute(sql, params))
    except sqlite3.DatabaseError as exc:
        raise database.database_error(exc, path) from exc


def selected_count(
    conn: sqlite3.Connection, selection: HighlightFilter, *, path: Path | None = None
) -> int:
    """How many highlights `stream` would yield for `selection`."""
    where, params = selection.where()
    try:
        return int(
            conn.execute(f"SELECT count(*) {_SELECTED.format(where=where)}", params).fetchone()[0]
        )
    except sqlite3.DatabaseError as exc:
        raise database.database_error(exc, path) from exc


_QUOTE_OF = """SELECT coalesce(prefix, ''), coalesce(suffix, ''), coalesce(article_sha256, '')
    FROM highlights WHERE id = ?"""


def with_quote(
    conn: sqlite3.Connection, record: HighlightRecord, *, path: Path | None = None
) -> HighlightRecord:
    """A record read without quotes (`stream(quotes=False)`) with its prefix, suffix and
    article_sha256 as a read with quotes gives them (its score stays None): for the few
    records a writer needs them on (orphans), the stream staying narrow for the rest."""
    try:
        row = conn.execute(_QUOTE_OF, [record.id]).fetchone()
    except sqlite3.DatabaseError as exc:
        raise database.database_error(exc, path) from exc
    if row is None:
        raise NotFoundError(f"no highlight {record.id}")
    prefix, suffix, sha256 = row
    return record._replace(prefix=prefix, suffix=suffix, article_sha256=sha256)


@dataclass(frozen=True)
class SelectionSummary:
    """Who is named in a selection and its stamps' range, read without the records: the
    highlights' coders and the coders of their tag links (links to a known tag), and the
    least and greatest non-empty creation and update stamps (None when there are none)."""

    coders: frozenset[str]
    first: str | None
    last: str | None


def selected_summary(
    conn: sqlite3.Connection, selection: HighlightFilter, *, path: Path | None = None
) -> SelectionSummary:
    """What `stream(selection)` would yield, summed up in SQL (`SelectionSummary`): the
    same coders and least and greatest stamps its records carry, for a selection of every
    highlight (`_broad`); ValueError for any other (its tags may be cut to a subtree)."""
    if not _broad(selection):
        raise ValueError("a summary is read for a selection of every highlight only")
    where, params = selection.where()
    selected = _SELECTED.format(where=where)
    # one scan of the highlights, grouped by coder (a few groups)
    by_coder = f"""SELECT coalesce(h.coder, ''), min(nullif(h.created, '')),
        max(nullif(h.created, '')), min(nullif(h.updated, '')), max(nullif(h.updated, ''))
        {selected} GROUP BY 1"""
    # each coder of a tag link, kept if one of its links is to a known tag on a selected
    # highlight (the first such link ends the look: ~30x faster than joining every link)
    linked = f"""SELECT c FROM (SELECT DISTINCT coalesce(coder, '') AS c FROM highlight_tags)
        WHERE EXISTS (SELECT 1 FROM highlight_tags x JOIN tags t ON t.id = x.tag_id
            JOIN highlights h ON h.id = x.highlight_id JOIN articles a ON a.id = h.article_id
            WHERE coalesce(x.coder, '') = c AND {where})"""
    try:
        groups = conn.execute(by_coder, params).fetchall()
        coders = {c for (c,) in conn.execute(linked, params)}
    except sqlite3.DatabaseError as exc:
        raise database.database_error(exc, path) from exc
    coders.update(g[0] for g in groups)
    lows = [s for g in groups for s in (g[1], g[3]) if s is not None]
    highs = [s for g in groups for s in (g[2], g[4]) if s is not None]
    return SelectionSummary(
        frozenset(coders), min(lows) if lows else None, max(highs) if highs else None
    )


class HighlightReads(StoreBase):
    """Highlight listings, every one through `stream`."""

    def highlights(
        self,
        article: str | None = None,
        *,
        tag: str | None = None,
        coder: Coders = None,
        status: str | None = None,
        since: str | None = None,
        ids: Iterable[str] | None = None,
        include_deleted: bool = False,
    ) -> list[Highlight]:
        """Highlights in reading order (article path, start), filtered; `tag` includes children.
        Each carries its article's title."""
        selection = HighlightFilter(
            article,
            tag,
            coder,
            status,
            since,
            None if ids is None else tuple(ids),
            include_deleted,
        )
        return [Highlight(*r) for r in stream(self.conn, selection, path=self.path)]

    def highlight_records(
        self, selection: HighlightFilter, *, subtree_tags_only: bool = False, quotes: bool = True
    ) -> Iterator[HighlightRecord]:
        """The selected highlights as light records, streamed (for exports of any size);
        without `quotes`, no quote context, sha256 or score (see `stream`)."""
        return stream(
            self.conn,
            selection,
            subtree_tags_only=subtree_tags_only,
            path=self.path,
            quotes=quotes,
        )

    def highlight_ids(self, selection: HighlightFilter) -> list[str]:
        """The ids `highlight_records(selection)` would yield, sorted; read without them."""
        return selected_ids(self.conn, selection, path=self.path)

    def with_quote(self, record: HighlightRecord) -> HighlightRecord:
        """`record` (read without quotes) with its quote context and sha256 (`with_quote`)."""
        return with_quote(self.conn, record, path=self.path)

    def highlight_summary(self, selection: HighlightFilter) -> SelectionSummary:
        """Coders and stamp range of a selection of every highlight (`selected_summary`)."""
        return selected_summary(self.conn, selection, path=self.path)

    def is_every_highlight(self, selection: HighlightFilter) -> bool:
        """Whether `selection` takes every highlight (what `highlight_summary` reads)."""
        return _broad(selection)

    def highlight_count(self, selection: HighlightFilter) -> int:
        """How many highlights `highlight_records(selection)` would yield."""
        return selected_count(self.conn, selection, path=self.path)

    def export_paths(self) -> list[str]:
        """Every article's path in the library's order, read alone (`article_paths`)."""
        return export_reads.article_paths(self.conn, db_path=self.path)

    def export_article(self, path: str) -> Article:
        """The article at `path` without its spans, as exports read it (`article_text`)."""
        return export_reads.article_text(self.conn, path, db_path=self.path)

    def section_blocks(self, path: str, kinds: Collection[str]) -> list[tuple[int, int, str]]:
        """(start, end, section) of the article's spans of `kinds` (`section_blocks`)."""
        return export_reads.section_blocks(self.conn, path, kinds, db_path=self.path)

    def highlight(self, hid: str) -> Highlight:
        """One highlight by id, deleted or not."""
        found = self.highlights(ids=[hid], include_deleted=True)
        if not found:
            raise NotFoundError(f"no highlight {hid}")
        return found[0]

    def comment_spans(self, paths: Iterable[str]) -> dict[str, list[tuple[int, int, str]]]:
        """(start, end, author) of every reader comment in the articles at `paths`, in text
        order, by path (the tag view names the commenter of a passage inside a comment)."""
        found: dict[str, list[tuple[int, int, str]]] = {}
        for path in dict.fromkeys(paths):
            row = self._one("SELECT id FROM articles WHERE path = ?", [path])
            try:
                spans = packed_spans.read(self.conn, row[0]) if row else ()
            except sqlite3.DatabaseError as exc:
                raise database.database_error(exc, self.path) from exc
            found[path] = sorted(
                (s.start, s.end, s.author or "") for s in spans if s.kind == "comment"
            )
        return found
