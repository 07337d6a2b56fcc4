"""The one text policy: canonical article text, folding, typed input, and what may be shown.

Every function here keeps offsets valid: characters are replaced one for one, never removed,
except where a docstring says otherwise (`canonical` joins CRLF, `clean_typed` the same).

- `canonical(text)`: an article's text as stored: line endings `\\n`, other controls U+FFFD.
- `clean_typed(text)`: what a user typed (a note, a tag, a coder name) as it is stored.
- `safe_to_show(text)`: any string on its way to a terminal (TUI render and CLI output alike):
  C0/C1 controls (so every ESC sequence), bidi overrides and isolates, and invisible
  zero-width characters become U+FFFD, one for one. `\\n` and `\\t` stay. `escape_unsafe`
  hands the same characters to a function of the caller's (JSON escapes, say).
- `fold(text)`: typographic quotes, dashes and Unicode spaces made ASCII, for matching.
- `trim_range(text, start, end)`: a range without its surrounding whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PLACEHOLDER = "\ufffd"

# Controls a canonical text never holds: C0 but \t and \n, DEL, C1.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Lone surrogates stand for bytes that were not UTF-8 (argv, file names); they cannot be
# encoded, so no text that leaves gpreader may hold them.
_SURROGATES = "\ud800-\udfff"
# Characters that reorder or hide text on a terminal: bidi embeddings, overrides and isolates,
# the bidi marks, and invisible zero-width characters (ZWSP, word joiner and the invisible
# operators, BOM, Mongolian vowel separator). ZWNJ and ZWJ (U+200C, U+200D) are kept: scripts
# such as Persian and every emoji sequence need them, and they hide nothing.
_INVISIBLE = "\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"

_CANONICAL_RE = re.compile(f"[{_CONTROLS}]")
_TYPED_RE = re.compile(f"[{_CONTROLS}{_SURROGATES}]")
_UNSAFE_RE = re.compile(f"[{_CONTROLS}{_SURROGATES}{_INVISIBLE}]")

_FOLDS = {
    "'": "‘’‚‛′",
    '"': "“”„‟″",
    "-": "‐‑‒–—―",
    " ": "\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))),
}
# One-to-one replacements: chained str.replace is ~15x faster than str.translate on 5 MB.
_PAIRS = tuple((char, plain) for plain, chars in _FOLDS.items() for char in chars)


def canonical(text: str) -> str:
    """`\\r\\n` and lone `\\r` -> `\\n`; other controls but `\\t` (C0, DEL, C1) -> U+FFFD."""
    return _CANONICAL_RE.sub(PLACEHOLDER, text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_typed(text: str) -> str:
    """Text a user typed, as it is stored: line endings `\\n`; controls (but `\\n`, `\\t`) and
    lone surrogates become U+FFFD."""
    return _TYPED_RE.sub(PLACEHOLDER, text.replace("\r\n", "\n").replace("\r", "\n"))


def safe_to_show(text: str) -> str:
    """`text` safe to write to a terminal, one character for one (offsets stay valid)."""
    return _UNSAFE_RE.sub(PLACEHOLDER, text) if _UNSAFE_RE.search(text) else text


def escape_unsafe(text: str, escape: Callable[[str], str]) -> str:
    """`text` with each character `safe_to_show` would replace given by `escape(char)` instead
    (the CLI's JSON writes them as `\\uXXXX`)."""
    return _UNSAFE_RE.sub(lambda found: escape(found.group()), text)


def is_safe_to_show(text: str) -> bool:
    """Whether `safe_to_show` would leave `text` as it is."""
    return _UNSAFE_RE.search(text) is None


def fold(text: str) -> str:
    """`text` with typographic quotes, dashes and Unicode spaces made plain; same length."""
    for char, plain in _PAIRS:
        text = text.replace(char, plain)
    return text


def trim_range(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] without surrounding whitespace (clamped to the text); None if nothing
    is left."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
