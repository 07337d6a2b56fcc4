"""`gpreader export` and `gpreader tags import` on the command line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpreader.cli import cli
from gpreader.store import AnnotationStore
from tests.unit.test_export import code_corpus, expected_rows, neutralised


@pytest.fixture
def coded(loaded_store: AnnotationStore) -> AnnotationStore:
    return code_corpus(loaded_store)


@pytest.fixture
def gp(coded: AnnotationStore, corpus_dir: Path, db_path: Path):
    """Run gpreader in-process on the coded corpus; returns the click Result."""

    def invoke(*args: str, expect: int = 0):
        result = CliRunner().invoke(
            cli, ["--articles", str(corpus_dir), "--db", str(db_path), *args]
        )
        assert result.exit_code == expect, (result.output, result.exception)
        return result

    return invoke


def _rows(data: str | bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_export_to_stdout(gp, coded: AnnotationStore) -> None:
    result = gp("export", "-o", "-")
    assert _rows(result.stdout_bytes) == neutralised(expected_rows(coded))
    assert "exported" in result.stderr


def test_export_default_file_name_in_the_current_folder(gp, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    gp("export")
    out = tmp_path / f"gpreader-export-{date.today():%Y%m%d}.csv"
    assert out.is_file()
    result = gp("export", expect=1)
    assert "exists; use --force" in result.stderr
    gp("export", "--force")
    gp("export", "--format", "qdc")
    assert (tmp_path / f"gpreader-codebook-{date.today():%Y%m%d}.qdc").is_file()


def test_export_with_an_article_names_the_file_after_its_title(gp, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    gp("export", "--article", "Major government review", "-f", "md")
    (out,) = tmp_path.glob("*.md")
    assert out.name.startswith("gpreader-export-Major-government-review-suggests")


def test_export_refusals_are_one_line_errors(gp, db_path: Path, corpus_dir: Path) -> None:
    for target, message in (
        (db_path, "database"),
        (Path(f"{db_path}-wal"), "database"),
        (corpus_dir / "out.csv", "articles folder"),
    ):
        result = gp("export", "-o", str(target), "--force", expect=1)
        assert message in result.stderr and "Traceback" not in result.output
    assert gp("export", "--since", "someday", expect=1).stderr.startswith("gpreader: ")
    assert "no article" in gp("export", "--article", "zzz-none", "-o", "-", expect=1).stderr
    gp("export", "--status", "lost", expect=2)


def test_export_filters(gp, coded: AnnotationStore, db_path: Path) -> None:
    every = {h.id for h in coded.highlights()}
    assert {r["highlight_id"] for r in _rows(gp("export", "-o", "-").stdout)} == every
    theme = _rows(gp("export", "-o", "-", "--tag", "theme").stdout)
    assert {r["tag"] for r in theme} == {"theme/sub"}
    article = "003_24c3c5c25ddb21cc.txt"
    by_article = _rows(gp("export", "-o", "-", "--article", article).stdout)
    assert {r["article"] for r in by_article} == {article}
    assert _rows(gp("export", "-o", "-", "--since", "2999-01-01").stdout) == []
    assert _rows(gp("export", "-o", "-", "--status", "orphaned").stdout) == []
    with AnnotationStore(db_path, coder="ann") as other:
        mine = other.add_highlight(article, 500, 520)
    assert [r["highlight_id"] for r in _rows(gp("export", "-o", "-", "--coder", "ann").stdout)] == [
        mine.id
    ]


def test_export_csv_switches(gp, coded: AnnotationStore) -> None:
    excel = gp("export", "-o", "-", "--excel").stdout_bytes
    assert excel.startswith(b"\xef\xbb\xbf") and b"\r\r\n" not in excel
    raw = _rows(gp("export", "-o", "-", "--raw").stdout)
    assert raw == expected_rows(coded)
    one = _rows(gp("export", "-o", "-", "--one-row-per-highlight").stdout)
    assert len(one) == len(coded.highlights())


def test_every_format_exports(gp, tmp_path: Path) -> None:
    for fmt in ("csv", "codebook-csv", "jsonl", "w3c", "qdc", "qdpx", "md"):
        out = tmp_path / f"out.{fmt}"
        gp("export", "-f", fmt, "-o", str(out))
        assert out.stat().st_size > 0, fmt
    json.loads((tmp_path / "out.w3c").read_text("utf-8"))


def test_tags_import_from_a_codebook_csv(gp, tmp_path: Path, corpus_dir: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text(
        "\ufeffName,Description,Colour\n"
        'trust,"Trust, or not",#f80\n'
        "trust/low,,\n"
        "'=odd,formula-looking,\n",
        "utf-8",
    )
    empty = tmp_path / "empty.db"
    result = CliRunner().invoke(
        cli, ["--articles", str(corpus_dir), "--db", str(empty), "tags", "import", str(book)]
    )
    assert result.exit_code == 0, result.output
    assert "3 tag(s) added" in result.stdout
    with AnnotationStore(empty) as store:
        assert [(t.path, t.description) for t in store.tags()] == [
            ("=odd", "formula-looking"),
            ("trust", "Trust, or not"),
            ("trust/low", ""),
        ]
        assert store.tag("trust").color == "#FF8800"


def test_codebook_csv_export_imports_back(gp, coded: AnnotationStore, tmp_path, corpus_dir) -> None:
    out = tmp_path / "codebook.csv"
    gp("export", "-f", "codebook-csv", "-o", str(out), "--excel")
    rows = _rows(out.read_bytes())
    assert list(rows[0]) == ["tag", "description", "color", "highlights", "articles"]
    counts = {t.path: str(t.highlights) for t in coded.tags()}
    assert {r["tag"]: r["highlights"] for r in rows} == counts  # tag names never guarded
    empty = tmp_path / "empty.db"
    result = CliRunner().invoke(
        cli, ["--articles", str(corpus_dir), "--db", str(empty), "tags", "import", str(out)]
    )
    assert result.exit_code == 0, result.output
    with AnnotationStore(empty) as store:
        assert [(t.path, t.color, t.description) for t in store.tags()] == [
            (t.path, t.color, t.description) for t in coded.tags()
        ]


def test_tags_import_errors(gp, tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text("label,description\nx,y\n", "utf-8")
    assert "tag`, `name` or `path` column" in gp("tags", "import", str(book), expect=1).stderr
    book.write_text("tag,color\nx,reddish\n", "utf-8")
    assert "line 2" in gp("tags", "import", str(book), expect=1).stderr
    gp("tags", "import", str(tmp_path / "missing.csv"), expect=2)


def test_gpreader_export_does_not_load_textual(coded, corpus_dir: Path, db_path: Path, tmp_path):
    probe = (
        "import sys\nfrom gpreader.cli import cli\n"
        "for fmt in ('csv', 'qdpx', 'md'):\n"
        "    try:\n"
        f"        cli.main(['--articles', {str(corpus_dir)!r}, '--db', {str(db_path)!r}, 'export',"
        f" '-f', fmt, '-o', {str(tmp_path)!r} + '/out.' + fmt])\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 0, exit.code\n"
        "print('textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split()[-2:] == ["False", "False"]
    assert (tmp_path / "out.qdpx").is_file()
