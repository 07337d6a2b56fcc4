"""The store as the one door: cheap reads for the UI, the one highlight query, the corpus-sync
writes, cancelling a refresh or an export, and no SQL anywhere else."""

from __future__ import annotations

import ast
import re
import sqlite3
import threading
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.errors import Cancelled, NotFoundError
from gpreader.export import ExportOptions, export
from gpreader.models import ArticleSummary, Highlight, HighlightRecord
from gpreader.store import AnnotationStore, HighlightFilter

SRC = Path(__file__).resolve().parents[2] / "src" / "gpreader"
ARTICLE = "000_457775139af1eb7c.txt"
QUOTE = "Might as well appoint Daffy Duck"


def _highlight(store: AnnotationStore, tags: tuple[str, ...] = ("tone/satire",)) -> Highlight:
    start = store.article(ARTICLE).text.index(QUOTE)
    return store.add_highlight(ARTICLE, start, start + len(QUOTE), tags=tags, note="dry")


# -- cheap reads --------------------------------------------------------------------------------


def test_article_sha256_is_the_stored_hash(loaded_store: AnnotationStore) -> None:
    assert loaded_store.article_sha256(ARTICLE) == loaded_store.article(ARTICLE).sha256
    with pytest.raises(NotFoundError):
        loaded_store.article_sha256("nope.txt")


def test_library_rows_are_summaries_with_live_counts(loaded_store, corpus_dir: Path) -> None:
    h = _highlight(loaded_store)
    _highlight(loaded_store)
    loaded_store.delete_highlight(h.id)
    gone = sorted(p.name for p in corpus_dir.iterdir())[1]
    (corpus_dir / gone).unlink()
    library.refresh(loaded_store, corpus_dir)
    rows = loaded_store.articles()
    assert all(isinstance(r, ArticleSummary) for r in rows)
    by_path = {r.path: r for r in rows}
    assert by_path[ARTICLE].highlights == 1  # the deleted one is not counted
    assert by_path[gone].missing is True and by_path[ARTICLE].missing is False
    assert gone not in {r.path for r in loaded_store.articles(include_missing=False)}


def test_highlights_carry_their_article_title(loaded_store: AnnotationStore) -> None:
    h = _highlight(loaded_store)
    assert h.title == loaded_store.article(ARTICLE).title != ""
    assert [x.title for x in loaded_store.highlights(tag="tone")] == [h.title]


def test_stored_values_come_back_as_they_are(loaded_store: AnnotationStore) -> None:
    """The store does no per-cell work: making text safe for a terminal is the output side's
    job (text.safe_to_show), so a hostile title is returned byte for byte."""
    hostile = "Title \x1b]0;pwned\x07 \u202e"
    with loaded_store.action() as conn:
        conn.execute("UPDATE articles SET title = ? WHERE path = ?", [hostile, ARTICLE])
    assert loaded_store.article(ARTICLE).title == hostile
    assert _highlight(loaded_store).title == hostile
    assert {r.path: r.title for r in loaded_store.articles()}[ARTICLE] == hostile


# -- the one highlight query --------------------------------------------------------------------


def test_records_and_highlights_come_from_one_query(loaded_store: AnnotationStore) -> None:
    _highlight(loaded_store, ("tone/satire", "policy"))
    loaded_store.add_highlight(ARTICLE, 0, 10, tags=["policy/contract"])
    records = loaded_store.highlight_records(HighlightFilter())
    assert not isinstance(records, list)  # streamed
    records = list(records)
    assert all(type(r) is HighlightRecord for r in records)
    assert [Highlight(*r) for r in records] == loaded_store.highlights()


def test_subtree_tags_only_keeps_the_filtered_codes(loaded_store: AnnotationStore) -> None:
    h = _highlight(loaded_store, ("tone/satire", "policy"))
    (record,) = loaded_store.highlight_records(HighlightFilter(tag="tone"), subtree_tags_only=True)
    assert (record.id, record.tags) == (h.id, ("tone/satire",))
    assert loaded_store.highlight(h.id).tags == ("policy", "tone/satire")


def test_filters_combine(loaded_store: AnnotationStore) -> None:
    a = _highlight(loaded_store)
    b = loaded_store.add_highlight(ARTICLE, 0, 10, tags=["policy"])
    loaded_store.delete_highlight(b.id)
    assert [h.id for h in loaded_store.highlights(ARTICLE)] == [a.id]
    assert [h.id for h in loaded_store.highlights(ARTICLE, include_deleted=True)] == [b.id, a.id]
    assert loaded_store.highlights(coder="someone else") == []
    assert [h.id for h in loaded_store.highlights(ids=[a.id, "x"], status="anchored")] == [a.id]
    assert loaded_store.highlights(since="2999-01-01") == []


