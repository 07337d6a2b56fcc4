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

from gpreader.corpus.importers.table import TableImporter  # after base
from gpreader.corpus.importers.text import TextImporter

IMPORTERS: list[Importer] = [TableImporter(), TextImporter()]
"""In order of preference: the first that claims a file reads it. Register new ones here
(importers that claim by content, such as a Nexis `.txt` export, before TextImporter)."""


def choose(filename: str, head: bytes) -> Importer | None:
    """The importer for a file, or None when no importer reads it."""
    return next((imp for imp in IMPORTERS if imp.claims(filename, head)), None)
