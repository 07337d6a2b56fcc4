"""Two coders' codings of one article side by side: paired, aligned by paragraph, compared.

Each coder's highlights are those they made or applied a tag to (a tag counts for whoever
applied it). A highlight of one coder is paired with the other's highlight that overlaps it
most; a pair agrees when extent and tags are the same. What is left is a difference:

    only A / only B       one coded the passage, the other did not
    tags differ           same passage, different tags
    extent differs        same tags, different start or end
    tags and extent differ
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gpreader.models import Highlight
from gpreader.store import AnnotationStore

CONSENSUS = "consensus"


@dataclass(frozen=True)
class Coding:
    """One coder's highlight as that coder sees it: extent and the tags they applied."""

    highlight: Highlight
    tags: tuple[str, ...]

    @property
    def start(self) -> int:
        return self.highlight.start

    @property
    def end(self) -> int:
        return self.highlight.end


@dataclass(frozen=True)
class Pair:
    """A passage and what each coder did there (None: nothing)."""

    first: Coding | None
    second: Coding | None

    @property
    def start(self) -> int:
        return min(c.start for c in (self.first, self.second) if c is not None)

    @property
    def end(self) -> int:
        return max(c.end for c in (self.first, self.second) if c is not None)

    @property
    def verdict(self) -> str:
        """ "agree", or how the two differ."""
        a, b = self.first, self.second
        if a is None or b is None:
            return "only first" if b is None else "only second"
        same_tags = set(a.tags) == set(b.tags)
        same_extent = (a.start, a.end) == (b.start, b.end)
        if same_tags and same_extent:
            return "agree"
        if same_extent:
            return "tags differ"
        return "extent differs" if same_tags else "tags and extent differ"


@dataclass(frozen=True)
class Comparison:
    """An article's pairs in text order, and its paragraphs (start, end) for alignment."""

    article: str
    coders: tuple[str, str]
    pairs: tuple[Pair, ...]
    paragraphs: tuple[tuple[int, int], ...]

    @property
    def differences(self) -> list[Pair]:
        return [p for p in self.pairs if p.verdict != "agree"]

    def paragraph_of(self, offset: int) -> int:
        """The index of the paragraph holding `offset` (the last one starting before it)."""
        index = 0
        for i, (start, _) in enumerate(self.paragraphs):
            if start <= offset:
                index = i
        return index


def codings(highlights: Sequence[Highlight], coder: str) -> list[Coding]:
    """The coder's view of the highlights: the tags that coder applied, on any highlight."""
    found = []
    for h in highlights:
        tags = tuple(t for t in h.tags if h.tag_coder(t) == coder)
        if tags or (h.coder == coder and not h.tags):
            found.append(Coding(h, tags))
    return found


def pair_up(first: list[Coding], second: list[Coding]) -> list[Pair]:
    """Pair each coding with the other coder's that overlaps it most (each used once)."""
    pairs: list[Pair] = []
    taken: set[int] = set()
    for a in first:
        best, overlap = None, 0
        for i, b in enumerate(second):
            shared = min(a.end, b.end) - max(a.start, b.start)
            if i not in taken and shared > overlap:
                best, overlap = i, shared
        if best is None:
            pairs.append(Pair(a, None))
        else:
            taken.add(best)
            pairs.append(Pair(a, second[best]))
    pairs += [Pair(None, b) for i, b in enumerate(second) if i not in taken]
    return sorted(pairs, key=lambda p: (p.start, p.end))


def compare(store: AnnotationStore, article: str, first: str, second: str) -> Comparison:
    """Compare two coders on one article."""
    highlights = [h for h in store.highlights(article) if h.status != "orphaned"]
    text = store.article(article)
    kinds = {"title", "heading", "paragraph"}
    paragraphs = tuple(sorted((s.start, s.end) for s in text.spans if s.kind in kinds))
    pairs = pair_up(codings(highlights, first), codings(highlights, second))
    return Comparison(article, (first, second), tuple(pairs), paragraphs or ((0, len(text.text)),))


def adopt(store: AnnotationStore, coding: Coding, consensus: str = CONSENSUS) -> Highlight:
    """Copy a coding (extent, tags and note) into the consensus coder, as one undoable step."""
    h = coding.highlight
    return store.add_highlight(
        h.article,
        h.start,
        h.end,
        tags=coding.tags,
        note=h.note,
        coder=consensus,
    )
