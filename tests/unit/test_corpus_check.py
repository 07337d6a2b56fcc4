"""The corpus check every command pays: one stat per file, compared with what is stored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gpreader.corpus import files
from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore


def _forbid_full_scan(store: AnnotationStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the full scan ran")

    monkeypatch.setattr(store, "known_articles", refuse)


def test_nothing_changed_is_decided_from_the_stat_alone(
    loaded_store: AnnotationStore, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forbid_full_scan(loaded_store, monkeypatch)
    report = library.refresh(loaded_store, corpus_dir)
    assert sorted(report.unchanged) == sorted(p.name for p in corpus_dir.glob("*.txt"))
    assert not (report.loaded or report.updated or report.missing or report.skipped)


@pytest.mark.parametrize("change", ["touch", "add", "remove", "other_folder"])
def test_any_change_takes_the_full_scan(
    change: str, loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    first = sorted(corpus_dir.glob("*.txt"))[0]
    root = corpus_dir
    if change == "touch":
        info = first.stat()
        os.utime(first, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    elif change == "add":
        (corpus_dir / "new.txt").write_text("A new headline\n\nSome body text here.\n")
    elif change == "remove":
        first.unlink()
    else:  # the same texts in another folder: the database is re-bound to it
        root = tmp_path / "elsewhere"
        corpus_dir.rename(root)
    report = library.refresh(loaded_store, root, rebind=True)
    expected = {
        "touch": ([], [], [first.name]),  # same text, new mtime: stored, counted unchanged
        "add": (["new.txt"], [], []),
        "remove": ([], [first.name], []),
        "other_folder": ([], [], []),
    }[change]
    assert (report.loaded, report.missing) == expected[:2]
    assert set(expected[2]) <= set(report.unchanged)
    assert loaded_store.file_stats() == files.stat_files(root)  # the next check is cheap


def test_stat_files_matches_discover(corpus_dir: Path) -> None:
    (corpus_dir / "sub").mkdir()
    (corpus_dir / "sub" / "b.md").write_text("x")
    (corpus_dir / ".hidden.txt").write_text("x")
    (corpus_dir / "notes.pdf").write_bytes(b"x")
    found = files.stat_files(corpus_dir)
    assert found is not None
    listed = {rel: path for rel, path in files.discover(corpus_dir) if isinstance(path, Path)}
    assert set(found) == set(listed)
    for rel, path in listed.items():
        info = path.stat()
        assert found[rel] == (info.st_size, info.st_mtime_ns)


def test_a_symlink_leaves_the_decision_to_the_full_scan(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    first = sorted(corpus_dir.glob("*.txt"))[0]
    (corpus_dir / "link.txt").symlink_to(first)
    assert files.stat_files(corpus_dir) is None
    report = library.refresh(loaded_store, corpus_dir)
    assert report.relinked == [] and "link.txt" in report.loaded + report.unchanged
