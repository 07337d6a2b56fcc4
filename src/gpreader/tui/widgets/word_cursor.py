"""The reader's word cursor and selection by keys (a mixin of Reader).

The word cursor is a token (gpreader.words) of the unit under the sentence cursor. `w`/`b` step
to the next/previous token (punctuation included), `e` to the next word, `0`/`$` to the unit's
first/last word, crossing units as they go (the sentence cursor follows the word). `v` starts a
selection at the word under the cursor; from then on every motion moves the selection's head
and the selection runs from the anchor token to the head token, so it always starts and ends
on token boundaries, and it ends on punctuation only when a motion landed there. Sentence and
paragraph motions in a selection take whole units: the head goes to the last token of the unit
reached when moving past the anchor, to its first token when moving before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gpreader import reading, words
from gpreader.models import Article


class WordCursor:
    """Word motions and selection by keys for Reader (which keeps the state declared here)."""

    article: Article | None
    units: list[reading.Range]
    _ustarts: list[int]
    _uends: list[int]
    cursor: int
    anchor_unit: int | None
    selection: tuple[int, int] | None
    word: reading.Range | None
    anchor_word: reading.Range | None
    _word_hint: int | None

    if TYPE_CHECKING:

        @property
        def cursor_range(self) -> reading.Range | None: ...

        def _changed(self, center: bool = False) -> None: ...

    def _sync_word(self) -> None:
        """Keep the word cursor a token of the cursor's unit: the one at the offset jumped to,
        if any, else the unit's first word."""
        rng = self.cursor_range
        if rng is None or self.article is None:
            self.word = None
            return
        hint, self._word_hint = self._word_hint, None
        if self.word is not None and rng[0] <= self.word[0] and self.word[1] <= rng[1]:
            return
        text = self.article.text
        if hint is not None and rng[0] <= hint < rng[1]:
            self.word = words.token_at(text, rng, hint)
        else:
            self.word = words.first_word(text, rng)

    def _move_word(self, index: int, word: reading.Range | None) -> None:
        """Put the sentence cursor on unit `index` and the word cursor on `word` (one of its
        tokens); a selection by keys follows the word."""
        self.cursor, self.word = index, word
        if self.selection is not None and self.anchor_word is not None and word is not None:
            lo, hi = words.span(self.anchor_word, word)
            self.selection = (lo, hi) if word[0] >= self.anchor_word[0] else (hi, lo)
        self._changed()

    def _move(self, index: int) -> None:
        """Put the cursor on unit `index` (sentence and paragraph motions): the word cursor on
        its first word, or, in a selection, on its last or first token (whole units)."""
        if not self.units or self.article is None:
            return
        index = max(0, min(index, len(self.units) - 1))
        rng = self.units[index]
        text = self.article.text
        if self.selection is not None and self.anchor_word is not None:
            anchor = reading.unit_at(self._ustarts, self._uends, self.anchor_word[0])
            word = words.edge_token(text, rng, last=index >= anchor)
        else:
            word = words.first_word(text, rng)
        self._move_word(index, word)

    def _word_motion(self, forward: bool, words_only: bool = False) -> None:
        if self.article is None or self.cursor_range is None:
            return
        found = words.step(
            self.article.text, self.units, self.cursor, self.word, forward, words_only
        )
        if found is not None:
            self._move_word(*found)

    def action_step_word(self, step: int) -> None:
        """`w` (step 1) / `b` (step -1): the next / previous token, punctuation included."""
        self._word_motion(step > 0)

    def action_word_end(self) -> None:
        """`e`: the next word, passing over punctuation."""
        self._word_motion(True, words_only=True)

    def action_sentence_edge(self, step: int) -> None:
        """`0` (step -1) / `$` (step 1): the first / last word of the sentence."""
        rng = self.cursor_range
        if rng is None or self.article is None:
            return
        edge = words.last_word if step > 0 else words.first_word
        self._move_word(self.cursor, edge(self.article.text, rng))

    def action_select(self) -> None:
        """`v`: start a selection at the word under the cursor, or clear the selection."""
        rng = self.cursor_range
        if self.selection is not None:
            self.selection, self.anchor_unit, self.anchor_word = None, None, None
            self._changed()
        elif rng is not None:
            self.anchor_unit = self.cursor
            self.anchor_word = self.word or rng  # a unit without tokens: the whole unit
            self.selection = self.anchor_word
            self._changed()

    def action_word(self, step: int) -> None:
        """shift+right (step 1) / shift+left (step -1): move the selection's head a token that
        way, starting a selection at the cursor's word if there is none."""
        if self.selection is None:
            self.action_select()
        self._word_motion(step > 0)
