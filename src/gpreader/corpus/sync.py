"""Bring the database up to date with the corpus folder: load, update, re-link, re-anchor."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from gpreader.anchoring import Quote, quote_at, reanchor_all
from gpreader.corpus import files as corpus
from gpreader.corpus import ingest
from gpreader.errors import Cancelled, CorpusMismatchError, GPReaderError, NotFoundError
from gpreader.gc_pause import without_gc
from gpreader.models import Anchoring, Article, ImportReport, StoredArticle
from gpreader.search import index as search_index
from gpreader.store import AnnotationStore
from gpreader.store.database import release_free_pages

if TYPE_CHECKING:  # imported where a plan is made: it loads rapidfuzz, which a check skips
    from gpreader.corpus import identity

# (stage, done, total, path): the stages are "reading" the changed files (and hashing them),
# "saving" the new and edited articles, and "indexing" them for search.
Progress = Callable[[str, int, int, str], None]
STAGES = {
    "reading": "Reading changed files",
    "saving": "Saving articles",
    "indexing": "Indexing for search",
}
BATCH = 200  # articles written per transaction during an import
# Memory (bytes, as sys.getsizeof counts a str: 2 or 4 per character once one is outside
# Latin-1) of the decoded texts kept between hashing and parsing; beyond it a file is read
# again when written (0.6 ms CPU each). Was 64 M characters: 128 MB of typical news text,
# most of the peak RSS of an import.
TEXT_BUDGET = 32 * 2**20
ROOT_KEY = "corpus.root"  # state: the absolute path of the folder the database follows
# state: {"root": folder, "folders": {relative path: mtime_ns}} as a refresh with `stamp`
# (the import command) saw them; what a quick check compares (see `refresh`'s `quick`).
STAMPS_KEY = "corpus.folder_stamps"
RACY_NS = 2 * 10**9  # a folder changed this recently is not stamped: the clock may not tick


def refresh(
    store: AnnotationStore,
    root: Path,
    progress: Progress | None = None,
    *,
    cancel: threading.Event | None = None,
    rebind: bool = False,
    quick: bool = False,
    stamp: bool = False,
) -> ImportReport:
    """Load new and changed files, re-anchor highlights of edited ones, re-link moved ones.

    First a stat of every file is compared with what the database holds: when nothing
    changed (what every command checks), that is all. Otherwise, unchanged files (same size
    and mtime) are not read again. The others are read and hashed
    first; then, in one transaction, each file is matched to the article whose text it holds
    (corpus.identity: content first, path second), the articles that moved get their new
    paths and the gone ones are marked missing; last, the new and edited files are parsed
    and written in batches (edited ones re-anchored). `progress` is called once per file in
    each stage (STAGES: reading, saving, indexing when the search index needs it).

    The database follows one folder (state "corpus.root"). A refresh from another folder
    that would re-anchor highlighted articles onto other texts raises CorpusMismatchError
    before writing anything, unless `rebind`; one whose texts match needs no rebind.

    `cancel` is checked between files: once it is set, the articles read since the last
    written batch are dropped and Cancelled is raised, so the database holds whole batches
    only, each one transaction (a later refresh carries on where this one stopped).

    `stamp` (the import command) records the mtime of every folder as the refresh began, once
    the database holds what the folder held then (a write of its own, even when nothing
    changed: other commands never write when nothing changed). `quick` (commands that read
    only what the database holds: export, stats, search) first compares every folder's mtime
    with those stamps (one stat per folder, none per file); when they match, nothing else is
    done and the report lists no files. That sees every file added, removed or
    renamed, not a file rewritten in place (same name): such an edit waits for the next full
    check (any other command, the workbench), which re-anchors as always; until then the
    command reads the database as it was, which is consistent with itself.
    """
    if not root.is_dir():
        raise NotFoundError(f"{root}: no such articles folder")
    report = ImportReport()
    if quick and _as_stamped(store, root):
        return report
    writes: list[str] = []
    scan, kept = _Scan(), dict[str, ingest.Converted]()
    started = time.time_ns()
    folders: dict[str, int] = {}
    if not _as_last_seen(store, root, report, folders):
        scan = _scan(store, root, report)
        kept = _hash(store, root, scan, report, progress, cancel)
        planned = _apply_plan(store, root, scan, kept, report, rebind=rebind)
        writes = sorted(
            [path for _, path in planned.moved] + [path for path, _ in planned.edited] + planned.new
        )
    bulk = False
    if len(writes) >= search_index.BULK_ARTICLES:  # else no write transaction of its own
        with store.action() as conn:
            bulk = search_index.bulk_load(conn, len(writes))
    try:
        _write_all(store, root, scan, kept, writes, report, progress, cancel)
    finally:
        if bulk:
            with store.action() as conn:
                search_index.end_bulk_load(conn)
    with store.snapshot() as conn:  # a read: no write lock when there is nothing to do
        # a database from before the index, say; when nothing was written, the cheap checks
        # (articles are written only here, their index entries in the same transaction)
        outdated = search_index.outdated(conn, thorough=bool(writes))
    if outdated:
        with store.action() as conn:  # the index is written inside the store's transaction
            search_index.sync(conn, _stage(progress, "indexing"))
            release_free_pages(conn)  # left by FTS5's merges (a new database's only)
    if stamp:
        _stamp(store, root, folders, started)
    return report


@without_gc  # no reference cycles among what it makes: the collector only walked them
def _write_all(
    store: AnnotationStore,
    root: Path,
    scan: _Scan,
    kept: dict[str, ingest.Converted],
    writes: list[str],
    report: ImportReport,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    """Parse and write the new, edited and moved files in batches (see `refresh`)."""
    batch: list[Article] = []
    for done, rel in enumerate(writes, 1):
        if cancel is not None and cancel.is_set():
            written = done - 1 - len(batch)
            raise Cancelled(f"refresh cancelled; {written} of {len(writes)} files written")
        if progress:
            progress("saving", done, len(writes), rel)
        try:
            source = scan.sources[rel]
            file = kept.pop(rel, None) or ingest.read_again(
                root, rel, source, scan.files[source], scan.columns
            )
        except corpus.SkipFile as exc:  # gone or changed since it was hashed
            _unplan(report, rel)
            report.skipped.append((rel, str(exc)))
            continue
        batch.append(ingest.to_article(file))
        if len(batch) >= BATCH:
            _write_batch(store, batch, report)
            batch = []
    _write_batch(store, batch, report)


def _stage(progress: Progress | None, stage: str) -> search_index.Progress | None:
    """`progress` for a part that reports (done, total, path) without a stage."""
    if progress is None:
        return None
    return lambda done, total, path: progress(stage, done, total, path)


def _unplan(report: ImportReport, path: str) -> None:
    """Take back a file reported as loaded or updated that could not be read again."""
    for planned in (report.loaded, report.updated):
        if path in planned:
            planned.remove(path)


@dataclass
class _Scan:
    """The folder as listed: every article file, and what is known of each before reading."""

    files: dict[str, Path] = field(default_factory=dict)  # every file found, by path
    sha256: dict[str, str] = field(default_factory=dict)  # article path -> text hash, once known
    pending: list[str] = field(default_factory=list)  # files to read (new or changed stat)
    read: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # size, mtime, encoding
    unreadable: set[str] = field(default_factory=set)  # paths found but skipped (and theirs)
    sources: dict[str, str] = field(default_factory=dict)  # article path -> its file's path
    stored: dict[str, list[StoredArticle]] = field(default_factory=dict)  # file -> its articles
    columns: dict[str, str] = field(default_factory=dict)  # table columns the user named


def _scan(store: AnnotationStore, root: Path, report: ImportReport) -> _Scan:
    """List the folder; a file whose size and mtime are as stored counts as unchanged."""
    listed = list(corpus.discover(root))
    scan = _Scan()
    scan.stored = ingest.files_of((rel for rel, _ in listed), store.known_articles())
    for rel, item in listed:
        rows = scan.stored.get(rel, [])
        if isinstance(item, corpus.SkipFile):
            report.skipped.append((rel, str(item)))
            scan.unreadable.update([rel, *(row.path for row in rows)])
            continue
        scan.files[rel] = item
        try:
            info = item.stat()
        except OSError as exc:
            report.skipped.append((rel, f"cannot read: {exc.strerror}"))
            scan.unreadable.update([rel, *(row.path for row in rows)])
            continue
        present = [row for row in rows if not row.missing]
        stat = (info.st_size, info.st_mtime_ns)
        if present and all((row.size, row.mtime_ns) == stat for row in present):
            report.unchanged += [row.path for row in present]
            scan.sha256.update((row.path, row.sha256) for row in present)
            scan.sources.update((row.path, rel) for row in present)
        else:
            scan.pending.append(rel)
    return scan


@without_gc
def _hash(
    store: AnnotationStore,
    root: Path,
    scan: _Scan,
    report: ImportReport,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> dict[str, ingest.Converted]:
    """Read, decode and hash the pending files (no parsing); the texts kept for writing, up to
    TEXT_BUDGET bytes (beyond it, a file to write is read again)."""
    kept: dict[str, ingest.Converted] = {}
    budget = TEXT_BUDGET
    sources = store.article_sources() if scan.pending else {}
    scan.columns = columns = ingest.table_columns(store) if scan.pending else {}
    for done, rel in enumerate(scan.pending, 1):
        if cancel is not None and cancel.is_set():
            raise Cancelled(f"refresh cancelled; 0 of {len(scan.pending)} files written")
        if progress:
            progress("reading", done, len(scan.pending), rel)
        try:
            data, size, mtime_ns = ingest.read_bytes(root, rel, scan.files[rel])
            same_as = ingest.unchanged_source(data, scan.stored.get(rel, ()), sources, columns)
            if same_as is not None:  # converted from these bytes already: not converted again
                for row in (row for row in scan.stored[rel] if not row.missing):
                    scan.sha256[row.path] = row.sha256
                    scan.read[row.path] = (size, mtime_ns, same_as)
                    scan.sources[row.path] = rel
                continue
            source = ingest.convert_source(rel, data, size, mtime_ns, columns)
        except corpus.SkipFile as exc:
            report.skipped.append((rel, str(exc)))
            scan.unreadable.update([rel, *(row.path for row in scan.stored.get(rel, ()))])
            continue
        report.skipped += [(rel, part) for part in source.skipped]
        for file in source.articles:
            scan.sha256[file.path] = file.sha256
            scan.read[file.path] = (file.size, file.mtime_ns, file.encoding)
            scan.sources[file.path] = rel
            held = sys.getsizeof(file.text)
            if held <= budget:
                kept[file.path] = file
                budget -= held
    return kept


def _apply_plan(
    store: AnnotationStore,
    root: Path,
    scan: _Scan,
    kept: dict[str, ingest.Converted],
    report: ImportReport,
    *,
    rebind: bool,
) -> identity.Plan:
    """Match files to articles and apply what needs no parsing, in one transaction: path
    moves, new sizes and mtimes of files whose text is unchanged, gone articles marked
    missing, the folder recorded. Raises CorpusMismatchError before writing anything.

    Planned under a read snapshot first: a refresh with nothing to do takes no write lock.
    Otherwise planned again inside the write transaction, on the database as it is then
    (another gpreader may have refreshed the same folder meanwhile)."""
    with store.snapshot():
        planned = _plan(store, scan)
        record_folder = _check_folder(store, root, planned, rebind=rebind)
    if record_folder or _needs_writes(planned, scan):
        with store.action():
            planned = _plan(store, scan)
            if _check_folder(store, root, planned, rebind=rebind):
                store.set_state(ROOT_KEY, str(root.resolve()))
            store.move_articles(planned.path_moves())
            for path, row in planned.same:
                if path in scan.read:  # else unchanged by size and mtime: not read
                    store.touch_article(row.id, *scan.read[path])
                    if path in kept:  # its source changed, its text did not: new attributes
                        ingest.record(store, row.id, kept[path])
            store.mark_missing(_gone(planned))
    for path, row in planned.same:
        kept.pop(path, None)
        if path in scan.read:
            (report.updated if row.missing else report.unchanged).append(path)
    report.relinked += [(row.path, path) for row, path in planned.moved]
    report.updated += [path for path, _ in planned.edited]
    report.loaded += planned.new
    report.missing += [row.path for row in _gone(planned) if not row.missing]
    return planned


def _as_last_seen(
    store: AnnotationStore, root: Path, report: ImportReport, folders: dict[str, int]
) -> bool:
    """The check every command pays, as cheap as it gets: whether a stat of every file
    matches (path, size, mtime_ns) of the articles present, in the folder the database
    follows. If so, every file is reported unchanged and nothing else is done. `folders`
    receives every folder's mtime (cleared when the walk gave up: a symlink, say)."""
    found = corpus.stat_rows(root, folders)
    if found is None:
        folders.clear()
        return False
    with store.snapshot():
        stored = store.file_stat_rows()
        if len(stored) != len(found) or not set(stored).issuperset(found):
            return False  # paths are unique on both sides: same length and a superset is equal
        if store.get_state(ROOT_KEY) != str(root.resolve()):
            return False
    report.unchanged += map(itemgetter(0), stored)  # in path order
    return True


