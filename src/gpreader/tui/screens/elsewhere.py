"""Screens opened from the main screen that live in their own modules: corpus search (`/`, then
n / N step through the last query's matches in the focused article) and export (`e`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gpreader.search import Hit, SearchIndex
    from gpreader.tui.screens.main import MainScreen


def search_index(main: MainScreen) -> SearchIndex:
    """The main screen's SearchIndex (made on first use): its vocabulary is loaded once and
    shared with the search screen's workers."""
    from gpreader.search import SearchIndex

    if main.search_index is None:
        main.search_index = SearchIndex(main.store)
    return main.search_index


def open_search(main: MainScreen) -> None:
    """Push the search screen, holding the last query; a chosen hit opens with the cursor on its
    sentence, and the query it showed becomes the one n / N step through."""
    from gpreader.tui.screens.search import SearchScreen

    screen = SearchScreen(
        db_path=main.store.path, initial=main.search_query or "", index=search_index(main)
    )

    def found(hit: Hit | None) -> None:
        main.search_query = screen.last_query or main.search_query
        if hit is not None:
            main.open_article(hit.article, hit.start)

    main.app.push_screen(screen, found)


def search_next(main: MainScreen, step: int) -> None:
    """Move the focused reader to the next (step 1) or previous match of the last search."""
    reader = main.focused_reader()
    if reader is None or reader.path is None or not main.search_query:
        main.notify("No search yet: / searches the corpus.", timeout=3, markup=False)
        return
    try:
        hits = search_index(main).find_in_article(reader.path, main.search_query)
    except Exception as exc:  # a search failure must not end the session
        main.notify(f"search failed: {exc}", severity="error", markup=False)
        return
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
    reader.go_to(target.start)


def open_export(main: MainScreen) -> None:
    """Push the export screen (it writes through its own connection in a worker)."""
    from gpreader.tui.screens.export import ExportScreen

    main.app.push_screen(ExportScreen(main.store.path, main.root))
