"""Writing REFI-QDA XML as text, a piece at a time (never the whole document in memory).

Element names are unqualified: the root's `xmlns` puts them in the REFI namespace. Values are
made XML 1.0 safe (common.xml_text: same length, so positions stay valid) and escaped so that a
parser gives them back exactly (`\\r`, `\\n` and tabs in attributes as character references).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import BinaryIO

from gpreader.export.common import xml_text

_ATTRIBUTE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# Anything that may need a change: markup, white space other than a space, what XML 1.0
# cannot carry. Most values have none, and are written as they are. One class (everything
# but what is kept as it is: XML 1.0's characters from the space on, less " & < >), 3x faster
# to search than the two classes it unites.
_SPECIAL = re.compile(
    "[^\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
FLUSH_AT = 1 << 20  # characters buffered before they are encoded and written


def escaped(value: str) -> str:
    """An attribute's value, escaped."""
    return xml_text(value).translate(_ATTRIBUTE) if _SPECIAL.search(value) else value


def attributes(values: Mapping[str, str]) -> str:
    """` name="value"` for each pair, in the given order."""
    return "".join(f' {name}="{escaped(value)}"' for name, value in values.items())


def text(value: str) -> str:
    """Element content."""
    return xml_text(value).translate(_TEXT) if _SPECIAL.search(value) else value


def empty(name: str, values: Mapping[str, str], indent: int) -> str:
    return f"{' ' * indent}<{name}{attributes(values)}/>\n"


def opening(name: str, values: Mapping[str, str], indent: int) -> str:
    return f"{' ' * indent}<{name}{attributes(values)}>\n"


def closing(name: str, indent: int) -> str:
    return f"{' ' * indent}</{name}>\n"


def leaf(name: str, content: str, indent: int) -> str:
    """An element holding only text."""
    return f"{' ' * indent}<{name}>{text(content)}</{name}>\n"


class Writer:
    """Text written to a binary stream as UTF-8, in chunks of about FLUSH_AT characters."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._parts: list[str] = []
        self._size = 0

    def write(self, piece: str) -> None:
        self._parts.append(piece)
        self._size += len(piece)
        if self._size >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self._stream.write("".join(self._parts).encode("utf-8"))
        self._parts.clear()
        self._size = 0
