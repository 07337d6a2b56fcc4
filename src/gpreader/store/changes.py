"""Changes: what one user action did, applied forwards (do, redo) and backwards (undo).

A change is a JSON object naming what was added, removed or edited, by stable identity: a
highlight by its id, a tag by its path (resolved when the change is applied; store/journal.py
moves paths along the renames and merges journalled since). Every kind of change is applied by
the same code in both directions:

    {"op": "highlight", "id", "tags", "created"}   made a highlight (undo: soft-delete it)
    {"op": "delete", "id"}                    soft-deleted a highlight
    {"op": "tag", "id", "add", "remove", "created"}   tags added/removed on one highlight
    {"op": "note", "id", "old", "new"}        a note edited (undone only if still `new`)
    {"op": "rename_tag", "moves", "created"}  tag paths moved (a subtree)
    {"op": "merge_tag", "moves", "rows", "links", "keys", "created"}   sources folded into
                                              targets; `keys`: [target, key] a target took
    {"op": "delete_tag", "rows", "links"}     tags removed from highlights and the codebook
    {"op": "update_tag", "path", "old", "new", "displaced"}    colour, description, quick key
    {"op": "merge", "source", "highlights", "created", "marks"}   another database merged in:
                                              [id, before, after] highlight states (store/
                                              states.py), [sha256, coder, marked] marks added

Tag applications keep their coder and time (`highlight_tags.coder`, `.created`): `by` names the
coder who added tags (else the highlight's coder); a forward `tag`, `merge_tag` or `delete_tag`
change notes who applied each link it removes (`removed_by` aligned with `remove`,
`link_coders` with `links`) in the change itself before it is journalled, so undo puts the
links back as they were.

`created` lists tag rows ({path, color, description, quick_key}) the change created: undoing it
removes them again when nothing uses them.

Quick keys: a tag a user names when coding (ops `highlight` and `tag`) or adds to the codebook
gets the lowest free key 1-9 automatically, until a key is set or cleared by hand (a journalled
`update_tag` that changed a key and is not undone); from then on keys are the user's alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from gpreader import codebook
from gpreader.store import memos, states
from gpreader.store.base import now

Change = dict[str, Any]
TagRow = dict[str, Any]  # path, color, description, quick_key, memo (when it has one)


# -- applying ----------------------------------------------------------------------------


def apply(conn: sqlite3.Connection, change: Change, *, forward: bool) -> str | None:
    """Apply `change` forwards or backwards; a note of what could not be done, or None."""
    return APPLY[change["op"]](conn, change, forward)


def _highlight(conn: sqlite3.Connection, c: Change, forward: bool) -> str | None:
    """A new highlight with its tags; undone, the tags it created go too when unused."""
    hid, created = c["id"], c.get("created", [])
    if forward:
        _create_rows(conn, created)
        for path in c.get("tags", []):
            _link(conn, hid, _ensure(conn, path), c.get("by"))
        _set_deleted(conn, hid, deleted=False)
        return None
    _set_deleted(conn, hid, deleted=True)
    for row in created:
        tag_id = _tag_id(conn, row["path"])
        if tag_id is not None:
            conn.execute(
                "DELETE FROM highlight_tags WHERE highlight_id = ? AND tag_id = ?", [hid, tag_id]
            )
    _drop_unused(conn, created)
    return None


def _delete(conn: sqlite3.Connection, c: Change, forward: bool) -> str | None:
    _set_deleted(conn, c["id"], deleted=forward)
    return None


def _set_deleted(conn: sqlite3.Connection, hid: str, *, deleted: bool) -> None:
    stamp = now()
    conn.execute(
        "UPDATE highlights SET deleted = ?, updated = ? WHERE id = ?",
        [stamp if deleted else None, stamp, hid],
    )


def _tag(conn: sqlite3.Connection, c: Change, forward: bool) -> str | None:
    hid = c["id"]
    if forward:
        _create_rows(conn, c.get("created", []))
        c["removed_by"] = [_unlink(conn, hid, path) for path in c["remove"]]
        for path in c["add"]:
            _link(conn, hid, _ensure(conn, path), c.get("by"))
    else:
        for path in c["add"]:
            _unlink(conn, hid, path)
        for path, who in zip(c["remove"], _aligned(c, "removed_by", "remove"), strict=True):
            _link(conn, hid, _ensure(conn, path), *who)
        _drop_unused(conn, c.get("created", []))
    _touch(conn, hid)
    return None


def _note(conn: sqlite3.Connection, c: Change, forward: bool) -> str | None:
    want, put = (c["old"], c["new"]) if forward else (c["new"], c["old"])
    row = conn.execute("SELECT note FROM highlights WHERE id = ?", [c["id"]]).fetchone()
    if row is None:
        return "the highlight is gone"
    if (row[0] or "") != want:
        return "the note was changed since; left as it is"
    conn.execute("UPDATE highlights SET note = ? WHERE id = ?", [put, c["id"]])
    _touch(conn, c["id"])
    return None


def _rename_tag(conn: sqlite3.Connection, c: Change, forward: bool) -> str | None:
    moves = [tuple(m) for m in c["moves"]]
    if forward:
        _create_rows(conn, c.get("created", []))
    else:
        moves = [(new, old) for old, new in reversed(moves)]
    skipped = 0
    for src, dst in moves:
        if _tag_id(conn, dst) is not None or _tag_id(conn, src) is None:
            skipped += 1
            continue
        conn.execute("UPDATE tags SET path = ? WHERE path = ?", [dst, src])
    if not forward:
        _drop_unused(conn, c.get("created", []))
    return f"{skipped} tag(s) changed since were left as they are" if skipped else None


def _merge_tag(conn: sqlite3.Connection, c: Change, forward: bool) -> str | None:
    if forward:
        _create_rows(conn, c.get("created", []))
        c["link_coders"] = [_applied(conn, hid, src) for hid, src, _dst, _added in c["links"]]
        for (hid, _src, dst, _added), who in zip(
            c["links"], _aligned(c, "link_coders", "links"), strict=True
        ):
            _link(conn, hid, _ensure(conn, dst), *who)
        for row in c["rows"]:
            _delete_tag_row(conn, row["path"])
        for dst, key in c.get("keys", []):  # a target without a key takes its source's
            conn.execute(
                """UPDATE tags SET quick_key = ? WHERE path = ? AND quick_key IS NULL
                   AND NOT EXISTS (SELECT 1 FROM tags WHERE quick_key = ?)""",
                [key, dst, key],
            )
        return None
    for dst, key in c.get("keys", []):  # the source gets its key back
        conn.execute(
            "UPDATE tags SET quick_key = NULL WHERE path = ? AND quick_key = ?", [dst, key]
        )
    _create_rows(conn, c["rows"])
    for (hid, src, dst, added), who in zip(
        c["links"], _aligned(c, "link_coders", "links"), strict=True
    ):
        _link(conn, hid, _ensure(conn, src), *who)
        if added:
            dst_id = _tag_id(conn, dst)
            if dst_id is not None:
                conn.execute(
                    "DELETE FROM highlight_tags WHERE highlight_id = ? AND tag_id = ?",
                    [hid, dst_id],
                )
    _drop_unused(conn, c.get("created", []))
    return None


def _delete_tag(conn: sqlite3.Connection, c: Change, forward: bool) -> str | None:
    if forward:
        c["link_coders"] = [_applied(conn, hid, path) for hid, path in c["links"]]
        for row in c["rows"]:
            _delete_tag_row(conn, row["path"])
        return None
    _create_rows(conn, c["rows"])
    for (hid, path), who in zip(c["links"], _aligned(c, "link_coders", "links"), strict=True):
        _link(conn, hid, _ensure(conn, path), *who)
    return None


def _update_tag(conn: sqlite3.Connection, c: Change, forward: bool) -> str | None:
    path = c["path"]
    if _tag_id(conn, path) is None:
        return f"tag {path} is gone"
    values = c["new"] if forward else c["old"]
    key = values.get("quick_key")
    if key is not None:  # a quick key belongs to one tag
        conn.execute(
            "UPDATE tags SET quick_key = NULL WHERE quick_key = ? AND path != ?", [key, path]
        )
    conn.execute(
        "UPDATE tags SET color = ?, description = ?, quick_key = ? WHERE path = ?",
        [values["color"], values["description"], key, path],
    )
    if not forward and c.get("displaced"):  # the tag the key was taken from gets it back
        conn.execute(
            "UPDATE tags SET quick_key = ? WHERE path = ? AND quick_key IS NULL",
            [c["new"]["quick_key"], c["displaced"]],
        )
    return None


def _merge(conn: sqlite3.Connection, c: Change, forward: bool) -> str | None:
    """Another database's coding brought in (`team/merge.py`): each highlight set to its
    state after (undo: before; None means absent), tag rows and coders' marks added."""
    if forward:
        _create_rows(conn, c.get("created", []))
    for hid, before, after in c["highlights"]:
        state = after if forward else before
        for path, _, _ in state["tags"] if state else ():
            _ensure(conn, path)  # renamed or deleted since: back under the name recorded
        states.write_state(conn, state, hid)
    for sha256, coder, marked in c.get("marks", []):
        states.write_mark(conn, sha256, coder, marked if forward else None)
    if not forward:
        _drop_unused(conn, c.get("created", []))
    return None


