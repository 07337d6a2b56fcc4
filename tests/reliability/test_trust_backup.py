"""Backups and exports never destroy: no -wal/-shm as target, no unlink before the copy,
only regular files replaced, devices and FIFOs written into (issue 10, items 3, 4, 9, 13)."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gpreader.errors import InvalidInputError
from gpreader.export.output import atomic_write, check_target
from gpreader.store import AnnotationStore

from .support import ARTICLE, gpreader, one_line


def _cli(corpus: Path, db: Path, *args: str, **kwargs):
    return gpreader("--articles", str(corpus), "--db", str(db), *args, **kwargs)


def _highlights(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM highlights").fetchone()[0]
    finally:
        conn.close()


def test_backup_refuses_the_wal_sidecars(loaded_store: AnnotationStore, corpus_dir: Path) -> None:
    for start in range(4):
        loaded_store.add_highlight(ARTICLE, start * 10, start * 10 + 5, tags=["kept"])
    db = loaded_store.path
    wal = Path(f"{db}-wal")
    assert wal.exists()  # the open store keeps its last commits there
    before = wal.read_bytes()
    for sidecar in ("-wal", "-shm"):
        proc = _cli(corpus_dir, db, "backup", f"{db}{sidecar}", "--force")
        assert proc.returncode == 1, proc.stderr
        assert "refusing to write over the annotations database" in one_line(proc.stderr)
    assert wal.read_bytes() == before
    assert _highlights(db) == 4


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_failed_backup_over_an_old_one_keeps_the_old_one(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    loaded_store.add_highlight(ARTICLE, 0, 20, tags=["kept"])
    db = loaded_store.path
    loaded_store.close()
    old = tmp_path / "old.bak"
    assert _cli(corpus_dir, db, "backup", str(old)).returncode == 0
    old_bytes = old.read_bytes()
    size = db.stat().st_size
    assert size > 128 * 1024, size  # the limit below stays above -shm and the like
    # The next backup runs out of room halfway (as on a full disk).
    proc = _cli(
        corpus_dir, db, "backup", str(old), "--force", preexec_fn=_limit_file_size(size // 2)
    )
    assert proc.returncode == 1, proc.stderr
    line = one_line(proc.stderr)
    assert str(old) in line and "left as it was" in line and "database itself is unchanged" in line
    assert old.read_bytes() == old_bytes
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".old")) == []
    assert _highlights(db) == 1


def test_backup_force_replaces_a_regular_file_atomically(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    db = loaded_store.path
    out = tmp_path / "copy.db"
    out.write_bytes(b"an old backup")
    inode = out.stat().st_ino
    loaded_store.add_highlight(ARTICLE, 0, 20, tags=["kept"])
    proc = _cli(corpus_dir, db, "backup", str(out), "--force")
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_ino != inode  # a new file renamed over, not rewritten in place
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _highlights(out) == 1


def _null_device(path: Path) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    return path


def test_export_to_a_device_writes_into_it_and_keeps_it(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    loaded_store.add_highlight(ARTICLE, 0, 20, tags=["kept"])
    device = _null_device(tmp_path / "null")
    for extra in ((), ("--force",)):
        proc = _cli(corpus_dir, loaded_store.path, "export", "-o", str(device), *extra)
        assert proc.returncode == 0, proc.stderr
        assert stat.S_ISCHR(device.stat().st_mode)


def test_backup_refuses_a_device(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    device = _null_device(tmp_path / "null")
    proc = _cli(corpus_dir, loaded_store.path, "backup", str(device), "--force")
    assert proc.returncode == 1
    assert "not a regular file" in one_line(proc.stderr)
    assert stat.S_ISCHR(device.stat().st_mode)


def test_export_to_a_fifo_writes_into_it(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    loaded_store.add_highlight(ARTICLE, 0, 20, tags=["kept"])
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as f:
            received.append(f.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = _cli(
        corpus_dir,
        loaded_store.path,
        "export",
        "--format",
        "jsonl",
        "-o",
        str(fifo),
        "--force",
        timeout=30,
    )
    reader.join(10)
    if reader.is_alive():  # let the reader go whatever happened
        with open(fifo, "wb"):
            pass
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"kept" in received[0]


def test_atomic_write_with_force_never_replaces_a_special_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    sock_dir = tmp_path / "dir"
    sock_dir.mkdir()
    with pytest.raises(InvalidInputError, match="directory"):
        check_target(sock_dir, force=True)
    # A FIFO that replaced a checked regular file meanwhile is refused, not replaced.
    plain = tmp_path / "plain.csv"
    plain.write_text("old")
    target = check_target(plain, force=True)

    def swap(stream) -> int:
        plain.unlink()
        os.mkfifo(plain)
        return stream.write(b"new")

    with pytest.raises(InvalidInputError, match="regular files only"):
        atomic_write(target, swap, force=True)
    assert stat.S_ISFIFO(plain.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_to_dev_stdout_writes_to_what_stdout_is(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    loaded_store.add_highlight(ARTICLE, 0, 20, tags=["kept"])
    redirected = tmp_path / "out.jsonl"
    redirected.write_bytes(b"earlier line\n")
    with open(redirected, "ab") as stdout:  # `>> out.jsonl`
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "gpreader",
                "--articles",
                str(corpus_dir),
                "--db",
                str(loaded_store.path),
                "export",
                "--format",
                "jsonl",
                "-o",
                "/dev/stdout",
                "--force",
            ],
            stdout=stdout,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            timeout=60,
            env={**os.environ, "PYTHONUTF8": "1"},
        )
    assert proc.returncode == 0, proc.stderr
    lines = redirected.read_bytes().splitlines()
    assert lines[0] == b"earlier line" and b"kept" in lines[1] and len(lines) == 2
