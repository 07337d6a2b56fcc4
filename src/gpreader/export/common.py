"""What every export format shares: filters, the selected highlights, titles, sections, counts."""

from __future__ import annotations

import heapq
import re
import uuid
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from gpreader import codebook as tagging
from gpreader.errors import InvalidInputError
from gpreader.export.article_attributes import ArticleAttributes
from gpreader.models import AnchorStatus, Article, Coders, HighlightRecord, Tag
from gpreader.store import AnnotationStore, HighlightFilter

Progress = Callable[[int, int], None]  # (done, total)
STATUSES: tuple[AnchorStatus, ...] = ("anchored", "fuzzy", "orphaned")
NAMESPACE = uuid.UUID("7f3c1c52-3c2b-5a1e-9d0c-6a1f0e4b2d10")  # gpreader's uuid5 namespace
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BLOCKS = ("title", "paragraph", "heading", "furniture", "comment_header")
_CANONICAL_UUID = re.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Characters XML 1.0 cannot carry; replaced one-for-one so offsets stay valid.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Filters:
    """Which highlights to export. `article` is a resolved article path; `since` an ISO date."""

    tag: str | None = None
    article: str | None = None
    coder: Coders = None  # who made the highlight: one coder or several
    since: str | None = None
    status: AnchorStatus | None = None
    query: str | None = None  # retrieval by code (search/codes.py): only the passages it selects

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise InvalidInputError(f"status must be one of {', '.join(STATUSES)}")
        if self.tag is not None:
            object.__setattr__(self, "tag", tagging.normalize(self.tag))
        if self.since is not None:
            object.__setattr__(self, "since", parse_since(self.since))


def parse_since(value: str) -> str:
    """`2024-05-01` or an ISO date-time, as a string comparable with stored UTC stamps."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputError(f"{value!r} is not a date; use YYYY-MM-DD") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # stamps are stored in UTC
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def utc_stamp(value: str) -> str | None:
    """A stored time stamp as xsd:dateTime in UTC (`2024-05-01T10:00:00Z`), or None."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return xsd_utc(moment)


def xsd_utc(moment: datetime) -> str:
    """`moment` as xsd:dateTime in UTC (`0999-05-01T10:00:00Z`: four-digit years, which
    strftime does not give); a naive one is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    m = moment.astimezone(UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def stable_uuid(kind: str, key: str) -> str:
    """A UUID derived from what it names, so the same export gives the same ids every time."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def as_uuid(kind: str, key: str) -> str:
    """`key` itself when it is a UUID (highlight ids are), else one derived from it."""
    if _CANONICAL_UUID.fullmatch(key):
        return key  # what str(uuid.UUID(key)) gives, without parsing it
    try:
        return str(uuid.UUID(key))
    except ValueError:
        return stable_uuid(kind, key)


def xml_text(value: str) -> str:
    """Text XML 1.0 can carry: forbidden characters become U+FFFD (same length)."""
    return _NOT_XML.sub("\ufffd", value)


@contextmanager
def read_snapshot(store: AnnotationStore) -> Iterator[None]:
    """Read everything from one consistent snapshot, even while other processes write."""
    with store.snapshot():
        yield


Block = tuple[int, int, str]  # a block span's start, end and section


class _Sections:
    """`Article.section_at`, precomputed so each lookup is a bisect: over the blocks
    themselves when they do not overlap (as parsed articles' blocks do: most of the time an
    export of 10,000 articles took went to the sweep), else over every boundary."""

    def __init__(self, blocks: list[Block]) -> None:
        kept = sorted((b for b in blocks if b[0] < b[1]), key=lambda b: b[0])  # empty: no cover
        # at most one block covers an offset when none overlap: the last starting before it
        self.disjoint = all(a[1] <= b[0] for a, b in pairwise(kept))
        if self.disjoint:
            self.lowest = min([0, *(b[0] for b in blocks), *(b[1] for b in blocks)])
            self.bounds = [b[0] for b in kept]  # the blocks' starts
            self.ends = [b[1] for b in kept]
            self.labels = [b[2] for b in kept]
        else:
            self.bounds = sorted({0} | {s for s, _, _ in blocks} | {e for _, e, _ in blocks})
            self.labels = _first_covering(blocks, self.bounds)

    def at(self, offset: int) -> str:
        """The section at `offset` (no bound method kept on the instance: exports run with
        the cycle collector paused)."""
        if not self.disjoint:
            return self.labels[max(bisect_right(self.bounds, offset) - 1, 0)]
        if offset < self.lowest:  # below every bound: as the first bound (no `max` call)
            offset = self.lowest
        i = bisect_right(self.bounds, offset) - 1
        return self.labels[i] if i >= 0 and offset < self.ends[i] else "body"


