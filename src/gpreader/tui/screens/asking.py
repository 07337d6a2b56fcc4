"""Questions the coding actions ask: which of several overlapping highlights ("the highlights
under the cursor"), and whether to act on another coder's highlight. Mixed into the main screen
through CodingMixin."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gpreader import overlaps
from gpreader.models import Highlight
from gpreader.store import AnnotationStore
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.overlap_chooser import HighlightChooser
from gpreader.tui.widgets.reader import Reader


class AskingMixin:
    """Needs the screen's store (for the acting coder), tag colours and app."""

    store: AnnotationStore
    tag_colors: dict[str, str]
    app: Any
    _landed: tuple[str | None, int, int, str | None] | None = None  # see `landed`

    def _target(self) -> tuple[Reader, tuple[int, int], str] | None:
        raise NotImplementedError

    if TYPE_CHECKING:

        def notify(self, message: str, **kwargs: Any) -> None: ...

    def landed(self, reader: Reader, offset: int, highlight_id: str | None = None) -> None:
        """A jump (annotations panel, tag view) put `reader`'s cursor on a highlight: while the
        cursor is on the unit it landed on (and nothing is selected), that highlight (by id, else
        those starting at `offset`) comes first among the highlights under the cursor, so Enter
        in the chooser takes it."""
        self._landed = (reader.path, reader.cursor, offset, highlight_id)

    def _under(self) -> tuple[Reader, tuple[int, int], str, list[Highlight]] | None:
        """The focused reader, its target range and every highlight under it, best first."""
        if (found := self._target()) is None:
            return None
        reader, rng, sha256 = found
        under = overlaps.under(reader.highlights, *rng)
        landed = self._landed
        if landed and landed[:2] == (reader.path, reader.cursor) and reader.selection is None:
            _, _, offset, hid = landed
            under.sort(key=lambda h: not (h.id == hid if hid else h.start == offset))
        return reader, rng, sha256, under

    def _some_under(self) -> tuple[Reader, list[Highlight]] | None:
        if (found := self._under()) is None:
            return None
        reader, _, _, under = found
        if not under:
            self.notify("No highlight under the cursor.", timeout=3, markup=False)
            return None
        return reader, under

    def _choose(
        self, candidates: list[Highlight], doing: str, then: Callable[[Highlight], None]
    ) -> None:
        """Call `then` with the one candidate, or with the one the user picks among several."""
        if len(candidates) == 1:
            then(candidates[0])
            return
        by_id = {h.id: h for h in candidates}

        def chosen(hid: str | None) -> None:
            if hid is not None and hid in by_id:
                then(by_id[hid])

        self.app.push_screen(HighlightChooser(doing, candidates, self.tag_colors), chosen)

    def _if_theirs_ask(
        self, h: Highlight, what: str, add: Callable[[], None], own: Callable[[], None]
    ) -> None:
        """Adding to another coder's highlight asks first: add to it, make one's own on the
        same passage, or cancel. One's own highlight: `add` at once."""
        if h.coder == self.store.coder:
            add()
            return
        whose = overlaps.owner(h)
        options = [
            ("add", f"Add your {what} to {whose}'s highlight"),
            ("own", "Make your own highlight on the same passage"),
            ("cancel", "Cancel"),
        ]

        def answer(choice: str | None) -> None:
            if choice == "add":
                add()
            elif choice == "own":
                own()

        self.app.push_screen(ChoiceDialog(f"This highlight is {whose}'s.", options), answer)

    def _confirm(self, question: str, verb: str, go: Callable[[], None]) -> None:
        """A yes/no question whose default (Enter at once) is Cancel."""
        options = [("cancel", "Cancel"), ("yes", verb)]
        self.app.push_screen(
            ChoiceDialog(question, options), lambda choice: go() if choice == "yes" else None
        )
