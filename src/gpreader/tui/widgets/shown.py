"""Text on its way to the screen: the one door for strings the workbench did not write itself.

Titles, article text, tags, notes, coder names, paths and error messages come from the
database, files or the user; any of them may hold escape sequences, C1 controls, bidi
overrides or zero-width characters. `shown` applies `text.safe_to_show` (each becomes U+FFFD,
one for one, so offsets and marked ranges stay valid); `assemble` and `styled` build Textual
`Content` the same way. Textual itself strips only BEL, BS, VT, FF and CR.
"""

from __future__ import annotations

from textual.content import Content

from gpreader.text import is_safe_to_show, safe_to_show

Part = str | tuple[str, str] | Content


def shown(text: str) -> str:
    """`text` safe to draw (see text.safe_to_show); same length."""
    return safe_to_show(text)


def styled(text: str, style: str = "") -> Content:
    """`Content.styled` of `text` made safe to draw."""
    return Content.styled(safe_to_show(text), style)


def assemble(*parts: Part) -> Content:
    """`Content.assemble` with every part's text made safe to draw (styles are kept)."""
    return Content.assemble(*(_safe_part(part) for part in parts))


def safe_content(content: Content | str) -> Content | str:
    """A label as given (str or Content), its text made safe to draw, its styles kept."""
    if isinstance(content, str):
        return safe_to_show(content)
    if is_safe_to_show(content.plain):
        return content
    return Content(safe_to_show(content.plain), list(content.spans))


def _safe_part(part: Part) -> str | tuple[str, str] | Content:
    if isinstance(part, tuple):
        text, style = part
        return (safe_to_show(text), style)
    return safe_content(part)
