"""Corpus search: query parsing (query), the corpus vocabulary (vocab), the FTS5 index (index),
candidate passages (candidates) and their ranking (rank).

    search(store, "contarct negotiations in:body")  -> [Hit, ...] best first
    find_in_article(store, "a.txt", "contract")     -> [Hit, ...] in text order (for n / N)
"""

from gpreader.search.query import Query, parse
from gpreader.search.rank import Hit, find_in_article, search, warm

__all__ = ["Hit", "Query", "find_in_article", "parse", "search", "warm"]
