"""W3C Web Annotation JSON-LD: an AnnotationCollection whose first page holds every highlight.

Each annotation targets its article (`source` is the article's path relative to the corpus
folder, percent-encoded: a relative IRI) with a TextQuoteSelector (exact, prefix, suffix) and,
unless the highlight is orphaned, a TextPositionSelector in code points of the canonical text.
Tags are TextualBody bodies with purpose `tagging`; the note one with purpose `commenting`.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO
from urllib.parse import quote

from gpreader import __version__
from gpreader.export.common import (
    ExportData,
    Progress,
    Record,
    as_uuid,
    stable_uuid,
    ticker,
    utc_stamp,
)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotation(h: Record) -> dict[str, Any]:
    """One highlight as a W3C Annotation."""
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": h.exact, "prefix": h.prefix, "suffix": h.suffix}
    ]
    if h.status != "orphaned":
        selectors.append({"type": "TextPositionSelector", "start": h.start, "end": h.end})
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in h.tags
    ]
    if h.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": h.note,
                "format": "text/plain",
            }
        )
    item: dict[str, Any] = {
        "id": f"urn:uuid:{as_uuid('highlight', h.id)}",
        "type": "Annotation",
        "motivation": "highlighting",
    }
    if h.coder:
        item["creator"] = {"type": "Person", "name": h.coder}
    for key, stamp in (("created", h.created), ("modified", h.updated)):
        if utc_stamp(stamp):
            item[key] = utc_stamp(stamp)
    if bodies:
        item["body"] = bodies
    item["target"] = {"source": quote(h.article, safe="/"), "selector": selectors}
    return item


def collection(data: ExportData, progress: Progress | None = None) -> dict[str, Any]:
    tick = ticker(progress, len(data.highlights))
    items = []
    for done, h in enumerate(data.highlights, 1):
        items.append(annotation(h))
        tick(done)
    key = repr(sorted(h.id for h in data.highlights))
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{stable_uuid('collection', key)}",
        "type": "AnnotationCollection",
        "label": "gpreader highlights",
        "generator": {"type": "Software", "name": f"gpreader {__version__}"},
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write(data: ExportData, stream: BinaryIO, *, progress: Progress | None = None) -> int:
    """The collection as indented UTF-8 JSON-LD; how many annotations."""
    doc = collection(data, progress)
    stream.write(json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return len(data.highlights)
