"""The library's attribute columns (`V` picks them, saved per database), sorting by them
(`s`), and `attr:` conditions in its filter box."""

from __future__ import annotations

from collections.abc import Callable

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.widgets.library_attributes import COLUMNS_STATE
from tests.app.conftest import SIZE, press_until, settle, until


def _publications(store: AnnotationStore) -> dict[str, str]:
    paths = [a.path for a in store.articles()]
    chosen = dict(zip(paths[:3], ["Pulse", "GP Online", "pulse"], strict=True))
    store.set_attributes([(path, "publication", value) for path, value in chosen.items()])
    store.set_attributes([(path, "pages", n) for n, path in enumerate(paths[:4], 1)])
    return chosen


async def _choose(pilot: object, app: GPReaderApp, key: str) -> None:
    dialog = app.screen
    assert isinstance(dialog, ChoiceDialog)
    keys = [k for k, _ in dialog.options]
    for _ in range(keys.index(key)):
        await pilot.press("j")  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]


async def test_columns_are_picked_saved_sorted_and_filtered(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    publications = _publications(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        library = app.main.library
        library.table.focus()
        await pilot.press("V")
        await pilot.pause()
        await _choose(pilot, app, "publication")
        await settle(app, pilot)
        assert library.attribute_keys == ["publication"]
        assert loaded_store.get_state(COLUMNS_STATE) == ["publication"]
        assert ("attr:publication", "Publication", 14) in library.table._columns
        first = library.shown[0]
        line = library.table.render_line(1).text
        assert (publications.get(first.path) or "") in line
        await press_until(
            pilot, "s", lambda: library.sort_key == "attr:publication", "sorted by attr:publication"
        )
        having = sorted(publications, key=lambda p: (publications[p].casefold(), p))
        without = sorted(r.path for r in library.rows if r.path not in publications)
        assert [r.path for r in library.shown] == having + without
        await pilot.press("s")  # past the last column: back to the first sort key
        assert library.sort_key == "title"
        await pilot.press("f", *"attr:publication=pulse")
        await pilot.pause()
        pulse = sorted(p for p, v in publications.items() if v.casefold() == "pulse")
        assert sorted(r.path for r in library.shown) == pulse
        await pilot.press("ctrl+a", "ctrl+k", *"-attr:pages>=2")
        await pilot.pause()
        paths = [a.path for a in loaded_store.articles()]
        assert sorted(r.path for r in library.shown) == sorted([paths[0], paths[4]])
        await pilot.press("escape")
        await pilot.press("V")
        await pilot.pause()
        await _choose(pilot, app, "publication")  # chosen again: hidden
        await settle(app, pilot)
        assert library.attribute_keys == []
        assert not any(key.startswith("attr:") for key, _, _ in library.table._columns)


async def test_saved_columns_come_back(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    _publications(loaded_store)
    loaded_store.set_state(COLUMNS_STATE, ["pages", "publication", "bad key!!", 7])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        library = app.main.library
        assert library.attribute_keys == ["pages", "publication", "bad_key", "7"]
        assert library.table.values  # read in a worker
        await press_until(
            pilot, "s", lambda: library.sort_key == "attr:pages", "sorted by attr:pages"
        )
        pages = [library.table.values.get(r.path, {}).get("pages") for r in library.shown]
        assert pages == [1, 2, 3, 4, None]


async def test_an_attribute_edited_in_the_panel_shows_in_the_library_and_its_filter(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    _publications(loaded_store)
    loaded_store.set_state(COLUMNS_STATE, ["publication"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        library = app.main.library
        library.table.focus()
        await pilot.press("f", *"attr:publication=bmj")
        await pilot.pause()
        assert library.shown == []
        await pilot.press("ctrl+a", "ctrl+k", "escape")  # the filter emptied: every article
        await pilot.pause()
        library.table.focus()
        path = library.current
        assert path is not None
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"publication=BMJ", "enter", "escape")
        await settle(app, pilot)

        def line() -> str:
            return next(
                library.table.render_line(1 + i).text
                for i, r in enumerate(library.shown)
                if r.path == path
            )

        await until(pilot, lambda: "BMJ" in line(), "the new value in the library's row")
        assert "BMJ" in line()
        await pilot.press("f", *"attr:publication=bmj")
        await pilot.pause()
        assert [r.path for r in library.shown] == [path]
