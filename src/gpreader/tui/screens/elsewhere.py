"""Screens opened from the main screen that live in their own modules: corpus search (`/`, then
n / N step through the last query's matches in the focused article) and export (`E`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from gpreader.errors import GPReaderError

if TYPE_CHECKING:
    from gpreader.search import Hit, SearchIndex
    from gpreader.tui.screens.main import MainScreen
    from gpreader.tui.widgets.reader import Reader

SEARCH = "search"  # the name the search screen is installed under
MatchesKey = tuple[str, str, str, int]  # article path, its sha256, query, data_version


@dataclass
class ArticleMatches(Message):
    """The matches of a query in one article, found by MainScreen.find_matches (n / N)."""

    key: MatchesKey
    step: int
    hits: list[Hit] = field(default_factory=list)
    error: str | None = None


def search_index(main: MainScreen) -> SearchIndex:
    """The main screen's SearchIndex (made on first use): its vocabulary is loaded once and
    shared with the search screen's workers."""
    from gpreader.search import SearchIndex

    if main.search_index is None:
        main.search_index = SearchIndex(main.store)
    return main.search_index


def open_search(main: MainScreen) -> None:
    """Push the search screen, holding the last query; a chosen hit opens with the cursor on its
    sentence and the word cursor on its first matched word, and the query it showed becomes
    the one n / N step through."""
    from gpreader.tui.screens.search import SearchScreen, open_memo_hit

    screen = main.search_screen
    if screen is None:  # composed once, kept (installed) and shown again
        screen = main.search_screen = SearchScreen(db_path=main.store.path)
        main.app.install_screen(screen, SEARCH)
    try:
        stamp: tuple[int, int] | None = main.store.content_stamp()
    except (GPReaderError, sqlite3.Error):
        stamp = None  # unreadable: the results are found again
    screen.reset(main.search_query or "", search_index(main), main.coder_view, stamp)

    def found(hit: Hit | None) -> None:
        main.search_query = screen.last_query or main.search_query
        if hit is None and screen.kwic_query:  # ctrl+k: the query's keyword in context
            from gpreader.tui.screens.kwic import open_kwic

            open_kwic(main, screen.kwic_query)
        elif hit is not None and hit.via.startswith("memo:"):
            open_memo_hit(main, hit, screen.beside)
        elif hit is not None:
            main.open_article(hit.article, hit.first_match, new_column=screen.beside)

    main.app.push_screen(screen, found)


def search_next(main: MainScreen, step: int) -> None:
    """Move the focused reader to the next (step 1) or previous match of the last search. The
    matches of a long article take a while to find: a worker finds them (main.find_matches),
    and they are kept until the article, the query or the database changes."""
    reader = main.focused_reader()
    if reader is None or reader.article is None or not main.search_query:
        main.notify("No search yet: / searches the corpus.", timeout=3, markup=False)
        return
    key = matches_key(main, reader)
    if main.article_matches is not None and main.article_matches[0] == key:
        go_to_match(main, reader, main.article_matches[1], step)
    else:
        main.find_matches(search_index(main), key, step)


def matches_key(main: MainScreen, reader: Reader) -> MatchesKey:
    """What the matches found in `reader`'s article depend on: its path and text, the query,
    and other connections' commits (notes and tags are matched too; this screen's own edits
    drop the kept matches in reload_highlights)."""
    article = reader.article
    return (
        article.path if article else "",
        article.sha256 if article else "",
        main.search_query or "",
        main.store.data_version(),
    )


def matches_found(main: MainScreen, message: ArticleMatches) -> None:
    """A worker's matches: kept, and stepped to if the focused reader still shows them."""
    if message.error is not None:
        main.notify(f"search failed: {message.error}", severity="error", markup=False)
        return
    main.article_matches = (message.key, message.hits)
    reader = main.focused_reader()
    if reader is not None and matches_key(main, reader) == message.key:
        go_to_match(main, reader, message.hits, message.step)


def go_to_match(main: MainScreen, reader: Reader, hits: list[Hit], step: int) -> None:
    """Put the reader's cursor on the next (step 1) or previous hit, wrapping around."""
    if not hits:
        main.notify(f"“{main.search_query}” is not in this article.", timeout=3, markup=False)
        return
    here = reader.cursor_offset
    ahead = [h for h in hits if (h.start > here if step > 0 else h.start < here)]
    if ahead:
        target = ahead[0] if step > 0 else ahead[-1]
    else:  # wrap around
        target = hits[0] if step > 0 else hits[-1]
        main.notify("Search wrapped around.", timeout=2, markup=False)
    reader.go_to(target.first_match)


def open_export(main: MainScreen) -> None:
    """Push the export screen (it writes through its own connection in a worker); one is
    composed and shown again (see kept)."""
    from gpreader.tui.screens.export import EXPORT, ExportScreen
    from gpreader.tui.screens.kept import kept, show

    def make() -> ExportScreen:
        return ExportScreen(main.store.path, main.root, main.coder_view)

    screen = kept(main.app, EXPORT, ExportScreen, make)
    screen.reset(main.coder_view)
    show(main.app, screen)
