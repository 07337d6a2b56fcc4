"""Two coders side by side on one article (`C`): paragraphs aligned, differences marked.

Each row is a paragraph: the first coder's codings on the left, the second's on the right.
Agreeing codings are underlined in green; differences are drawn in reverse, the current one also in
bold, and the line at the bottom says what differs. `n` / `N` step through the differences;
`1` or `2` adopts that coder's coding into the consensus coder (one undoable step).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from gpreader.errors import GPReaderError
from gpreader.store import AnnotationStore
from gpreader.team.compare import CONSENSUS, Coding, Comparison, Pair, adopt, compare
from gpreader.tui import keys
from gpreader.tui.widgets.footer import RankedFooter
from gpreader.tui.widgets.shown import assemble, shown, styled

AGREE, DIFFER, CURRENT = "underline $success", "reverse", "reverse bold"


class CompareScreen(Screen[None]):
    """Compare two coders on one article; adopt codings into the consensus coder."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("compare")
    DEFAULT_CSS = """
    CompareScreen { layout: vertical; }
    CompareScreen #compare-head { height: 1; padding: 0 1; background: $panel; }
    CompareScreen #compare-rows { height: 1fr; }
    CompareScreen .compare-row { height: auto; margin-bottom: 1; }
    CompareScreen .compare-cell { width: 1fr; padding: 0 1; }
    CompareScreen #compare-status { height: 2; padding: 0 1; background: $panel; }
    """

    def __init__(self, store: AnnotationStore, article: str, coders: tuple[str, str]) -> None:
        super().__init__()
        self.store = store
        self.article = article
        self.coders = coders
        self.comparison = self._compared()
        self.current = -1  # index into comparison.differences; -1: none chosen yet

    def _compared(self) -> Comparison:
        return compare(self.store, self.article, *self.coders)

    def compose(self) -> ComposeResult:
        first, second = self.coders
        yield Static(
            assemble(
                (first, "bold"),
                "  ⇄  ",
                (second, "bold"),
                f"  · {self.article}  · ",
                ("agree", AGREE),
                " ",
                ("differ", DIFFER),
            ),
            id="compare-head",
        )
        with VerticalScroll(id="compare-rows"):
            for index in range(len(self.comparison.paragraphs)):
                with Horizontal(classes="compare-row", id=f"para-{index}"):
                    yield Static(classes="compare-cell first")
                    yield Static(classes="compare-cell second")
        yield Static(id="compare-status")
        yield RankedFooter()

    def on_mount(self) -> None:
        self._draw()

    # -- drawing ---------------------------------------------------------------------------

    def _draw(self) -> None:
        text = self.store.article(self.article).text
        current = self._current_pair()
        rows = list(self.query(".compare-row"))
        for index, (start, end) in enumerate(self.comparison.paragraphs):
            cells = rows[index].query(Static)
            for side, cell in enumerate(cells):
                cell.update(self._paragraph(text, start, end, side, current))
        self._status(current)

    def _paragraph(
        self, text: str, start: int, end: int, side: int, current: Pair | None
    ) -> Content:
        """The paragraph with one coder's codings styled by their verdicts."""
        marks: list[tuple[int, int, str]] = []
        for pair in self.comparison.pairs:
            coding = pair.first if side == 0 else pair.second
            if coding is None or coding.end <= start or coding.start >= end:
                continue
            style = AGREE if pair.verdict == "agree" else DIFFER
            style = CURRENT if pair is current else style
            marks.append((max(start, coding.start), min(end, coding.end), style))
        parts: list[str | tuple[str, str]] = []
        at = start
        for lo, hi, style in sorted(marks):
            if lo < at:
                lo = at
            if lo >= hi:
                continue
            parts += [text[at:lo], (text[lo:hi], style)]
            at = hi
        parts.append(text[at:end])
        return assemble(*parts)

    def _status(self, current: Pair | None) -> None:
        differences = self.comparison.differences
        agree = len(self.comparison.pairs) - len(differences)
        summary = f"{agree} agree, {len(differences)} differ"
        if current is None:
            lines = [f"{summary} · n: first difference"]
        else:
            lines = [
                f"{self.current + 1}/{len(differences)}: {self._verdict(current)} · {summary}",
                f"1: {self._describe(current.first)}   2: {self._describe(current.second)}",
            ]
        self.query_one("#compare-status", Static).update(styled("\n".join(lines)))

    def _verdict(self, pair: Pair) -> str:
        first, second = self.coders
        return {"only first": f"only {first}", "only second": f"only {second}"}.get(
            pair.verdict, pair.verdict
        )

    @staticmethod
    def _describe(coding: Coding | None) -> str:
        if coding is None:
            return "(nothing)"
        quote = " ".join(coding.highlight.exact.split())
        quote = quote if len(quote) <= 40 else quote[:39] + "…"
        return f"[{', '.join(coding.tags) or 'no tag'}] “{quote}”"

    def _current_pair(self) -> Pair | None:
        differences = self.comparison.differences
        return differences[self.current] if 0 <= self.current < len(differences) else None

    # -- actions ---------------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        """Go to the next (1) or previous (-1) difference, wrapping around."""
        differences = self.comparison.differences
        if not differences:
            self.notify("The two coders agree on every coding here.", timeout=3)
            return
        self.current = (self.current + step) % len(differences)
        pair = differences[self.current]
        self._draw()
        row = self.query_one(f"#para-{self.comparison.paragraph_of(pair.start)}")
        self.query_one("#compare-rows", VerticalScroll).scroll_to_widget(row, animate=False)

    def action_adopt(self, side: int) -> None:
        """Copy coder 1's or 2's coding of the current difference into the consensus coder."""
        pair = self._current_pair()
        if pair is None:
            self.notify("n goes to the first difference; then 1 or 2 adopts.", timeout=3)
            return
        coding = pair.first if side == 1 else pair.second
        if coding is None:
            who = shown(self.coders[side - 1])
            self.notify(f"{who} coded nothing here: nothing to adopt.", timeout=3, markup=False)
            return
        try:
            adopt(self.store, coding)
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Adopted into {CONSENSUS} (u undoes it in the workbench).", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)
