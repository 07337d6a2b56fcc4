"""JSON Lines: one highlight per line, every field, its tags as a list, its article's
attributes as an object."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from gpreader.export.common import ExportData, Progress, Record, tag_appliers, ticker
from gpreader.export.memos import exported_memos, memo_record

CHUNK = 2048  # lines per write


def record(data: ExportData, h: Record) -> dict[str, Any]:
    """One highlight as a plain dict (the same names as the CSV columns, plus context)."""
    return {
        "highlight_id": h.id,
        "article": h.article,
        "title": data.title(h),
        "section": data.section(h),
        "tags": list(h.tags),
        "tag_coders": tag_appliers(h),  # who applied each of `tags`
        "start": h.start,
        "end": h.end,
        "text": h.exact,
        "prefix": h.prefix,
        "suffix": h.suffix,
        "note": h.note,
        "coder": h.coder,
        "created": h.created,
        "updated": h.updated,
        "anchor_status": h.status,
        "score": h.score,
        "article_sha256": h.article_sha256,
        "attributes": data.attributes.plain(h.article),  # the article's, dates as ISO text
    }


def write(data: ExportData, stream: BinaryIO, *, progress: Progress | None = None) -> int:
    """One JSON object per line, UTF-8, `\\n`-terminated; how many lines."""
    tick = ticker(progress, data.total)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines: list[str] = []
    done = 0
    for done, h in enumerate(data.records(), 1):
        lines.append(encode(record(data, h)))
        if len(lines) >= CHUNK:
            stream.write("\n".join([*lines, ""]).encode("utf-8"))
            lines.clear()
        tick(done)
    lines += [encode(memo_record(memo)) for memo in exported_memos(data)]  # "record": "memo"
    if lines:
        stream.write("\n".join([*lines, ""]).encode("utf-8"))
    return done
