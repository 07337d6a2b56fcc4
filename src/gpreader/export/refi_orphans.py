"""Orphaned highlights (their text is no longer found in their article) in a REFI-QDA project.

QualCoder keeps only what is coded on a text source (a project-level Note without a source is
dropped), so an article's orphans travel as a source of their own: a stored copy of the text as
it was around each quote (prefix, quote, suffix; entries apart by a blank line), with one
selection per orphan on its quote, carrying its codings, note, coder and dates. Its
description names the article's source by GUID, so `import-project` brings each selection back
as an orphaned highlight of that article with its quote; other programs show the quotes coded.
"""

from __future__ import annotations

import re

from gpreader.export.common import Record, stable_uuid

MARK = "gpreader-orphans-of"
_MARKED = re.compile(rf"{MARK} ([0-9a-fA-F-]{{36}})")
SEPARATOR = "\n\n"
CONTEXT = 32  # characters of context read back on each side of a quote


def source_guid(article_path: str) -> str:
    return stable_uuid("orphans", article_path)


def description(article_path: str, article_guid: str) -> str:
    return (
        f"Highlights whose text is no longer found in {article_path}: each quote with the "
        f"text around it as it was ({MARK} {article_guid})"
    )


def article_of(description: str | None) -> str | None:
    """The GUID of the source whose orphans a source holds, or None for any other source."""
    found = _MARKED.search(description or "")
    return found.group(1).lower() if found else None


def text_and_positions(orphans: list[Record]) -> tuple[str, list[tuple[int, int]]]:
    """The orphans' source text and each quote's [start, end) in it (code points)."""
    parts: list[str] = []
    positions: list[tuple[int, int]] = []
    at = 0
    for h in orphans:
        start = at + len(h.prefix)
        positions.append((start, start + len(h.exact)))
        entry = f"{h.prefix}{h.exact}{h.suffix}{SEPARATOR}"
        parts.append(entry)
        at += len(entry)
    return "".join(parts), positions


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """(prefix, suffix) of a quote in an orphans' source, not crossing into another entry."""
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return before.rpartition(SEPARATOR)[2], after.partition(SEPARATOR)[0]
