"""Who wrote each reader comment, and when: read from the page's comment markup.

trafilatura gives the comments' text but not their authors or dates. Comment systems mark
them up alike (WordPress and most blogs: an element whose class is `comment` or
`comment-body`, an author in an element classed `author`, `fn` or `username`, the date in
a `<time datetime>` or an element classed `date`, `time` or `meta`), so each comment line is
matched to the innermost comment element that holds it.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass
from typing import Any

from gpreader.corpus.importers.shared import one_line, parse_date

_COMMENTS_XPATH = (
    '//*[contains(concat(" ", normalize-space(@class), " "), " comment ")'
    ' or contains(concat(" ", normalize-space(@class), " "), " comment-body ")]'
)
_AUTHOR_XPATH = (
    './/*[contains(@class, "author") or contains(concat(" ", @class, " "), " fn ")'
    ' or contains(@class, "username")]'
)
_DATE_XPATH = (
    './/*[contains(@class, "date") or contains(@class, "time") or contains(@class, "meta")]'
)
_SAYS = (" says:", " said:", " sagt:", " dit :")


@dataclass(frozen=True)
class Comment:
    """One comment: its author and date when the page gives them, and its lines."""

    author: str | None
    date: str | None  # ISO date, or date and time
    lines: tuple[str, ...]


def group(data: bytes, lines: list[str]) -> list[Comment]:
    """The comment lines grouped by the comment they belong to, with author and date."""
    sources = _sources(data)
    comments: list[Comment] = []
    previous: int | None = None
    for line in lines:
        found = next((i for i, (_, _, text) in enumerate(sources) if line in text), None)
        if found is not None and found == previous and comments:
            last = comments[-1]
            comments[-1] = Comment(last.author, last.date, (*last.lines, line))
            continue
        author, date = (sources[found][0], sources[found][1]) if found is not None else (None, None)
        comments.append(Comment(author, date, (line,)))
        previous = found
    return comments


def _sources(data: bytes) -> list[tuple[str | None, str | None, str]]:
    """(author, date, text) of every comment element, innermost first."""
    try:
        lxml_html: Any = importlib.import_module("lxml.html")  # comes with trafilatura
        tree: Any = lxml_html.fromstring(data)
    except (ImportError, ValueError, TypeError):
        return []
    elements = tree.xpath(_COMMENTS_XPATH)
    found = []
    for element in reversed(elements):  # document order reversed: nested replies first
        author, date = _author(element), _date(element)
        if author is None and (sibling := element.getprevious()) is not None:
            author, date = _author(sibling), date or _date(sibling)
        found.append((author, date, one_line(element.text_content())))
    return found


def _author(element: Any) -> str | None:
    for node in element.xpath(_AUTHOR_XPATH)[:1]:
        name = one_line(node.text_content())
        for says in _SAYS:
            name = name.split(says)[0]
        return name[:80] or None
    return None


def _date(element: Any) -> str | None:
    for value in element.xpath(".//time/@datetime")[:1]:
        try:
            return datetime.datetime.fromisoformat(str(value)).isoformat()[:16]
        except ValueError:
            pass
    for node in element.xpath(_DATE_XPATH)[:4]:
        if when := parse_date(one_line(node.text_content())):
            return when.isoformat()
    return None
