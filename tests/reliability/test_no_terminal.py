"""Without a terminal the workbench refuses (tests/unit/test_cli.py::
test_tui_without_a_terminal_exits_2_quickly covers stdin, stdout and TERM=dumb), while
`gpreader export` and `gpreader search` work: stdin from /dev/null, stdout a pipe, TERM=dumb."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from gpreader.store import AnnotationStore

from .support import ARTICLE, gpreader

NO_TERMINAL = {"TERM": "dumb"}


@pytest.fixture
def coded(loaded_store: AnnotationStore) -> Path:
    loaded_store.add_highlight(ARTICLE, 0, 30, tags=["policy/contract"], note="a note")
    loaded_store.close()
    return loaded_store.path


def test_export_works_without_a_terminal(coded: Path, corpus_dir: Path, tmp_path: Path) -> None:
    common = ("--articles", str(corpus_dir), "--db", str(coded))
    proc = gpreader(*common, "export", "-o", "-", env=NO_TERMINAL, timeout=60)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode("utf-8-sig"))))
    assert len(rows) == 1 and "a note" in rows[0].values()
    out = tmp_path / "out.jsonl"
    proc = gpreader(*common, "export", "-f", "jsonl", "-o", str(out), env=NO_TERMINAL)
    assert proc.returncode == 0, proc.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_search_works_without_a_terminal(coded: Path, corpus_dir: Path) -> None:
    common = ("--articles", str(corpus_dir), "--db", str(coded))
    proc = gpreader(*common, "search", "GP contract", "--json", env=NO_TERMINAL, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)
    proc = gpreader(*common, "search", "Daffy Duck", env=NO_TERMINAL, timeout=60)
    assert proc.returncode == 0 and b"Daffy" in proc.stdout
