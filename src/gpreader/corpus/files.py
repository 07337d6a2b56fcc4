"""Read a folder of articles: find the files, decode them to canonical text, load articles.

The canonical text of a file is its bytes decoded (strict UTF-8, BOM removed, else strict
cp1252), with line ends normalised to \\n and control characters replaced one-for-one by
U+FFFD. Nothing else is removed; `parse` describes the structure as spans over that text.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol

from gpreader.corpus.structure import Structure, parse
from gpreader.models import Article
from gpreader.text import canonical

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_CONTAINER_BYTES",
    "MAX_FILE_BYTES",
    "FileText",
    "SkipFile",
    "Structure",
    "decode",
    "discover",
    "load_article",
    "open_regular",
    "parse",
    "parse_article",
    "read_at_most",
    "read_bytes",
    "read_file",
    "sha256_text",
    "stat_files",
    "stat_rows",
]

MAX_FILE_BYTES: int = 16 * 1024 * 1024
MAX_CONTAINER_BYTES: int = 512 * 1024 * 1024  # a table or news-database export of many articles
HEAD_BYTES = 8192  # what an importer is chosen by
ARTICLE_SUFFIXES = (".txt", ".md")  # plain text; every other file goes to the importers

_BOM = b"\xef\xbb\xbf"
# The bytes of what `canonical` changes: C0 controls but \t and \n (\r too), DEL; and C1
# controls as UTF-8 writes them (cp1252 decodes no byte to one). Bytes without any decode
# to canonical text as they are: a search in C instead of `canonical`'s pass over the text.
_C0_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
_C1_UTF8_RE = re.compile(b"\xc2[\x80-\x9f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Word's "Unicode Text" is UTF-16 LE with a BOM
# What a file or folder name must not contain to become part of an article path (which is
# shown in terminals): control characters, and the lone surrogates standing for bytes that
# are not UTF-8.
_UNSAFE_NAME_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
BAD_NAME = "its name has control characters or bytes that are not UTF-8; rename it"


class SkipFile(Exception):
    """A file (or folder entry) that is not loaded; str(exc) says why."""


def decode(data: bytes) -> tuple[str, str]:
    """Canonical text and the encoding used ("utf-8", "utf-8-sig", "utf-16" or "cp1252").

    Raises SkipFile."""
    if not data:
        raise SkipFile("empty file")
    if data.startswith(_UTF16_BOMS):
        text, encoding = _decode_utf16(data)
    elif b"\x00" in data:
        raise SkipFile("binary file (NUL bytes)")
    else:
        text, encoding = _decode_chain(data)
    if not _canonical_bytes(data, encoding):
        text = canonical(text)
    if not text.strip():
        raise SkipFile("empty file")
    return text, encoding


def _canonical_bytes(data: bytes, encoding: str) -> bool:
    """Whether `data` decoded with `encoding` is canonical text already (see _C0_BYTES)."""
    if encoding == "utf-16" or len(data.translate(None, _C0_BYTES)) != len(data):
        return False
    return encoding == "cp1252" or _C1_UTF8_RE.search(data) is None


def _decode_utf16(data: bytes) -> tuple[str, str]:
    """UTF-16 with a byte-order mark (the BOM is dropped); NUL characters mean binary."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        raise SkipFile("not valid UTF-16 (it starts with a UTF-16 byte-order mark)") from None
    if "\x00" in text:
        raise SkipFile("binary file (NUL characters)")
    return text, "utf-16"


