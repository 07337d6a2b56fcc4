"""A query's code and attr: filters as corpus search applies them to its own passages
(search/engine.py): the articles meeting attr: filters, and the coded ranges a search's
passages must overlap (`tag:A`) or must not (`-tag:B`), from retrieval by code (codes.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gpreader.errors import InvalidInputError
from gpreader.models import Coders
from gpreader.search.candidates import Candidate
from gpreader.search.query import AnyOf, Filter, Not, Query
from gpreader.store import retrieval_reads as reads
from gpreader.store.attributes import Condition, attribute_key, parse_condition

if TYPE_CHECKING:
    from gpreader.search.codes import Passages
    from gpreader.store import AnnotationStore


def attribute_articles(store: AnnotationStore, f: Filter) -> set[int]:
    """The articles meeting an attr: filter (without an operator: having the attribute)."""
    try:
        if f.op:
            condition = Condition(attribute_key(f.name), f.op, f.value)  # type: ignore[arg-type]
        elif any(op in f.value for op in "~=<>"):
            condition = parse_condition(f.value)
        else:
            condition = Condition(attribute_key(f.value), "~", "")
    except InvalidInputError:
        return set()
    return store.attribute_matches(condition)


def article_filter(store: AnnotationStore, attributes: Iterable[Filter | Not]) -> set[int]:
    """The articles meeting every attr: filter (a negated one: not meeting it)."""
    everything = {i for i, _, _ in reads.article_names(store.conn)}
    found = set(everything)
    for node in attributes:
        inner = node.node if isinstance(node, Not) else node
        assert isinstance(inner, Filter)
        matching = attribute_articles(store, inner)
        found &= (everything - matching) if isinstance(node, Not) else matching
    return found


@dataclass
class CodedRanges:
    """What a query's code filters leave of corpus search's passages: only those overlapping
    a `wanted` highlight (None: any passage), none overlapping an unwanted one (`-tag:B`)."""

    wanted: list[tuple[int, int, int]] | None
    unwanted: dict[int, list[tuple[int, int]]]

    def keep(
        self, candidates: dict[int, Candidate], sections: Iterable[str] = ()
    ) -> dict[int, Candidate]:
        """The candidates overlapping no unwanted highlight, in none of `sections`."""
        dropped = set(sections)
        if not self.unwanted and not dropped:
            return candidates
        return {
            k: c
            for k, c in candidates.items()
            if c.section not in dropped
            and not any(s < c.end and c.start < e for s, e in self.unwanted.get(c.article_id, ()))
        }


def coded_ranges(passages: Callable[[], Passages], q: Query, coder: Coders = None) -> CodedRanges:
    """The highlights a search's code filters want and those they exclude; `coder` (a coder
    view) applies when the query has code filters. `passages` is asked for only then."""
    if not q.codes:
        return CodedRanges(None, {})
    positive = tuple(n for n in q.codes if not isinstance(n, Not))
    negative = tuple(n.node for n in q.codes if isinstance(n, Not))
    read = passages()
    wanted = read.ranges(Query(positive), coder) if positive else None
    unwanted: dict[int, list[tuple[int, int]]] = {}
    if negative:
        for article_id, start, end in read.ranges(Query((AnyOf(negative),)), coder):
            unwanted.setdefault(article_id, []).append((start, end))
    return CodedRanges(wanted, unwanted)
