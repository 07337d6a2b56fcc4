"""`gpreader highlights --query`: the passages a code query selects, with their context."""

from __future__ import annotations

from typing import Any

from gpreader.cli.output import say, say_json
from gpreader.search.codes import Passage, Passages
from gpreader.search.query import Filter, Query, parse
from gpreader.store import AnnotationStore


def retrieved(
    store: AnnotationStore, query: str, article: str | None, tag: str | None, as_json: bool
) -> None:
    """Print the passages `query` selects (of `article`, with `tag`, when given): a head line
    and the context on the next, or with `as_json` one JSON array of objects."""
    q = parse(query)
    for unwired in q.unwired:
        say(f"note: {unwired}", err=True)
    if q.memos:
        say("note: in:memos selects no highlight (`gpreader search` searches memos)", err=True)
    if tag is not None:
        q = Query((*q.nodes, Filter("tag", tag)))
    with store.snapshot():
        passages = Passages(store)
        found = [p for p in passages.select(q) if article is None or p.article == article]
        texts: dict[str, str] = {}
        rows = [_row(store, passages, p, texts) for p in found]
    if as_json:
        say_json(rows)
        return
    for row in rows:
        tags = ", ".join(row["tags"]) or "-"
        where = f"{row['article']}  {row['start']}-{row['end']}"
        say(f"{row['id'][:8]}  {where}  [{tags}]  {row['coder']}")
        context = row["context"]
        a = row["start"] - row["context_start"]
        b = row["end"] - row["context_start"]
        line, marks = _one_line(context, a, b)
        say("    " + line, marks=[(x + 4, y + 4) for x, y in marks])


def _row(
    store: AnnotationStore, passages: Passages, p: Passage, texts: dict[str, str]
) -> dict[str, Any]:
    """One passage as JSON: the highlight, its tags and who applied them, its context
    (`texts`: the article texts read so far, by path)."""
    start, end = passages.context(p)
    if p.article not in texts:
        texts[p.article] = store.article(p.article).text
    text = texts[p.article]
    return {
        "id": p.id,
        "article": p.article,
        "title": p.title,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "note": p.note,
        "coder": p.coder,
        "tags": list(p.tags),
        "tag_coders": list(p.tag_coders),
        "context_start": start,
        "context_end": end,
        "context": text[start:end],
    }


def _one_line(context: str, a: int, b: int, width: int = 200) -> tuple[str, list[tuple[int, int]]]:
    """The context on one line (line ends as spaces), cut to about `width` characters around
    the passage [a, b); and the passage's range in it."""
    flat = context.replace("\n", " ")
    left = max(0, a - (width - (b - a)) // 2)
    right = min(len(flat), max(b, left + width))
    shown = ("…" if left else "") + flat[left:right] + ("…" if right < len(flat) else "")
    shift = (1 if left else 0) - left
    return shown, [(a + shift, min(b, right) + shift)]
