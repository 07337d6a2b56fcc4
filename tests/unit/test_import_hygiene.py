"""The core never loads Textual or Rich; neither do the non-TUI commands."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import gpreader

CORE = sorted(  # every module but the TUI's, subpackages' modules too
    m.name
    for m in pkgutil.walk_packages(gpreader.__path__, "gpreader.")
    if not m.name.startswith("gpreader.tui") and m.name != "gpreader.__main__"
)


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return set(out.split())


def test_core_modules_do_not_import_textual_or_rich() -> None:
    assert "gpreader.store" in CORE and "gpreader.cli" in CORE
    loaded = _loaded_after("\n".join(f"import {name}" for name in CORE))
    assert "textual" not in loaded and "rich" not in loaded


def test_cli_commands_other_than_the_tui_do_not_load_textual(corpus_dir: Path, tmp_path) -> None:
    db = tmp_path / "a.db"
    run = (
        "import sys\nfrom gpreader.cli import cli\n"
        f"for args in (['import'], ['articles'], ['stats'], ['tags']):\n"
        f"    try:\n"
        f"        cli.main(['--articles', {str(corpus_dir)!r}, '--db', {str(db)!r}, *args])\n"
        f"    except SystemExit as exit:\n"
        f"        assert exit.code == 0, (args, exit.code)\n"
    )
    loaded = _loaded_after(run)
    assert "textual" not in loaded and "rich" not in loaded


def test_importing_the_package_loads_nothing_heavy() -> None:
    loaded = _loaded_after("import gpreader")
    assert not {"sqlite_utils", "textual", "rich", "click", "rapidfuzz"} & loaded


def test_writing_a_workbook_does_not_load_openpyxl() -> None:
    """The xlsx writer names columns and computes date serials itself: importing openpyxl
    for them was 0.3 s of every xlsx export's CPU."""
    write = (
        "import io\nfrom datetime import datetime\n"
        "from gpreader.export import xlsx\nfrom gpreader.export.xlsx_package import Workbook\n"
        "book = Workbook(io.BytesIO(), ['a'])\nsheet = book.sheet([('x', 9)] * 30)\n"
        "sheet.row([datetime(2024, 5, 1, 10), 1, 'text'])\nsheet.close()\nbook.close()"
    )
    assert "openpyxl" not in _loaded_after(write)


def test_every_core_module_is_under_the_import_contracts() -> None:
    """A new top-level module must be named in pyproject.toml's import-linter contracts, or
    nothing checks what it imports."""
    config = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    top = {m.name for m in pkgutil.iter_modules(gpreader.__path__)} - {"__main__"}
    core = {f"gpreader.{name}" for name in top - {"cli", "tui"}}
    for contract in contracts:
        if contract["type"] == "forbidden":
            assert set(contract["source_modules"]) >= core - {"gpreader.cli"}, contract["name"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    named = {part.strip() for layer in layers for part in layer.split("|")}
    assert top <= named, top - named
