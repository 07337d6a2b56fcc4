"""Re-anchor highlights in edited articles: through the diff first, the quote only to confirm.

`reanchor_all(old_text, new_text, anchors)` is the main path. It diffs the old text against the
new one once (common head and tail cut off, then lines, then tokens, then characters of the
blocks that changed) and maps each highlight's start and end through that diff:

- the mapped text equals `exact`: "anchored" (and "anchored" always means exactly that);
- the words were edited but at least SURVIVE of its characters are kept (or of its words, when
  its first and last characters are kept), and the mapped range (trimmed) scores at least
  CONFIRM (`fuzz.ratio`, folded, case-blind) against `exact`: "fuzzy", with that score;
- otherwise orphaned (None), unless the very quote occurs in text the diff says is new, in a
  changed block whose old side did not hold it, and no fewer times than in the old text (a
  moved paragraph), with its context or at least MOVED_MIN characters long.

A highlight is never moved onto words that were already there: a wrong anchor is worse than an
orphan. A highlight whose stored offsets do not hold its `exact` in the old text (one already
orphaned, or stale) falls back to `reanchor`.

`reanchor(text, start, end, quote)`, for when the old text is not available, is quote matching
in the manner of Hypothesis and W3C TextQuote selectors: at the old offsets; at every
occurrence of `exact` (compared after `fold`, whitespace runs relaxed), picking the one whose
surroundings best match prefix/suffix (CONTEXT characters each); at the best fuzzy window
(rapidfuzz `fuzz.ratio`), first near the old position, then around where pieces of the quote
or its context occur. A fuzzy window must score at least FUZZY_THRESHOLD = 75 of 100 on folded
text; otherwise the highlight is orphaned (None).
"""

from gpreader.anchoring.diff import diff_ops
from gpreader.anchoring.mapping import TextDiff, reanchor_all
from gpreader.anchoring.quotes import (
    CONTEXT,
    FUZZY_THRESHOLD,
    Anchor,
    Quote,
    find_quote,
    quote_at,
    reanchor,
)
from gpreader.text import fold

__all__ = [
    "CONTEXT",
    "FUZZY_THRESHOLD",
    "Anchor",
    "Quote",
    "TextDiff",
    "diff_ops",
    "find_quote",
    "fold",
    "quote_at",
    "reanchor",
    "reanchor_all",
]