def _stamp(store: AnnotationStore, root: Path, folders: dict[str, int], started: int) -> None:
    """Record the folders' mtimes taken when the refresh began, unless one changed less than
    RACY_NS before (a change after the stat could then keep the same mtime): a later change
    of names gives a later mtime, which the quick check sees. A change between the stat and
    the scan leaves stamps older than the folder: the quick check falls to the full one."""
    if not folders or max(folders.values()) >= started - RACY_NS:
        return
    wanted = {"root": str(root.resolve()), "folders": folders}
    with store.snapshot():
        if store.get_state(ROOT_KEY) != wanted["root"] or _stamps(store) == wanted:
            return
    with suppress(sqlite3.Error, GPReaderError):  # a database we may not write: no stamps
        store.set_state(STAMPS_KEY, wanted)


def _stamps(store: AnnotationStore) -> object:
    try:
        return store.get_state(STAMPS_KEY)
    except GPReaderError:
        return None


def _as_stamped(store: AnnotationStore, root: Path) -> bool:
    """The quick check: the folder is the one the database follows, every folder's mtime is
    as stamped, and the search index needs no work (its cheap checks)."""
    with store.snapshot() as conn:
        stamped = _stamps(store)
        if not isinstance(stamped, dict) or stamped.get("root") != str(root.resolve()):
            return False
        if store.get_state(ROOT_KEY) != stamped["root"]:
            return False
        if search_index.outdated(conn, thorough=False):
            return False
    folders = stamped.get("folders")
    return isinstance(folders, dict) and corpus.folders_as_stamped(root, folders)


