"""What the workbench imports before its first frame: nothing the first frame does without.

Each module here costs start-up time (issue 13: first paint close to a bare Textual app) and is
needed only later: by a search, a new highlight, a dialog, an export, the corpus refresh (which
runs after the first frame), or a command. The idle prebuild (tui/screens/prepare.py) imports
what keys need, after the first frame. Checked in a fresh interpreter, at the first frame the
app draws, with the command line's own imports (gpreader.cli) loaded as `gpreader` loads them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gpreader.store import AnnotationStore
from gpreader.tui.screens.prepare import WARM_IMPORTS

# Not before the first frame (a package stands for its submodules too).
LATER = (
    "sqlite_utils",  # migrations only
    "dateutil",
    "pluggy",
    "rapidfuzz",  # tag picker, palette, anchoring, search
    "Stemmer",  # search
    "openpyxl",  # exports
    "watchfiles",  # started after the first frame
    "textual.widgets._text_area",  # the note dialog
    "gpreader.analysis",
    "gpreader.anchoring",
    "gpreader.corpus.sync",
    "gpreader.corpus.importers",
    "gpreader.export",
    "gpreader.search.engine",
    "gpreader.search.query",  # the library's `attr:` filters
    "gpreader.search.vocab",
    "gpreader.team.agreement",
    "gpreader.team.compare",
    "gpreader.tui.screens.help",
    "gpreader.tui.screens.note",
    "gpreader.tui.screens.tag_picker",
    "gpreader.tui.screens.analysis",
    "gpreader.tui.screens.export",
    "gpreader.tui.screens.search",
)

PROBE = r"""
import asyncio, sys
from pathlib import Path
import textual.app

first_frame: dict[str, set[str]] = {}
display = textual.app.App._display

def displayed(self, screen, renderable):
    if renderable is not None and not first_frame:
        first_frame["modules"] = set(sys.modules)
    display(self, screen, renderable)

textual.app.App._display = displayed

import gpreader.cli  # as the `gpreader` command loads it
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config

async def main() -> None:
    db, root, config = map(Path, sys.argv[1:4])
    app = GPReaderApp(AnnotationStore(db, coder="t"), root, config=Config(path=config), poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(1000):
            if first_frame:
                break
            await pilot.pause(0.01)
        for _ in range(1000):  # until the idle prebuild has imported what keys need
            if "gpreader.search.engine" in sys.modules:
                break
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()
    print(" ".join(sorted(first_frame["modules"])))
    print(" ".join(sorted(sys.modules)))

asyncio.run(main())
"""


def _heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == name or m.startswith(f"{name}.") for name in LATER)}


@pytest.fixture
def loaded(corpus_dir: Path, tmp_path: Path) -> tuple[set[str], set[str]]:
    """The modules loaded at the first frame, and once the workbench is idle."""
    db = tmp_path / "a.db"
    AnnotationStore(db, coder="t").close()  # created (migrations run) before the start timed
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(db), str(corpus_dir), str(tmp_path / "none.toml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    first, idle = out.splitlines()
    return set(first.split()), set(idle.split())


def test_the_first_frame_imports_nothing_it_does_without(loaded: tuple[set[str], set[str]]) -> None:
    first_frame, _ = loaded
    assert "gpreader.tui.screens.main" in first_frame  # the probe saw the workbench
    assert _heavy(first_frame) == set()


def test_the_probe_finds_a_heavy_module_when_one_is_imported() -> None:
    assert _heavy({"rapidfuzz.fuzz", "gpreader.search", "gpreader.export"}) == {
        "rapidfuzz.fuzz",
        "gpreader.export",
    }


def test_what_keys_need_is_imported_once_idle(loaded: tuple[set[str], set[str]]) -> None:
    """The idle prebuild imports what the first search, highlight, note or tag needs."""
    _, idle = loaded
    assert set(WARM_IMPORTS) <= idle
    assert {"rapidfuzz", "gpreader.search.engine", "gpreader.anchoring.quotes"} <= idle


@pytest.mark.parametrize(
    ("args", "workbench"),
    [
        ([], True),
        (["--articles", "a", "--db", "x.db"], True),
        (["--db=x.db", "--coder", "ann"], True),
        (["--coder"], True),  # (click reports the missing value)
        (["articles"], False),
        (["--db", "x.db", "export", "csv"], False),
        (["--help"], False),
        (["--version"], False),
        (["--db", "x.db", "--bogus"], False),
    ],
)
def test_the_workbench_is_recognised_from_its_arguments(args: list[str], workbench: bool) -> None:
    """Only a start of the workbench takes its garbage-collector policy from the first line."""
    from gpreader.cli.root import opens_workbench

    assert opens_workbench(args) is workbench