# -- corpus-sync writes -------------------------------------------------------------------------


def test_known_articles_and_anchors_are_plain_tuples(loaded_store: AnnotationStore) -> None:
    h = _highlight(loaded_store)
    known = loaded_store.known_articles()
    row = known[ARTICLE]
    assert (row.path, row.sha256, row.missing) == (
        ARTICLE,
        loaded_store.article_sha256(ARTICLE),
        False,
    )
    assert loaded_store.stored_article(ARTICLE) == row
    assert loaded_store.stored_article(ARTICLE, article_id=row.id + 1000) is None
    (anchor,) = loaded_store.anchors(row.id)
    assert (anchor.id, anchor.exact, anchor.start) == (h.id, QUOTE, h.start)


def test_a_refresh_with_nothing_to_do_needs_no_write_lock(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    """`gpreader articles` refreshes first: it must not wait on another process's write."""
    other = sqlite3.connect(loaded_store.path)
    other.execute("BEGIN IMMEDIATE")
    try:
        with AnnotationStore(loaded_store.path, busy_timeout=0.2, verify=False) as reader:
            report = library.refresh(reader, corpus_dir)
    finally:
        other.rollback()
        other.close()
    assert len(report.unchanged) == 5


# -- cancelling ---------------------------------------------------------------------------------


def test_a_cancelled_refresh_leaves_whole_batches_only(
    store: AnnotationStore, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "BATCH", 2)
    cancel = threading.Event()
    seen: list[int] = []

    def progress(stage: str, done: int, total: int, path: str) -> None:
        seen.append(done)
        if stage == "saving" and done == 3:  # after the third file is parsed, before its batch
            cancel.set()

    with pytest.raises(Cancelled):
        library.refresh(store, corpus_dir, progress, cancel=cancel)
    written = store.articles()
    assert len(written) == 2  # the first batch; the third file's batch was never written
    for summary in written:
        article = store.article(summary.path)
        assert article.spans and article.sha256 == store.article_sha256(summary.path)
    report = library.refresh(store, corpus_dir)  # carries on where it stopped
    assert (len(report.loaded), len(report.unchanged)) == (3, 2)
    assert len(store.articles()) == 5


def test_a_refresh_cancelled_before_it_starts_writes_nothing(store, corpus_dir: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        library.refresh(store, corpus_dir, cancel=cancel)
    assert store.articles() == []


class _SetOnCall(threading.Event):
    """An event that reads as set from its `n`-th `is_set()` on: cancels mid-export."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.calls, self.n = 0, n

    def is_set(self) -> bool:
        self.calls += 1
        return self.calls >= self.n


@pytest.mark.parametrize("when", [1, 2, 3])
def test_a_cancelled_export_leaves_no_file(loaded_store, tmp_path: Path, when: int) -> None:
    _highlight(loaded_store)
    out = tmp_path / "out" / "export.csv"
    out.parent.mkdir()
    cancel = _SetOnCall(when)  # before reading, after reading, while writing
    with pytest.raises(Cancelled):
        export(loaded_store, ExportOptions(), out, cancel=cancel)
    assert list(out.parent.iterdir()) == []
    result = export(loaded_store, ExportOptions(), out, cancel=threading.Event())
    assert result.highlights == 1 and out.exists()


# -- one door -----------------------------------------------------------------------------------

_SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b"
)
# The search package reads its own index tables (another part of issue 9 moves its reads).
_ALLOWED = ("store", "search")


def _modules_outside_the_store() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if p.relative_to(SRC).parts[0] not in _ALLOWED]


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_the_sql_pattern_finds_sql() -> None:
    assert _SQL.search((SRC / "store" / "tags.py").read_text(encoding="utf-8"))
    assert not _SQL.search("SELECT ")  # the reader's selection label is not SQL


def test_no_sql_outside_the_store() -> None:
    found = [
        f"{path.relative_to(SRC)}: {text.strip()[:60]!r}"
        for path in _modules_outside_the_store()
        for text in _string_literals(path)
        if _SQL.search(text)
    ]
    assert found == []


def test_nothing_reaches_into_the_store() -> None:
    """Its connection and private helpers stay inside store/ (sync gets the connection for
    the search index from `action()`)."""
    reach = re.compile(r"\bstore\.(db|conn|_\w+)\b")
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in _modules_outside_the_store()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reach.search(line)
    ]
    assert found == []