def _plan(store: AnnotationStore, scan: _Scan) -> identity.Plan:
    """The identity plan for the scanned folder over the articles the database holds; those
    at paths found but unreadable stay as they are."""
    from gpreader.corpus import identity

    known = store.known_articles()
    for path in scan.unreadable:
        known.pop(path, None)
    return identity.plan(scan.sha256, known)


def _needs_writes(planned: identity.Plan, scan: _Scan) -> bool:
    """Whether applying the plan changes anything in the database."""
    return bool(
        planned.moved
        or planned.vacated
        or planned.edited
        or planned.new
        or any(path in scan.read for path, _ in planned.same)
        or any(not row.missing for row in planned.gone)
    )


def _gone(planned: identity.Plan) -> list[StoredArticle]:
    """The articles no file holds, at the paths they have once the plan is applied."""
    vacated = {row.id: path for row, path in planned.vacated}
    return [row._replace(path=vacated.get(row.id, row.path)) for row in planned.gone]


def _check_folder(
    store: AnnotationStore, root: Path, planned: identity.Plan, *, rebind: bool
) -> bool:
    """Whether the folder must be recorded as the one the database follows; raises
    CorpusMismatchError if that would re-anchor highlights onto another folder's texts and
    `rebind` is not given."""
    here = str(root.resolve())
    bound = store.get_state(ROOT_KEY)
    if bound == here:
        return False
    if bound is not None and not rebind:
        edited = store.highlighted(row.id for _, row in planned.edited)
        if edited:
            raise CorpusMismatchError(str(bound), here, edited)
    return True


