"""Every key has an id and a description, ids are unique, and the help screen lists them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from textual.binding import Binding
from textual.widgets import Static

import gpreader.tui.screens
import gpreader.tui.widgets
from gpreader.tui import config
from gpreader.tui.app import GPReaderApp, all_binding_ids
from gpreader.tui.config import Config, check_keymap
from gpreader.tui.screens import export, help, search
from gpreader.tui.screens.main import MainScreen
from gpreader.tui.widgets import library, reader
from tests.app.conftest import SIZE, open_article, settle


def binding_classes() -> list[type]:
    """The app and every class in screens/ and widgets/ that declares its own BINDINGS."""
    found: list[type] = [GPReaderApp]
    for package in (gpreader.tui.screens, gpreader.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            found += [
                cls
                for _, cls in inspect.getmembers(module, inspect.isclass)
                if cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__
            ]
    return found


CLASSES = binding_classes()


def declared() -> list[Binding]:
    return [b for cls in CLASSES for b in Binding.make_bindings(cls.__dict__.get("BINDINGS", []))]


def test_every_binding_has_an_id_and_a_description() -> None:
    bindings = declared()
    assert all(b.id and b.description for b in bindings), [b for b in bindings if not b.id]
    per_id = Counter(b.id for b in bindings)
    keys_per_id = {b.id: b.key for b in bindings}
    assert set(per_id) == all_binding_ids() and len(keys_per_id) == len(per_id)


def test_every_binding_id_of_every_screen_and_widget_can_be_remapped(tmp_path: Path) -> None:
    """What ? lists must be accepted in the config's [keymap] (search.down, export.run, …)."""
    assert {search.SearchScreen, export.ExportScreen} <= set(CLASSES)
    ids = {b.id for b in declared() if b.id}
    assert {"search.down", "export.run", "code.tag", "reader.down"} <= ids
    config = Config(path=tmp_path / "config.toml", keymap=dict.fromkeys(ids, "f12"))
    check_keymap(config, all_binding_ids())
    assert config.problems == []
    assert set(config.keymap) == ids


def test_the_help_intro_and_the_config_examples_name_real_binding_ids() -> None:
    for source in (inspect.getsource(GPReaderApp.help_for), inspect.getsource(config)):
        named = re.findall(r'"([a-z_]+\.[a-z_0-9]+)" = ', source)
        assert named and set(named) <= all_binding_ids(), named


async def test_help_lists_every_key_of_the_main_screen(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, "000_457775139af1eb7c.txt")
        await pilot.press("question_mark")
        assert isinstance(app.screen, help.HelpScreen)
        shown = " ".join(str(s.content) for s in app.screen.query(".help-section"))
        expected = {
            b.id
            for cls in (GPReaderApp, MainScreen, reader.Reader, library.LibraryPanel)
            for b in Binding.make_bindings(cls.__dict__.get("BINDINGS", []))
        }
        missing = {i for i in expected if i not in shown and not i.startswith("code.quick")}
        assert not missing
        assert "code.quick1…9" in shown
        intro = str(app.screen.query_one(".help-intro", Static).content)
        assert str(app.config.path) in intro
