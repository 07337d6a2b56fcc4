"""The workbench's team keys: `c` shows all coders or one, `W` shows several, `D` marks the
article in front as done, `C` compares two coders on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gpreader.models import Highlight
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.widgets.shown import shown

if TYPE_CHECKING:
    from gpreader.tui.screens.main import MainScreen


CoderView = frozenset[str] | None  # whose highlights the workbench shows; None: everyone's
_ALL = "\x00all"  # the "all coders" choice (no coder name holds a control character)


def coded_by(highlight: Highlight, coders: frozenset[str]) -> bool:
    """Whether one of `coders` made the highlight or applied one of its tags."""
    return highlight.coder in coders or any(c in coders for c in highlight.tag_coders)


def described(view: CoderView) -> str:
    """`all coders`, or the names shown."""
    return "all coders" if view is None else shown(", ".join(sorted(view)) or "nobody")


def _coders(main: MainScreen) -> list[str] | None:
    found = main.call_store(main.store.coders)
    if not isinstance(found, list):
        return None
    if len(found) < 2 and main.coder_view is None:
        main.notify("Only one coder has coded here: everything is shown.", timeout=3)
        return None
    return found


def show_coders(main: MainScreen, view: CoderView, hint: str) -> None:
    """Show `view`'s highlights in every column (and filter the other screens by it)."""
    main.coder_view = view
    main.notify(f"Showing the highlights of {described(view)} ({hint}).", timeout=3, markup=False)
    main.reload_highlights(None)


def cycle_coders(main: MainScreen) -> None:
    """Show every coder's highlights, then each coder's alone in turn, then all again."""
    found = _coders(main)
    if found is None:
        return
    views: list[CoderView] = [None, *(frozenset((name,)) for name in found)]
    at = views.index(main.coder_view) if main.coder_view in views else 0
    show_coders(main, views[(at + 1) % len(views)], "c: next, W: several")


def choose_coders(main: MainScreen) -> None:
    """A list of the coders, those shown ticked: Enter shows or hides one (or all)."""
    found = _coders(main)
    if found is None:
        return
    now = set(found) if main.coder_view is None else set(main.coder_view)
    options = [(_ALL, "All coders")]
    options += [(name, ("✓ " if name in now else "  ") + name) for name in found]

    def chosen(key: str | None) -> None:
        if key is None:
            return
        if key == _ALL:
            show_coders(main, None, "W: choose")
            return
        names = now ^ {key}
        if not names:
            main.notify("At least one coder stays shown.", timeout=3)
            return
        show_coders(main, None if names >= set(found) else frozenset(names), "W: choose again")

    main.app.push_screen(ChoiceDialog("Show whose highlights", options), chosen)


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
    from gpreader.team.compare import CONSENSUS
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
