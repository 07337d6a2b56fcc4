"""Where an export may be written: atomically, never over the database, never into the
articles folder, never over an existing file without --force; safe default file names."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest

from gpreader.errors import InvalidInputError
from gpreader.export import ExportOptions, default_output, export
from gpreader.export.output import atomic_write, safe_filename
from gpreader.store import AnnotationStore
from tests.unit.test_export import code_corpus


@pytest.fixture
def coded(loaded_store: AnnotationStore) -> AnnotationStore:
    return code_corpus(loaded_store)


def test_refuses_to_write_over_the_database_or_its_journals(coded, db_path: Path) -> None:
    for name in ("", "-wal", "-shm", "-journal"):
        target = db_path.with_name(db_path.name + name)
        with pytest.raises(InvalidInputError, match="database"):
            export(coded, ExportOptions(), target, force=True)
    link = db_path.parent / "link.csv"
    link.symlink_to(db_path)
    with pytest.raises(InvalidInputError, match="database"):
        export(coded, ExportOptions(), link, force=True)
    hard = db_path.parent / "hard.csv"
    os.link(db_path, hard)
    with pytest.raises(InvalidInputError, match="database"):
        export(coded, ExportOptions(), hard, force=True)
    assert AnnotationStore(db_path).highlights()  # still a database


def test_refuses_to_write_into_the_articles_folder(coded, corpus_dir: Path, tmp_path) -> None:
    before = sorted(p.name for p in corpus_dir.iterdir())
    for target in (corpus_dir / "export.csv", corpus_dir / "sub" / ".." / "x.csv", corpus_dir):
        with pytest.raises(InvalidInputError, match="articles folder"):
            export(coded, ExportOptions(), target, articles_root=corpus_dir, force=True)
    alias = tmp_path / "alias"
    alias.symlink_to(corpus_dir, target_is_directory=True)
    with pytest.raises(InvalidInputError, match="articles folder"):
        export(coded, ExportOptions(), alias / "x.csv", articles_root=corpus_dir)
    assert sorted(p.name for p in corpus_dir.iterdir()) == before


def test_existing_file_is_kept_without_force(coded, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("precious")
    with pytest.raises(InvalidInputError, match="--force"):
        export(coded, ExportOptions(), out)
    assert out.read_text() == "precious"
    result = export(coded, ExportOptions(), out, force=True)
    assert result.path == out and out.read_text().startswith("highlight_id,")


def test_refuses_directories_and_missing_folders(coded, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="directory"):
        export(coded, ExportOptions(), tmp_path, force=True)
    with pytest.raises(InvalidInputError, match="does not exist"):
        export(coded, ExportOptions(), tmp_path / "nope" / "x.csv")


def test_an_interrupted_export_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"

    def fail(stream: io.BufferedWriter) -> None:
        stream.write(b"half a file")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(out, fail)
    assert list(tmp_path.iterdir()) == []
    out.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        atomic_write(out, fail, force=True)
    assert out.read_text() == "old" and list(tmp_path.iterdir()) == [out]


def test_a_file_created_while_exporting_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"

    def race(stream: io.BufferedWriter) -> None:
        stream.write(b"new")
        out.write_text("someone else's")

    with pytest.raises(InvalidInputError, match="exists"):
        atomic_write(out, race)
    assert out.read_text() == "someone else's"
    assert sorted(tmp_path.iterdir()) == [out]


def test_written_file_gets_normal_permissions(coded, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    old = os.umask(0o022)
    try:
        export(coded, ExportOptions(), out)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(
    "title",
    ["../../etc/passwd", "a/b\\c", "nul\x00here", "tab\tand\nnewline\x1b[31m", "..", ".hidden", ""],
)
def test_file_names_from_titles_are_sanitised(title: str) -> None:
    name = safe_filename(title)
    assert name and "/" not in name and "\\" not in name and ".." not in name
    assert name.isprintable() and not name.startswith(".")
    assert all(c not in name for c in "\x00\t\n\x1b")


def test_default_output_names(coded) -> None:
    today = date(2024, 5, 1)
    assert default_output(ExportOptions(), today=today) == Path("gpreader-export-20240501.csv")
    assert default_output(ExportOptions(format="qdc"), today=today).name == (
        "gpreader-codebook-20240501.qdc"
    )
    titled = default_output(ExportOptions(format="md"), "GP pay: ‘a/../deal’?", today)
    assert titled.name == "gpreader-export-GP-pay-a-.-deal-20240501.md"
    assert titled.parent == Path(".")
    for fmt, ext in {
        "jsonl": "jsonl",
        "w3c": "jsonld",
        "qdpx": "qdpx",
        "codebook-csv": "csv",
    }.items():
        assert default_output(ExportOptions(format=fmt), today=today).suffix == f".{ext}"


def test_terminal_stream_neutralises_escapes_across_chunk_ends() -> None:
    import io

    from gpreader.export.output import TerminalSafeStream

    raw = io.BytesIO()
    stream = TerminalSafeStream(raw)
    data = "日本 \x1b]52;c;aGk=\x07 \u009b2J ok\n".encode()
    for i in range(len(data)):  # one byte at a time splits every multi-byte character
        stream.write(data[i : i + 1])
    stream.flush()
    assert raw.getvalue().decode() == "日本 \ufffd]52;c;aGk=\ufffd \ufffd2J ok\n"
