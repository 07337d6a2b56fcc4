"""Where an export may be written, and writing it so that no half file is ever left behind."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import BinaryIO, TypeVar

from gpreader.errors import InvalidInputError
from gpreader.text import safe_to_show

T = TypeVar("T")
_UNSAFE = re.compile(r"[^\w.-]+")  # \w is Unicode-aware: letters and digits of any script


def safe_filename(text: str, max_length: int = 60) -> str:
    """A file-name fragment from free text (a title): no separators, dots runs, controls, NUL."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c if c.isprintable() else "-" for c in text)
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"-{2,}", "-", text).strip(".-_")
    return text[:max_length].rstrip(".-_") or "export"


def default_filename(
    extension: str, *, kind: str = "export", title: str | None = None, today: date | None = None
) -> str:
    """`gpreader-export-20240501.csv`, or `gpreader-export-<title>-20240501.csv`."""
    stamp = (today or date.today()).strftime("%Y%m%d")
    middle = f"-{safe_filename(title)}" if title else ""
    return f"gpreader-{kind}{middle}-{stamp}.{extension}"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


_DESCRIPTOR = re.compile(r"/dev/(stdout|stderr|fd/\d+)|/proc/self/fd/\d+")


def is_stream(path: Path) -> bool:
    """Whether `path` is a character device or a FIFO (`/dev/null`, a pipe), or names an open
    descriptor (`/dev/stdout`, even redirected to a file): written into, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or _names_descriptor(path)


def _names_descriptor(path: Path) -> bool:
    return _DESCRIPTOR.fullmatch(os.path.normpath(path)) is not None


def check_target(
    out: Path,
    *,
    db_path: Path | None = None,
    articles_root: Path | None = None,
    force: bool = False,
) -> Path:
    """Refuse to write over the database (or its -wal/-shm/-journal), into the articles folder
    (symlinks resolved), onto a directory or any other special file, or over an existing file
    without `force`. A character device or FIFO is returned as given: it is written into."""
    target = out.expanduser().resolve()
    if db_path is not None:
        db = db_path.expanduser().resolve()
        guarded = [db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
        if target in guarded or any(_same_file(target, g) for g in guarded):
            raise InvalidInputError(f"{out}: refusing to write over the annotations database")
    if articles_root is not None:
        root = articles_root.expanduser().resolve()
        if target == root or target.is_relative_to(root):
            raise InvalidInputError(
                f"{out}: refusing to write into the articles folder ({articles_root}); "
                "it would be read as an article"
            )
    if is_stream(out.expanduser()):
        return out.expanduser()
    if target.is_dir():
        raise InvalidInputError(f"{out} is a directory; give a file name")
    if not target.parent.is_dir():
        raise InvalidInputError(f"{out}: folder {target.parent} does not exist")
    if target.exists() and not target.is_file():
        raise InvalidInputError(f"{out} is not a regular file; --force replaces regular files only")
    if target.exists() and not force:
        raise InvalidInputError(f"{out} exists; use --force to replace it")
    return target


def atomic_write(target: Path, write: Callable[[BinaryIO], T], *, force: bool = False) -> T:
    """Write through `write` into a temporary file beside `target`, then move it into place.

    An interrupted export leaves no partial file. Without `force`, an existing file (even
    one created while we wrote) is never replaced; with it, only a regular file is. A
    character device or FIFO (see `is_stream`) is written into directly.
    """
    if is_stream(target):
        return _write_stream(target, write)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInputError(
            f"{target.parent}: cannot write there ({exc.strerror or exc}); nothing was written"
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            result = write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        place_file(tmp, target, replace=force)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return result


def _write_stream(target: Path, write: Callable[[BinaryIO], T]) -> T:
    """Write into a character device, FIFO or named descriptor, checking what was opened."""
    descriptor = _names_descriptor(target)  # may be a file the shell redirected: append
    flags = os.O_WRONLY | os.O_NOCTTY | (os.O_APPEND if descriptor else 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise InvalidInputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    mode = os.fstat(fd).st_mode
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or (descriptor and stat.S_ISREG(mode))):
        os.close(fd)
        raise InvalidInputError(f"{target} changed while it was opened; nothing was written")
    with os.fdopen(fd, "wb") as stream:
        result = write(stream)
        stream.flush()
    return result


def place_file(tmp: Path, target: Path, *, replace: bool) -> None:
    """Move the complete file `tmp` to `target` by rename, never unlinking first.

    Without `replace` an existing `target` is never touched; with it only a regular file
    is replaced (a device, FIFO or folder that appeared meanwhile is refused).
    """
    if not replace:
        _place_new(tmp, target)
        return
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise InvalidInputError(
            f"{target} is not a regular file; --force replaces regular files only"
        )
    os.replace(tmp, target)
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """fsync a folder so a rename in it survives a crash (where the OS allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _place_new(tmp: Path, target: Path) -> None:
    """Move `tmp` to `target` only if `target` does not exist (hard link where possible)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise InvalidInputError(f"{target} exists; use --force to replace it") from None
    except OSError:  # no hard links on this file system
        if target.exists():
            raise InvalidInputError(f"{target} exists; use --force to replace it") from None
        os.replace(tmp, target)
    _sync_folder(target.parent)


class TerminalSafeStream:
    """A binary stream for a terminal: UTF-8 passed through `safe_to_show`, so escape codes in a
    hand-edited database reach the screen as U+FFFD. Safe across multi-byte chunk ends."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def write(self, data: bytes) -> int:
        self.raw.write(safe_to_show(self._decoder.decode(data)).encode("utf-8"))
        return len(data)

    def flush(self) -> None:
        tail = self._decoder.decode(b"", final=True)
        if tail:
            self.raw.write(safe_to_show(tail).encode("utf-8"))
        self.raw.flush()
