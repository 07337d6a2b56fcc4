"""Keyword in context: each matched word (or run of adjacent matched words) of a search, with
its left and right context, for a column-aligned concordance.

    lines = kwic(index.search("contract"), width=40)
    sort_lines(lines, "left")     # by the words just before the keyword, nearest first
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gpreader.search.rank import Hit
from gpreader.text import fold

SORTS = ("rank", "left", "right", "keyword", "article")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
JOIN_GAP = 3  # matched words at most this many characters apart are one keyword


@dataclass(frozen=True)
class KwicLine:
    """One concordance line. `start`/`end`: the keyword's offsets in the article's text."""

    rank: int  # the hit's place in the search results, from 0
    article: str
    title: str
    start: int
    end: int
    left: str
    keyword: str
    right: str

    def to_json(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "article": self.article,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "left": self.left,
            "keyword": self.keyword,
            "right": self.right,
        }


def kwic(hits: Iterable[Hit], width: int = 40) -> list[KwicLine]:
    """One line per keyword of each hit: up to `width` characters of context on each side,
    taken from the hit's paragraph, on one line (whitespace runs made one space)."""
    lines = []
    for rank, hit in enumerate(hits):
        context, origin = (hit.context, hit.context_start) if hit.context else (hit.text, hit.start)
        for a, b in _keywords(hit.terms):
            start, end = hit.start + a, hit.start + b
            lo, hi = start - origin, end - origin
            left = _one_line(context[max(0, lo - width * 2) : lo])[-width:]
            right = _one_line(context[hi : hi + width * 2])[:width]
            keyword = _one_line(context[lo:hi])
            lines.append(KwicLine(rank, hit.article, hit.title, start, end, left, keyword, right))
    return lines


def _keywords(terms: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Matched word ranges, adjacent ones (a space or punctuation apart) joined."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(terms):
        if out and a - out[-1][1] <= JOIN_GAP:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(fold(text))]


def sort_lines(lines: list[KwicLine], by: str = "rank") -> list[KwicLine]:
    """Lines sorted by search rank, by the words left of the keyword (nearest first), by the
    words right of it, by the keyword, or by article and place."""
    if by == "rank":
        return sorted(lines, key=lambda x: (x.rank, x.start))
    if by == "left":
        return sorted(lines, key=lambda x: (_words(x.left)[::-1], _words(x.keyword)))
    if by == "right":
        return sorted(lines, key=lambda x: (_words(x.right), _words(x.keyword)))
    if by == "keyword":
        return sorted(lines, key=lambda x: (_words(x.keyword), _words(x.right)))
    if by == "article":
        return sorted(lines, key=lambda x: (x.article, x.start))
    raise ValueError(f"sort one of {', '.join(SORTS)}, not {by!r}")


def aligned(lines: Iterable[KwicLine], width: int = 40) -> list[tuple[str, tuple[int, int]]]:
    """Each line as text with the keywords in one column, and the keyword's range in it."""
    out = []
    for line in lines:
        text = f"{line.left.rjust(width)}{line.keyword}{line.right}"
        out.append((text, (width, width + len(line.keyword))))
    return out