APPLY = {
    "highlight": _highlight,
    "delete": _delete,
    "tag": _tag,
    "note": _note,
    "rename_tag": _rename_tag,
    "merge_tag": _merge_tag,
    "delete_tag": _delete_tag,
    "update_tag": _update_tag,
    "merge": _merge,
}


# -- tag rows ------------------------------------------------------------------------------


def _tag_id(conn: sqlite3.Connection, path: str) -> int | None:
    row = conn.execute("SELECT id FROM tags WHERE path = ?", [path]).fetchone()
    return row[0] if row else None


def _ensure(conn: sqlite3.Connection, path: str, row: TagRow | None = None) -> int:
    """The id of the tag at `path`, created (ancestors too) if it is gone."""
    found = _tag_id(conn, path)
    if found is not None:
        return found
    if "/" in path:
        _ensure(conn, path.rsplit("/", 1)[0])
    row = row or {}
    color = row.get("color") or codebook.next_color(
        c for (c,) in conn.execute("SELECT color FROM tags")
    )
    key = row.get("quick_key")
    if key is not None and conn.execute("SELECT 1 FROM tags WHERE quick_key = ?", [key]).fetchone():
        key = None  # taken since: the tag comes back without it
    cursor = conn.execute(
        "INSERT INTO tags (path, color, description, quick_key) VALUES (?, ?, ?, ?)",
        [path, color, row.get("description") or "", key],
    )
    tag_id = int(cursor.lastrowid or 0)
    memos.restore_tag_memo(conn, tag_id, row.get("memo"))  # a reused id starts with no memo
    return tag_id


