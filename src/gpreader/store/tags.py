"""Tags in the store: the codebook, with counts, and its edits (rename, merge, delete, colour,
description, quick key), each journalled so undo and redo work. Automatic quick keys: see
store/changes.py."""

from __future__ import annotations

from collections.abc import Iterable

from gpreader import codebook as tagging
from gpreader.errors import InvalidInputError, NotFoundError, TagInUseError
from gpreader.models import Tag
from gpreader.store import changes, journal
from gpreader.store.base import StoreBase
from gpreader.store.changes import Change
from gpreader.text import clean_typed

# Columns in the order of Tag's fields.
_COUNTED = """SELECT t.path, coalesce(t.color, ''), coalesce(t.description, ''), t.quick_key,
       count(DISTINCT h.id), count(DISTINCT h.article_id)
FROM tags t
LEFT JOIN highlight_tags x ON x.tag_id = t.id
LEFT JOIN highlights h ON h.id = x.highlight_id AND h.deleted IS NULL
{where} GROUP BY t.id ORDER BY t.path"""
_UNCOUNTED = """SELECT path, coalesce(color, ''), coalesce(description, ''), quick_key, 0, 0
FROM tags ORDER BY path"""


class TagStore(StoreBase):
    """The codebook."""

    def tags(self, *, counted: bool = True) -> list[Tag]:
        """Every tag in path order, with counts of live highlights and articles (zero when
        not `counted`: counting reads every highlight)."""
        if not counted:
            return [Tag(*row) for row in self._all(_UNCOUNTED)]
        return [Tag(*row) for row in self._all(_COUNTED.format(where=""))]

    def tag(self, path: str) -> Tag:
        """One tag, with its counts."""
        path = tagging.normalize(path)
        row = self._one(_COUNTED.format(where="WHERE t.path = ?"), [path])
        if row is None:
            raise NotFoundError(f"no tag {path!r}; `gpreader tags list` shows them")
        return Tag(*row)

    def ensure_tag(
        self, path: str, *, color: str | None = None, description: str | None = None
    ) -> Tag:
        """The tag at `path`, created (with a colour from the palette) if it is new.

        Missing ancestors are created too: `policy/contract` implies `policy`.
        """
        return self._ensure_tag(tagging.normalize(path), color, description, named=True)

    def _ensure_tag(
        self, path: str, color: str | None, description: str | None, *, named: bool
    ) -> Tag:
        """`ensure_tag`; a `named` tag (not an ancestor made on the way) gets a free quick key."""
        with self.action():
            if self._one("SELECT 1 FROM tags WHERE path = ?", [path]) is None:
                if "/" in path:
                    self._ensure_tag(path.rsplit("/", 1)[0], None, None, named=False)
                used = [c for (c,) in self._all("SELECT color FROM tags")]
                self.conn.execute(
                    "INSERT INTO tags (path, color, description) VALUES (?, ?, ?)",
                    [
                        path,
                        tagging.normalize_color(color) if color else tagging.next_color(used),
                        clean_typed(description or ""),
                    ],
                )
                if named:
                    changes.give_free_keys(self.conn, [path])
            row = self._one(
                """SELECT path, coalesce(color, ''), coalesce(description, ''), quick_key
                   FROM tags WHERE path = ?""",
                [path],
            )
        assert row is not None  # found or inserted inside the transaction
        return Tag(*row)

    def update_tag(
        self,
        path: str,
        *,
        color: str | None = None,
        description: str | None = None,
        quick_key: int | bool | None = False,
    ) -> Tag:
        """Change a tag's colour, description or quick key (1-9; None clears; False leaves)."""
        if quick_key not in (False, None) and (
            isinstance(quick_key, bool) or not 1 <= int(quick_key) <= 9
        ):
            raise InvalidInputError("a quick key is a digit from 1 to 9")
        with self.action():
            tag = self.tag(path)
            old = {"color": tag.color, "description": tag.description, "quick_key": tag.quick_key}
            new_key = tag.quick_key if quick_key is False else quick_key
            new = {
                "color": tagging.normalize_color(color) if color is not None else tag.color,
                "description": clean_typed(description)
                if description is not None
                else old["description"],
                "quick_key": new_key,
            }
            if new != old:
                displaced = self.quick_tags().get(new_key) if new_key else None
                change: Change = {"op": "update_tag", "path": tag.path, "old": old, "new": new}
                change["displaced"] = displaced if displaced != tag.path else None
                self._perform(change)
        return self.tag(tag.path)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag and its children (`a` -> `b` moves `a/x` to `b/x`); how many renamed."""
        new = tagging.normalize(new)
        with self.action():
            old = self.tag(old).path
            if tagging.in_subtree(new, old):
                raise InvalidInputError(f"{old!r} cannot be moved inside itself")
            moves = self._subtree_moves(old, new)
            clash = [d for _, d in moves if self._one("SELECT 1 FROM tags WHERE path = ?", [d])]
            if clash:
                raise InvalidInputError(f"tag {clash[0]!r} exists already; use `tags merge`")
            parent = [new.rsplit("/", 1)[0]] if "/" in new else []
            self._perform({"op": "rename_tag", "moves": moves}, parent)
        return len(moves)

    def merge_tags(self, source: str, target: str) -> int:
        """Move every highlight of `source` (and its children) onto `target`; delete the sources."""
        target = tagging.normalize(target)
        with self.action():
            source = self.tag(source).path
            if tagging.in_subtree(target, source):
                raise InvalidInputError(f"{source!r} cannot be merged into itself or its children")
            moves = self._subtree_moves(source, target)
            links = [
                [hid, src, dst, not self._has_tag(hid, dst)]
                for src, dst in moves
                for hid in self._holders(src)
            ]
            rows = changes.tag_rows(self.conn, [src for src, _ in moves])
            keys = [
                [dst, row["quick_key"]]
                for (_, dst), row in zip(moves, rows, strict=True)
                if row["quick_key"] and not self._key_of(dst)
            ]
            change = {"op": "merge_tag", "moves": moves, "rows": rows, "links": links}
            change["keys"] = keys
            self._perform(change, [dst for _, dst in moves])
        return len(moves)

    def delete_tag(self, path: str, *, force: bool = False) -> int:
        """Delete a tag and its children; refuses when in use unless `force`. Highlights stay."""
        with self.action():
            path = self.tag(path).path
            subtree = [src for src, _ in self._subtree_moves(path, path)]
            links = [[hid, tag] for tag in subtree for hid in self._holders(tag)]
            in_use = sum(t.highlights for t in self.tags() if t.path in subtree)
            if in_use and not force:
                raise TagInUseError(
                    f"tag {path!r} is on {in_use} highlight(s); use --force to delete it anyway"
                )
            rows = changes.tag_rows(self.conn, subtree)
            self._perform({"op": "delete_tag", "rows": rows, "links": links})
        return len(subtree)

    def quick_tags(self) -> dict[int, str]:
        """Quick key -> tag path."""
        rows = self._all("SELECT quick_key, path FROM tags WHERE quick_key IS NOT NULL")
        return dict(rows)

    def _subtree_moves(self, old: str, new: str) -> list[tuple[str, str]]:
        rows = self._all(
            "SELECT path FROM tags WHERE path = ? OR path LIKE ? ESCAPE '\\' ORDER BY path",
            [old, tagging.like_children(old)],
        )
        return [(path, new + path[len(old) :]) for (path,) in rows]

    def _holders(self, path: str) -> list[str]:
        """The ids of the highlights that carry the tag at `path` (deleted ones too)."""
        rows = self._all(
            """SELECT x.highlight_id FROM highlight_tags x JOIN tags t ON t.id = x.tag_id
               WHERE t.path = ? ORDER BY x.highlight_id""",
            [path],
        )
        return [hid for (hid,) in rows]

    def _key_of(self, path: str) -> int | None:
        row: tuple[int | None] | None = self._one(
            "SELECT quick_key FROM tags WHERE path = ?", [path]
        )
        return row[0] if row else None

    def _has_tag(self, hid: str, path: str) -> bool:
        return (
            self._one(
                """SELECT 1 FROM highlight_tags x JOIN tags t ON t.id = x.tag_id
                   WHERE x.highlight_id = ? AND t.path = ?""",
                [hid, path],
            )
            is not None
        )

    def _perform(self, change: Change, new_tags: Iterable[str] = ()) -> None:
        """Apply a change and journal it (inside an action). Tags among `new_tags` that do not
        exist yet (or their parents) are recorded as created by it, so undo removes them."""
        conn = self.conn
        missing = changes.missing_tags(conn, new_tags)
        change["created"] = [{"path": path} for path in missing]  # colours picked on creation
        changes.apply(conn, change, forward=True)
        if change["op"] in ("highlight", "tag"):  # tags named while coding
            made = set(missing)
            changes.give_free_keys(conn, [p for p in dict.fromkeys(new_tags) if p in made])
        change["created"] = changes.tag_rows(conn, missing)  # as made, for redo
        journal.record(conn, self.coder, change)

    def _tag_id(self, path: str) -> int:
        row: tuple[int] | None = self._one("SELECT id FROM tags WHERE path = ?", [path])
        if row is None:
            raise NotFoundError(f"no tag {path!r}")
        return row[0]
