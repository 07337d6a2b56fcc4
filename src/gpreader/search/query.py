"""The one query language of gpreader: text search and retrieval by code, parsed into a small
typed tree (nothing here builds SQL: words are folded to letters and digits before any use).

    word            typos allowed, any order; the last word is also a prefix while typing
    "a phrase"      these words, adjacent and in this order, exactly (after folding)
    -word  -"a b"   passages without that word or phrase
    a OR b   a | b  either (words, phrases or code filters)
    tag:PATH        inside a highlight with that tag or a child (`tag:"a b/c"`); -tag:PATH not
    coder:NAME      highlights made by that coder
    attr:KEY=VALUE  article attributes: = != > >= < <= (`attr:date>=2024-01`)
    in:body  in:comments  in:title   the section a passage is in
    in:memos        search memos
    article:TEXT    articles whose title (or file name) fuzzily contains TEXT
    has:note  has:highlight
    tag:A overlaps tag:B     highlights of A overlapping one of B
    tag:A near:N tag:B       A within N sentences of B
    tag:A in:paragraph tag:B A and B in one paragraph
Terms are joined by AND. Anything else is read as words, so no input is an error. All of it is
evaluated: corpus search (search/engine.py) and retrieval by code (search/codes.py, passages =
live highlights) read the same tree. `Query.unwired` lists only what means nothing (`has:x`,
`in:x` for an unknown x, a `near:N` or `in:paragraph` without a filter on each side).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gpreader.search.index import fold_words, plain

MAX_QUERY = 1000  # characters of a query that are read
MAX_TERMS = 8  # text terms (words, phrases, OR groups) searched
MIN_PREFIX = 2  # shortest last word completed as a prefix
FILTER_KEYS = ("tag", "coder", "attr", "in", "article", "has")
RELATIONS = ("overlaps", "near", "paragraph")
SECTIONS = {"body": "body", "comment": "comments", "comments": "comments", "title": "title"}
SCOPES = {"memos": "memos", "memo": "memos"}
HAS = {
    "note": "note",
    "notes": "note",
    "highlight": "highlight",
    "highlights": "highlight",
    "tag": "highlight",
    "tags": "highlight",
}
_ATTR = re.compile(r"(?P<name>[^=!<>]+)(?P<op>!=|>=|<=|=|>|<)(?P<value>.*)")
_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<key>[A-Za-z]+):(?:"(?P<qval>[^"]*)"?|(?P<val>[^\s"|]*))'
    r'|"(?P<phrase>[^"]*)"'
    r'|(?P<other>[^\s"|]+))'
    r'|(?P<bar>\|)|(?P<quote>")'
)


# -- the tree ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A folded word; `prefix`: the last word, still being typed."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Folded words that must be adjacent, in this order."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Filter:
    """`key:value`; for attr:, `name`, `op` and `value` split (`date`, `>=`, `2024-01`)."""

    key: str
    value: str
    name: str = ""
    op: str = ""


@dataclass(frozen=True)
class Related:
    """Two code filters in a relation: overlaps, near (within `distance` sentences), paragraph."""

    left: Filter
    relation: str
    right: Filter
    distance: int = 0


@dataclass(frozen=True)
class AnyOf:
    """Any of its options (`a OR b`, `a | b`)."""

    options: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """Without it (`-word`, `-"a phrase"`, `-tag:B`)."""

    node: Node


Node = Word | Phrase | Filter | Related | AnyOf | Not
Text = Word | Phrase


def is_text(node: Node) -> bool:
    """A word, a phrase, or an OR of them: what text search matches against passages."""
    if isinstance(node, AnyOf):
        return all(isinstance(o, Word | Phrase) for o in node.options)
    return isinstance(node, Word | Phrase)


@dataclass(frozen=True)
class Query:
    """A parsed query: its terms, joined by AND, in the order typed."""

    nodes: tuple[Node, ...] = ()

    @property
    def text(self) -> tuple[Word | Phrase | AnyOf, ...]:
        """The words, phrases and OR groups of them that passages are searched for."""
        found = [n for n in self.nodes if isinstance(n, Word | Phrase | AnyOf) and is_text(n)]
        return tuple(found[:MAX_TERMS])

    @property
    def excluded(self) -> tuple[Text, ...]:
        """Words and phrases a passage must not hold."""
        return tuple(
            n.node for n in self.nodes if isinstance(n, Not) and isinstance(n.node, Word | Phrase)
        )

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(n.text for n in self.text if isinstance(n, Word))

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(n.words for n in self.text if isinstance(n, Phrase))

    @property
    def prefix(self) -> bool:
        """The last term is a word still being typed: match it as a prefix too."""
        return bool(self.text) and isinstance(self.text[-1], Word) and self.text[-1].prefix

    def _values(self, key: str) -> list[str]:
        return [n.value for n in self.nodes if isinstance(n, Filter) and n.key == key]

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self._values("tag"))

    @property
    def sections(self) -> tuple[str, ...]:
        return _known(self._values("in"), SECTIONS)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(self._values("article"))

    @property
    def has(self) -> tuple[str, ...]:
        return _known(self._values("has"), HAS)

    @property
    def codes(self) -> tuple[Node, ...]:
        """The terms that select highlights: tag:, coder:, has:, relations, their negations,
        and OR groups holding anything but words and phrases."""
        return tuple(n for n in self.nodes if is_code(n))

    @property
    def attributes(self) -> tuple[Filter | Not, ...]:
        """attr: filters (and negated ones) on their own: they select articles."""
        return tuple(
            n
            for n in self.nodes
            if (isinstance(n, Filter) and n.key == "attr")
            or (isinstance(n, Not) and isinstance(n.node, Filter) and n.node.key == "attr")
        )

    @property
    def excluded_sections(self) -> tuple[str, ...]:
        """Sections negated (`-in:comments`)."""
        negated = [
            n.node.value
            for n in self.nodes
            if isinstance(n, Not) and isinstance(n.node, Filter) and n.node.key == "in"
        ]
        return _known(negated, SECTIONS)

    @property
    def excluded_articles(self) -> tuple[str, ...]:
        """article: values negated (`-article:kinnock`)."""
        return tuple(
            n.node.value
            for n in self.nodes
            if isinstance(n, Not) and isinstance(n.node, Filter) and n.node.key == "article"
        )

    @property
    def memos(self) -> bool:
        """Search memos instead of articles (`in:memos`)."""
        return bool(_known(self._values("in"), SCOPES))

    @property
    def coders(self) -> tuple[str, ...]:
        """The coders named by coder: filters on their own (not negated, not in an OR)."""
        return tuple(self._values("coder"))

    @property
    def empty(self) -> bool:
        return not (
            self.text
            or self.codes
            or self.articles
            or self.excluded_articles
            or self.attributes
            or self.memos
        )

    @property
    def restricted(self) -> bool:
        """Only passages inside highlights can match (a code filter that is not negated)."""
        return any(not isinstance(n, Not) for n in self.codes)

    @property
    def unwired(self) -> tuple[str, ...]:
        """The parts that mean nothing and are ignored, as messages."""
        found = []
        for node in self.nodes:
            inner = node.node if isinstance(node, Not) else node
            if not isinstance(inner, Filter):
                continue
            if not _searchable(inner) or (isinstance(node, Not) and _scope(inner)):
                found.append(f"{describe(node)} means nothing here (ignored)")
        return tuple(dict.fromkeys(found))


def is_code(node: Node) -> bool:
    """Whether a term selects highlights (see `Query.codes`)."""
    if isinstance(node, Not):
        return is_code(node.node)
    if isinstance(node, Related):
        return True
    if isinstance(node, AnyOf):
        return not is_text(node)
    return isinstance(node, Filter) and node.key in ("tag", "coder", "has") and _searchable(node)


def _scope(f: Filter) -> bool:
    return f.key == "in" and f.value.lower() in SCOPES


def _searchable(f: Filter) -> bool:
    """Whether a filter means something (a stray `near:N` or `in:paragraph` does not)."""
    if f.key == "in":
        return f.value.lower() in SECTIONS or f.value.lower() in SCOPES
    if f.key == "has":
        return f.value.lower() in HAS
    return f.key in ("tag", "article", "coder", "attr")


def describe(node: Node) -> str:
    """A node written back as query text."""
    if isinstance(node, Word):
        return node.text
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Filter):
        value = f"{node.name}{node.op}{node.value}" if node.key == "attr" else node.value
        return f'{node.key}:"{value}"' if " " in value else f"{node.key}:{value}"
    if isinstance(node, Related):
        middle = f"near:{node.distance}" if node.relation == "near" else node.relation
        middle = "in:paragraph" if node.relation == "paragraph" else middle
        return f"{describe(node.left)} {middle} {describe(node.right)}"
    if isinstance(node, AnyOf):
        return " OR ".join(describe(o) for o in node.options)
    return "-" + describe(node.node)


# -- parsing ----------------------------------------------------------------------------------

_OR = object()  # an OR operator between two tokens


def parse(text: str) -> Query:
    """Read a query; never raises."""
    text = plain((text or "")[:MAX_QUERY])  # “curly” quotes delimit phrases too
    tokens: list[Node | str | object] = []  # nodes, relation words ("overlaps", "near:2"), _OR
    for m in _TOKEN.finditer(text):
        tokens.extend(_read(m))
    nodes = _combine(_relate(tokens))
    typing = bool(tokens) and (isinstance(tokens[-1], Word) or tokens[-1] == "overlaps")
    typing = typing and _open_end(text)
    if typing and nodes and isinstance(nodes[-1], Word):
        last = nodes[-1]
        nodes[-1] = Word(last.text, prefix=len(last.text) >= MIN_PREFIX)
    return Query(tuple(nodes))


def _open_end(text: str) -> bool:
    """Whether the query ends inside a bare word (being typed)."""
    return bool(text) and not text[-1].isspace() and text[-1] not in '"|'


def _read(m: re.Match[str]) -> list[Node | str | object]:
    """The nodes of one token (a bare token may fold into several words)."""
    if m.group("bar"):
        return [_OR]
    if m.group("quote"):
        return []
    negated = bool(m.group("neg"))
    key = (m.group("key") or "").lower()
    node: Node | None = None
    if key == "near" and not negated:
        value = m.group("val") or m.group("qval") or ""
        return [f"near:{value}"] if value.isdigit() else []
    if key == "in" and (m.group("val") or "").lower() == "paragraph" and not negated:
        return ["paragraph"]
    if key in FILTER_KEYS:
        value = (m.group("qval") if m.group("qval") is not None else m.group("val")).strip()
        if not value:
            return []
        node = _filter(key, value)
    elif m.group("phrase") is not None:
        folded = tuple(fold_words(m.group("phrase")))
        node = Phrase(folded) if folded else None
    else:
        raw = m.group("other") if m.group("other") is not None else m.group()[len("-" * negated) :]
        if raw == "OR" and not negated:
            return [_OR]
        if raw.lower() == "overlaps" and not negated:
            return ["overlaps"]
        words = fold_words(raw)
        if not negated:
            return [Word(w) for w in words]
        node = Phrase(tuple(words)) if len(words) > 1 else Word(words[0]) if words else None
    if node is None:
        return []
    return [Not(node) if negated else node]


def _filter(key: str, value: str) -> Filter:
    if key == "attr" and (m := _ATTR.fullmatch(value)):
        return Filter(key, m.group("value").strip(), m.group("name").strip(), m.group("op"))
    return Filter(key, value)


def _relate(tokens: list[Node | str | object]) -> list[Node | object]:
    """`filter RELATION filter` made one Related node; a relation word elsewhere is a word."""
    out: list[Node | object] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if isinstance(token, str):
            left = out[-1] if out else None
            right = tokens[i + 1] if i + 1 < len(tokens) else None
            if isinstance(left, Filter) and isinstance(right, Filter):
                relation, _, distance = token.partition(":")
                out[-1] = Related(left, relation, right, int(distance or 0))
                i += 2
                continue
            relation, _, distance = token.partition(":")
            if relation == "overlaps":
                out.append(Word(relation))
            else:  # near:N or in:paragraph without filters on both sides
                out.append(Filter("near", distance) if distance else Filter("in", relation))
        else:
            out.append(token)
        i += 1
    return out


def _combine(tokens: list[Node | object]) -> list[Node]:
    """`a OR b OR c` made one AnyOf; an OR with nothing on one side is dropped."""
    out: list[Node] = []
    joining = False
    for token in tokens:
        if token is _OR:
            joining = bool(out)
            continue
        assert isinstance(token, Word | Phrase | Filter | Related | AnyOf | Not)
        if joining:
            previous = out.pop()
            before = previous.options if isinstance(previous, AnyOf) else (previous,)
            out.append(AnyOf((*before, token)))
        else:
            out.append(token)
        joining = False
    return out


def _known(values: list[str], names: dict[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names[v.lower()] for v in values if v.lower() in names))
