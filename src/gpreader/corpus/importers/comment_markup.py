"""Reader comments trafilatura does not see, read from the page's own markup.

Three shapes, the first that gives any comment wins:
- schema.org `Comment` objects in JSON-LD (`<script type="application/ld+json">`): `text`,
  `author` (a name or a Person), `dateCreated` / `datePublished`;
- schema.org `Comment` microdata (`itemtype=".../Comment"`): `itemprop="text"`, `author`,
  `dateCreated` / `datePublished` (their `datetime` or `content`, else their text);
- comment lists as news sites and forum widgets write them (XenForo's `xenforo-comment`,
  Disqus's `post` inside `#disqus_thread`, any `*-comment` / `comment` item): the author in
  an element classed `author`, `username` or `fn`, the date in a `<time>` or an element
  classed `date` or `time`, the text what is left without the header, avatar and buttons.
"""

from __future__ import annotations

import datetime
import importlib
import json
import re
from collections.abc import Iterator
from typing import Any

from gpreader.corpus.importers.html_comments import Comment
from gpreader.corpus.importers.shared import one_line, parse_date

MAX_COMMENTS = 2000
_ITEM = re.compile(r"(?:^|[-_])comment$")  # a class token naming one comment
_AUTHOR = re.compile(r"author|user-?name|(?:^|[-_])fn$|(?:^|[-_])name$|commenter")
_DATE = re.compile(r"date|time|published|(?:^|[-_])ago$")
_NOT_TEXT = re.compile(
    r"avatar|reply|vote|like|share|action|report|flag|button|menu|badge|count|(?:^|[-_])meta"
)
_SAYS = re.compile(
    r"\s+(?:on\s+(?=\w*\s*\d)|(?:says|said|wrote)\b).*$|\s*(?:says|said|wrote):?$", re.IGNORECASE
)
_SKIPPED_TAGS = {"script", "style", "header", "footer", "button", "noscript", "form", "img"}
_BLOCKS = {"p", "li", "blockquote", "pre"}


def from_markup(data: bytes) -> list[Comment]:
    """The comments of a page, in page order (none when it cannot be parsed)."""
    try:
        lxml_html: Any = importlib.import_module("lxml.html")  # comes with trafilatura
        tree: Any = lxml_html.fromstring(data)
    except Exception:  # lxml's ParserError is no ValueError: no parsable page, no comments
        return []
    for reader in (_json_ld, _microdata, _comment_items):
        found = [c for c in reader(tree) if c.lines][:MAX_COMMENTS]
        if found:
            return found
    return []


# -- JSON-LD ----------------------------------------------------------------------------------


def _json_ld(tree: Any) -> Iterator[Comment]:
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in _objects(data):
            if _is_comment(item.get("@type")):
                text = item.get("text") or item.get("description") or ""
                lines = tuple(x for x in (one_line(p) for p in str(text).split("\n")) if x)
                date = item.get("dateCreated") or item.get("datePublished")
                yield Comment(_name(item.get("author")), _when(date), lines)


def _objects(data: object) -> Iterator[dict[str, Any]]:
    """Every JSON object inside `data`, depth first (replies follow their comment)."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from _objects(value)


def _is_comment(kind: object) -> bool:
    kinds = kind if isinstance(kind, list) else [kind]
    return any(str(k).rsplit("/", 1)[-1] == "Comment" for k in kinds)


def _name(author: object) -> str | None:
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name") or author.get("alternateName")
    name = one_line(str(author)) if author else ""
    return name[:80] or None


# -- microdata --------------------------------------------------------------------------------


def _microdata(tree: Any) -> Iterator[Comment]:
    for element in tree.xpath('//*[@itemscope and contains(@itemtype, "schema.org/Comment")]'):
        props = _props(element)
        text = _either(props, "text", "articleBody", "description")
        if text is None:
            continue
        author = props.get("author")
        if author is not None:
            author = _props(author).get("name", author)
        date = _either(props, "dateCreated", "datePublished")
        raw = None
        if date is not None:
            raw = date.get("datetime") or date.get("content") or date.text_content()
        yield Comment(_node_text(author), _when(raw), tuple(_lines(text)))


def _either(props: dict[str, Any], *names: str) -> Any:
    """The first of these properties present (elements are tested against None: an lxml
    element without children is falsy)."""
    return next((props[name] for name in names if name in props), None)


def _node_text(node: Any) -> str | None:
    """An element's text on one line (at most 80 characters), or None."""
    if node is None:
        return None
    return one_line(node.get("content") or node.text_content())[:80] or None


