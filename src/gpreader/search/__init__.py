"""Corpus search: query parsing (query), the corpus vocabulary (vocab), the FTS5 index (index),
candidate passages (candidates), their ranking (rank), and SearchIndex (engine), which holds
what the searches of one database share.

    index = SearchIndex(store)
    index.search("contarct negotiations in:body")  -> [Hit, ...] best first
    index.find_in_article("a.txt", "contract")     -> [Hit, ...] in text order (for n / N)
"""

from gpreader.search.engine import SearchIndex
from gpreader.search.query import Query, parse
from gpreader.search.rank import Hit

__all__ = ["Hit", "Query", "SearchIndex", "parse"]
