"""Reading logic behind the workbench: display blocks, cursor units, motions, highlight lookup,
tag-view listings and library sorting (tag input and ranking: codebook.py).

Pure core: no Textual, no Rich. Offsets are code points into `Article.text`.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from gpreader import codebook
from gpreader.models import Article, ArticleSummary, Coders, Highlight, coder_set

if TYPE_CHECKING:
    from gpreader.store import AnnotationStore

DISPLAY_KINDS = ("title", "heading", "paragraph", "furniture", "comment_header")
UNIT_KINDS = ("title", "heading", "paragraph")  # blocks that are units when no sentence tiles them
SORT_KEYS = ("title", "date", "words", "comments", "highlights", "path")
Range = tuple[int, int]


class Block(NamedTuple):
    """One displayed block of an article: a title, heading, paragraph, furniture line or the
    header line of a reader comment. (A named tuple: a 5 MB article has ~35,000 of them, made
    in a third of the time a frozen dataclass takes.)"""

    kind: str
    start: int
    end: int
    section: str
    author: str | None = None
    date: str | None = None


# -- blocks and units -----------------------------------------------------------------


def blocks(article: Article) -> list[Block]:
    """The blocks to display, in text order, without overlaps; text no span covers (if any)
    becomes paragraphs line by line, so nothing of the article is ever hidden."""
    chosen: list[Block] = []
    end = 0
    text = article.text
    spans = [s for s in article.spans if s.kind in DISPLAY_KINDS]
    spans.sort(key=attrgetter("start"))  # stable: already in order, as the store keeps them
    for s in spans:
        if s.start < end or s.end <= s.start:
            continue
        if s.start - end > 2 and not text[end : s.start].isspace():
            chosen.extend(_gap_blocks(text, end, s.start))
        chosen.append(Block(s.kind, s.start, s.end, s.section, s.author, s.date))
        end = s.end
    chosen.extend(_gap_blocks(text, end, len(text)))
    return chosen


def _gap_blocks(text: str, start: int, end: int) -> list[Block]:
    """Non-blank lines of text[start:end], trimmed, as body paragraphs."""
    found: list[Block] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = text[pos:stop]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            trail = len(line) - len(line.rstrip())
            found.append(Block("paragraph", pos + lead, stop - trail, "body"))
        pos = stop + 1
    return found


def units(article: Article, shown: Sequence[Block]) -> list[Range]:
    """The ranges the reading cursor steps through: sentences, plus any title, heading or
    paragraph block that no sentence lies in (so the title can be coded too)."""
    sentences = [(s.start, s.end) for s in article.spans if s.kind == "sentence"]
    sentences.sort()  # linear: the store keeps spans in text order
    starts = [s for s, _ in sentences]
    extra = [
        (b.start, b.end)
        for b in shown
        if b.kind in UNIT_KINDS and not _any_between(starts, b.start, b.end)
    ]
    if extra:
        sentences += extra
        sentences.sort()
    return list(dict.fromkeys(sentences))  # sorted, each range once (no set: order kept)


def _any_between(starts: list[int], lo: int, hi: int) -> bool:
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def unit_at(starts: Sequence[int], ends: Sequence[int], offset: int) -> int:
    """Index of the unit holding `offset`, else the next one, else the last; -1 if none."""
    if not starts:
        return -1
    i = bisect_right(starts, offset) - 1
    if i >= 0 and offset < ends[i]:
        return i
    return min(i + 1, len(starts) - 1)


def paragraph_move(
    shown: Sequence[Block], unit_ranges: Sequence[Range], index: int, step: int
) -> int:
    """The unit `}` (step 1) or `{` (step -1) moves to: the first unit of the next block that
    has one; backwards, the first unit of this block, or of the previous one if already there."""
    if not unit_ranges:
        return -1
    starts = [b.start for b in shown]
    unit_starts = [s for s, _ in unit_ranges]

    def first_unit(block: int) -> int | None:
        b = shown[block]
        i = bisect_left(unit_starts, b.start)
        return i if i < len(unit_starts) and unit_starts[i] < b.end else None

    here = bisect_right(starts, unit_ranges[index][0]) - 1
    if step < 0 and here >= 0:
        first = first_unit(here)
        if first is not None and first != index:
            return first
    block = here + step
    while 0 <= block < len(shown):
        found = first_unit(block)
        if found is not None and found != index:
            return found
        block += step
    return 0 if step < 0 else len(unit_ranges) - 1


# -- graphemes (words: gpreader.words) ----------------------------------------------


def grapheme_start(text: str, offset: int) -> int:
    """`offset` moved back so it does not split a combining sequence or an emoji sequence."""
    i = max(0, min(offset, len(text)))
    if 0 < i < len(text) and _regional(text[i]):
        run = i
        while run > 0 and _regional(text[run - 1]):
            run -= 1
        i -= (i - run) % 2  # flags are pairs of regional indicators
    while 0 < i < len(text) and (
        unicodedata.category(text[i]).startswith("M")
        or text[i] in "\u200d\ufe0f"
        or text[i - 1] == "\u200d"
        or 0x1F3FB <= ord(text[i]) <= 0x1F3FF  # skin tone modifiers
    ):
        i -= 1
    return i


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


# -- highlights ----------------------------------------------------------------------


def drawable(highlights: Iterable[Highlight], length: int) -> list[Highlight]:
    """The highlights that have a place in the text (orphans have none), by start."""
    return sorted(
        (h for h in highlights if h.status != "orphaned" and 0 <= h.start < h.end <= length),
        key=lambda h: (h.start, h.end),
    )


def exact_highlight(highlights: Iterable[Highlight], start: int, end: int) -> Highlight | None:
    """The placed highlight covering exactly text[start:end]."""
    for h in highlights:
        if h.status != "orphaned" and h.start == start and h.end == end:
            return h
    return None


def highlight_under(highlights: Iterable[Highlight], start: int, end: int) -> Highlight | None:
    """The highlight a note or delete applies to: exact range first, then the smallest one
    containing the range, then the one overlapping it most."""
    placed = [h for h in highlights if h.status != "orphaned" and h.start < end and h.end > start]
    if not placed:
        return None
    exact = exact_highlight(placed, start, end)
    if exact:
        return exact
    containing = [h for h in placed if h.start <= start and h.end >= end]
    if containing:
        return min(containing, key=lambda h: (h.end - h.start, h.start))
    return max(placed, key=lambda h: (min(h.end, end) - max(h.start, start), -h.start))


def adjacent_highlight(highlights: Sequence[Highlight], offset: int, step: int) -> Highlight | None:
    """The next (step 1) or previous (step -1) placed highlight starting after / before `offset`."""
    placed = sorted(
        (h for h in highlights if h.status != "orphaned"), key=lambda h: (h.start, h.end)
    )
    if step > 0:
        return next((h for h in placed if h.start > offset), None)
    return next((h for h in reversed(placed) if h.start < offset), None)


# -- tag view ------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A tagged passage with a little context on each side."""

    highlight: Highlight
    before: str
    after: str


