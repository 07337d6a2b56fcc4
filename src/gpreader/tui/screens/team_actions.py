"""The workbench's team keys: `c` shows all coders or one, `D` marks the article in front as
done, `C` compares two coders on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gpreader.models import Highlight
from gpreader.team.compare import CONSENSUS
from gpreader.tui.widgets.shown import shown

if TYPE_CHECKING:
    from gpreader.tui.screens.main import MainScreen


def coded_by(highlight: Highlight, coder: str) -> bool:
    """Whether `coder` made the highlight or applied one of its tags."""
    return highlight.coder == coder or coder in highlight.tag_coders


def cycle_coders(main: MainScreen) -> None:
    """Show every coder's highlights, then each coder's alone in turn, then all again."""
    found = main.call_store(main.store.coders)
    if not isinstance(found, list):
        return
    if len(found) < 2 and main.coder_view is None:
        main.notify("Only one coder has coded here: everything is shown.", timeout=3)
        return
    views: list[str | None] = [None, *found]
    at = views.index(main.coder_view) if main.coder_view in views else 0
    main.coder_view = views[(at + 1) % len(views)]
    who = "all coders" if main.coder_view is None else shown(main.coder_view)
    main.notify(f"Showing the highlights of {who} (c: next).", timeout=3, markup=False)
    main.reload_highlights(None)


def _article(main: MainScreen) -> str | None:
    path = main.active.path if main.active is not None else None
    if not path:
        main.notify("Open an article first.", timeout=3)
    return path


def mark_done(main: MainScreen) -> None:
    """Mark the active article as coded by this coder, or take the mark back."""
    path = _article(main)
    if path is None:
        return
    store = main.store
    marks = main.call_store(store.coded_marks, store.coder)
    if not isinstance(marks, list):
        return
    done = not any(m.article == path for m in marks)
    if main.call_store(store.mark_coded, path, done=done) is True:
        state = "done" if done else "not done"
        main.notify(shown(f"{path}: {state} ({store.coder})"), timeout=3, markup=False)
        main.reload_library(full=True)


def open_compare(main: MainScreen) -> None:
    """Compare two coders on the active article: the two when there are two, else chosen."""
    from gpreader.tui.screens.choose import ChoiceDialog
    from gpreader.tui.screens.compare import CompareScreen

    path = _article(main)
    if path is None:
        return
    found = main.call_store(main.store.coders)
    if not isinstance(found, list):
        return
    coders = [c for c in found if c != CONSENSUS]
    if len(coders) < 2:
        main.notify("Comparing needs two coders; only one has coded here.", timeout=4)
        return

    def push(first: str, second: str) -> None:
        main.app.push_screen(CompareScreen(main.store, path, (first, second)))

    if len(coders) == 2:
        push(*coders)
        return

    def chose_first(first: str | None) -> None:
        if first is None:
            return
        others = [(c, shown(c)) for c in coders if c != first]
        main.app.push_screen(
            ChoiceDialog(f"Compare {shown(first)} with", others),
            lambda second: push(first, second) if second else None,
        )

    main.app.push_screen(
        ChoiceDialog("Compare which coder", [(c, shown(c)) for c in coders]), chose_first
    )
