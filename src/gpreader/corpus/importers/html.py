"""Web pages: the main text by trafilatura, with the page's metadata and reader comments."""

from __future__ import annotations

import contextlib
import datetime
import re
from typing import Any

from gpreader.corpus.importers.base import AttrValue, Conversion, Document, Skipped
from gpreader.corpus.importers.comment_markup import from_markup
from gpreader.corpus.importers.html_comments import Comment, group
from gpreader.corpus.importers.shared import (
    has_extension,
    join_paragraphs,
    load,
    one_line,
    with_title,
)
from gpreader.corpus.structure import parse, sentence_spans
from gpreader.models import Span

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_TITLE_TAIL = re.compile(r"\s+[|\-–—:]\s+[^|\-–—]{2,60}$")


class HtmlImporter:
    """A saved web page (.html, .htm, or any file that starts like one)."""

    name = "html"

    def claims(self, filename: str, head: bytes) -> bool:
        """By extension, or by a head that opens an HTML document."""
        return has_extension(filename, ".html", ".htm", ".xhtml") or bool(_HTML_START.match(head))

    def convert(self, data: bytes, filename: str) -> Conversion:
        """The page's main text, its title, metadata and comments."""
        trafilatura: Any = load("trafilatura", "html", "A web page")
        page = trafilatura.bare_extraction(
            data, include_comments=True, with_metadata=True, include_tables=True
        )
        if page is None or not (page.text or "").strip():
            raise Skipped("no main text found in the web page")
        title = _clean_title(page.title, page.sitename)
        paragraphs = [line for line in page.text.split("\n") if line.strip()]
        if title and paragraphs and one_line(paragraphs[0]) == title:
            paragraphs = paragraphs[1:]
        body = join_paragraphs(paragraphs)
        head = with_title(title, body).strip()
        lines = [c for c in (one_line(line) for line in (page.comments or "").split("\n")) if c]
        comments = group(data, lines) if lines else from_markup(data)
        text, spans = _with_comments(head, comments)
        return Conversion(
            documents=(Document(text, title, _attributes(page, title), spans),),
            source_format="html",
        )


def _clean_title(title: str | None, sitename: str | None) -> str | None:
    """The page title without a trailing " | Site name" (or " - Site name")."""
    if not title:
        return None
    title = one_line(title)
    site = one_line(sitename or "").lower()
    tail = _TITLE_TAIL.search(title)
    if site and tail and site in tail.group().lower() and tail.start() > 0:
        return title[: tail.start()]
    if site and title.lower().endswith(site) and len(title) > len(site):
        return title[: -len(site)].rstrip(" |-–—:") or title
    return title or None


def _attributes(page: Any, title: str | None) -> dict[str, AttrValue]:
    """Title, date, author, site name, URL, description and language, where the page has them."""
    found: dict[str, AttrValue] = {}
    if title:
        found["title"] = title
    if page.date:
        with contextlib.suppress(ValueError):
            found["date"] = datetime.date.fromisoformat(page.date[:10])
    for key, value in (
        ("author", page.author),
        ("publication", page.sitename),
        ("url", page.url),
        ("description", page.description),
        ("language", page.language),
    ):
        if value and one_line(value):
            found[key] = one_line(value)
    return found


def _with_comments(head: str, comments: list[Comment]) -> tuple[str, tuple[Span, ...] | None]:
    """The article text with the comments after it, and every span when there are comments.

    A comment whose author or date the page gives opens with a header line naming them."""
    if not comments:
        return head, None
    spans = list(parse(head).spans)
    marker = "Comments"
    text = f"{head}\n\n{marker}"
    spans.append(Span("furniture", len(head) + 2, len(text), "furniture"))
    for comment in comments:
        start = len(text) + 2
        slot = len(spans)
        spans.append(Span("comment", start, start, "comments"))  # its end is known below
        if comment.author or comment.date:
            header = " · ".join(x for x in (comment.author, comment.date) if x)
            text = f"{text}\n\n{header}"
            spans.append(
                Span("comment_header", start, len(text), "comments", comment.author, comment.date)
            )
        for line in comment.lines:
            at = len(text) + 2
            text = f"{text}\n\n{line}"
            spans.append(Span("paragraph", at, len(text), "comments"))
            spans.extend(sentence_spans(text, at, len(text), "comments"))
        spans[slot] = Span("comment", start, len(text), "comments", comment.author, comment.date)
    return text, tuple(spans)
