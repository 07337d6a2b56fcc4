"""Corpus search: the query language parsed into a small tree (query), the corpus vocabulary
(vocab), the FTS5 index (index), candidate passages (candidates), their ranking (rank), and
SearchIndex (engine), which holds what the searches of one database share.

    index = SearchIndex(store)
    index.search("contarct negotiations in:body")  -> [Hit, ...] best first
    index.find_in_article("a.txt", "contract")     -> [Hit, ...] in text order (for n / N)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gpreader.search.engine import SearchIndex
    from gpreader.search.query import AnyOf, Filter, Not, Phrase, Query, Related, Word, parse
    from gpreader.search.rank import Hit

# Where each name lives: imported on first use (PEP 562), so that a module that needs only
# the query grammar (the library's filter, at the workbench's start) does not load the engine,
# the vocabulary and rapidfuzz/PyStemmer with it.
_HOMES = {
    "SearchIndex": "engine",
    "Hit": "rank",
    **{name: "query" for name in ("AnyOf", "Filter", "Not", "Phrase", "Query", "Related", "Word")},
    "parse": "query",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'gpreader.search' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"gpreader.search.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AnyOf",
    "Filter",
    "Hit",
    "Not",
    "Phrase",
    "Query",
    "Related",
    "SearchIndex",
    "Word",
    "parse",
]
