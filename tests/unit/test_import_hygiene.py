"""The core never loads Textual or Rich; neither do the non-TUI commands."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import gpreader

UI_MODULES = {"app", "screens", "widgets", "commands", "messages", "config"}
CORE = sorted(
    f"gpreader.{m.name}"
    for m in pkgutil.walk_packages(gpreader.__path__)
    if m.name.split(".")[0] not in UI_MODULES and m.name != "__main__"
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
