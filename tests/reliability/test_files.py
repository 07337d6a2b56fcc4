"""The articles folder and the database file: symlinks, loops, odd files, permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gpreader.store import AnnotationStore

from .support import gpreader


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def test_import_reports_symlinks_out_and_loops_and_does_not_hang(
    corpus_dir: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Private\n\nNot part of the corpus.\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.txt").write_text("Elsewhere\n\nText.\n")
    os.symlink(secret, corpus_dir / "out.txt")
    os.symlink("../secret.txt", corpus_dir / "relative-out.txt")
    os.symlink(tmp_path / "elsewhere", corpus_dir / "outdir")
    os.symlink("/etc/passwd", corpus_dir / "passwd.txt")
    os.symlink("/dev/zero", corpus_dir / "zero.txt")
    os.symlink(corpus_dir, corpus_dir / "self")
    deep = corpus_dir / "a" / "b" / "c"
    deep.mkdir(parents=True)
    os.symlink("../../..", deep / "up")
    os.symlink(corpus_dir / "l1.txt", corpus_dir / "l2.txt")
    os.symlink(corpus_dir / "l2.txt", corpus_dir / "l1.txt")
    os.mkfifo(corpus_dir / "fifo.txt")  # reading it would block forever
    proc = gpreader("--db", str(tmp_path / "a.db"), "import", str(corpus_dir), timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "5 loaded" in out, out
    outside = "symlink points outside the articles folder"
    for line in (
        f"skipped out.txt: {outside}",
        f"skipped relative-out.txt: {outside}",
        f"skipped outdir: {outside}",
        f"skipped passwd.txt: {outside}",
        f"skipped zero.txt: {outside}",
        "skipped self: symlink loop",
        "skipped a/b/c/up: symlink loop",
        "skipped l1.txt: symlink loop",
        "skipped l2.txt: symlink loop",
    ):
        assert line in out.splitlines(), (line, out)
    assert "Private" not in out and "Elsewhere" not in out
    with AnnotationStore(tmp_path / "a.db") as store:
        assert len(store.articles()) == 5


def test_existing_readable_database_gets_a_warning_on_the_cli(
    corpus_dir: Path, db_path: Path
) -> None:
    AnnotationStore(db_path).close()
    db_path.chmod(0o644)
    proc = gpreader("--articles", str(corpus_dir), "--db", str(db_path), "stats")
    assert proc.returncode == 0
    err = proc.stderr.decode()
    assert "warning" in err and "readable by other users" in err and "chmod 600" in err
    assert str(db_path) in err
    db_path.chmod(0o600)
    proc = gpreader("--articles", str(corpus_dir), "--db", str(db_path), "stats")
    assert "warning" not in proc.stderr.decode()


def test_new_files_are_private_whatever_the_umask(corpus_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    proc = gpreader(
        "--articles", str(corpus_dir), "--db", str(db), "import", preexec_fn=lambda: os.umask(0)
    )
    assert proc.returncode == 0, proc.stderr
    assert _mode(db) == 0o600
    with umask(0):
        fresh = tmp_path / "fresh.db"
        with AnnotationStore(fresh) as store:
            store.ensure_tag("x")
            for suffix in ("", "-wal", "-shm"):
                assert _mode(Path(f"{fresh}{suffix}")) == 0o600, suffix
            store.backup(tmp_path / "copy.db")
        assert _mode(tmp_path / "copy.db") == 0o600