def _write_batch(store: AnnotationStore, batch: list[Article], report: ImportReport) -> None:
    """Write a batch of articles, and re-anchor the edited ones, in one transaction; the new
    and edited ones are indexed for search together at the end of it."""
    if not batch:
        return
    statuses: Counter[str] = Counter()
    to_index: list[tuple[int, Article]] = []
    with store.action() as conn:
        for article in batch:
            article_id, old_text, changed = _write_article(store, conn, article)
            if changed:
                to_index.append((article_id, article))
            if old_text is not None:
                statuses.update(_reanchor_article(store, article_id, old_text, article))
        search_index.index_articles(conn, to_index)
    for status, n in statuses.items():
        report.reanchored[status] = report.reanchored.get(status, 0) + n


def _write_article(
    store: AnnotationStore, conn: sqlite3.Connection, article: Article
) -> tuple[int, str | None, bool]:
    """Insert or update the article at `article.path` and its spans, inside the caller's
    transaction (`conn`); its id, the text it had before if this edited it (None otherwise),
    and whether its text is new or changed (then the caller indexes it for search). An
    edited article leaves the search index before its text is replaced: the index deletes
    a passage by folding again the text it was indexed from.

    Decided from the database as it is inside that transaction: a moved article is already
    at its new path, and another gpreader may have refreshed the same folder meanwhile.
    """
    row = store.stored_article(article.path)
    edited = row is not None and row.sha256 != article.sha256
    old_text = store.article_text(row.id) if row is not None and edited else None
    if row is not None and edited:
        search_index.drop_articles(conn, [row.id])
    article_id = store.write_article(article, None if row is None else row.id)
    ingest.record(store, article_id, article)
    if row is None or edited:
        store.write_spans(article_id, article)
    return article_id, old_text, row is None or edited


