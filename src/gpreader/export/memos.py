"""Which memos an export carries, and as what: the project memo always; a tag's memo when the
tag is in the export's codebook; an article's memo when the article has an exported highlight
(or, unfiltered, always). Markdown prints them; JSON Lines adds one `"record": "memo"` line
each after the highlights; REFI-QDA can attach `store.memos()` to its objects as notes."""

from __future__ import annotations

from typing import Any

from gpreader import codebook as tagging
from gpreader.export.common import ExportData
from gpreader.store.memos import Memo


def exported_memos(data: ExportData) -> list[Memo]:
    """The memos of the export's project, tags and articles, project first."""
    memos = data.store.memos()
    if not memos:
        return []
    tags = {t.path for t in data.store.tags(counted=False)}  # paths only: no counts
    if data.filters.tag is not None:
        tags = {t for t in tags if tagging.in_subtree(t, data.filters.tag)}
    unfiltered = data.filters.article is None and data.filters.tag is None
    wanted = any(m.kind == "article" for m in memos) and not unfiltered
    # streamed, not kept
    articles = {h.article for h in data.records(quotes=False)} if wanted else set()
    return [
        m
        for m in memos
        if m.kind == "project"
        or (m.kind == "tag" and m.target in tags)
        or (m.kind == "article" and (unfiltered or m.target in articles))
    ]


def memo_record(memo: Memo) -> dict[str, Any]:
    """A memo as one JSON Lines record."""
    return {
        "record": "memo",
        "kind": memo.kind,
        "target": memo.target,
        "text": memo.text,
        "coder": memo.coder,
        "updated": memo.updated,
    }
