"""Coding actions of the main screen: tag, quick tag, highlight, note, untag, delete, undo.

They apply to the selection of the focused reader, else to the sentence under its cursor, and
go through the store (every change is committed when the call returns)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, TypeVar

from gpreader import reading
from gpreader.errors import GPReaderError, StaleArticleError
from gpreader.models import Highlight
from gpreader.store import AnnotationStore
from gpreader.store.journal import Outcome
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.note import NoteDialog
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.widgets.reader import UNTAGGED, Reader
from gpreader.tui.widgets.shown import assemble

T = TypeVar("T")


class Failed(Enum):
    """What a store call returns when the store refused (the error has been shown)."""

    FAILED = "failed"


FAILED: Final = Failed.FAILED

NEEDS_READER = {"tag", "quick", "highlight", "note", "untag", "delete"}


class CodingMixin:
    """Mixed into MainScreen, which provides the attributes below."""

    store: AnnotationStore
    tag_colors: dict[str, str]
    app: Any

    def focused_reader(self) -> Reader | None:
        raise NotImplementedError

    def reload_highlights(self, path: str | None = None) -> None:
        raise NotImplementedError

    def reload_changed(self, only: Any = None) -> list[str]:
        raise NotImplementedError

    def open_article(
        self, path: str, offset: int | None = None, *, new_column: bool = False, focus: bool = True
    ) -> bool:
        raise NotImplementedError

    if TYPE_CHECKING:

        def notify(self, message: str, **kwargs: Any) -> None: ...

    # -- helpers -----------------------------------------------------------------------

    def call_store(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | Failed:
        """Run a store call; on failure show one clear error and return FAILED (never raise)."""
        try:
            return fn(*args, **kwargs)
        except StaleArticleError:
            raise  # the caller reloads the article (see _add_highlight)
        except GPReaderError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=8, markup=False)
        except sqlite3.Error as exc:
            self.notify(
                f"database error: {exc}",
                title="Not saved",
                severity="error",
                timeout=8,
                markup=False,
            )
        return FAILED

    def _target(self) -> tuple[Reader, tuple[int, int], str] | None:
        """The focused reader, the range an action applies to, and the sha256 of the text that
        range was taken from (a refresh may replace the text while a dialog is open)."""
        reader = self.focused_reader()
        if reader is None or reader.article is None:
            self.notify("Open an article first (o in the library).", timeout=3, markup=False)
            return None
        rng = reader.target_range()
        if rng is None:
            self.notify("Nothing to code here: the selection is empty.", timeout=3, markup=False)
            return None
        return reader, rng, reader.article.sha256

    def _add_highlight(
        self, reader: Reader, rng: tuple[int, int], sha256: str, **kwargs: Any
    ) -> Highlight | Failed:
        """Save a new highlight on the text the reader showed when `rng` was taken. If the
        article changed on disk since, nothing is saved: the column is reloaded and a warning
        says so (returns FAILED)."""
        path = reader.path
        assert path is not None
        try:
            return self.call_store(
                self.store.add_highlight, path, *rng, expected_sha256=sha256, **kwargs
            )
        except StaleArticleError:
            pass
        column = reader.parent
        self.reload_changed(column)
        self.reload_highlights(path)
        self.notify(
            f"{path} changed on disk, so nothing was saved: it has been reloaded. "
            "Find the passage again and repeat.",
            title="Not saved",
            severity="warning",
            timeout=10,
            markup=False,
        )
        return FAILED

    def _done(self, reader: Reader, message: str | None = None) -> None:
        reader.clear_selection()
        self.reload_highlights(reader.path)
        if message:
            self.notify(message, timeout=3, markup=False)

    def _apply_tags(
        self, reader: Reader, rng: tuple[int, int], sha256: str, tags: list[str]
    ) -> None:
        assert reader.path is not None
        existing = (
            reading.exact_highlight(reader.highlights, *rng)
            if reader.article is not None and reader.article.sha256 == sha256
            else None
        )
        if existing is not None:
            result = self.call_store(self.store.tag_highlight, existing.id, tags)
        else:
            result = self._add_highlight(reader, rng, sha256, tags=tags)
        if result is not FAILED:
            new = [t for t in tags if t not in self.tag_colors]
            self._done(reader, f"New tag: {', '.join(new)}" if new else None)

    # -- actions -----------------------------------------------------------------------

    def action_tag(self) -> None:
        if (found := self._target()) is None:
            return
        reader, rng, sha256 = found
        tags = self.call_store(self.store.tags)
        if tags is FAILED:
            return
        existing = reading.exact_highlight(reader.highlights, *rng)
        assert reader.article is not None
        picker = TagPicker(
            tags,
            target=reader.article.text[rng[0] : rng[1]],
            current=existing.tags if existing else (),
        )

        def chosen(paths: list[str] | None) -> None:
            if paths:
                self._apply_tags(reader, rng, sha256, paths)

        self.app.push_screen(picker, chosen)

    def action_quick(self, key: int) -> None:
        if (found := self._target()) is None:
            return
        reader, rng, sha256 = found
        quick = self.call_store(self.store.quick_tags)
        if quick is FAILED:
            return
        tag = quick.get(key)
        if tag is None:
            self.notify(
                f"No tag has quick key {key}. "
                f"In the tag view (T) press {key} on a tag to give it that key.",
                timeout=6,
                markup=False,
            )
            return
        existing = reading.exact_highlight(reader.highlights, *rng)
        if existing is not None and tag in existing.tags:
            if self.call_store(self.store.untag_highlight, existing.id, tag) is not FAILED:
                self._done(reader, f"Removed {tag}")
            return
        self._apply_tags(reader, rng, sha256, [tag])

    def action_highlight(self) -> None:
        if (found := self._target()) is None:
            return
        reader, rng, sha256 = found
        if reading.exact_highlight(reader.highlights, *rng) is not None:
            self.notify("Already highlighted: t tags it, m adds a note.", timeout=3, markup=False)
            return
        if self._add_highlight(reader, rng, sha256) is not FAILED:
            self._done(reader)

    def action_note(self) -> None:
        if (found := self._target()) is None:
            return
        reader, rng, sha256 = found
        target = reader.highlight_under()
        assert reader.article is not None
        quote = target.exact if target else reader.article.text[rng[0] : rng[1]]

        def save(text: str) -> str | None:
            if target is not None:
                result = self.call_store(self.store.set_note, target.id, text)
            else:
                result = self._add_highlight(reader, rng, sha256, note=text)
                shown = reader.article
                if result is FAILED and (shown is None or shown.sha256 != sha256):
                    return "the article changed on disk and was reloaded; nothing was saved"
            return "the database refused it" if result is FAILED else None

        def closed(text: str | None) -> None:
            if text is not None:
                self._done(reader)

        self.app.push_screen(
            NoteDialog(target.note if target else "", quote=quote, save=save), closed
        )

    def _under(self) -> tuple[Reader, Highlight] | None:
        if (found := self._target()) is None:
            return None
        reader, _, _ = found
        target = reader.highlight_under()
        if target is None:
            self.notify("No highlight under the cursor.", timeout=3, markup=False)
            return None
        return reader, target

    def action_untag(self) -> None:
        if (found := self._under()) is None:
            return
        reader, target = found
        if not target.tags:
            self.notify("This highlight has no tags (x deletes it).", timeout=3, markup=False)
            return
        options = [
            (tag, assemble(("■ ", self.tag_colors.get(tag, UNTAGGED)), tag)) for tag in target.tags
        ]

        def chosen(tag: str | None) -> None:
            if tag and self.call_store(self.store.untag_highlight, target.id, tag) is not FAILED:
                self._done(reader, f"Removed {tag}")

        self.app.push_screen(ChoiceDialog("Remove which tag?", options), chosen)

    def action_delete(self) -> None:
        if (found := self._under()) is None:
            return
        reader, target = found
        if self.call_store(self.store.delete_highlight, target.id) is not FAILED:
            self._done(reader, "Highlight deleted (u undoes)")

    def action_undo(self) -> None:
        self._step(self.store.undo, "Nothing to undo.")

    def action_redo(self) -> None:
        self._step(self.store.redo, "Nothing to redo.")

    def _step(self, step: Callable[[], Outcome | None], nothing: str) -> None:
        """Undo or redo: say what it did and show where (the change's passage)."""
        done = self.call_store(step)
        if done is FAILED:
            return
        if not isinstance(done, Outcome):
            self.notify(nothing, timeout=3, markup=False)
            return
        self.notify(done.message[:1].upper() + done.message[1:], timeout=5, markup=False)
        self.reload_highlights(None)
        if done.article is not None:
            self.open_article(done.article, done.start)

    def coding_check(self, action: str) -> bool | None:
        """Coding keys work only while a reader with an article has focus."""
        if action in NEEDS_READER:
            reader = self.focused_reader()
            return True if reader is not None and reader.article is not None else None
        return True