def _first_covering(blocks: list[Block], bounds: list[int]) -> list[str]:
    """For each of the ascending `bounds`, the section of the first block (in `blocks`' order)
    with start <= bound < end, else "body": one sweep, not a scan of every block per bound
    (quadratic: 0.6 ms an article with comments, seconds over 10,000 articles)."""
    starts = sorted(range(len(blocks)), key=lambda i: blocks[i][0])
    active: list[tuple[int, int]] = []  # (index in blocks, end) of blocks started so far
    labels: list[str] = []
    at = 0
    for bound in bounds:
        while at < len(starts) and blocks[starts[at]][0] <= bound:
            heapq.heappush(active, (starts[at], blocks[starts[at]][1]))
            at += 1
        while active and active[0][1] <= bound:  # ended: it covers no later bound either
            heapq.heappop(active)
        labels.append(blocks[active[0][0]][2] if active else "body")
    return labels


Record = HighlightRecord  # a highlight as exports read it (light: a tuple, not a dataclass)


def tag_appliers(h: Record) -> list[str]:
    """Who applied each of `h.tags`, aligned with them (the highlight's coder where a record
    carries no coder for a tag)."""
    known = h.tag_coders if len(h.tag_coders) == len(h.tags) else ()
    return [c or h.coder for c in known] if known else [h.coder] * len(h.tags)


def selection(filters: Filters) -> HighlightFilter:
    """The store's highlight filter for export filters."""
    f = filters
    return HighlightFilter(
        article=f.article, tag=f.tag, coder=f.coder, status=f.status, since=f.since
    )


class TagCounts:
    """Highlights and articles per tag, counted as highlights stream past (`add`)."""

    def __init__(self) -> None:
        self.highlights: Counter[str] = Counter()
        self.articles: dict[str, set[str]] = {}

    def add(self, h: Record) -> None:
        for t in h.tags:
            self.highlights[t] += 1
            self.articles.setdefault(t, set()).add(h.article)