def _create_rows(conn: sqlite3.Connection, rows: list[TagRow]) -> None:
    for row in sorted(rows, key=lambda r: r["path"]):
        _ensure(conn, row["path"], row)


def _drop_unused(conn: sqlite3.Connection, rows: list[TagRow]) -> None:
    """Remove the tags a change created, children first, when no highlight and no other tag
    uses them any more."""
    for row in sorted(rows, key=lambda r: r["path"], reverse=True):
        path = row["path"]
        tag_id = _tag_id(conn, path)
        if tag_id is None:
            continue
        used = conn.execute(
            "SELECT 1 FROM highlight_tags WHERE tag_id = ? LIMIT 1", [tag_id]
        ).fetchone()
        children = conn.execute(
            "SELECT 1 FROM tags WHERE path LIKE ? ESCAPE '\\' LIMIT 1",
            [codebook.like_children(path)],
        ).fetchone()
        if not used and not children:
            conn.execute("DELETE FROM tags WHERE id = ?", [tag_id])


def _delete_tag_row(conn: sqlite3.Connection, path: str) -> None:
    tag_id = _tag_id(conn, path)
    if tag_id is not None:
        conn.execute("DELETE FROM highlight_tags WHERE tag_id = ?", [tag_id])
        conn.execute("DELETE FROM tags WHERE id = ?", [tag_id])
        memos.drop_tag_memo(conn, tag_id)


