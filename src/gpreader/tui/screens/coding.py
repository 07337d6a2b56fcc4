"""Coding actions of the main screen: tag, quick tag, highlight, note, untag, delete, undo.

They apply to the selection of the focused reader, else to the sentence under its cursor, and
go through the store (every change is committed when the call returns). An action on "the
highlight under the cursor" (x, m, -, a quick key turning a tag off) asks which one when
several overlap there; acting on another coder's highlight asks first (see overlaps.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, TypeVar

from gpreader import overlaps
from gpreader.errors import GPReaderError, StaleArticleError
from gpreader.models import Highlight
from gpreader.store import AnnotationStore
from gpreader.store.journal import Outcome
from gpreader.tui.screens.asking import AskingMixin
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.kept import kept, show
from gpreader.tui.widgets.reader import UNTAGGED, Reader
from gpreader.tui.widgets.shown import assemble

T = TypeVar("T")


class Failed(Enum):
    """What a store call returns when the store refused (the error has been shown)."""

    FAILED = "failed"


FAILED: Final = Failed.FAILED

NEEDS_READER = {"tag", "quick", "highlight", "note", "untag", "delete"}


class CodingMixin(AskingMixin):
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
            shown = reader.article
            text = shown.text if shown is not None and shown.sha256 == sha256 else None
            return self.call_store(
                self.store.add_highlight,
                path,
                *rng,
                expected_sha256=sha256,
                shown_text=text,
                **kwargs,
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
        self,
        reader: Reader,
        rng: tuple[int, int],
        sha256: str,
        tags: list[str],
        *,
        own: bool = False,
    ) -> None:
        """Add `tags` to the highlight covering exactly `rng` (the coder's own first), else to a
        new highlight there; `own`: always a new highlight of the coder's own."""
        assert reader.path is not None
        existing = (
            overlaps.exact(reader.highlights, *rng, self.store.coder)
            if reader.article is not None and reader.article.sha256 == sha256 and not own
            else None
        )
        if existing is not None:
            result = self.call_store(self.store.tag_highlight, existing.id, tags)
        else:
            result = self._add_highlight(reader, rng, sha256, tags=tags)
        if result is not FAILED:
            new = [t for t in tags if t not in self.tag_colors]
            self._done(reader, f"New tag: {', '.join(new)}" if new else None)

    def _untag(self, reader: Reader, h: Highlight, tag: str, *, asked: bool = False) -> None:
        """Remove `tag` from `h`; a tag another coder applied is removed only when confirmed
        (`asked`: the user has just chosen to remove it)."""

        def go() -> None:
            if self.call_store(self.store.untag_highlight, h.id, tag) is not FAILED:
                self._done(reader, f"Removed {tag}")

        applier = h.tag_coder(tag)
        if applier == self.store.coder or asked:
            go()
        else:
            self._confirm(f"Remove {tag}, applied by {applier or 'someone'}?", "Remove it", go)

    def _theirs_carry(
        self,
        reader: Reader,
        rng: tuple[int, int],
        sha256: str,
        tag: str,
        carrying: list[Highlight],
    ) -> None:
        """A quick key for a tag other coders applied here: make one's own highlight with it
        (first: nothing is lost), remove theirs (which one, if several), or cancel."""
        who = ", ".join(dict.fromkeys(h.tag_coder(tag) or "someone" for h in carrying))
        options = [
            ("own", f"Make your own highlight with {tag}"),
            ("remove", f"Remove {tag} ({who})"),
            ("cancel", "Cancel"),
        ]

        def answer(choice: str | None) -> None:
            if choice == "own":
                self._apply_tags(reader, rng, sha256, [tag], own=True)
            elif choice == "remove":
                self._choose(
                    carrying,
                    f"remove {tag} from",
                    lambda h: self._untag(reader, h, tag, asked=True),
                )

        title = f"{tag} is here already, applied by {who}."
        self.app.push_screen(ChoiceDialog(title, options), answer)

    # -- actions -----------------------------------------------------------------------

    def action_tag(self) -> None:
        if (found := self._target()) is None:
            return
        reader, rng, sha256 = found
        tags = self.call_store(self.store.tags)
        if tags is FAILED:
            return
        existing = overlaps.exact(reader.highlights, *rng, self.store.coder)
        assert reader.article is not None
        target = reader.article.text[rng[0] : rng[1]]

        from gpreader.tui.screens.tag_picker import PICKER, TagPicker  # not at start

        def pick(on: Highlight | None) -> None:
            # composed once (while the workbench is idle: screens/prepare.py), kept, shown again
            picker = kept(self.app, PICKER, TagPicker, lambda: TagPicker(tags, target=target))
            picker.reset(tags, target=target, current=on.tags if on else ())

            def chosen(paths: list[str] | None) -> None:
                if paths:
                    self._apply_tags(reader, rng, sha256, paths, own=on is None)

            show(self.app, picker, chosen)

        if existing is None:
            pick(None)
        else:
            self._if_theirs_ask(existing, "tag", lambda: pick(existing), lambda: pick(None))

    def action_quick(self, key: int) -> None:
        if (found := self._under()) is None:
            return
        reader, rng, sha256, under = found
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
        # Off: a highlight under the cursor carrying the tag (with a selection: one covering
        # exactly the selection, so coding a larger passage never strips a smaller one).
        exact = [h for h in under if (h.start, h.end) == rng]
        carrying = overlaps.with_tag(exact if reader.selection is not None else under, tag)
        mine = [h for h in carrying if h.tag_coder(tag) == self.store.coder]
        if mine:
            self._choose(mine, f"remove {tag} from", lambda h: self._untag(reader, h, tag))
            return
        if carrying:  # only other coders applied it here: code it too, or remove theirs
            self._theirs_carry(reader, rng, sha256, tag, carrying)
            return
        existing = overlaps.exact(reader.highlights, *rng, self.store.coder)
        if existing is None:
            self._apply_tags(reader, rng, sha256, [tag])
            return
        self._if_theirs_ask(
            existing,
            "tag",
            lambda: self._apply_tags(reader, rng, sha256, [tag]),
            lambda: self._apply_tags(reader, rng, sha256, [tag], own=True),
        )

    def action_highlight(self) -> None:
        if (found := self._target()) is None:
            return
        reader, rng, sha256 = found
        existing = overlaps.exact(reader.highlights, *rng, self.store.coder)
        if existing is not None and existing.coder == self.store.coder:
            self.notify("Already highlighted: t tags it, m adds a note.", timeout=3, markup=False)
            return
        if self._add_highlight(reader, rng, sha256) is not FAILED:
            self._done(reader)

    def action_note(self) -> None:
        if (found := self._under()) is None:
            return
        reader, rng, sha256, under = found
        if not under:
            self._note_dialog(reader, None, rng, sha256)
            return

        def chosen(h: Highlight) -> None:
            self._if_theirs_ask(
                h,
                "note",
                lambda: self._note_dialog(reader, h, rng, sha256),
                lambda: self._note_dialog(reader, None, (h.start, h.end), sha256),
            )

        self._choose(under, "note on", chosen)

    def _note_dialog(
        self, reader: Reader, target: Highlight | None, rng: tuple[int, int], sha256: str
    ) -> None:
        """Edit the note of `target`, or (None) write one on a new highlight over `rng`."""
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

        from gpreader.tui.screens.note import note_dialog  # not at start (TextArea)

        dialog = note_dialog(self.app, target.note if target else "", quote=quote, save=save)
        show(self.app, dialog, closed)

    def action_untag(self) -> None:
        if (found := self._some_under()) is None:
            return
        reader, under = found
        tagged = [h for h in under if h.tags]
        if not tagged:
            self.notify("No tags here to remove (x deletes a highlight).", timeout=3, markup=False)
            return

        def which_tag(target: Highlight) -> None:
            options = [
                (
                    tag,
                    assemble(
                        ("■ ", self.tag_colors.get(tag, UNTAGGED)),
                        tag,
                        (f"  · {target.tag_coder(tag) or 'no coder'}", "$text-muted"),
                    ),
                )
                for tag in target.tags
            ]

            def chosen(tag: str | None) -> None:
                if tag:
                    self._untag(reader, target, tag)

            if len(options) == 1:
                chosen(options[0][0])
            else:
                self.app.push_screen(ChoiceDialog("Remove which tag?", options), chosen)

        self._choose(tagged, "remove a tag from", which_tag)

    def action_delete(self) -> None:
        if (found := self._some_under()) is None:
            return
        reader, under = found

        def delete(target: Highlight) -> None:
            def go() -> None:
                if self.call_store(self.store.delete_highlight, target.id) is not FAILED:
                    self._done(reader, "Highlight deleted (u undoes)")

            if target.coder == self.store.coder:
                go()
            else:
                whose = overlaps.owner(target)
                self._confirm(f"Delete {whose}'s highlight?", "Delete it", go)

        self._choose(under, "delete", delete)

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
