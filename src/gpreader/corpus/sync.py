"""Bring the database up to date with the corpus folder: load, update, re-link, re-anchor."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz

from gpreader.anchoring import Quote, quote_at, reanchor_all
from gpreader.corpus import files as corpus
from gpreader.errors import Cancelled, NotFoundError
from gpreader.models import Anchoring, Article, ImportReport, StoredArticle
from gpreader.search import index as search_index
from gpreader.store import AnnotationStore

Progress = Callable[[int, int, str], None]  # (done, total, path)
BATCH = 200  # articles written per transaction during an import


def refresh(
    store: AnnotationStore,
    root: Path,
    progress: Progress | None = None,
    *,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Load new and changed files, re-anchor highlights of edited ones, re-link renamed ones.

    Unchanged files (same size and mtime) are not read again. `cancel` is checked between
    files: once it is set, the articles read since the last written batch are dropped and
    Cancelled is raised, so the database holds whole batches only, each one transaction (a
    later refresh carries on where this one stopped).
    """
    if not root.is_dir():
        raise NotFoundError(f"{root}: no such articles folder")
    report = ImportReport()
    known = store.known_articles()
    seen: set[str] = set()
    pending: list[tuple[str, Path]] = []
    for rel, item in corpus.discover(root):
        if isinstance(item, corpus.SkipFile):
            report.skipped.append((rel, str(item)))
            continue
        seen.add(rel)
        row = known.get(rel)
        try:
            info = item.stat()
        except OSError as exc:
            report.skipped.append((rel, f"cannot read: {exc.strerror}"))
            continue
        if row and not row.missing and (row.size, row.mtime_ns) == (info.st_size, info.st_mtime_ns):
            report.unchanged.append(rel)
        else:
            pending.append((rel, item))

    gone = {path: row for path, row in known.items() if path not in seen}
    gone_by_hash: dict[str, list[StoredArticle]] = defaultdict(list)
    for row in gone.values():
        gone_by_hash[row.sha256].append(row)
    batch: list[tuple[Article, StoredArticle | None]] = []
    for done, (rel, item) in enumerate(pending, 1):
        if cancel is not None and cancel.is_set():
            written = done - 1 - len(batch)
            raise Cancelled(f"refresh cancelled; {written} of {len(pending)} files written")
        if progress:
            progress(done, len(pending), rel)
        try:
            article = corpus.load_article(root, rel, item)
        except corpus.SkipFile as exc:
            report.skipped.append((rel, str(exc)))
            continue
        row = known.get(rel)
        if row is None and gone_by_hash.get(article.sha256):
            row = _likeliest_origin(gone_by_hash[article.sha256], rel)
            gone.pop(row.path, None)
            report.relinked.append((row.path, rel))
        elif row is None:
            report.loaded.append(rel)
        elif row.sha256 == article.sha256 and not row.missing:
            report.unchanged.append(rel)
        else:
            report.updated.append(rel)
        batch.append((article, row))
        if len(batch) >= BATCH:
            _write_batch(store, batch, report)
            batch = []
    _write_batch(store, batch, report)
    if gone:
        report.missing += [path for path, row in gone.items() if not row.missing]
        store.mark_missing(gone.values())
    with store.snapshot() as conn:  # a read: no write lock when there is nothing to do
        outdated = search_index.outdated(conn)  # a database from before the index, say
    if outdated:
        with store.action() as conn:  # the index is written inside the store's transaction
            search_index.sync(conn, progress)
    return report


def _likeliest_origin(candidates: list[StoredArticle], path: str) -> StoredArticle:
    """Of the vanished articles with this file's content, the one whose path is most like its
    new path (two identical files renamed keep their own highlights); removed from the list."""
    best = max(candidates, key=lambda row: fuzz.ratio(row.path, path))
    candidates.remove(best)
    return best


def _write_batch(
    store: AnnotationStore,
    batch: list[tuple[Article, StoredArticle | None]],
    report: ImportReport,
) -> None:
    """Write a batch of articles, and re-anchor the edited ones, in one transaction."""
    if not batch:
        return
    statuses: Counter[str] = Counter()
    with store.action() as conn:
        for article, row in batch:
            article_id, old_text = _write_article(store, conn, article, row)
            if old_text is not None:
                statuses.update(_reanchor_article(store, article_id, old_text, article))
    for status, n in statuses.items():
        report.reanchored[status] = report.reanchored.get(status, 0) + n


def _write_article(
    store: AnnotationStore,
    conn: sqlite3.Connection,
    article: Article,
    origin: StoredArticle | None,
) -> tuple[int, str | None]:
    """Insert or update one article, its spans and its search index entries; its id, and
    the text it had before if this edited it (None otherwise).

    Decided from the database as it is inside the caller's transaction (`conn` is that
    transaction's), not as it was when the folder was scanned: another gpreader may have
    refreshed the same folder meanwhile. `origin` is the row this file was at (by path, or by
    content when it was renamed).
    """
    row = store.stored_article(article.path)
    if row is None and origin is not None and origin.path != article.path:
        row = store.stored_article(origin.path, article_id=origin.id)
    edited = row is not None and row.sha256 != article.sha256
    old_text = store.article_text(row.id) if row is not None and edited else None
    article_id = store.write_article(article, None if row is None else row.id)
    if row is None or edited:
        store.write_spans(article_id, article)
        search_index.index_article(conn, article_id, article)
    return article_id, old_text


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