def _link(
    conn: sqlite3.Connection,
    hid: str,
    tag_id: int,
    coder: str | None = None,
    created: str | None = None,
) -> None:
    """Put a tag on a highlight, applied by `coder` (default: the highlight's coder) at
    `created` (default: now). Empty values count as missing."""
    conn.execute(
        """INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id, coder, created)
           VALUES (?, ?, coalesce(nullif(?, ''),
                   (SELECT coalesce(coder, '') FROM highlights WHERE id = ?), ''), ?)""",
        [hid, tag_id, coder, hid, created or now()],
    )


def _applied(conn: sqlite3.Connection, hid: str, path: str) -> tuple[str, str] | None:
    """Who applied the tag at `path` to a highlight, and when; None if it is not on it."""
    row = conn.execute(
        """SELECT x.coder, x.created FROM highlight_tags x JOIN tags t ON t.id = x.tag_id
           WHERE x.highlight_id = ? AND t.path = ?""",
        [hid, path],
    ).fetchone()
    return (row[0] or "", row[1] or "") if row else None


def _unlink(conn: sqlite3.Connection, hid: str, path: str) -> tuple[str, str] | None:
    """Take a tag off a highlight; who had applied it and when (None: it was not on it)."""
    applied = _applied(conn, hid, path)
    tag_id = _tag_id(conn, path)
    if tag_id is not None:
        conn.execute(
            "DELETE FROM highlight_tags WHERE highlight_id = ? AND tag_id = ?", [hid, tag_id]
        )
    return applied


def _aligned(c: Change, key: str, along: str) -> list[tuple[str | None, str | None]]:
    """The (coder, created) pairs a change noted for each item of `along` (missing in changes
    journalled before tag applications had coders: the defaults of `_link`)."""
    noted = c.get(key) or []
    return [
        (noted[i][0], noted[i][1]) if i < len(noted) and noted[i] else (None, None)
        for i in range(len(c[along]))
    ]


def _touch(conn: sqlite3.Connection, hid: str) -> None:
    conn.execute("UPDATE highlights SET updated = ? WHERE id = ?", [now(), hid])


def missing_tags(conn: sqlite3.Connection, paths: Iterable[str]) -> list[str]:
    """Of `paths` and their ancestors, those with no tag yet, parents first."""
    wanted: dict[str, None] = {}
    for path in paths:
        parts = path.split("/")
        for i in range(1, len(parts) + 1):
            wanted["/".join(parts[:i])] = None
    return sorted(p for p in wanted if _tag_id(conn, p) is None)


def keys_set_by_hand(conn: sqlite3.Connection) -> bool:
    """Whether a quick key was ever set or cleared by hand (and that change is not undone)."""
    row = conn.execute(
        """SELECT 1 FROM journal WHERE action = 'update_tag' AND undone = 0
           AND json_extract(change, '$.old.quick_key')
               IS NOT json_extract(change, '$.new.quick_key') LIMIT 1"""
    ).fetchone()
    return row is not None


def give_free_keys(conn: sqlite3.Connection, paths: Iterable[str]) -> None:
    """Give each tag at `paths` without a key the lowest free quick key (while one is free),
    unless keys were set by hand."""
    if keys_set_by_hand(conn):
        return
    for path in paths:
        taken = {k for (k,) in conn.execute("SELECT quick_key FROM tags WHERE quick_key > 0")}
        free = [k for k in range(1, 10) if k not in taken]
        if not free:
            return
        conn.execute(
            "UPDATE tags SET quick_key = ? WHERE path = ? AND quick_key IS NULL", [free[0], path]
        )


def tag_rows(conn: sqlite3.Connection, paths: list[str]) -> list[TagRow]:
    """The codebook rows of `paths` (as a change records them)."""
    rows = []
    for path in paths:
        found = conn.execute(
            "SELECT path, color, description, quick_key, id FROM tags WHERE path = ?", [path]
        ).fetchone()
        if found:
            row = dict(zip(("path", "color", "description", "quick_key"), found[:4], strict=True))
            memo = memos.memo_row(conn, found[4])
            if memo:
                row["memo"] = memo  # deleting the tag deletes its memo; undo restores it
            rows.append(row)
    return rows
