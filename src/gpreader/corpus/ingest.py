"""The one place where a file's bytes become articles: read, choose an importer, convert.

A file gives one article at its own path, or, when it is a container (a table, a news-database
export), one article per document at `FILE#KEY` (`exports/nexis.docx#3`, `rows.csv#12`).
The article path column holds that address, so every command that names an article by path
names these too; identity is by content, so a renamed container keeps its highlights.

Each converted article records the SHA-256 of its source file's bytes: a file whose bytes are
as stored is not converted again (store.article_sources), so a newer library that extracts
differently changes nothing until the source itself changes, and then it is an edit,
re-anchored and reported like any other.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from gpreader.corpus import files, importers
from gpreader.corpus.files import (
    HEAD_BYTES,
    SkipFile,
    parse,
    sha256_text,
)
from gpreader.corpus.importers import AttrValue, Document, Importer, Skipped
from gpreader.corpus.importers.table import ROLES, TableImporter
from gpreader.corpus.importers.text import TextImporter, decode_text
from gpreader.errors import GPReaderError
from gpreader.models import Article, StoredArticle
from gpreader.store.attributes import AttributeStore
from gpreader.text import canonical

__all__ = [
    "Converted",
    "ImportedArticle",
    "Source",
    "article_path",
    "convert_source",
    "read_source",
    "to_article",
]

CONTAINERS = ("table", "nexis", "factiva", "docx", "rtf")  # Nexis exports come as .docx, .rtf
COLUMNS_KEY = "import.table_columns"  # state: the table columns the user named, by role
TABLE_FORMATS = ("csv", "tsv", "jsonl")


@dataclass(frozen=True)
class ImportedArticle(Article):
    """An article with what its importer said of it, for the store's attributes."""

    attributes: Mapping[str, AttrValue] = field(default_factory=dict)
    source_sha256: str = ""
    source_format: str = "text"


@dataclass(frozen=True)
class Converted:
    """One article a file gave, decoded but not yet parsed: enough to tell which it is."""

    path: str  # the article's address: the file's path, or FILE#KEY
    text: str  # canonical text
    encoding: str  # the text's encoding for text files, else the source format
    sha256: str  # of the canonical text
    size: int  # of the source file
    mtime_ns: int
    source_sha256: str  # of the source file's bytes
    source_format: str
    document: Document
    source: str = ""  # the file's path (the article's path without `#KEY`)


@dataclass(frozen=True)
class Source:
    """Everything one file gave."""

    path: str  # relative to the corpus folder
    articles: tuple[Converted, ...]
    source_sha256: str
    source_format: str
    skipped: tuple[str, ...] = ()  # parts of a container left out, each with its reason


def article_path(source: str, key: str | None) -> str:
    """The address of a document: the file's path, or `FILE#KEY` inside a container."""
    return source if key is None else f"{source}#{key}"


def read_bytes(root: Path, relpath: str, path: Path | None = None) -> tuple[bytes, int, int]:
    """A file's bytes, size and mtime, within its cap: MAX_CONTAINER_BYTES for a file a
    container importer claims (a table, a news-database export), else MAX_FILE_BYTES.
    Raises SkipFile."""
    return files.read_bytes(root, relpath, path, lambda head: container_cap(relpath, head))


def container_cap(relpath: str, head: bytes) -> int:
    """The size cap of a file by its name and first bytes: a container's when the importer
    that reads it splits files into many articles, else the single file's."""
    importer = importers.choose(PurePosixPath(relpath).name, head[:HEAD_BYTES])
    container = getattr(importer, "name", "") in CONTAINERS
    return files.MAX_CONTAINER_BYTES if container else files.MAX_FILE_BYTES


def source_sha256(data: bytes, columns: Mapping[str, str] | None = None) -> str:
    """The SHA-256 of a file's bytes, and of the table columns named by the user when they
    are given: a table read with other columns is another source."""
    digest = hashlib.sha256(data)
    if columns:
        digest.update(b"\0columns " + json.dumps(sorted(columns.items())).encode())
    return digest.hexdigest()


def table_columns(store: AttributeStore) -> dict[str, str]:
    """The table columns the user named (`gpreader import --column ROLE=NAME`), by role."""
    try:
        found = store.get_state(COLUMNS_KEY, {})
    except GPReaderError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): str(v) for k, v in found.items() if k in ROLES and v}


def choose(relpath: str, data: bytes) -> Importer:
    """The importer for a file. Raises SkipFile (unsupported type) when none reads it."""
    name = PurePosixPath(relpath).name
    importer = importers.choose(name, data[:HEAD_BYTES])
    if importer is None:
        suffix = PurePosixPath(name).suffix.lower()
        raise SkipFile(f"unsupported type ({suffix or 'no extension'})")
    return importer


