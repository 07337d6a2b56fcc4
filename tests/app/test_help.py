"""Every key has an id and a description, ids are unique, and the help screen lists them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import Static

from gpreader.app import GPReaderApp, all_binding_ids
from gpreader.screens import choose, help, note, tag_picker, tag_view, too_small
from gpreader.screens.main import MainScreen
from gpreader.widgets import article_table, library, reader
from tests.app.conftest import SIZE, open_article, settle

CLASSES = [
    GPReaderApp,
    MainScreen,
    reader.Reader,
    library.LibraryPanel,
    article_table.LibraryTable,
    tag_picker.TagPicker,
    note.NoteDialog,
    choose.ChoiceDialog,
    help.HelpScreen,
    tag_view.TagViewScreen,
    too_small.TooSmallScreen,
]


def declared() -> list[Binding]:
    return [b for cls in CLASSES for b in Binding.make_bindings(cls.__dict__.get("BINDINGS", []))]


def test_every_binding_has_an_id_and_a_description() -> None:
    bindings = declared()
    assert all(b.id and b.description for b in bindings), [b for b in bindings if not b.id]
    per_id = Counter(b.id for b in bindings)
    keys_per_id = {b.id: b.key for b in bindings}
    assert set(per_id) == all_binding_ids() and len(keys_per_id) == len(per_id)


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
