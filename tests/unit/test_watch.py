"""Watching the articles folder: debounce, the folder poller, and both watcher modes."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from gpreader.corpus.watch import Debouncer, FolderPoller, FolderWatcher


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_debounce_waits_for_quiet() -> None:
    clock = Clock()
    burst = Debouncer(quiet=1.0, longest=10.0, clock=clock)
    assert not burst.due()
    for t in (0.0, 0.5, 0.9, 1.5):  # changes closer together than `quiet`
        clock.now = t
        burst.poke()
        assert not burst.due()
    clock.now = 2.4
    assert not burst.due()
    clock.now = 2.5
    assert burst.due()
    assert not burst.due()  # once per burst
    assert not burst.pending


def test_debounce_reports_a_long_burst_anyway() -> None:
    clock = Clock()
    burst = Debouncer(quiet=1.0, longest=3.0, clock=clock)
    fired = []
    for n in range(40):
        clock.now = n * 0.25
        burst.poke()
        fired.append(burst.due())
    assert fired.count(True) == 3  # at 3 s, 6 s and 9 s, not 40 times, not never


def _bump(folder: Path) -> None:
    """Some file systems keep mtimes coarse: make a folder's change visible at once."""
    stat = os.stat(folder)
    os.utime(folder, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_poller_sees_new_deleted_and_renamed_files_by_folder_mtimes(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    poller = FolderPoller(tmp_path)
    assert set(poller.folders) == {
        str(tmp_path),
        str(tmp_path / "sub"),
        str(tmp_path / "sub" / "deeper"),
    }
    assert not poller.changed()
    (tmp_path / "sub" / "deeper" / "new.txt").write_text("x")
    _bump(tmp_path / "sub" / "deeper")
    assert poller.changed()
    assert not poller.changed()
    (tmp_path / "sub" / "fresh").mkdir()  # a new folder is watched from then on
    _bump(tmp_path / "sub")
    assert poller.changed()
    assert str(tmp_path / "sub" / "fresh") in poller.folders
    (tmp_path / "sub" / "fresh" / "a.txt").write_text("y")
    _bump(tmp_path / "sub" / "fresh")
    assert poller.changed()
    os.remove(tmp_path / "sub" / "fresh" / "a.txt")
    os.rmdir(tmp_path / "sub" / "fresh")
    assert poller.changed()
    assert str(tmp_path / "sub" / "fresh") not in poller.folders


def test_poller_stats_folders_not_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(200):
        (tmp_path / f"{n}.txt").write_text("x")
    poller = FolderPoller(tmp_path)
    calls = []
    real = os.stat

    def counting(path: object, *args: object, **kwargs: object) -> os.stat_result:
        calls.append(path)
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counting)
    poller.changed()
    monkeypatch.undo()
    assert calls == [str(tmp_path)]


def _watch(
    tmp_path: Path, inotify: bool, db: Path | None = None
) -> tuple[FolderWatcher, list[float], list[str]]:
    changes: list[float] = []
    problems: list[str] = []
    watcher = FolderWatcher(
        tmp_path,
        on_change=lambda: changes.append(time.monotonic()),
        on_problem=problems.append,
        ignore=[db] if db else [],
        inotify=inotify,
        quiet=0.2,
        longest=2.0,
        poll_every=0.1,
    )
    watcher.start()
    return watcher, changes, problems


def _wait_for(condition: Callable[[], object], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_inotify_reports_a_burst_once_and_ignores_hidden_and_database_files(tmp_path: Path) -> None:
    db = tmp_path / "gpreader.db"
    watcher, changes, problems = _watch(tmp_path, inotify=True, db=db)
    try:
        assert _wait_for(lambda: watcher.mode in ("inotify", "polling"))
        time.sleep(0.3)
        for n in range(30):
            (tmp_path / f"{n}.txt").write_text("x")
        assert _wait_for(lambda: changes)
        time.sleep(0.6)
        assert len(changes) == 1, changes
        (tmp_path / ".swap").write_text("x")
        db.write_bytes(b"x")
        (tmp_path / "gpreader.db-wal").write_bytes(b"x")
        time.sleep(0.8)
        assert len(changes) == 1
        assert watcher.mode == "inotify", problems
    finally:
        watcher.stop()
    assert watcher.mode == "stopped"


def test_polling_fallback_reports_new_files(tmp_path: Path) -> None:
    watcher, changes, problems = _watch(tmp_path, inotify=False)
    try:
        assert _wait_for(lambda: watcher.mode == "polling")
        (tmp_path / "new.txt").write_text("x")
        _bump(tmp_path)
        assert _wait_for(lambda: changes)
    finally:
        watcher.stop()
    assert problems == []


def test_falls_back_to_polling_once_when_inotify_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import watchfiles

    def broken(*args: object, **kwargs: object) -> object:
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(watchfiles, "watch", broken)
    watcher, changes, problems = _watch(tmp_path, inotify=True)
    try:
        assert _wait_for(lambda: watcher.mode == "polling")
        (tmp_path / "new.txt").write_text("x")
        _bump(tmp_path)
        assert _wait_for(lambda: changes)
    finally:
        watcher.stop()
    assert len(problems) == 1 and "watch limit" in problems[0]
    assert not any(t.name == "gpreader-watch" for t in threading.enumerate())
