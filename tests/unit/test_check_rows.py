"""The full corpus check as rows: a stat of every file (one thread, or a few over folders),
compared with the stored (path, size, mtime_ns) as sets. What it must still see: a file
rewritten in place with the same size (its mtime moves), and any sequence of edits, adds and
deletes, in one folder or in many."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader.corpus import files
from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore


def _article(title: str, body: str) -> str:
    return f"{title}\n\n{body}\n"


def _later(path: Path, seconds: int = 1) -> None:
    """Move a file's mtime on: on a fast machine a rewrite can land on the same clock tick
    as the import (then size and mtime both match, and no stat-based check can see it)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))


def _stored_texts(store: AnnotationStore) -> dict[str, str]:
    return {row.path: store.article(row.path).text for row in store.articles(include_missing=False)}


def _disk_texts(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text("utf-8") for path in root.rglob("*.txt")
    }


def test_a_file_rewritten_in_place_with_the_same_size_is_seen(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    first = sorted(corpus_dir.glob("*.txt"))[0]
    text = first.read_text("utf-8")
    swapped = text.replace("e", "E", 1)
    assert swapped != text and len(swapped.encode()) == len(text.encode())
    with first.open("r+", encoding="utf-8") as stream:  # in place: same inode, same size
        stream.write(swapped)
    _later(first)
    report = library.refresh(loaded_store, corpus_dir)
    assert report.updated == [first.name]
    assert loaded_store.article(first.name).text == swapped


def test_stat_rows_equal_the_stored_rows_after_an_import(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    found = files.stat_rows(corpus_dir)
    assert found is not None
    assert sorted(found) == loaded_store.file_stat_rows()  # the store's are in path order


@pytest.mark.parametrize("threads", [1, 3])
def test_many_folders_are_walked_and_all_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    monkeypatch.setattr(files, "STAT_THREADS", threads)
    root = tmp_path / "many"
    for folder in range(12):
        for deeper in ("", "inner/"):
            place = root / f"f{folder:02}" / deeper
            place.mkdir(parents=True, exist_ok=True)
            (place / "a.txt").write_text(_article(f"Title {folder}", "Body text."))
    stamps: dict[str, int] = {}
    found = files.stat_rows(root, stamps)
    assert found is not None and len(found) == 24
    listed = {rel for rel, path in files.discover(root) if isinstance(path, Path)}
    assert {rel for rel, _, _ in found} == listed
    assert set(stamps) == {"", *(f"f{i:02}/" for i in range(12))} | {
        f"f{i:02}/inner/" for i in range(12)
    }


def test_a_symlink_deep_in_a_folder_of_folders_leaves_it_to_the_full_scan(
    tmp_path: Path,
) -> None:
    root = tmp_path / "many"
    for folder in range(3):
        (root / f"f{folder}").mkdir(parents=True)
        (root / f"f{folder}" / "a.txt").write_text("x")
    (root / "f2" / "link.txt").symlink_to(root / "f0" / "a.txt")
    assert files.stat_rows(root) is None


_NAMES = st.sampled_from(["a.txt", "b.txt", "sub/c.txt", "sub/d.txt", "other/e.txt"])
_STEPS = st.lists(
    st.tuples(st.sampled_from(["add", "same_size", "longer", "delete"]), _NAMES, st.integers(0, 9)),
    min_size=1,
    max_size=6,
)


def _apply(root: Path, step: tuple[str, str, int]) -> None:
    """One change to the folder: an article added (or replaced), rewritten in place with the
    same size, rewritten longer, or deleted; each leaves the file's mtime later."""
    action, name, n = step
    path = root / name
    if action == "add":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_article(f"Headline {name} {n}", f"Body number {n} of {name}."))
        _later(path, n + 1)
    elif not path.exists():
        return
    elif action == "delete":
        path.unlink()
    else:
        text = path.read_text("utf-8")
        new = text.replace("Body", "BODY" if "Body" in text else "Body", 1)
        if action == "longer" or new == text:
            new = text + f"More words {n}.\n"
        with path.open("w", encoding="utf-8") as stream:  # truncated and written again
            stream.write(new)
        _later(path, n + 1)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=_STEPS)
def test_any_sequence_of_changes_is_seen_and_then_nothing_is(
    steps: list[tuple[str, str, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "articles"
        root.mkdir()
        (root / "a.txt").write_text(_article("First headline", "Body of the first."))
        (root / "sub").mkdir()
        (root / "sub" / "c.txt").write_text(_article("Third headline", "Body of the third."))
        with AnnotationStore(Path(folder) / "db.sqlite", coder="t") as store:
            library.refresh(store, root)
            for step in steps:
                _apply(root, step)
                library.refresh(store, root)
                assert _stored_texts(store) == _disk_texts(root)
                again = library.refresh(store, root)  # nothing changed: the row check says so
                assert not (again.loaded or again.updated or again.missing or again.relinked)
                assert again.unchanged == sorted(_disk_texts(root))


def test_a_folder_that_cannot_be_opened_leaves_it_to_the_full_scan(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def vanishing(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith("articles"):
            raise FileNotFoundError(path)
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", vanishing)
    assert files.stat_rows(corpus_dir) is None