def _reanchor_article(
    store: AnnotationStore, article_id: int, old_text: str, article: Article
) -> Counter[str]:
    """Map every highlight of an edited article through the diff of its old text to the new
    (anchoring.reanchor_all), or orphan it where its words are gone."""
    statuses: Counter[str] = Counter()
    anchorings: list[Anchoring] = []
    stored = store.anchors(article_id)
    found = reanchor_all(
        old_text,
        article.text,
        [(h.start, h.end, Quote(h.exact, h.prefix, h.suffix)) for h in stored],
    )
    for h, anchor in zip(stored, found, strict=True):
        if anchor is None:
            anchorings.append(Anchoring(h.id, "orphaned", None))
        else:
            quote = quote_at(article.text, anchor.start, anchor.end)
            score = None if anchor.status == "anchored" else round(anchor.score, 1)
            anchorings.append(
                Anchoring(
                    h.id,
                    anchor.status,
                    score,
                    anchor.start,
                    anchor.end,
                    quote.exact,
                    quote.prefix,
                    quote.suffix,
                    article.sha256,
                )
            )
        statuses[anchorings[-1].status] += 1
    store.write_anchors(anchorings)
    return statuses


def describe(report: ImportReport) -> list[str]:
    """Human lines summarising an import."""
    lines = [
        f"{len(report.loaded)} loaded, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped"
    ]
    lines += [f"renamed: {old} -> {new}" for old, new in report.relinked]
    lines += [f"missing (annotations kept): {path}" for path in report.missing]
    if report.reanchored:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(report.reanchored.items()))
        lines.append(f"re-anchored highlights: {counts}")
    lines += [f"skipped {path}: {reason}" for path, reason in report.skipped]
    return lines