class ExportData:
    """The highlights one export covers, with their articles and codebook.

    The highlights are streamed from the store's one highlight query (`records()`), a batch
    at a time, in reading order (grouped by article); `total` is known up front (a count),
    `ids` on first use (a light read of them). Soft-deleted highlights are never included;
    orphaned ones are (with their status). With a tag filter, highlights carrying the tag or a child
    are kept, and only the tags inside that subtree are shown on them and in the codebook.
    Read everything inside one `read_snapshot`, so the passes agree.
    """

    ARTICLES_KEPT = 8  # articles cached at a time (records come grouped by article)

    def __init__(
        self, store: AnnotationStore, filters: Filters | None = None, root: Path | None = None
    ) -> None:
        self.store = store
        self.filters = filters or Filters()
        self.root = root  # the articles folder, when known (W3C points into its files)
        self.selection = selection(self.filters)
        self.chosen: set[str] | None = None  # what the query selects (None: no query)
        if self.filters.query is not None:
            from gpreader.search.codes import Passages  # only an export with a query needs it

            self.chosen = Passages(store).ids(self.filters.query)
        # the ids only when a query picks among them; else a count (w3c reads `ids` itself)
        self.total = (
            len(self.ids) if self.chosen is not None else store.highlight_count(self.selection)
        )
        self._articles: OrderedDict[str, Article] = OrderedDict()
        self._sections: dict[str, _Sections] = {}

    @cached_property
    def ids(self) -> list[str]:
        """The selected highlights' ids, sorted (read without the records)."""
        found = self.store.highlight_ids(self.selection)
        chosen = self.chosen
        return found if chosen is None else [i for i in found if i in chosen]

    def records(self, *, quotes: bool = True) -> Iterator[Record]:
        """The selected highlights, streamed in reading order (a new pass on each call);
        without `quotes`, records carry no quote context, sha256 or score (a faster read)."""
        found = self.store.highlight_records(self.selection, subtree_tags_only=True, quotes=quotes)
        chosen = self.chosen
        return found if chosen is None else (r for r in found if r.id in chosen)

    def orphaned(self) -> list[Record]:
        """The selected orphaned highlights, in reading order (read alone: few, as a rule)."""
        if self.filters.status not in (None, "orphaned"):
            return []
        found = self.store.highlight_records(
            replace(self.selection, status="orphaned"), subtree_tags_only=True
        )
        chosen = self.chosen
        return [r for r in found if chosen is None or r.id in chosen]

    @cached_property
    def highlights(self) -> list[Record]:
        """Every selected highlight in memory, for formats that need them all at once;
        streaming writers use `records()`."""
        return list(self.records())

    @cached_property
    def attributes(self) -> ArticleAttributes:
        """The articles' attributes (read once, on first use)."""
        return ArticleAttributes(self.store, self.filters.article)

    def article(self, path: str) -> Article:
        """The article at `path`, its spans not read (`article_text`: no export needs them;
        the last few are kept: records come grouped by article)."""
        found = self._articles.get(path)
        if found is None:
            found = self._articles[path] = self.store.export_article(path)
            if len(self._articles) > self.ARTICLES_KEPT:
                self._articles.popitem(last=False)
        else:
            self._articles.move_to_end(path)
        return found

    def title(self, h: Record) -> str:
        return h.title

    def section(self, h: Record) -> str:
        """Where the highlight starts (title/body/comments/furniture); "" when orphaned."""
        return "" if h.status == "orphaned" else self.sections(h.article)(h.start)

    def sections(self, path: str) -> Callable[[int], str]:
        """offset -> section of one article (of the empty path: always "body")."""
        found = self._sections.get(path)
        if found is None:
            found = _Sections(self.blocks(path) if path else [])
            if len(self._sections) > self.ARTICLES_KEPT:  # records come grouped by article
                self._sections.clear()
            self._sections[path] = found
        return found.at

    def blocks(self, path: str) -> list[Block]:
        """The block spans of the article at `path` (read alone: not the whole article)."""
        return self.store.section_blocks(path, _BLOCKS)

    def article_paths(self) -> list[str]:
        """The articles a project export carries: the filtered one, else the whole library."""
        if self.filters.article is not None:
            return [self.filters.article]
        return self.store.export_paths()  # the library order, without its counts

    def codebook(self, counts: TagCounts | None = None) -> list[Tag]:
        """The tags (the subtree of the tag filter, if any), counted over these highlights
        (`counts` when a writer counted them on its pass, else by a pass of its own). The
        store's own counts are not read: they are replaced (counting in SQL joins every tag
        link to its highlight: 1.1 s of CPU at 100,000 highlights)."""
        tags = self.store.tags(counted=False)
        if self.filters.tag is not None:
            tags = [t for t in tags if tagging.in_subtree(t.path, self.filters.tag)]
        if counts is None:
            counts = TagCounts()
            for h in self.records(quotes=False):
                counts.add(h)
        return [
            replace(
                t,
                highlights=counts.highlights[t.path],
                articles=len(counts.articles.get(t.path, ())),
            )
            for t in tags
        ]


def ticker(progress: Progress | None, total: int, every: int = 1000) -> Callable[[int], None]:
    """A `tick(done)` that forwards every `every`-th step, and the last, to `progress`."""

    def tick(done: int) -> None:
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total)

    return tick
