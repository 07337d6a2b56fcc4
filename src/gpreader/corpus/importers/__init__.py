"""Importers: each format's file in, documents out (see `base`)."""

from __future__ import annotations

from gpreader.corpus.importers.base import (
    AttrValue,
    Conversion,
    Document,
    Importer,
    NeedsExtra,
    Skipped,
)

__all__ = ["AttrValue", "Conversion", "Document", "Importer", "NeedsExtra", "Skipped", "choose"]

from gpreader.corpus.importers.factiva import FactivaImporter
from gpreader.corpus.importers.html import HtmlImporter
from gpreader.corpus.importers.nexis import NexisImporter
from gpreader.corpus.importers.office import DocxImporter, OdtImporter, RtfImporter
from gpreader.corpus.importers.pdf import PdfImporter
from gpreader.corpus.importers.table import TableImporter
from gpreader.corpus.importers.text import TextImporter

IMPORTERS: list[Importer] = [
    # News-database exports first: they come as .txt, .htm, .rtf and claim by content.
    FactivaImporter(),
    NexisImporter(),
    DocxImporter(),
    OdtImporter(),
    RtfImporter(),
    PdfImporter(),
    HtmlImporter(),
    TableImporter(),
    TextImporter(),  # last: plain text and Markdown, by extension
]
"""In order of preference: the first that claims a file reads it. Register new ones here
(importers that claim by content, such as a Nexis `.txt` export, before TextImporter)."""


def choose(filename: str, head: bytes) -> Importer | None:
    """The importer for a file, or None when no importer reads it."""
    return next((imp for imp in IMPORTERS if imp.claims(filename, head)), None)
