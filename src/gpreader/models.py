"""Plain data shared by every layer: articles, spans, highlights, tags.

All offsets are Python code-point offsets into an article's canonical text.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

SpanKind = Literal[
    "title",  # the headline (printed once; a repeat is furniture)
    "heading",  # a short cross-heading or caption inside the body
    "paragraph",  # a body or comment paragraph
    "sentence",  # a sentence inside a paragraph or heading
    "comment",  # one reader comment: its header line and its text
    "comment_header",  # "Author Name 7 February, 2024 12:04 pm"
    "furniture",  # site boilerplate: dimmed, never deleted
]
Section = Literal["title", "body", "comments", "furniture"]
AnchorStatus = Literal["anchored", "fuzzy", "orphaned"]
Coders = str | Collection[str] | None  # whose coding: one coder, several, or (None) everyone


def coder_set(coders: Coders) -> frozenset[str] | None:
    """The names `coders` stands for; None for everyone."""
    if coders is None:
        return None
    return frozenset((coders,)) if isinstance(coders, str) else frozenset(coders)


@dataclass(frozen=True, slots=True)
class Span:
    """A typed range of an article's canonical text."""

    kind: SpanKind
    start: int
    end: int
    section: Section
    author: str | None = None  # comment / comment_header only
    date: str | None = None  # ISO date or datetime, comment / comment_header only


@dataclass(frozen=True)
class Article:
    """One decoded, structured article."""

    path: str  # path relative to the corpus folder, with forward slashes
    sha256: str  # of the canonical text, UTF-8 encoded
    text: str  # canonical text: decoded, \n line ends, controls replaced
    encoding: str  # "utf-8", "utf-8-sig" or "cp1252"
    title: str
    date: str | None  # ISO yyyy-mm-dd when one was found
    words: int
    comments: int
    spans: tuple[Span, ...] = ()
    size: int = 0  # bytes on disk
    mtime_ns: int = 0

    def spans_of(self, kind: SpanKind) -> list[Span]:
        """The spans of one kind, in text order."""
        return [s for s in self.spans if s.kind == kind]

    @property
    def sentences(self) -> list[Span]:
        return self.spans_of("sentence")

    @property
    def paragraphs(self) -> list[Span]:
        return self.spans_of("paragraph")

    def section_at(self, offset: int) -> Section:
        """The section ("title", "body", "comments", "furniture") holding `offset`."""
        blocks = ("title", "paragraph", "heading", "furniture", "comment_header")
        for span in self.spans:
            if span.kind in blocks and span.start <= offset < span.end:
                return span.section
        return "body"


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the library: what `gpreader articles` lists."""

    path: str
    title: str
    date: str | None
    words: int
    comments: int
    highlights: int
    missing: bool = False  # the file has gone from the folder; annotations are kept


@dataclass(frozen=True)
class Tag:
    """A code. Paths are hierarchical: `policy/contract`."""

    path: str
    color: str = ""  # "#RRGGBB"
    description: str = ""
    quick_key: int | None = None  # 1-9
    highlights: int = 0  # live highlights carrying it (filled by listings)
    articles: int = 0  # articles with such a highlight (filled by listings)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def parent(self) -> str | None:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else None


@dataclass(frozen=True)
class Highlight:
    """A coded passage. `exact` is text[start:end] of the article it is anchored in."""

    id: str
    article: str  # article path
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    article_sha256: str
    note: str = ""
    coder: str = ""
    created: str = ""
    updated: str = ""
    status: AnchorStatus = "anchored"
    score: float | None = None  # fuzzy match score 0-100 when status is "fuzzy"
    tags: tuple[str, ...] = field(default=())
    deleted: str | None = None  # time of a soft delete
    title: str = ""  # the article's title
    tag_coders: tuple[str, ...] = field(default=())  # who applied each tag, aligned with `tags`

    def tag_coder(self, tag: str) -> str:
        """Who applied `tag` to this highlight (its own coder when not recorded)."""
        if tag in self.tags and len(self.tag_coders) == len(self.tags):
            return self.tag_coders[self.tags.index(tag)] or self.coder
        return self.coder


class HighlightRecord(NamedTuple):
    """A highlight as bulk reads (exports) get it: `Highlight`'s fields in the same order, as a
    tuple built without running Python code per row."""

    id: str
    article: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    article_sha256: str
    note: str
    coder: str
    created: str
    updated: str
    status: AnchorStatus
    score: float | None
    tags: tuple[str, ...]
    deleted: str | None = None
    title: str = ""
    tag_coders: tuple[str, ...] = ()


class StoredArticle(NamedTuple):
    """What a corpus refresh needs to know about an article already in the database."""

    id: int
    path: str
    sha256: str
    size: int
    mtime_ns: int
    missing: bool


class StoredAnchor(NamedTuple):
    """Where a highlight was anchored, for re-anchoring it in an edited article."""

    id: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class Anchoring(NamedTuple):
    """A highlight's new place after re-anchoring (`start` etc. None: orphaned, kept as was)."""

    id: str
    status: AnchorStatus
    score: float | None
    start: int | None = None
    end: int | None = None
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    article_sha256: str | None = None


@dataclass
class ImportReport:
    """What a corpus refresh did."""

    loaded: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    relinked: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path)
    missing: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    reanchored: dict[str, int] = field(default_factory=dict)  # status -> count
