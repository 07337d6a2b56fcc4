"""Codebook changes from the tag view: rename (r), merge (M), delete (d), colour (c) and
description (D) of the selected tag, and undo (u) / redo (ctrl+r). Each asks in a small dialog,
shows a store error as an error notification (nothing changes then), and on success says what
it did and reloads the tag view and the reading columns behind it. Deleting a tag in use asks,
with "Keep it" the default."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from gpreader.errors import GPReaderError, TagInUseError
from gpreader.models import Tag
from gpreader.store.journal import Outcome
from gpreader.tui.screens.ask import Ask
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.color import ColorDialog

if TYPE_CHECKING:
    from gpreader.tui.screens.tag_view import TagViewScreen

DELETE, KEEP = "delete", "keep"


def _selected(view: TagViewScreen) -> Tag | None:
    found = next((t for t in view.tags if t.path == view.current), None)
    if found is None:
        view.notify("No tag selected.", timeout=3, markup=False)
    return found


def _subtree(view: TagViewScreen, path: str) -> list[Tag]:
    return [t for t in view.tags if t.path == path or t.path.startswith(path + "/")]


def _apply(
    view: TagViewScreen, change: Callable[[], object], done: str, select: str | None
) -> bool:
    """Run a store change; report it (or its error) and reload the views."""
    try:
        change()
    except GPReaderError as exc:
        view.notify(str(exc), severity="error", markup=False)
        return False
    view.notify(done, timeout=3, markup=False)
    view.reload(select)
    return True


def rename(view: TagViewScreen) -> None:
    tag = _selected(view)
    if tag is None:
        return
    children = len(_subtree(view, tag.path)) - 1
    title = f"Rename {tag.path!r}" + (f" (its {children} sub-tag(s) move with it)" * bool(children))

    def answer(new: str | None) -> None:
        if not new or new == tag.path:
            return
        _apply(view, lambda: view.store.rename_tag(tag.path, new), f"{tag.path} → {new}", new)

    view.app.push_screen(Ask(title, tag.path), answer)


def merge(view: TagViewScreen) -> None:
    tag = _selected(view)
    if tag is None:
        return
    others = [t.path for t in view.tags if t.path != tag.path]

    def answer(target: str | None) -> None:
        if not target:
            return
        _apply(
            view,
            lambda: view.store.merge_tags(tag.path, target),
            f"{tag.path} merged into {target}",
            target,
        )

    view.app.push_screen(
        Ask(
            f"Merge {tag.path!r} into which tag? Its highlights get that tag; {tag.path!r} goes.",
            suggestions=others,
            hint="Enter merge · → accepts the suggestion · Esc cancel",
        ),
        answer,
    )


def delete(view: TagViewScreen) -> None:
    tag = _selected(view)
    if tag is None:
        return
    subtree = _subtree(view, tag.path)
    used = sum(t.highlights for t in subtree)
    if not used:
        try:
            view.store.delete_tag(tag.path)
        except TagInUseError:  # tagged meanwhile (another process): ask after all
            paths = {t.path for t in subtree}
            used = sum(t.highlights for t in view.store.tags() if t.path in paths) or 1
        except GPReaderError as exc:
            view.notify(str(exc), severity="error", markup=False)
            return
        else:
            view.notify(f"Deleted {tag.path}", timeout=3, markup=False)
            view.reload(None)
            return
    children = f" and its {len(subtree) - 1} sub-tag(s)" if len(subtree) > 1 else ""
    question = (
        f"Delete {tag.path!r}{children}? It is on {used} highlight(s). "
        "The highlights themselves are kept; they only lose this tag."
    )

    def answer(choice: str | None) -> None:
        if choice == DELETE:
            _apply(
                view,
                lambda: view.store.delete_tag(tag.path, force=True),
                f"Deleted {tag.path}",
                None,
            )

    options = [(KEEP, "Keep it (cancel)"), (DELETE, f"Delete the tag from {used} highlight(s)")]
    view.app.push_screen(ChoiceDialog(question, options), answer)


def color(view: TagViewScreen) -> None:
    tag = _selected(view)
    if tag is None:
        return

    def answer(value: str | None) -> None:
        if value and value != tag.color:
            change = lambda: view.store.update_tag(tag.path, color=value)  # noqa: E731
            _apply(view, change, f"{tag.path}: colour {value}", tag.path)

    view.app.push_screen(ColorDialog(f"Colour of {tag.path!r}", tag.color), answer)


def describe(view: TagViewScreen) -> None:
    tag = _selected(view)
    if tag is None:
        return

    def answer(value: str | None) -> None:
        if value is not None and value != tag.description:
            change = lambda: view.store.update_tag(tag.path, description=value)  # noqa: E731
            _apply(view, change, f"{tag.path}: description saved", tag.path)

    view.app.push_screen(
        Ask(
            f"Description of {tag.path!r}",
            tag.description,
            hint="Enter save · an empty description removes it · Esc cancel",
        ),
        answer,
    )


def _step(view: TagViewScreen, step: Callable[[], Outcome | None], nothing: str) -> None:
    """Undo or redo the coder's last change (a codebook change or a coding one): say what."""
    try:
        done = step()
    except GPReaderError as exc:
        view.notify(str(exc), severity="error", markup=False)
        return
    if done is None:
        view.notify(nothing, timeout=3, markup=False)
        return
    view.notify(done.message[:1].upper() + done.message[1:], timeout=5, markup=False)
    view.reload(view.current if any(t.path == view.current for t in view.store.tags()) else None)


def undo(view: TagViewScreen) -> None:
    _step(view, view.store.undo, "Nothing to undo.")


def redo(view: TagViewScreen) -> None:
    _step(view, view.store.redo, "Nothing to redo.")


CHANGES: dict[str, Callable[[TagViewScreen], None]] = {
    "rename": rename,
    "merge": merge,
    "delete": delete,
    "color": color,
    "describe": describe,
    "undo": undo,
    "redo": redo,
}
