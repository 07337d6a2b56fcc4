"""Just enough HTML for news-database exports: tags out, blocks as lines, entities decoded.

Exports from Nexis and Factiva are machine-written pages with a fixed layout, so a few
regular expressions read them faster than a full parser and need no optional library.
"""

from __future__ import annotations

import html
import re

_HIDDEN_RE = re.compile(r"<!--.*?-->|<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CELL_END_RE = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_BLOCK_END_RE = re.compile(
    r"</(?:p|div|tr|h[1-6]|li|table|blockquote)\s*>|<p\b[^>]*>", re.IGNORECASE
)
_TAG_RE = re.compile(r"<[^>]*>")
_BLANK_LINES_RE = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")


def page_text(markup: str) -> str:
    """The visible text of a page: a block per paragraph (blank line between), a line per
    `<br>`, table cells separated by a tab."""
    markup = _HIDDEN_RE.sub(" ", markup)
    markup = markup.replace("\r", " ").replace("\n", " ")
    markup = _BREAK_RE.sub("\n", markup)
    markup = _CELL_END_RE.sub("\t", markup)
    markup = _BLOCK_END_RE.sub("\n\n", markup)
    text = html.unescape(_TAG_RE.sub("", markup))
    return _BLANK_LINES_RE.sub("\n\n", text).strip()


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment on one line."""
    return " ".join(html.unescape(_TAG_RE.sub(" ", _HIDDEN_RE.sub(" ", markup))).split())