@dataclass(frozen=True)
class PassageGroup:
    """The passages with a tag in one article."""

    article: str
    title: str
    passages: list[Passage]


def squash(text: str) -> str:
    """Whitespace runs (newlines included) as single spaces."""
    return " ".join(text.split())


def tag_passages(store: AnnotationStore, tag: str, coder: Coders = None) -> list[PassageGroup]:
    """Every live highlight with `tag` (or a child tag) across the corpus, grouped by article in
    path order, in reading order, each with its stored prefix/suffix as context. With a
    `coder` (one or several): only where they applied the tag (or a child)."""
    groups: list[PassageGroup] = []
    names = coder_set(coder)
    for h in store.highlights(tag=tag):
        if names is not None and not any(
            codebook.in_subtree(t, tag) and h.tag_coder(t) in names for t in h.tags
        ):
            continue
        if not groups or groups[-1].article != h.article:
            groups.append(PassageGroup(h.article, h.title or h.article, []))
        before = squash(h.prefix) + (" " if h.prefix[-1:].isspace() else "")
        after = (" " if h.suffix[:1].isspace() else "") + squash(h.suffix)
        groups[-1].passages.append(Passage(h, before, after))
    return groups


# -- library -------------------------------------------------------------------------


def filter_articles(rows: Iterable[ArticleSummary], query: str) -> list[ArticleSummary]:
    """Rows whose title, path or date holds every word of `query` (ignoring case)."""
    terms = query.casefold().split()
    if not terms:
        return list(rows)
    return [
        r
        for r in rows
        if all(term in f"{r.title}\n{r.path}\n{r.date or ''}".casefold() for term in terms)
    ]


def sort_articles(
    rows: Iterable[ArticleSummary], key: str, descending: bool = False
) -> list[ArticleSummary]:
    """Rows sorted by one of SORT_KEYS; rows without a date go last either way."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}")
    rows = list(rows)
    if key == "date":
        dated = sorted(
            (r for r in rows if r.date), key=attrgetter("date", "path"), reverse=descending
        )
        return dated + sorted((r for r in rows if not r.date), key=attrgetter("path"))
    if key in ("title", "path"):
        return sorted(rows, key=lambda r: (getattr(r, key).casefold(), r.path), reverse=descending)
    return sorted(rows, key=attrgetter(key, "path"), reverse=descending)


def clip(text: str, limit: int) -> str:
    """Whitespace squashed and cut to `limit` characters with an ellipsis."""
    text = squash(text)
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"
