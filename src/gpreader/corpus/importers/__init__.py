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

IMPORTERS: list[Importer] = []
"""In order of preference: the first that claims a file reads it. Register new ones here."""


def choose(filename: str, head: bytes) -> Importer | None:
    """The importer for a file, or None when no importer reads it."""
    return next((imp for imp in IMPORTERS if imp.claims(filename, head)), None)