def _decode_chain(data: bytes) -> tuple[str, str]:
    """Strict UTF-8 (with or without a BOM), else strict cp1252."""
    try:
        if data.startswith(_BOM):
            return data[len(_BOM) :].decode("utf-8"), "utf-8-sig"
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise SkipFile("not valid UTF-8 or cp1252") from None


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading, checked to be a regular file once open.

    Opened with O_NONBLOCK, so a FIFO or device swapped in for the file cannot block us;
    the check is on what was opened (fstat), not on the path. Raises SkipFile.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SkipFile(f"cannot read file ({exc.strerror or exc})") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SkipFile("not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class ByteReader(Protocol):
    """What `read_at_most` reads from: an open binary file, a zip member."""

    def read(self, size: int, /) -> bytes: ...


def read_at_most(stream: ByteReader, limit: int) -> bytes | None:
    """All of `stream`, or None as soon as it holds more than `limit` bytes."""
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(min(2**20, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None
    return b"".join(chunks)


def sha256_text(text: str) -> str:
    """The SHA-256 hex digest of text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FileText:
    """One file read and decoded, not yet parsed: enough to tell which article it holds."""

    path: str  # relative to the corpus folder, with forward slashes
    text: str  # canonical text
    encoding: str
    sha256: str  # of the canonical text
    size: int  # bytes on disk
    mtime_ns: int


def read_bytes(
    root: Path,
    relpath: str,
    path: Path | None = None,
    cap_for: Callable[[bytes], int] | None = None,
) -> tuple[bytes, int, int]:
    """A file's bytes, size and mtime, within the size cap (MAX_FILE_BYTES, or for a larger
    file what `cap_for(its first 8 KiB)` allows: a container's cap). Raises SkipFile."""
    path = root / relpath if path is None else path
    with open_regular(path) as stream:
        info = os.fstat(stream.fileno())
        cap = MAX_FILE_BYTES
        try:
            head = b""
            if info.st_size > cap and cap_for is not None:
                head = stream.read(HEAD_BYTES)
                cap = max(cap, cap_for(head))
            rest = None if info.st_size > cap else read_at_most(stream, cap - len(head))
        except OSError as exc:
            raise SkipFile(f"cannot read file ({exc.strerror or exc})") from exc
    if rest is None:
        size = max(info.st_size, cap + 1)
        raise SkipFile(too_large(cap, size))
    return head + rest if head else rest, info.st_size, info.st_mtime_ns


def too_large(cap: int, size: int) -> str:
    """The reason a file over `cap` bytes is not read."""
    reason = f"too large: over the {_megabytes(cap)} cap ({_megabytes(size)})"
    if cap < MAX_CONTAINER_BYTES:
        reason += (
            f"; tables and news-database exports may be up to {_megabytes(MAX_CONTAINER_BYTES)}"
        )
    return reason


def read_file(root: Path, relpath: str, path: Path | None = None) -> FileText:
    """Read and decode one file, and hash its text (no parsing). Raises SkipFile."""
    data, size, mtime_ns = read_bytes(root, relpath, path)
    text, encoding = decode(data)
    return FileText(relpath, text, encoding, sha256_text(text), size, mtime_ns)


def parse_article(file: FileText) -> Article:
    """The article a decoded file holds: its structure parsed."""
    found = parse(file.text)
    return Article(
        path=file.path,
        sha256=file.sha256,
        text=file.text,
        encoding=file.encoding,
        title=found.title or PurePosixPath(file.path).stem,
        date=found.date,
        words=found.words,
        comments=found.comments,
        spans=found.spans,
        size=file.size,
        mtime_ns=file.mtime_ns,
    )


def load_article(root: Path, relpath: str, path: Path | None = None) -> Article:
    """Read, decode and parse one file. Raises SkipFile with the reason it cannot be loaded."""
    return parse_article(read_file(root, relpath, path))


def _megabytes(size: int) -> str:
    """`16 MB`, `16.5 MB`; a size just over a whole number keeps enough digits to show it."""
    for digits in range(1, 8):
        shown = f"{size / 2**20:.{digits}f}".rstrip("0").removesuffix(".")
        if float(shown) * 2**20 == size or digits == 7 or size % 2**20 > 2**20 // 10**digits:
            return f"{shown} MB"
    return f"{size / 2**20} MB"


def discover(root: Path) -> Iterator[tuple[str, Path] | tuple[str, SkipFile]]:
    """Every file under `root` as (relative posix path, path), sorted by relative path.

    Entries that cannot be followed come as (relative path, SkipFile). Hidden entries are
    ignored. Symlinks are followed only inside `root`; folders reached through a symlink are
    read after every real folder, and never twice, so loops end. Raises NotADirectoryError
    if `root` is not a folder.
    """
    root = root.resolve()
    if not root.is_dir():
        raise NotADirectoryError(root)
    found: list[tuple[str, Path] | tuple[str, SkipFile]] = []
    seen: set[Path] = set()
    folders: deque[tuple[Path, str]] = deque([(root, "")])
    linked: deque[tuple[Path, str]] = deque()
    while folders or linked:
        folder, rel = folders.popleft() if folders else linked.popleft()
        real = folder.resolve()
        if real in seen:
            found.append((rel.rstrip("/"), SkipFile("symlink to a folder already included")))
            continue
        seen.add(real)
        for name, item in _entries(root, folder, real):
            relpath = f"{rel}{name}"
            if isinstance(item, SkipFile):
                shown = _UNSAFE_NAME_RE.sub("\ufffd", relpath.rstrip("/") or ".")
                found.append((shown, item))
            elif item == "file":
                found.append((relpath, folder / name))
            else:
                (folders if item == "dir" else linked).append((folder / name, f"{relpath}/"))
    found.sort(key=lambda entry: entry[0])
    yield from found


def stat_files(
    root: Path, folders: dict[str, int] | None = None
) -> dict[str, tuple[int, int]] | None:
    """`stat_rows` by relative path: {path: (size, mtime_ns)}."""
    rows = stat_rows(root, folders)
    return None if rows is None else {path: (size, mtime) for path, size, mtime in rows}


StatRow = tuple[str, int, int]  # (relative posix path, size, mtime_ns)
# Folders listed at once. Threads cost more CPU than they save on 2 cores (quiet machine,
# bench_check.py: 100k files 1.06 s CPU with 1, 2.39 s with 3; 10k 0.12 s vs 0.23 s).
STAT_THREADS = 1


def stat_rows(root: Path, folders: dict[str, int] | None = None) -> list[StatRow] | None:
    """(path, size, mtime_ns) of every file under `root` that `discover` lists, in no
    particular order: a plain walk with one stat per file (relative to its folder's open
    descriptor), for the check that nothing changed (a file that is not one article, such as
    a container or a skipped file, never matches the stored stats, so the full scan runs).
    None when the folder holds anything `discover` treats with care (a symlink, an unsafe
    name, a folder that cannot be read): then the full scan decides. `folders`, when given,
    receives the mtime_ns of every folder walked (the root as "", the others as `a/b/`).
    Folders below the root are listed by a few threads when there are several."""
    try:
        root_mtime = os.stat(root).st_mtime_ns
        listed = _stat_folder("", str(root))
    except OSError:
        return None
    if listed is None:
        return None
    found, pending = listed
    stamps = {"": root_mtime}
    if len(pending) > 1 and STAT_THREADS > 1:
        from concurrent.futures import ThreadPoolExecutor  # only a folder of folders pays it

        with ThreadPoolExecutor(STAT_THREADS) as pool:
            return _walk(found, pending, stamps, folders, pool.map)
    return _walk(found, pending, stamps, folders, map)


_Listing = tuple[list[StatRow], list[tuple[str, str, int]]]  # files; (rel, path, mtime) folders


def _walk(
    found: list[StatRow],
    pending: list[tuple[str, str, int]],
    stamps: dict[str, int],
    folders: dict[str, int] | None,
    mapper: Callable[..., Iterator[_Listing | None]],
) -> list[StatRow] | None:
    """The walk below the root, a level at a time (each level's folders through `mapper`)."""
    while pending:
        stamps.update((rel, mtime) for rel, _, mtime in pending)
        level = list(mapper(_listed_or_none, [(rel, path) for rel, path, _ in pending]))
        pending = []
        for listed in level:
            if listed is None:
                return None
            found += listed[0]
            pending += listed[1]
    if folders is not None:
        folders.update(stamps)
    return found


def _listed_or_none(entry: tuple[str, str]) -> _Listing | None:
    try:
        return _stat_folder(*entry)
    except OSError:
        return None


def _stat_folder(rel: str, path: str) -> _Listing | None:
    """The files of one folder with their stats, and its subfolders; None if it holds
    something the full scan must see (a symlink, an unsafe name). Raises OSError."""
    files: list[StatRow] = []
    subfolders: list[tuple[str, str, int]] = []
    unsafe = _UNSAFE_NAME_RE.search
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        with os.scandir(fd) as scan:  # stats relative to `fd`: no path looked up again
            for entry in scan:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_symlink() or (not name.isprintable() and unsafe(name)):
                    return None  # printable names hold no control character nor surrogate
                if entry.is_file():
                    info = entry.stat()
                    files.append((rel + name, info.st_size, info.st_mtime_ns))
                elif entry.is_dir():
                    mtime = entry.stat().st_mtime_ns
                    subfolders.append((f"{rel}{name}/", f"{path}/{name}", mtime))
    finally:
        os.close(fd)
    return files, subfolders


def folders_as_stamped(root: Path, stamps: dict[str, int]) -> bool:
    """Whether every folder in `stamps` (relative path -> mtime_ns, as `stat_files` gives
    them) still has that mtime: one stat per folder, none per file. A folder's mtime changes
    when a name in it is added, removed or renamed (a new subfolder changes its parent's),
    not when a file's bytes are rewritten in place: that is what this cannot see."""
    for rel, mtime_ns in stamps.items():
        try:
            if os.stat(root / rel).st_mtime_ns != mtime_ns:
                return False
        except OSError:
            return False
    return bool(stamps)


def _entries(root: Path, folder: Path, real: Path) -> Iterator[tuple[str, str | SkipFile]]:
    """(name, "file" | "dir" | "linked dir" | SkipFile) for the visible entries of a folder."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield "", SkipFile(f"cannot read folder ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if _UNSAFE_NAME_RE.search(entry.name):
            if entry.is_dir() or entry.is_file():
                yield entry.name, SkipFile(BAD_NAME)
            continue
        item = _follow(root, real, Path(entry.path)) if entry.is_symlink() else None
        if isinstance(item, SkipFile):
            yield entry.name, item
        elif entry.is_dir():
            yield entry.name, item or "dir"
        elif entry.is_file():  # every file: the importers say which they read, and why not
            yield entry.name, "file"


def _follow(root: Path, real: Path, link: Path) -> str | SkipFile | None:
    """Why a symlink in folder `real` cannot be followed, "linked dir", or None for a file."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return SkipFile("broken symlink")
    except (OSError, RuntimeError):
        return SkipFile("symlink loop")
    if not target.is_relative_to(root):
        return SkipFile("symlink points outside the articles folder")
    if target.is_dir():
        return SkipFile("symlink loop") if real.is_relative_to(target) else "linked dir"
    return None
