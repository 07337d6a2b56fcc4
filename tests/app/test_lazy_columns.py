"""Reading columns are made when first opened, not composed with the workbench (the first
paint does not pay for four hidden columns), and a closed column is kept to be shown again."""

from __future__ import annotations

from collections.abc import Callable

from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.column import ReadingColumn
from tests.app.conftest import SIZE, reader_of, settle, until


async def test_no_column_is_composed_until_an_article_opens(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert list(app.main.query(ReadingColumn)) == []  # the first paint makes none
        await settle(app, pilot)
        spare = list(app.main.query(ReadingColumn))  # one, hidden, once the workbench idles
        assert len(spare) <= 1 and not any(c.display for c in spare)
        assert app.main.columns == []
        highlighted = app.main.library.current
        assert highlighted is not None
        await pilot.press("enter")  # the library's first article
        await pilot.pause()
        made = list(app.main.query(ReadingColumn))
        assert len(made) == 1 and made[0].display
        assert spare in ([], made)  # the spare one is the one shown
        reader = reader_of(app)
        assert reader is made[0].reader and reader.article is not None
        assert reader.article.path == highlighted


async def test_a_hidden_column_is_made_once_idle_and_the_first_article_uses_it(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: len(app.main.query(ReadingColumn)) == 1, "the spare column")
        spare = app.main.query_one(ReadingColumn)
        assert not spare.display and app.main.columns == []
        first = app.main.library.rows[0].path
        assert app.main.open_article(first)
        await pilot.pause()
        assert app.main.columns == [spare] and spare.path == first
        assert reader_of(app) is spare.reader


async def test_a_new_column_shows_its_article_in_the_same_handler(
    make_app: Callable[..., GPReaderApp],
) -> None:
    """open_article mounts the column and shows the article before returning: the header, the
    reader and the status line are in the DOM at once (no compose round trip)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first, second = (r.path for r in app.main.library.rows[:2])
        assert app.main.open_article(first)
        assert app.main.open_article(second, new_column=True)
        columns = app.main.columns
        assert [c.path for c in columns] == [first, second]
        for column in columns:
            assert column.reader.parent is column
            assert len(column.children) == 3
        await pilot.pause()
        assert app.main.active is columns[1]
        assert reader_of(app) is columns[1].reader


async def test_a_closed_column_is_kept_and_shown_again(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paths = [r.path for r in app.main.library.rows]
        app.main.open_article(paths[0])
        app.main.open_article(paths[1], new_column=True)
        await pilot.pause()
        made = list(app.main.query(ReadingColumn))
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert len(app.main.columns) == 1
        assert len(list(app.main.query(ReadingColumn))) == 2  # the closed one is kept, hidden
        app.main.open_article(paths[2], new_column=True)
        await pilot.pause()
        assert list(app.main.query(ReadingColumn)) == made  # shown again, none made
        assert sorted(c.path or "" for c in app.main.columns) == sorted(paths[0:3:2])
        for path in paths[3:]:
            app.main.open_article(path, new_column=True)
        await pilot.pause()
        assert len(list(app.main.query(ReadingColumn))) == 4  # never more than four made
        assert len({c.id for c in app.main.query(ReadingColumn)}) == 4


async def test_a_new_column_opened_deep_in_an_article_shows_the_cursor_a_third_down(
    make_app: Callable[..., GPReaderApp],
) -> None:
    """A column made for `open_at` scrolls to its offset as an existing column would: the
    cursor's sentence a third of the way down (it was left at the top when the new column's
    size was not known yet)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paths = [r.path for r in app.main.library.rows]
        app.open_at(paths[0], 0)
        await pilot.pause()
        article = app.store.article(paths[1])
        target = [s for s in article.sentences if s.section == "body"][-3]
        app.open_at(paths[1], target.start, new_column=True)
        await settle(app, pilot)
        reader = reader_of(app)
        # (the new column is laid out a frame or two after its worker: wait for it, bounded)
        await until(
            pilot,
            lambda: reader.text_layout is not None and reader.scroll_offset.y > 0,
            "the new column laid out and scrolled",
        )
        assert reader.text_layout is not None
        height = reader.scrollable_content_region.height
        line = reader.text_layout.line_of(target.start)
        assert line > height  # deep enough that it must scroll
        assert reader.scroll_offset.y > 0
        assert reader.scroll_offset.y <= line < reader.scroll_offset.y + height
