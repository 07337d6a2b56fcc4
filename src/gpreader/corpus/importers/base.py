"""What every importer gives: one file's bytes in, one or more documents out.

An importer knows one format (web page, PDF, Word, a news-database export, a table of
articles). It never touches the store or the folder: sync reads the file, picks the
importer (`gpreader.corpus.importers.choose`), and turns each `Document` into an
article. A file that holds several articles (a Nexis or Factiva export, a CSV row per
article) gives several documents, each with its own `key` inside the container.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from gpreader.models import Span

AttrValue = str | int | float | datetime.date
"""An article attribute's value: text, a whole or decimal number, or a date."""


class Skipped(Exception):
    """The file cannot be imported; the message is the reason shown to the user."""


class NeedsExtra(Skipped):
    """The file needs an optional dependency: `pip install gpreader[EXTRA]`."""

    def __init__(self, extra: str, what: str) -> None:
        super().__init__(f"{what} needs the '{extra}' extra: pip install 'gpreader[{extra}]'")
        self.extra = extra


@dataclass(frozen=True)
class Document:
    """One article found in a file.

    `text` is plain text with `\\n` line ends, paragraphs separated by a blank line and
    headings on lines of their own, so that the structure parser can read it when
    `spans` is None. An importer that knows more (reader comments with their author and
    date, furniture) gives every span itself, sentences included.
    """

    text: str
    title: str | None = None
    attributes: Mapping[str, AttrValue] = field(default_factory=dict)
    spans: tuple[Span, ...] | None = None
    key: str | None = None  # the address inside a container ("3", or a document id)


@dataclass(frozen=True)
class Conversion:
    """Everything one file gave."""

    documents: tuple[Document, ...]
    source_format: str  # "html", "pdf", "docx", "nexis", "factiva", "csv", "text", ...
    skipped: tuple[str, ...] = ()  # parts of a container left out, each with its reason


class Importer(Protocol):
    """One format. `claims` decides by extension and content; `convert` does the work."""

    name: str

    def claims(self, filename: str, head: bytes) -> bool:
        """True when this importer reads the file (`head` is its first 8 KiB)."""
        ...

    def convert(self, data: bytes, filename: str) -> Conversion:
        """The documents in the file. Raises Skipped (or NeedsExtra) with the reason."""
        ...
