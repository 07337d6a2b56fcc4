"""What a search query means: words, quoted phrases, filters; and typo expansion of words.

Grammar (anything else is read as words, so no input is an error):
    word            any order; typos allowed; the last word is also a prefix while typing
    "a phrase"      these words, adjacent and in this order, exactly (after folding)
    tag:PATH        passages inside a highlight with that tag or a child (`tag:"a b/c"`)
    in:body  in:comments  in:title
    article:TEXT    articles whose title (or file name) fuzzily contains TEXT
    has:note  has:highlight
Nothing here builds SQL: terms are folded to letters and digits before they are quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gpreader.search.index import fold_words, plain

MAX_QUERY = 1000  # characters of a query that are read
MAX_TERMS = 8  # words and phrases
MIN_PREFIX = 2  # shortest last word completed as a prefix
SECTIONS = {"body": "body", "comment": "comments", "comments": "comments", "title": "title"}
HAS = {
    "note": "note",
    "notes": "note",
    "highlight": "highlight",
    "highlights": "highlight",
    "tag": "highlight",
    "tags": "highlight",
}

_TOKEN = re.compile(
    r'(?P<key>[A-Za-z]+):(?:"(?P<qval>[^"]*)"?|(?P<val>[^\s"]*))'
    r'|"(?P<phrase>[^"]*)"'
    r'|(?P<other>[^\s"]+|")'
)


@dataclass(frozen=True)
class Query:
    """A parsed query. `terms` and `phrases` are folded; empty means: nothing to search."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefix: bool = False  # the last term is still being typed: match it as a prefix too
    tags: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    has: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases or self.tags or self.articles or self.has)

    @property
    def restricted(self) -> bool:
        """Only passages inside highlights can match (tag: or has: filters)."""
        return bool(self.tags or self.has)


def parse(text: str) -> Query:
    """Read a query; never raises."""
    text = plain((text or "")[:MAX_QUERY])  # “curly” quotes delimit phrases too
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    filters: dict[str, list[str]] = {"tag": [], "in": [], "article": [], "has": []}
    last_is_word = False
    for m in _TOKEN.finditer(text):
        last_is_word = False
        key = (m.group("key") or "").lower()
        if key in filters:
            value = (m.group("qval") if m.group("qval") is not None else m.group("val")).strip()
            if value:
                filters[key].append(value)
        elif m.group("phrase") is not None:
            phrase = tuple(fold_words(m.group("phrase")))
            if phrase:
                phrases.append(phrase)
        else:
            words = fold_words(m.group())
            terms.extend(words)
            last_is_word = bool(words) and m.group("other") is not None
    prefix = last_is_word and not text[-1:].isspace() and text[-1:] != '"'
    sections = _known(filters["in"], SECTIONS)
    has = _known(filters["has"], HAS)
    terms = terms[: MAX_TERMS - min(len(phrases), MAX_TERMS)]
    return Query(
        terms=tuple(terms),
        phrases=tuple(phrases[:MAX_TERMS]),
        prefix=prefix and bool(terms) and len(terms[-1]) >= MIN_PREFIX,
        tags=tuple(filters["tag"]),
        sections=sections,
        articles=tuple(filters["article"]),
        has=has,
    )


def _known(values: list[str], names: dict[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names[v.lower()] for v in values if v.lower() in names))