def _props(element: Any) -> dict[str, Any]:
    """itemprop -> the first element of the item `element` (not of items nested in it)."""
    found: dict[str, Any] = {}
    for node in element.xpath(".//*[@itemprop]"):
        owner = next(iter(node.iterancestors()), None)
        while owner is not None and owner is not element and owner.get("itemscope") is None:
            owner = owner.getparent()
        if owner is element:
            for name in node.get("itemprop").split():
                found.setdefault(name, node)
    return found


# -- comment lists ----------------------------------------------------------------------------


def _comment_items(tree: Any) -> Iterator[Comment]:
    items = [
        e
        for e in tree.iter("li", "article", "div", "section")
        if any(_ITEM.search(token) for token in _classes(e))
        or ("post" in _classes(e) and _in_disqus(e))
    ]
    for element in items:
        author = _first(element, _AUTHOR)
        date = _first(element, _DATE, tags=("time",))
        when = None
        if date is not None:
            when = _when(date.get("datetime") or date.get("title") or date.text_content())
        lines = tuple(_lines(element, skip={id(author), id(date)}))
        name = _node_text(author)
        if name is not None:  # "Ann on 12 May 2018 at 4:47 pm said:", "Ann says: 12 May 2018"
            when = when or _when(name)
            name = _SAYS.sub("", name) or name
        if lines and (name is not None or when is not None):
            yield Comment(name, when, lines)


def _classes(element: Any) -> list[str]:
    return (element.get("class") or "").lower().split()


def _in_disqus(element: Any) -> bool:
    return any(a.get("id") == "disqus_thread" for a in element.iterancestors())


def _first(element: Any, pattern: re.Pattern[str], tags: tuple[str, ...] = ()) -> Any:
    """The first element under `element` (not in a nested comment) classed by `pattern`."""
    for node in element.iterdescendants():
        if not isinstance(node.tag, str) or _nested(node, element):
            continue
        if node.tag in tags or any(pattern.search(t) for t in _classes(node)):
            return node
    return None


def _nested(node: Any, element: Any) -> bool:
    """Whether `node` lies inside another comment item within `element` (a reply)."""
    for ancestor in node.iterancestors():
        if ancestor is element:
            return False
        if any(_ITEM.search(token) for token in _classes(ancestor)):
            return True
    return False


def _lines(element: Any, skip: set[int] | None = None) -> Iterator[str]:
    """The text of a comment element, a line per paragraph, without the parts that are no
    text (header, avatar, buttons, the author and date nodes) or nested replies."""
    skip = skip or set()
    parts: list[str] = []
    for piece in _text(element, element, skip):
        if piece is None:
            if line := one_line("".join(parts)):
                yield line
            parts = []
        else:
            parts.append(piece)
    if line := one_line("".join(parts)):
        yield line


def _text(node: Any, root: Any, skip: set[int]) -> Iterator[str | None]:
    """Text pieces in order; None where a paragraph ends."""
    if node is not root and _left_out(node, skip):
        if node.tail:
            yield node.tail
        return
    block = node.tag in _BLOCKS or node.tag == "br"
    if block:
        yield None
    if node.text:
        yield node.text
    for child in node:
        if isinstance(child.tag, str):
            yield from _text(child, root, skip)
        elif child.tail:
            yield child.tail
    if block:
        yield None
    if node is not root and node.tail:
        yield node.tail


def _left_out(node: Any, skip: set[int]) -> bool:
    if not isinstance(node.tag, str) or id(node) in skip or node.tag in _SKIPPED_TAGS:
        return True
    classes = _classes(node)
    if any(_ITEM.search(t) for t in classes):
        return True  # a nested reply: a comment of its own
    return any(_NOT_TEXT.search(t) for t in classes)


def _when(raw: object) -> str | None:
    """An ISO date (and time, when given as ISO) from a value as pages write it."""
    if not raw:
        return None
    text = one_line(str(raw))
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment.isoformat()[: 10 if len(text) == 10 else 16]
    except ValueError:
        pass
    found = parse_date(text)
    return found.isoformat() if found else None
