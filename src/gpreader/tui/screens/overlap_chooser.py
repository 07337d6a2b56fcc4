"""Which highlight? Asked when an action on "the highlight under the cursor" finds several
overlapping there: each is listed with its tags (colour marks, and who applied each one when
not the highlight's coder), its coder, its text clipped and its note."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from gpreader import reading
from gpreader.models import Highlight
from gpreader.tui.screens.choose import HINT, ChoiceDialog
from gpreader.tui.widgets.reader import UNTAGGED
from gpreader.tui.widgets.shown import Part, assemble

QUOTE_CHARS = 90
NOTE_CHARS = 90


def label(h: Highlight, colors: dict[str, str]) -> Content:
    """One highlight as a chooser row: tags, coder, quoted text, note."""
    parts: list[Part] = []
    for tag in h.tags or ("(untagged)",):
        parts += [("■ ", colors.get(tag, UNTAGGED)), (tag, "bold")]
        applied_by = h.tag_coder(tag) if h.tags else h.coder
        if applied_by != h.coder:
            parts.append((f" ({applied_by})", "$text-muted"))
        parts.append(" ")
    parts += [("· ", "$text-muted"), (f"{h.coder or 'no coder'}", "italic")]
    parts += ["\n", f"“{reading.clip(h.exact, QUOTE_CHARS)}”"]
    if h.note:
        parts += ["\n", ("note: ", "$text-muted"), (reading.clip(h.note, NOTE_CHARS), "italic")]
    return assemble(*parts)


class HighlightChooser(ChoiceDialog):
    """Dismisses with the id of the chosen highlight, or None (Esc). The best match (the one
    covering exactly the range) comes first and is highlighted."""

    def __init__(self, doing: str, highlights: Sequence[Highlight], colors: dict[str, str]) -> None:
        title = f"{len(highlights)} highlights overlap here: {doing} which one?"
        super().__init__(title, [(h.id, label(h, colors)) for h in highlights], hint=HINT)
