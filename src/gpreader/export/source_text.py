"""An article's file as another program reads it, for exports that point into it (W3C).

gpreader's offsets index the canonical text (line ends `\\n`). A consumer of a W3C annotation
opens the file and decodes it: its characters are the file's, line ends as stored (`\\r\\n`
stays two characters), the byte-order mark dropped (as TextDecoder and Python's utf-8-sig
and utf-16 codecs do). `SourceText` maps canonical offsets to offsets in that decoded text,
and names the exact file version by the SHA-256 of its bytes.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from gpreader.corpus.files import MAX_FILE_BYTES, SkipFile, open_regular, read_at_most, sha256_text
from gpreader.models import Article
from gpreader.text import canonical

_CRLF = re.compile("\r\n")


@dataclass(frozen=True)
class SourceText:
    """The decoded file of one article, when it still holds the article's text."""

    uri: str  # file: URI of the file
    version: str  # urn:sha256:<hex of the file's bytes>
    text: str  # decoded, byte-order mark dropped, line ends as stored
    _crlf_at: tuple[int, ...]  # canonical offsets of the `\n`s that are `\r\n` in the file

    def offset(self, canonical_offset: int) -> int:
        """The offset in `text` of the character at `canonical_offset` of the canonical text."""
        return canonical_offset + bisect_left(self._crlf_at, canonical_offset)

    def quote(
        self, before: int, start: int, end: int, after: int
    ) -> tuple[str, str, str, int, int]:
        """The file's text from `start` to `end`, before it from `before`, after it to
        `after`, and where `start` and `end` are in it (all given as canonical offsets)."""
        text = self.text
        if not self._crlf_at:  # the same offsets
            return text[start:end], text[before:start], text[end:after], start, end
        before, start, end, after = map(self.offset, (before, start, end, after))
        return text[start:end], text[before:start], text[end:after], start, end

    def slice(self, start: int, end: int) -> str:
        """text between two canonical offsets."""
        return self.text[self.offset(start) : self.offset(end)]


def file_uri(root: Path, path: str) -> str:
    """The absolute `file:` URI of an article file (percent-encoded)."""
    return (root / path).expanduser().resolve().as_uri()


def read_source(root: Path, article: Article) -> SourceText | None:
    """The article's file decoded as it is stored; None when it cannot be read or no longer
    holds the text the article (and its highlights' offsets) was read from."""
    file = root / article.path
    try:
        with open_regular(file) as stream:
            data = read_at_most(stream, MAX_FILE_BYTES)
    except (SkipFile, OSError):
        return None
    if data is None:
        return None
    try:
        text = data.decode(article.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if sha256_text(canonical(text)) != article.sha256:
        return None
    crlf_at = tuple(m.start() - i for i, m in enumerate(_CRLF.finditer(text)))
    return SourceText(
        file_uri(root, article.path),
        f"urn:sha256:{hashlib.sha256(data).hexdigest()}",
        text,
        crlf_at,
    )
