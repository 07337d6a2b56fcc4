"""Screens other modules provide, opened from the main screen: corpus search (`/`, then n / N)
and export (`e`). Each is imported only when asked for; until it exists, a notification says so."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from textual.widgets import Input

if TYPE_CHECKING:
    from gpreader.screens.main import MainScreen


def open_search(main: MainScreen) -> None:
    """Push the search screen; a chosen hit opens with the cursor on its sentence."""
    try:
        from gpreader.screens.search import SearchScreen  # type: ignore[import-not-found]
    except ImportError:
        main.notify("Search is not available yet.", timeout=3, markup=False)
        return
    screen = _construct(SearchScreen, _arguments(main))

    def found(hit: Any) -> None:
        main.search_query = _search_text(screen) or main.search_query
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
        from gpreader.search import find_in_article
    except ImportError:
        return
    try:
        hits = find_in_article(main.store, reader.path, main.search_query)
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
    """Push the export screen."""
    try:
        from gpreader.screens.export import ExportScreen  # type: ignore[import-not-found]
    except ImportError:
        main.notify("Export is not available yet.", timeout=3, markup=False)
        return
    main.app.push_screen(ExportScreen(main.store.path, main.app.root))


def _arguments(main: MainScreen) -> dict[str, Any]:
    return {
        "store": main.store,
        "store_path": main.store.path,
        "db_path": main.store.path,
        "root": main.app.root,
    }


def _construct(cls: Any, available: dict[str, Any]) -> Any:
    """Build a screen passing only the arguments its constructor names."""
    try:
        names = inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return cls()
    return cls(**{name: value for name, value in available.items() if name in names})


def _search_text(screen: Any) -> str | None:
    """The query the search screen last ran (for n / N)."""
    for name in ("last_query", "query_text", "search_text"):
        value = getattr(screen, name, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    try:
        value = screen.query_one(Input).value
    except Exception:
        return None
    return value.strip() or None
