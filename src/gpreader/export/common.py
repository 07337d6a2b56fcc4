"""What every export format shares: filters, the selected highlights, titles, sections, counts."""

from __future__ import annotations

import gc
import re
import uuid
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from gpreader import codebook as tagging
from gpreader.errors import InvalidInputError
from gpreader.models import AnchorStatus, Article, HighlightRecord, Tag
from gpreader.store import AnnotationStore, HighlightFilter

Progress = Callable[[int, int], None]  # (done, total)
STATUSES: tuple[AnchorStatus, ...] = ("anchored", "fuzzy", "orphaned")
NAMESPACE = uuid.UUID("7f3c1c52-3c2b-5a1e-9d0c-6a1f0e4b2d10")  # gpreader's uuid5 namespace
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BLOCKS = ("title", "paragraph", "heading", "furniture", "comment_header")
# Characters XML 1.0 cannot carry; replaced one-for-one so offsets stay valid.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Filters:
    """Which highlights to export. `article` is a resolved article path; `since` an ISO date."""

    tag: str | None = None
    article: str | None = None
    coder: str | None = None
    since: str | None = None
    status: AnchorStatus | None = None

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
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stable_uuid(kind: str, key: str) -> str:
    """A UUID derived from what it names, so the same export gives the same ids every time."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def as_uuid(kind: str, key: str) -> str:
    """`key` itself when it is a UUID (highlight ids are), else one derived from it."""
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


class _Sections:
    """`Article.section_at`, precomputed per boundary so each lookup is a bisect."""

    def __init__(self, article: Article | None) -> None:
        blocks = [s for s in article.spans if s.kind in _BLOCKS] if article else []
        self.bounds = sorted({0} | {s.start for s in blocks} | {s.end for s in blocks})
        self.labels = [
            next((s.section for s in blocks if s.start <= b < s.end), "body") for b in self.bounds
        ]

    def at(self, offset: int) -> str:
        return self.labels[max(bisect_right(self.bounds, offset) - 1, 0)]


Record = HighlightRecord  # a highlight as exports read it (light: a tuple, not a dataclass)


def tag_appliers(h: Record) -> list[str]:
    """Who applied each of `h.tags`, aligned with them (the highlight's coder where a record
    carries no coder for a tag)."""
    known = h.tag_coders if len(h.tag_coders) == len(h.tags) else ()
    return [c or h.coder for c in known] if known else [h.coder] * len(h.tags)


def select(store: AnnotationStore, filters: Filters) -> list[Record]:
    """The live highlights the filters select, in reading order, through the store's one
    highlight query; with a tag filter each carries only the tags inside that subtree."""
    f = filters
    selection = HighlightFilter(
        article=f.article, tag=f.tag, coder=f.coder, status=f.status, since=f.since
    )
    return list(store.highlight_records(selection, subtree_tags_only=True))


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while bulk-loading rows (a third of the time otherwise)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ExportData:
    """The highlights one export covers, with their articles and codebook, read once.

    Soft-deleted highlights are never included; orphaned ones are (with their status).
    With a tag filter, highlights carrying the tag or a child are kept, and only the tags
    inside that subtree are shown on them and in the codebook.
    """

    def __init__(
        self, store: AnnotationStore, filters: Filters | None = None, root: Path | None = None
    ) -> None:
        self.store = store
        self.filters = filters or Filters()
        self.root = root  # the articles folder, when known (W3C points into its files)
        self.highlights: list[Record] = select(store, self.filters)
        self._articles: dict[str, Article] = {}
        self._sections: dict[str, _Sections] = {}

    def article(self, path: str) -> Article:
        if path not in self._articles:
            self._articles[path] = self.store.article(path)
        return self._articles[path]

    def title(self, h: Record) -> str:
        return h.title

    def section(self, h: Record) -> str:
        """Where the highlight starts (title/body/comments/furniture); "" when orphaned."""
        return "" if h.status == "orphaned" else self.sections(h.article)(h.start)

    def sections(self, path: str) -> Callable[[int], str]:
        """offset -> section of one article (of the empty path: always "body")."""
        if path not in self._sections:
            self._sections[path] = _Sections(self.article(path) if path else None)
        return self._sections[path].at

    def article_paths(self) -> list[str]:
        """The articles a project export carries: the filtered one, else the whole library."""
        if self.filters.article is not None:
            return [self.filters.article]
        return [a.path for a in self.store.articles()]

    def codebook(self) -> list[Tag]:
        """The tags (the subtree of the tag filter, if any), counted over these highlights."""
        tags = self.store.tags()
        if self.filters.tag is not None:
            tags = [t for t in tags if tagging.in_subtree(t.path, self.filters.tag)]
        per_tag: Counter[str] = Counter()
        articles: dict[str, set[str]] = {}
        for h in self.highlights:
            for t in h.tags:
                per_tag[t] += 1
                articles.setdefault(t, set()).add(h.article)
        return [
            replace(t, highlights=per_tag[t.path], articles=len(articles.get(t.path, ())))
            for t in tags
        ]


def ticker(progress: Progress | None, total: int, every: int = 1000) -> Callable[[int], None]:
    """A `tick(done)` that forwards every `every`-th step, and the last, to `progress`."""

    def tick(done: int) -> None:
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total)

    return tick
