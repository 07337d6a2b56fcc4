"""Imports: many tags, or many highlights made elsewhere, each batch in one transaction.

`AnnotationStore.ensure_tag` reads every tag's colour to pick the next one and
`update_tag` lists every tag to find one, so a codebook of n codes imported through them
costs O(n²) while holding the write lock; here each tag costs O(1) after one read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gpreader import codebook as tagging
from gpreader.anchoring import Quote, quote_at
from gpreader.errors import InvalidInputError
from gpreader.store.annotations import AnnotationStore
from gpreader.store.base import now as base_now
from gpreader.text import clean_typed


@dataclass
class TagMerge:
    """What `merge_tags` did: paths added (ancestors included), updated and left as they were."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def merge_tags(
    store: AnnotationStore, wanted: Iterable[tuple[str, str | None, str | None]]
) -> TagMerge:
    """Create each (path, colour, description) that is new, missing ancestors included, and
    set the given colour and description on those that exist; None leaves a value as it is.

    New tags without a colour get the palette colour used least so far, as `ensure_tag`
    does. One BEGIN IMMEDIATE transaction: all of it is saved, or none. Paths must be
    normalised already (`codebook.normalize`): doing it here again would cost O(depth) per
    ancestor, quadratic for codes nested thousands deep.
    """
    with store.action() as conn:
        rows = conn.execute("SELECT path, color, description FROM tags").fetchall()
        current = {path: [color or "", description or ""] for path, color, description in rows}
        before = set(current)
        counts = Counter(color.upper() for color, _ in current.values())
        created: dict[str, list[str]] = {}
        changed: dict[str, list[str]] = {}
        seen: dict[str, None] = {}

        def create(path: str, color: str | None, description: str | None) -> None:
            colour = color or _least_used(counts)
            counts[colour.upper()] += 1
            current[path] = created[path] = [colour, description or ""]

        for path, raw_color, raw_description in wanted:
            color = tagging.normalize_color(raw_color) if raw_color else None
            description = None if raw_description is None else clean_typed(raw_description)
            for ancestor in _missing_ancestors(path, current):
                create(ancestor, None, None)
            if path not in current:
                create(path, color, description)
                continue
            values = current[path]
            if color and color != values[0]:
                counts[values[0].upper()] -= 1
                counts[color.upper()] += 1
                values[0] = color
                changed[path] = values
            if description is not None and description != values[1]:
                values[1] = description
                changed[path] = values
            if path in before:
                seen[path] = None
        conn.executemany(
            "INSERT INTO tags (path, color, description) VALUES (?, ?, ?)",
            [(path, color, description) for path, (color, description) in created.items()],
        )
        conn.executemany(
            "UPDATE tags SET color = ?, description = ? WHERE path = ?",
            [(c, d, path) for path, (c, d) in changed.items() if path in before],
        )
    return TagMerge(
        added=sorted(created),
        updated=[p for p in seen if p in changed],
        unchanged=[p for p in seen if p not in changed],
    )


def _missing_ancestors(path: str, existing: dict[str, list[str]]) -> list[str]:
    """Ancestors of `path` not in `existing`, shallowest first. Walks up from the parent and
    stops at the first one that exists, so a child of an existing tag costs one lookup."""
    missing = []
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        if path in existing:
            break
        missing.append(path)
    return missing[::-1]


def _least_used(counts: Counter[str]) -> str:
    """The palette colour used least so far (first one on ties): `codebook.next_color`'s
    choice, from running counts instead of every tag's colour."""
    palette = tagging.PALETTE
    _, first = min(zip(map(counts.__getitem__, palette), range(len(palette)), strict=True))
    return palette[first]


@dataclass(frozen=True)
class MadeElsewhere:
    """A highlight made in another program, with the id, coder and time it was made with."""

    id: str
    article: str  # path
    start: int
    end: int
    tags: tuple[str, ...] = ()  # existing tag paths (merge_tags first)
    tag_coders: tuple[str, ...] = ()  # who applied each tag (default: the highlight's coder)
    note: str = ""
    coder: str = ""
    created: str = ""  # ISO stamp; now when empty
    orphan_quote: tuple[str, str, str] | None = None  # (exact, prefix, suffix): an orphan


def add_highlights(store: AnnotationStore, made: Sequence[MadeElsewhere]) -> tuple[int, int]:
    """Save highlights made elsewhere, in one transaction; (added, already present). A highlight
    whose id is in the database already (even deleted) is left as it is, so importing the same
    project twice adds nothing. Not journalled: an import is not undone by `undo`."""
    stamp = base_now()
    added = present = 0
    with store.action() as conn:
        tag_ids = dict(conn.execute("SELECT path, id FROM tags"))
        texts: dict[str, tuple[int, str, str]] = {}
        for h in made:
            if conn.execute("SELECT 1 FROM highlights WHERE id = ?", [h.id]).fetchone():
                present += 1
                continue
            if h.article not in texts:
                row = conn.execute(
                    "SELECT id, sha256, gp_text(text) FROM articles WHERE path = ?", [h.article]
                ).fetchone()
                if row is None:
                    raise InvalidInputError(f"no article {h.article!r}")
                texts[h.article] = row
            article_id, sha256, text = texts[h.article]
            if h.orphan_quote is not None:  # its text is not in the article: kept as quoted
                quote, status = Quote(*h.orphan_quote), "orphaned"
            elif not 0 <= h.start < h.end <= len(text):
                raise InvalidInputError(f"range {h.start}-{h.end} is outside {h.article}")
            else:
                quote, status = quote_at(text, h.start, h.end), "anchored"
            coder = clean_typed(h.coder) or store.coder
            conn.execute(
                """INSERT INTO highlights (id, article_id, start, "end", exact, prefix, suffix,
                   article_sha256, note, coder, created, updated, status)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    h.id, article_id, h.start, h.end, quote.exact, quote.prefix, quote.suffix,
                    sha256, clean_typed(h.note), coder,
                    h.created or stamp, h.created or stamp, status,
                ],
            )  # fmt: skip
            by = dict(zip(h.tags, h.tag_coders, strict=False))
            for path in dict.fromkeys(h.tags):
                if path not in tag_ids:
                    raise InvalidInputError(f"no tag {path!r}")
                conn.execute(
                    """INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id, coder, created)
                       VALUES (?, ?, ?, ?)""",
                    [
                        h.id,
                        tag_ids[path],
                        clean_typed(by.get(path, "")) or coder,
                        h.created or stamp,
                    ],
                )
            added += 1
    return added, present
