"""W3C Web Annotation JSON-LD: an AnnotationCollection whose one page holds every highlight.

Each annotation stands alone (it carries `@context`) and targets a SpecificResource whose
`source` is the article file: `id` its absolute `file:` URI, `canonical` the `urn:sha256:` of
the file's bytes the offsets were taken on. The TextQuoteSelector (exact, prefix, suffix) and
TextPositionSelector index the file as a consumer decodes it (line ends as stored, see
`source_text`). When the articles folder is unknown, the file is unreadable or no longer holds
the article's text, the source is `urn:sha256:` of the stored (canonical, `\\n`) text, and the
selectors index that text; an orphaned highlight keeps only its quote.
Tags are TextualBody bodies with purpose `tagging`; the note one with purpose `commenting`.
Bodies, targets and the annotation name their creator (the coder) and creation time; the
generator is gpreader. Languages are `und` (undetermined): gpreader does not know them.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from gpreader import __version__
from gpreader.anchoring import quote_at
from gpreader.export.common import (
    ExportData,
    Progress,
    Record,
    as_uuid,
    stable_uuid,
    ticker,
    utc_stamp,
)
from gpreader.export.source_text import SourceText, read_source

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LANGUAGE = "und"  # BCP 47 "undetermined"
GENERATOR = {
    "id": f"urn:uuid:{stable_uuid('software', 'gpreader')}",
    "type": "Software",
    "name": f"gpreader {__version__}",
    "nickname": "gpreader",
}


def agent(coder: str) -> dict[str, Any]:
    """A coder as a Person with a stable id (the same name gives the same id)."""
    return {
        "id": f"urn:uuid:{stable_uuid('coder', coder)}",
        "type": "Person",
        "name": coder,
        "nickname": coder,
    }


class Sources:
    """Per article path: its file decoded (or None), read once per export."""

    def __init__(self, data: ExportData) -> None:
        self.data = data
        self._files: dict[str, SourceText | None] = {}

    def file(self, path: str) -> SourceText | None:
        if path not in self._files:
            root = self.data.root
            self._files[path] = read_source(root, self.data.article(path)) if root else None
        return self._files[path]

    def target(self, h: Record) -> dict[str, Any]:
        """The SpecificResource: the source and selectors into it."""
        file = self.file(h.article) if h.article else None
        quote_selector = {"type": "TextQuoteSelector", "exact": h.exact}
        selectors: list[dict[str, Any]] = [quote_selector]
        if file is not None:
            source = {"id": file.uri, "canonical": file.version}
        else:
            sha = self.data.article(h.article).sha256 if h.article else h.article_sha256
            source = {"id": f"urn:sha256:{sha}"}
        quote_selector.update(prefix=h.prefix, suffix=h.suffix)
        if h.status != "orphaned":
            text = self.data.article(h.article).text
            found = quote_at(text, h.start, h.end)
            start, end = h.start, h.end
            before, after = start - len(found.prefix), end + len(found.suffix)
            if file is not None:
                quote_selector.update(
                    exact=file.slice(start, end),
                    prefix=file.slice(before, start),
                    suffix=file.slice(end, after),
                )
                start, end = file.offset(start), file.offset(end)
            else:
                quote_selector.update(exact=found.exact, prefix=found.prefix, suffix=found.suffix)
            selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
        source.update(type="Text", format="text/plain", language=LANGUAGE)
        return {"type": "SpecificResource", "source": source, "selector": selectors}


def _body(value: str, purpose: str, lifecycle: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "TextualBody",
        "purpose": purpose,
        "value": value,
        "format": "text/plain",
        "language": LANGUAGE,
        **lifecycle,
    }


def annotation(h: Record, sources: Sources | None = None) -> dict[str, Any]:
    """One highlight as a W3C Annotation."""
    lifecycle: dict[str, Any] = {}
    if h.coder:
        lifecycle["creator"] = agent(h.coder)
    if utc_stamp(h.created):
        lifecycle["created"] = utc_stamp(h.created)
    bodies = [_body(tag, "tagging", lifecycle) for tag in h.tags]
    if h.note:
        bodies.append(_body(h.note, "commenting", lifecycle))
    item: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{as_uuid('highlight', h.id)}",
        "type": "Annotation",
        "motivation": "highlighting",
        **lifecycle,
        "generator": GENERATOR,
    }
    if utc_stamp(h.updated):
        item["modified"] = utc_stamp(h.updated)
    if bodies:
        item["body"] = bodies
    if sources is not None:
        target = sources.target(h)
    else:  # a bare record: the stored quote and offsets, the source named by its path hash
        target = {
            "type": "SpecificResource",
            "source": {"id": f"urn:sha256:{h.article_sha256}", "type": "Text"},
            "selector": [{"type": "TextQuoteSelector", "exact": h.exact}],
        }
    item["target"] = {**target, **lifecycle}
    return item


def collection(data: ExportData, progress: Progress | None = None) -> dict[str, Any]:
    tick = ticker(progress, len(data.highlights))
    sources = Sources(data)
    items = []
    for done, h in enumerate(data.highlights, 1):
        items.append(annotation(h, sources))
        tick(done)
    key = repr(sorted(h.id for h in data.highlights))
    collection_id = f"urn:uuid:{stable_uuid('collection', key)}"
    page_id = f"urn:uuid:{stable_uuid('page', key)}"
    described = {  # the collection as its page describes it (`partOf`)
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "gpreader highlights",
        "total": len(items),
        "first": page_id,
        "last": page_id,
    }
    return {
        "@context": CONTEXT,
        **described,
        "generator": GENERATOR,
        "first": {
            "@context": CONTEXT,
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": described,
            "startIndex": 0,
            "items": items,
        },
    }


def write(data: ExportData, stream: BinaryIO, *, progress: Progress | None = None) -> int:
    """The collection as indented UTF-8 JSON-LD; how many annotations."""
    doc = collection(data, progress)
    stream.write(json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return len(data.highlights)