def convert_source(
    relpath: str,
    data: bytes,
    size: int = 0,
    mtime_ns: int = 0,
    columns: Mapping[str, str] | None = None,
) -> Source:
    """The articles of one file's bytes (`columns`: the table columns the user named).
    Raises SkipFile with the reason none can be."""
    importer = choose(relpath, data)
    is_table = isinstance(importer, TableImporter)
    if is_table and columns:
        importer = TableImporter(columns)
    digest = source_sha256(data, columns if is_table else None)
    name = PurePosixPath(relpath).name
    encoding = ""
    is_text = isinstance(importer, TextImporter)
    try:
        if is_text:  # decoded to canonical text already (files.decode)
            conversion, encoding = decode_text(data, name)
        else:
            conversion = importer.convert(data, name)
    except Skipped as exc:  # NeedsExtra too: its message names the extra
        raise SkipFile(str(exc)) from None
    except Exception as exc:  # a malformed file a library chokes on: reported, never fatal
        raise SkipFile(f"cannot read as {importer.name}: {type(exc).__name__}: {exc}") from None
    found: list[Converted] = []
    seen: set[str] = set()
    skipped = list(conversion.skipped)
    for n, document in enumerate(conversion.documents, 1):
        text = document.text if is_text else canonical(document.text)
        if not text.strip():
            skipped.append(f"document {document.key or n}: no text")
            continue
        path = article_path(relpath, _unique(document.key, seen))
        found.append(
            Converted(
                path,
                text,
                encoding or conversion.source_format,
                sha256_text(text),
                size,
                mtime_ns,
                digest,
                conversion.source_format,
                document,
                relpath,
            )
        )
    if not found:
        raise SkipFile("no text in it" + (f" ({'; '.join(skipped[:3])})" if skipped else ""))
    return Source(relpath, tuple(found), digest, conversion.source_format, tuple(skipped))


def _unique(key: str | None, seen: set[str]) -> str | None:
    """The key, made unique within its file (`3`, `3-2`, ...)."""
    if key is None:
        return None
    name, n = key, 1
    while name in seen:
        n += 1
        name = f"{key}-{n}"
    seen.add(name)
    return name


def read_source(
    root: Path,
    relpath: str,
    path: Path | None = None,
    columns: Mapping[str, str] | None = None,
) -> Source:
    """Read and convert one file (`columns`: as convert_source). Raises SkipFile."""
    data, size, mtime_ns = read_bytes(root, relpath, path)
    return convert_source(relpath, data, size, mtime_ns, columns)


def to_article(converted: Converted) -> ImportedArticle:
    """The article: its structure (the importer's spans, else parsed from the text), title,
    date and attributes (the importer's, with title, date, words and format added)."""
    document = converted.document
    found = parse(converted.text)
    attributes = dict(document.attributes)
    title = document.title or found.title or _fallback_title(converted)
    given = attributes.get("date")
    date = given.isoformat()[:10] if isinstance(given, datetime.date) else found.date
    attributes.setdefault("title", title)
    if given is None and date is not None:
        attributes["date"] = datetime.date.fromisoformat(date)
    attributes.setdefault("words", found.words)
    attributes["format"] = converted.source_format
    return ImportedArticle(
        path=converted.path,
        sha256=converted.sha256,
        text=converted.text,
        encoding=converted.encoding,
        title=" ".join(title.split()),
        date=date,
        words=found.words,
        comments=found.comments,
        spans=document.spans if document.spans is not None else found.spans,
        size=converted.size,
        mtime_ns=converted.mtime_ns,
        attributes=attributes,
        source_sha256=converted.source_sha256,
        source_format=converted.source_format,
    )


def _fallback_title(converted: Converted) -> str:
    """`report` for report.pdf, `rows #3` for the document `rows.csv#3`."""
    stem = PurePosixPath(converted.source).stem
    key = converted.path[len(converted.source) + 1 :]
    return f"{stem} #{key}" if key else stem


def files_of(
    files: Iterable[str], known: Mapping[str, StoredArticle]
) -> dict[str, list[StoredArticle]]:
    """The stored articles of each listed file: the one at its path, and those at `FILE#KEY`
    (a path that is itself a listed file is that file's, whatever `#` it holds)."""
    listed = set(files)
    found: dict[str, list[StoredArticle]] = {}
    for path, row in known.items():
        source = path if path in listed else _container(path, listed)
        if source is not None:
            found.setdefault(source, []).append(row)
    return found


def _container(path: str, listed: set[str]) -> str | None:
    """The listed file `path` is a document of (the longest `FILE` of `FILE#KEY`), or None."""
    cut = path.rfind("#")
    while cut > 0:
        if path[:cut] in listed:
            return path[:cut]
        cut = path.rfind("#", 0, cut)
    return None


def unchanged_source(
    data: bytes,
    rows: Iterable[StoredArticle],
    sources: Mapping[str, tuple[str, str]],
    columns: Mapping[str, str] | None = None,
) -> str | None:
    """The stored format when every present article of a converted (not plain text) file was
    converted from these very bytes (and table columns), so that converting again is not
    needed; else None."""
    present = [row for row in rows if not row.missing]
    stored = {sources.get(row.path) for row in present}
    if not present or len(stored) != 1:
        return None
    known = stored.pop()
    if known is None or known[1] in ("text", "markdown"):
        return None
    table = known[1] in TABLE_FORMATS
    return known[1] if known[0] == source_sha256(data, columns if table else None) else None


def read_again(
    root: Path,
    article: str,
    source: str,
    path: Path | None = None,
    columns: Mapping[str, str] | None = None,
) -> Converted:
    """One article of a file read and converted again. Raises SkipFile when it is gone."""
    for converted in read_source(root, source, path, columns).articles:
        if converted.path == article:
            return converted
    raise SkipFile(f"no longer in {source}")


def record(store: AttributeStore, article_id: int, article: Article | Converted) -> None:
    """Store what the importer said of an article (attributes, source hash and format).
    Call inside the store's `action()`."""
    if isinstance(article, Converted):
        article = to_article(article)
    if isinstance(article, ImportedArticle):
        store.write_imported(
            article_id, article.attributes, article.source_sha256, article.source_format
        )
