"""What the tag view shows, apart from the screen itself: the passages of a tag as read by a
worker thread (with the commenter of each passage inside a reader comment; narrowed, when a
filter is typed, to a query's result by retrieval by code, search/codes.py), and the option
prompts of the tag and passage lists."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from gpreader import reading
from gpreader.models import Coders, Tag
from gpreader.store import AnnotationStore
from gpreader.tui.widgets.shown import assemble, shown, styled

PAGE = 16  # passage options added at a time (a screenful): each is measured when added


@dataclass
class PassagesRead(Message):
    """The passages of `tag`, read by the tag view's worker (or why they could not be)."""

    tag: str
    groups: list[reading.PassageGroup]
    authors: dict[str, str] = field(default_factory=dict)  # highlight id -> commenter
    error: str | None = None
    options: list[Option] = field(default_factory=list)  # made by the worker too
    query: str = ""  # the filter they were narrowed by ("": none)
    matching: frozenset[str] | None = None  # the ids the filter selects (kept for other tags)

    @property
    def total(self) -> int:
        return sum(len(g.passages) for g in self.groups)


def read_passages(
    store: AnnotationStore,
    tag: str,
    coder: Coders = None,
    query: str = "",
    matching: frozenset[str] | None = None,
) -> PassagesRead:
    """Every passage with `tag` (children included; with `coder`, where that coder applied
    it), who wrote the comments they are in, and the options that show them (made here, off
    the UI thread: 300 of them take 100s of ms). With a `query`, only the passages it selects
    (retrieval by code with the same coder view; `matching`: those ids, when already known).
    InvalidInputError for a query that does not parse."""
    groups = reading.tag_passages(store, tag, coder)
    if query.strip():
        if matching is None:
            from gpreader.search.codes import Passages  # only a filtered view needs it

            matching = frozenset(Passages(store).ids(query, coder))
        groups = [
            reading.PassageGroup(g.article, g.title, kept)
            for g in groups
            if (kept := [p for p in g.passages if p.highlight.id in matching])
        ]
    read = PassagesRead(tag, groups, commenters(store, groups), query=query, matching=matching)
    read.options = passage_options(read)
    return read


def commenters(store: AnnotationStore, groups: list[reading.PassageGroup]) -> dict[str, str]:
    """highlight id -> author of the reader comment the passage starts in (if it is in one)."""
    spans = store.comment_spans(g.article for g in groups)
    found: dict[str, str] = {}
    for group in groups:
        comments = spans.get(group.article, [])
        starts = [start for start, _, _ in comments]
        for passage in group.passages:
            h = passage.highlight
            at = bisect.bisect_right(starts, h.start) - 1
            if at >= 0 and h.start < comments[at][1] and comments[at][2]:
                found[h.id] = comments[at][2]
    return found


def passage_options(read: PassagesRead) -> list[Option]:
    """The passage list's options: a disabled heading per article, then its passages (each
    option's id is its highlight's id)."""
    options: list[Option] = []
    for group in read.groups:
        options.append(
            Option(
                assemble((group.title, "bold $accent"), "  ", (group.article, "$text-muted")),
                disabled=True,
            )
        )
        for passage in group.passages:
            h = passage.highlight
            options.append(Option(passage_content(passage, read.authors.get(h.id)), id=h.id))
    if not options:
        none = "No passages with this tag match the filter." if read.query else ""
        options.append(
            Option(styled(none or "No passages with this tag.", "$text-muted"), disabled=True)
        )
    return options


def heading(tag: Tag | None, path: str, read: PassagesRead | None) -> Content:
    """The passages pane's heading: the tag, its counts (once read) and its description."""
    parts: list[str | tuple[str, str]] = [(path, "bold")]
    if read is None:
        parts.append((" · reading passages…", "$text-muted"))
    else:
        total, articles = read.total, len(read.groups)
        parts.append(
            f" · {total} passage{'s' * (total != 1)} in {articles} article{'s' * (articles != 1)}"
        )
        if read.query:
            parts.append((f" · filter: {shown(read.query)}", "$accent"))
    if tag is not None and tag.description:
        parts += ["\n", (tag.description, "italic $text-muted")]
    return assemble(*parts)


def tag_option(tag: Tag, parent: bool) -> Option:
    depth = tag.path.count("/")
    parts: list[str | tuple[str, str]] = [
        "  " * depth,
        ("■ ", tag.color or "$text-muted"),
        (tag.name, "bold"),
    ]
    if tag.highlights or not parent:  # a parent's own count; its children show theirs
        parts.append((f"  {tag.highlights}", "$text-muted"))
    if tag.quick_key:
        parts.append((f"  [{tag.quick_key}]", "$accent"))
    return Option(assemble(*parts), id=tag.path)


def passage_content(passage: reading.Passage, author: str | None = None) -> Content:
    h = passage.highlight
    parts: list[str | tuple[str, str]] = []
    if author:
        parts += [("comment by ", "$text-muted"), (author, "italic $accent"), "\n"]
    parts += [
        ("…" + passage.before, "$text-muted"),
        (reading.clip(h.exact, 400), "bold"),
        (passage.after + "…", "$text-muted"),
    ]
    if len(h.tags) > 1:
        parts += ["\n", ("tags: " + ", ".join(h.tags), "$text-muted")]
    if h.note:
        parts += ["\n", ("note: ", "$text-muted"), (reading.clip(h.note, 200), "italic")]
    if h.status != "anchored":
        parts += ["\n", (h.status, "italic $warning")]
    return assemble(*parts)
