"""W3C Web Annotation JSON-LD: an AnnotationCollection whose one page holds every highlight.

Written as it is read: the collection and page are written around the page's `items`, and
each annotation is encoded on its own (the C JSON encoder), one per line, as the highlights
stream from the store; memory stays flat however many there are.

Each annotation stands alone (it carries `@context`) and targets a SpecificResource whose
`source` is the article file: `id` its absolute `file:` URI, `canonical` the `urn:sha256:` of
the file's bytes the offsets were taken on. The TextQuoteSelector (exact, prefix, suffix) and
TextPositionSelector index the file as a consumer decodes it (line ends as stored, see
`source_text`); a FragmentSelector gives the same range as an RFC 5147 `char=` fragment,
which counts each line ending as one character, as gpreader's own offsets do. When the
articles folder is unknown, the file is unreadable or no longer holds the article's text,
the source is `urn:sha256:` of the stored (canonical, `\\n`) text, and the selectors index
that text. An orphaned highlight's words are gone from the article: its source is the text
version it was last anchored on (`urn:sha256:` of that canonical text, which its stored
quote and offsets index), scoped to the article's file.
Tags are TextualBody bodies with purpose `tagging`; the note one with purpose `commenting`;
a highlight with neither has no body (a bare highlight, as the model allows).
Bodies, targets and the annotation name their creator (the coder) and creation time; the
generator is gpreader. Languages are `und` (undetermined): gpreader does not know them.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any, BinaryIO

from gpreader import __version__
from gpreader.anchoring import quote_at
from gpreader.anchoring.quotes import CONTEXT as QUOTE_CONTEXT
from gpreader.export.common import (
    _CANONICAL_UUID,
    ExportData,
    Progress,
    Record,
    as_uuid,
    stable_uuid,
    ticker,
    utc_stamp,
)
from gpreader.export.source_text import SourceText, file_uri, read_source

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LANGUAGE = "und"  # BCP 47 "undetermined"
RFC5147 = "http://tools.ietf.org/rfc/rfc5147"  # text/plain fragments, as the model names it
GENERATOR = {
    "id": f"urn:uuid:{stable_uuid('software', 'gpreader')}",
    "type": "Software",
    "name": f"gpreader {__version__}",
    "nickname": "gpreader",
}
CHUNK = 1024  # annotations per write
_ITEMS = "\x00items\x00"  # stands for the page's items while the frame is encoded


def agent(coder: str) -> dict[str, Any]:
    """A coder as a Person with a stable id (the same name gives the same id)."""
    return {
        "id": f"urn:uuid:{stable_uuid('coder', coder)}",
        "type": "Person",
        "name": coder,
        "nickname": coder,
    }


def fragment(start: int, end: int) -> dict[str, Any]:
    """An RFC 5147 FragmentSelector: `char=` counts code points, a line ending as one."""
    return {"type": "FragmentSelector", "conformsTo": RFC5147, "value": f"char={start},{end}"}


class Sources:
    """The article file of the current article, read once per run of its highlights (they
    come grouped by article), and the targets pointing into it."""

    def __init__(self, data: ExportData) -> None:
        self.data = data
        self._path: str | None = None
        self._file: SourceText | None = None
        self._text = ""  # the stored text of the article at `_path`
        self._source_path: str | None = None
        self._source: dict[str, Any] = {}
        self.source_json = ""

    def file(self, path: str) -> SourceText | None:
        if path != self._path:
            root = self.data.root
            article = self.data.article(path)
            self._path, self._text = path, article.text
            self._file = read_source(root, article) if root else None
        return self._file

    def target(self, h: Record) -> dict[str, Any]:
        """The SpecificResource: the source and selectors into it."""
        if h.status == "orphaned" or not h.article:
            return self._version_target(h)
        return {
            "type": "SpecificResource",
            "source": self.source(h.article),
            "selector": self.selectors(h),
        }

    def source(self, path: str) -> dict[str, Any]:
        """The article's text as a resource (one dict per run of its highlights: not to be
        changed), its JSON in `source_json`."""
        if path != self._source_path:
            file = self.file(path)
            if file is not None:
                source: dict[str, Any] = {"id": file.uri, "canonical": file.version}
            else:
                source = {"id": f"urn:sha256:{self.data.article(path).sha256}"}
            source.update(type="Text", format="text/plain", language=LANGUAGE)
            self._source_path, self._source = path, source
            self.source_json = json.dumps(source, ensure_ascii=False)
        return self._source

    def selectors(self, h: Record) -> list[dict[str, Any]]:
        """Quote, position and RFC 5147 fragment of a highlight that is in its article."""
        exact, prefix, suffix, start, end = self.anchor(h)
        return [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
            {"type": "TextPositionSelector", "start": start, "end": end},
            fragment(h.start, h.end),
        ]

    def anchor(self, h: Record) -> tuple[str, str, str, int, int]:
        """exact, prefix, suffix, start and end of a highlight in its article's file as
        decoded (or in the stored text, when the file is not known or not the same)."""
        file = self.file(h.article)
        text, start, end = self._text, h.start, h.end
        if not 0 <= start < end <= len(text):
            quote_at(text, start, end)  # raises, saying why
        # where quote_at's prefix starts and its suffix ends
        before, after = max(start - QUOTE_CONTEXT, 0), min(end + QUOTE_CONTEXT, len(text))
        if file is None:
            return text[start:end], text[before:start], text[end:after], start, end
        return file.quote(before, start, end, after)

    def _version_target(self, h: Record) -> dict[str, Any]:
        """The text version a highlight was last anchored on, which its stored quote and
        offsets index (an orphan's words are no longer in the article)."""
        source = {
            "id": f"urn:sha256:{h.article_sha256}",
            "type": "Text",
            "format": "text/plain",
            "language": LANGUAGE,
        }
        quote = {
            "type": "TextQuoteSelector",
            "exact": h.exact,
            "prefix": h.prefix,
            "suffix": h.suffix,
        }
        position = {"type": "TextPositionSelector", "start": h.start, "end": h.end}
        target: dict[str, Any] = {
            "type": "SpecificResource",
            "source": source,
            "selector": [quote, position, fragment(h.start, h.end)],
        }
        if self.data.root is not None and h.article:
            target["scope"] = file_uri(self.data.root, h.article)
        return target


class Annotations:
    """Highlights as W3C Annotations, with what repeats (agents, time stamps) made once."""

    def __init__(self, sources: Sources | None = None) -> None:
        self.sources = sources
        self._agents: dict[str, dict[str, Any]] = {}
        self._stamps: dict[str, str | None] = {}

    def stamp(self, value: str) -> str | None:
        found = self._stamps.get(value, "")
        if found == "":
            found = self._stamps[value] = utc_stamp(value)
        return found

    def agent(self, coder: str) -> dict[str, Any]:
        found = self._agents.get(coder)
        if found is None:
            found = self._agents[coder] = agent(coder)
        return found

    def __call__(self, h: Record) -> dict[str, Any]:
        lifecycle: dict[str, Any] = {}
        if h.coder:
            lifecycle["creator"] = self.agent(h.coder)
        created = self.stamp(h.created)
        if created:
            lifecycle["created"] = created
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
        modified = self.stamp(h.updated)
        if modified:
            item["modified"] = modified
        if bodies:
            item["body"] = bodies
        if self.sources is not None:
            target = self.sources.target(h)
        else:  # a bare record: the stored quote and offsets in the text version they index
            target = {
                "type": "SpecificResource",
                "source": {"id": f"urn:sha256:{h.article_sha256}", "type": "Text"},
                "selector": [{"type": "TextQuoteSelector", "exact": h.exact}],
            }
        item["target"] = {**target, **lifecycle}
        return item


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
    return Annotations(sources)(h)


def frame(data: ExportData) -> tuple[str, str]:
    """The collection and its page as JSON, split where the page's items go."""
    key = repr(data.ids)  # sorted: the same highlights give the same ids
    collection_id = f"urn:uuid:{stable_uuid('collection', key)}"
    page_id = f"urn:uuid:{stable_uuid('page', key)}"
    described = {  # the collection as its page describes it (`partOf`)
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "gpreader highlights",
        "total": data.total,
        "first": page_id,
        "last": page_id,
    }
    doc = {
        "@context": CONTEXT,
        **described,
        "generator": GENERATOR,
        "first": {
            "@context": CONTEXT,
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": described,
            "startIndex": 0,
            "items": _ITEMS,
        },
    }
    head, tail = json.dumps(doc, ensure_ascii=False).split(json.dumps(_ITEMS))
    return head, tail


class Encoded:
    """Annotations as UTF-8 JSON, the same JSON value as encoding `Annotations` gives (a test
    holds them equal). Built as bytes around the parts that repeat (agents, stamps, bodies'
    tags, the source, the generator), each encoded once; only a highlight's own text is
    encoded per highlight (joining str would widen every line to its widest character)."""

    KEPT = 20_000  # distinct tag combinations whose bodies are remembered

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self.make = Annotations(sources)  # its stamp and agent caches
        self.encode = json.JSONEncoder(ensure_ascii=False).encode
        self._creators: dict[str, bytes] = {"": b""}  # coder -> `,"creator":{...}`
        self._created: dict[str, bytes] = {}  # stamp -> `,"created":"..."` (b"" if none)
        self._modified: dict[str, bytes] = {}  # stamp -> `,"modified":"..."` (b"" if none)
        self._tags: dict[tuple[str, ...], list[bytes]] = {}  # tags -> their bodies' starts
        self._source: tuple[str, bytes] = ("", b"")  # the article and its source's JSON
        self._head = f'{{"@context":{json.dumps(CONTEXT)},"id":"urn:uuid:'.encode()
        self._kind = b'","type":"Annotation","motivation":"highlighting"'
        self._generator = f',"generator":{json.dumps(GENERATOR, ensure_ascii=False)}'.encode()
        self._note = (
            '{"type":"TextualBody","purpose":"commenting","value":%s,'
            f'"format":"text/plain","language":"{LANGUAGE}"'
        )

    def _creator(self, coder: str) -> bytes:
        agent_json = self.encode(self.make.agent(coder))
        found = self._creators[coder] = f',"creator":{agent_json}'.encode()
        return found

    def _stamp(self, found: dict[str, bytes], key: str, value: str) -> bytes:
        """`,"key":"stamp"` of a stored stamp (b"" when it has none), made once per value."""
        stamp = self.make.stamp(value)  # digits, `-`, `:`, `T`, `Z`: nothing to escape
        made = found[value] = f',"{key}":"{stamp}"'.encode() if stamp else b""
        return made

    def _bodies(self, tags: tuple[str, ...]) -> list[bytes]:
        """Each tag's body up to where its lifecycle goes."""
        if len(self._tags) > self.KEPT:
            self._tags.clear()  # memory stays flat whatever the tags
        found = self._tags[tags] = [
            f'{{"type":"TextualBody","purpose":"tagging","value":{self.encode(tag)},'
            f'"format":"text/plain","language":"{LANGUAGE}"'.encode()
            for tag in tags
        ]
        return found

    def __call__(self, h: Record) -> bytes:
        lifecycle = self._creators.get(h.coder)
        if lifecycle is None:
            lifecycle = self._creator(h.coder)
        created = self._created.get(h.created)
        if created is None:
            created = self._stamp(self._created, "created", h.created)
        lifecycle += created
        hid = h.id if _CANONICAL_UUID.fullmatch(h.id) else as_uuid("highlight", h.id)
        parts = [self._head, hid.encode(), self._kind, lifecycle, self._generator]
        modified = self._modified.get(h.updated)
        if modified is None:
            modified = self._stamp(self._modified, "modified", h.updated)
        parts.append(modified)
        bodies = (self._tags.get(h.tags) or self._bodies(h.tags)) if h.tags else []
        if h.note:
            bodies = [*bodies, (self._note % self.encode(h.note)).encode()]
        if bodies:
            end = lifecycle + b"}"
            parts += [b',"body":[', (end + b",").join(bodies), end, b"]"]
        if h.status == "orphaned" or not h.article:
            parts += [b',"target":', self.encode(self.sources.target(h))[:-1].encode()]
        else:
            parts += [b',"target":{"type":"SpecificResource","source":', self._source_of(h)]
            exact, prefix, suffix, start, end_at = self.sources.anchor(h)
            text = encode_basestring  # a str as a JSON string, as the encoder writes it
            quote = f'{text(exact)},"prefix":{text(prefix)},"suffix":{text(suffix)}'
            parts += [
                b',"selector":[{"type":"TextQuoteSelector","exact":',
                quote.encode(),
                f'}},{{"type":"TextPositionSelector","start":{start},"end":{end_at}}},'
                f'{{"type":"FragmentSelector","conformsTo":"{RFC5147}",'
                f'"value":"char={h.start},{h.end}"}}]'.encode(),
            ]
        parts += [lifecycle, b"}}"]
        return b"".join(parts)

    def _source_of(self, h: Record) -> bytes:
        """The JSON of the source of a highlight in its article, encoded once per article."""
        if self._source[0] != h.article:
            self.sources.source(h.article)
            self._source = (h.article, self.sources.source_json.encode())
        return self._source[1]


def write(data: ExportData, stream: BinaryIO, *, progress: Progress | None = None) -> int:
    """The collection as UTF-8 JSON-LD, one annotation per line; how many annotations."""
    head, tail = frame(data)
    encode = Encoded(Sources(data))
    tick = ticker(progress, data.total)
    stream.write(f"{head}[".encode())
    lines: list[bytes] = []
    done, separator = 0, b"\n"

    def flush() -> None:
        stream.write(separator + b",\n".join(lines))
        lines.clear()

    quoted = data.store.with_quote
    # read without quote context (a narrower sort): only an orphan's target uses it
    for done, h in enumerate(data.records(quotes=False), 1):
        lines.append(encode(quoted(h) if h.status == "orphaned" or not h.article else h))
        if len(lines) >= CHUNK:
            flush()
            separator = b",\n"
        tick(done)
    if lines:
        flush()
    stream.write(f"\n]{tail}\n".encode())
    return done
