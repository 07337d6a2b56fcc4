"""Corpus search: the query language parsed into a small tree (query), the corpus vocabulary
(vocab), the FTS5 index (index), candidate passages (candidates), their ranking (rank), and
SearchIndex (engine), which holds what the searches of one database share.

    index = SearchIndex(store)
    index.search("contarct negotiations in:body")  -> [Hit, ...] best first
    index.find_in_article("a.txt", "contract")     -> [Hit, ...] in text order (for n / N)
"""

from gpreader.search.engine import SearchIndex
from gpreader.search.query import AnyOf, Filter, Not, Phrase, Query, Related, Word, parse
from gpreader.search.rank import Hit

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
