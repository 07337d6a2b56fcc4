"""Bring the database up to date with the corpus folder: load, update, re-link, re-anchor."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from gpreader.anchoring import Quote, quote_at, reanchor
from gpreader.corpus import files as corpus
from gpreader.errors import NotFoundError
from gpreader.models import Article, ImportReport
from gpreader.search import index as search_index
from gpreader.store import AnnotationStore, now

Progress = Callable[[int, int, str], None]  # (done, total, path)
BATCH = 200  # articles written per transaction during an import


def refresh(store: AnnotationStore, root: Path, progress: Progress | None = None) -> ImportReport:
    """Load new and changed files, re-anchor highlights of edited ones, re-link renamed ones.

    Unchanged files (same size and mtime) are not read again.
    """
    if not root.is_dir():
        raise NotFoundError(f"{root}: no such articles folder")
    report = ImportReport()
    known = {
        r["path"]: r
        for r in store._rows("SELECT id, path, sha256, size, mtime_ns, missing FROM articles")
    }
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
        if (
            row
            and not row["missing"]
            and (row["size"], row["mtime_ns"])
            == (
                info.st_size,
                info.st_mtime_ns,
            )
        ):
            report.unchanged.append(rel)
        else:
            pending.append((rel, item))

    gone = {path: row for path, row in known.items() if path not in seen}
    gone_by_hash: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in gone.values():
        gone_by_hash[row["sha256"]].append(row)
    batch: list[tuple[Article, dict[str, Any] | None]] = []
    for done, (rel, item) in enumerate(pending, 1):
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
            gone.pop(row["path"], None)
            report.relinked.append((row["path"], rel))
        elif row is None:
            report.loaded.append(rel)
        elif row["sha256"] == article.sha256 and not row["missing"]:
            report.unchanged.append(rel)
        else:
            report.updated.append(rel)
        batch.append((article, row))
        if len(batch) >= BATCH:
            _write_batch(store, batch, report)
            batch = []
    _write_batch(store, batch, report)
    if gone:
        with store.action() as db:
            for path, row in gone.items():
                if not row["missing"]:
                    report.missing.append(path)
                db.execute(  # unless another gpreader re-linked it meanwhile
                    "UPDATE articles SET missing = 1 WHERE id = ? AND path = ?",
                    [row["id"], path],
                )
    if search_index.outdated(store.db.conn):  # a database from before the index, say
        with store.action() as db:
            search_index.sync(db.conn, progress)
    return report


def _likeliest_origin(candidates: list[dict[str, Any]], path: str) -> dict[str, Any]:
    """Of the vanished articles with this file's content, the one whose path is most like its
    new path (two identical files renamed keep their own highlights); removed from the list."""
    best = max(candidates, key=lambda row: fuzz.ratio(row["path"], path))
    candidates.remove(best)
    return best


def _write_batch(
    store: AnnotationStore, batch: list[tuple[Article, dict[str, Any] | None]], report: ImportReport
) -> None:
    if not batch:
        return
    statuses: Counter[str] = Counter()
    with store.action():
        for article, row in batch:
            article_id, edited = _write_article(store, article, row)
            if edited:
                statuses.update(_reanchor_article(store, article_id, article))
    for status, n in statuses.items():
        report.reanchored[status] = report.reanchored.get(status, 0) + n


def _write_article(
    store: AnnotationStore, article: Article, origin: dict[str, Any] | None
) -> tuple[int, bool]:
    """Insert or update one article and its spans; its id, and whether its text was edited.

    Decided from the database as it is inside the caller's transaction, not as it was when
    the folder was scanned: another gpreader may have refreshed the same folder meanwhile.
    `origin` is the row this file was at (by path, or by content when it was renamed).
    """
    db = store.db
    row = _article_row(store, "path = ?", article.path)
    if row is None and origin is not None and origin["path"] != article.path:
        row = _article_row(store, "id = ? AND path = ?", origin["id"], origin["path"])
    record = {
        "path": article.path,
        "sha256": article.sha256,
        "size": article.size,
        "mtime_ns": article.mtime_ns,
        "encoding": article.encoding,
        "title": article.title,
        "date": article.date,
        "words": article.words,
        "comments": article.comments,
        "text": article.text,
        "missing": 0,
        "updated": now(),
    }
    if row is None:
        article_id = db["articles"].insert(record).last_pk
    else:
        article_id = row["id"]
        db["articles"].update(article_id, record)
    edited = row is not None and row["sha256"] != article.sha256
    if row is None or edited:
        db.execute("DELETE FROM spans WHERE article_id = ?", [article_id])
        db["spans"].insert_all(
            {
                "article_id": article_id,
                "seq": seq,
                "kind": s.kind,
                "section": s.section,
                "start": s.start,
                "end": s.end,
                "author": s.author,
                "date": s.date,
            }
            for seq, s in enumerate(article.spans)
        )
        search_index.index_article(db.conn, article_id, article)
    return article_id, edited


def _article_row(store: AnnotationStore, where: str, *params: Any) -> dict[str, Any] | None:
    rows = store._rows(f"SELECT id, path, sha256 FROM articles WHERE {where}", params)
    return rows[0] if rows else None


def _reanchor_article(store: AnnotationStore, article_id: int, article: Article) -> Counter[str]:
    """Move every highlight of an edited article to where its quote now is, or orphan it."""
    statuses: Counter[str] = Counter()
    rows = list(store.db.query("SELECT * FROM highlights WHERE article_id = ?", [article_id]))
    for h in rows:
        anchor = reanchor(
            article.text, h["start"], h["end"], Quote(h["exact"], h["prefix"], h["suffix"])
        )
        if anchor is None:
            changes: dict[str, Any] = {"status": "orphaned", "score": None}
        else:
            quote = quote_at(article.text, anchor.start, anchor.end)
            changes = {
                "start": anchor.start,
                "end": anchor.end,
                "exact": quote.exact,
                "prefix": quote.prefix,
                "suffix": quote.suffix,
                "article_sha256": article.sha256,
                "status": anchor.status,
                "score": None if anchor.status == "anchored" else round(anchor.score, 1),
            }
        store.db["highlights"].update(h["id"], changes)
        statuses[changes["status"]] += 1
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
