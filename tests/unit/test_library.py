"""Refreshing the corpus: load, skip, re-link renamed files, re-anchor edited ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.errors import NotFoundError
from gpreader.store import AnnotationStore

ARTICLE = "000_457775139af1eb7c.txt"
QUOTE = "Might as well appoint Daffy Duck"


def _highlight(store: AnnotationStore, quote: str = QUOTE, tags: tuple[str, ...] = ("tone",)):
    start = store.article(ARTICLE).text.index(quote)
    return store.add_highlight(ARTICLE, start, start + len(quote), tags=tags)


def _edit(corpus_dir: Path, old: str, new: str, name: str = ARTICLE) -> None:
    path = corpus_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()  # make sure the mtime differs even on coarse clocks
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_first_import_loads_all_five(store: AnnotationStore, corpus_dir: Path) -> None:
    report = library.refresh(store, corpus_dir)
    assert len(report.loaded) == 5 and not report.skipped
    rows = {a.path: a for a in store.articles()}
    assert rows[ARTICLE].comments == 5
    assert rows["003_24c3c5c25ddb21cc.txt"].comments == 16
    assert store.article(ARTICLE).spans  # spans indexed in the database


def test_second_import_reads_nothing(loaded_store: AnnotationStore, corpus_dir: Path, monkeypatch):
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr(library.ingest, "read_bytes", fail)
    monkeypatch.setattr(library.ingest, "to_article", fail)
    report = library.refresh(loaded_store, corpus_dir)
    assert len(report.unchanged) == 5 and not report.loaded and not report.updated


def test_touched_but_identical_file_counts_as_unchanged(loaded_store, corpus_dir: Path) -> None:
    _edit(corpus_dir, "Daffy", "Daffy")
    report = library.refresh(loaded_store, corpus_dir)
    assert ARTICLE in report.unchanged and not report.updated


def test_bad_files_are_skipped_with_reasons(store: AnnotationStore, corpus_dir: Path) -> None:
    (corpus_dir / "empty.txt").write_bytes(b"")
    (corpus_dir / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (corpus_dir / "notes.csv").write_text("no text column in this table")
    (corpus_dir / "photo.png").write_bytes(b"\x89PNG\r\n")
    report = library.refresh(store, corpus_dir)
    reasons = dict(report.skipped)
    assert set(reasons) == {"empty.txt", "binary.txt", "notes.csv", "photo.png"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"]
    assert "needs a text column" in reasons["notes.csv"]
    assert reasons["photo.png"] == "unsupported type (.png)"
    assert len(report.loaded) == 5


def test_renamed_file_keeps_its_highlights(loaded_store: AnnotationStore, corpus_dir: Path) -> None:
    h = _highlight(loaded_store)
    (corpus_dir / ARTICLE).rename(corpus_dir / "renamed.txt")
    report = library.refresh(loaded_store, corpus_dir)
    assert report.relinked == [(ARTICLE, "renamed.txt")]
    moved = loaded_store.highlight(h.id)
    assert (moved.article, moved.exact, moved.tags) == ("renamed.txt", QUOTE, ("tone",))


def test_deleted_file_is_kept_as_missing(loaded_store: AnnotationStore, corpus_dir: Path) -> None:
    h = _highlight(loaded_store)
    (corpus_dir / ARTICLE).unlink()
    report = library.refresh(loaded_store, corpus_dir)
    assert report.missing == [ARTICLE]
    assert loaded_store.highlight(h.id).exact == QUOTE
    assert [a.path for a in loaded_store.articles() if a.missing] == [ARTICLE]


@pytest.mark.parametrize(
    ("old", "new", "status"),
    [
        ("Speaking at the Times", "Speaking at the London Times", "anchored"),  # word before
        ("No plan. No idea.", "No plan.  No idea.\n", "anchored"),  # reflow before
    ],
)
def test_edits_before_a_highlight_keep_it_exact(loaded_store, corpus_dir, old, new, status):
    h = _highlight(loaded_store)
    library.refresh(loaded_store, corpus_dir)
    _edit(corpus_dir, old, new)
    report = library.refresh(loaded_store, corpus_dir)
    assert report.updated == [ARTICLE]
    moved = loaded_store.highlight(h.id)
    text = loaded_store.article(ARTICLE).text
    assert moved.status == status and text[moved.start : moved.end] == QUOTE
    assert moved.article_sha256 == loaded_store.article(ARTICLE).sha256


def test_straightened_quotes_and_reflow_inside_do_not_orphan(loaded_store, corpus_dir) -> None:
    quote = "‘GP contract reform will be just one of those things"
    h = _highlight(loaded_store, quote)
    _edit(corpus_dir, quote, "'GP contract reform will be\njust one of those things")
    library.refresh(loaded_store, corpus_dir)
    moved = loaded_store.highlight(h.id)
    assert moved.status in ("anchored", "fuzzy")
    text = loaded_store.article(ARTICLE).text
    assert text[moved.start : moved.end] == moved.exact
    assert "GP contract reform will be\njust one" in moved.exact


def test_a_deleted_quote_orphans_but_is_kept(loaded_store, corpus_dir) -> None:
    h = _highlight(loaded_store)
    _edit(corpus_dir, "No plan. No idea. Might as well appoint Daffy Duck.", "No plan.")
    report = library.refresh(loaded_store, corpus_dir)
    assert report.reanchored == {"orphaned": 1}
    orphan = loaded_store.highlight(h.id)
    assert (orphan.status, orphan.exact, orphan.tags) == ("orphaned", QUOTE, ("tone",))
    assert [x.id for x in loaded_store.highlights(status="orphaned")] == [h.id]


def test_missing_folder_is_a_clear_error(store: AnnotationStore, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no such articles folder"):
        library.refresh(store, tmp_path / "nope")


def test_progress_is_reported(store: AnnotationStore, corpus_dir: Path) -> None:
    seen: list[tuple[int, int]] = []
    library.refresh(store, corpus_dir, lambda stage, done, total, path: seen.append((done, total)))
    assert seen[-1] == (5, 5)


def test_identical_files_renamed_keep_their_own_highlights(store, corpus_dir: Path) -> None:
    text = (corpus_dir / ARTICLE).read_text(encoding="utf-8")
    for name in ("one.txt", "two.txt"):
        (corpus_dir / name).write_text(text, encoding="utf-8")
    library.refresh(store, corpus_dir)
    first = store.add_highlight("one.txt", 0, 10, tags=["one"])
    second = store.add_highlight("two.txt", 0, 10, tags=["two"])
    (corpus_dir / "one.txt").rename(corpus_dir / "one-renamed.txt")
    (corpus_dir / "two.txt").rename(corpus_dir / "two-renamed.txt")
    library.refresh(store, corpus_dir)
    assert store.highlight(first.id).article == "one-renamed.txt"
    assert store.highlight(second.id).article == "two-renamed.txt"


def test_a_refresh_racing_another_one_succeeds(store, corpus_dir: Path, db_path: Path) -> None:
    """Another gpreader refreshes the same folder between this one's scan and its writes."""
    (corpus_dir / ARTICLE).write_text("Edited.\n\n" + (corpus_dir / ARTICLE).read_text())
    raced: list[bool] = []

    def meanwhile(stage: str, done: int, total: int, path: str) -> None:
        if not raced:
            raced.append(True)
            with AnnotationStore(db_path, coder="other") as other:
                library.refresh(other, corpus_dir)

    library.refresh(store, corpus_dir, meanwhile)
    assert raced and len(store.articles()) == 5
    assert store.article(ARTICLE).text.startswith("Edited.")
