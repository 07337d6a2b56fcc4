"""The quick corpus check (export, stats, search...): one stat per folder, against stamps."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpreader.cli import cli
from gpreader.corpus import files
from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore

HOUR_NS = 3600 * 10**9


def _age(root: Path) -> None:
    """Every folder's mtime an hour ago: older than RACY_NS, so it may be stamped."""
    past = time.time_ns() - HOUR_NS
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        os.utime(folder, ns=(past, past))


def _stamped(store: AnnotationStore, root: Path) -> None:
    _age(root)
    library.refresh(store, root, stamp=True)  # as the import command does
    assert store.get_state(library.STAMPS_KEY)["root"] == str(root.resolve())


def _forbid_stat_of_files(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("every file was stat'ed")

    monkeypatch.setattr(files, "stat_rows", refuse)


def test_only_a_refresh_with_stamp_writes_stamps(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    """Other commands never write when nothing changed (a damaged database stays as it is)."""
    _age(corpus_dir)
    library.refresh(loaded_store, corpus_dir)
    assert loaded_store.get_state(library.STAMPS_KEY) is None
    library.refresh(loaded_store, corpus_dir, stamp=True)
    assert loaded_store.get_state(library.STAMPS_KEY) is not None


def test_quick_check_stats_folders_only(
    loaded_store: AnnotationStore, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus_dir / "sub").mkdir()
    (corpus_dir / "sub" / "more.txt").write_text("Another headline\n\nBody text here.\n")
    library.refresh(loaded_store, corpus_dir)
    _stamped(loaded_store, corpus_dir)
    assert set(loaded_store.get_state(library.STAMPS_KEY)["folders"]) == {"", "sub/"}
    _forbid_stat_of_files(monkeypatch)
    report = library.refresh(loaded_store, corpus_dir, quick=True)
    assert not (report.loaded or report.updated or report.missing or report.unchanged)


@pytest.mark.parametrize("change", ["add", "remove", "rename", "add_in_subfolder"])
def test_quick_check_sees_names_change(
    change: str, loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    (corpus_dir / "sub").mkdir()
    library.refresh(loaded_store, corpus_dir)
    _stamped(loaded_store, corpus_dir)
    first = sorted(corpus_dir.glob("*.txt"))[0]
    text = "A new headline\n\nSome body text here.\n"
    if change == "add":
        (corpus_dir / "new.txt").write_text(text)
    elif change == "remove":
        first.unlink()
    elif change == "rename":
        first.rename(corpus_dir / "renamed.txt")
    else:
        (corpus_dir / "sub" / "new.txt").write_text(text)
    report = library.refresh(loaded_store, corpus_dir, quick=True)
    assert {
        "add": report.loaded == ["new.txt"],
        "remove": report.missing == [first.name],
        "rename": report.relinked == [(first.name, "renamed.txt")],
        "add_in_subfolder": report.loaded == ["sub/new.txt"],
    }[change]


def test_an_edit_in_place_waits_for_the_full_check(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    """What the quick check cannot see, said by a test: bytes rewritten under the same name
    change no folder's mtime; the next full check loads them."""
    _stamped(loaded_store, corpus_dir)
    first = sorted(corpus_dir.glob("*.txt"))[0]
    folder = corpus_dir.stat()
    first.write_text(first.read_text() + "\nOne more paragraph at the end.\n")
    os.utime(corpus_dir, ns=(folder.st_atime_ns, folder.st_mtime_ns))
    assert library.refresh(loaded_store, corpus_dir, quick=True).updated == []
    assert library.refresh(loaded_store, corpus_dir).updated == [first.name]


def test_a_folder_changed_just_now_is_not_stamped(
    loaded_store: AnnotationStore, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = time.time_ns()
    os.utime(corpus_dir, ns=(now, now))
    library.refresh(loaded_store, corpus_dir, stamp=True)
    assert loaded_store.get_state(library.STAMPS_KEY) is None
    _forbid_stat_of_files(monkeypatch)
    with pytest.raises(AssertionError, match="stat'ed"):
        library.refresh(loaded_store, corpus_dir, quick=True)


def test_another_folder_or_an_unindexed_database_takes_the_full_check(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    _stamped(loaded_store, corpus_dir)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Elsewhere\n\nA text in another folder.\n")
    _age(other)
    report = library.refresh(loaded_store, other, quick=True, rebind=True)
    assert report.loaded == ["x.txt"]
    with loaded_store.action() as conn:
        conn.execute("DELETE FROM search_meta WHERE key = 'version'")
    _stamped(loaded_store, other)  # the full check rebuilds the index first
    assert loaded_store.stats()["articles"] >= 1


def test_which_commands_take_the_quick_check(corpus_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    env = {"GPREADER_ARTICLES": str(corpus_dir), "GPREADER_DB": str(db)}
    runner = CliRunner()
    _age(corpus_dir)
    assert runner.invoke(cli, ["import"], env=env).exit_code == 0  # stamps them
    first = sorted(corpus_dir.glob("*.txt"))[0]
    folder = corpus_dir.stat()
    first.write_text(first.read_text() + "\nOne more paragraph at the end.\n")
    os.utime(corpus_dir, ns=(folder.st_atime_ns, folder.st_mtime_ns))
    quick = runner.invoke(cli, ["stats"], env=env)
    assert quick.exit_code == 0 and "updated" not in quick.stderr
    full = runner.invoke(cli, ["articles"], env=env)
    assert full.exit_code == 0 and "1 updated" in full.stderr
