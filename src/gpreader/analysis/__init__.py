"""Analysis of the coded corpus: code matrices, co-occurrence, codes over time, keyword in
context. Pure functions over what the store reads (analysis_reads); no Textual, no click.

    coding = load(store, coder=None)
    matrix(coding, by="month", count="articles")   -> Table
    cooccurrence(coding, "near:2", measure="jaccard") -> Table
    timeline(coding, tags=["policy"], by="week")    -> Table
"""

from gpreader.analysis.coding import Coded, Coding, load
from gpreader.analysis.cooccur import cooccurrence, parse_rule
from gpreader.analysis.matrix import matrix, timeline
from gpreader.analysis.table import Table, percent

__all__ = [
    "Coded",
    "Coding",
    "Table",
    "cooccurrence",
    "load",
    "matrix",
    "parse_rule",
    "percent",
    "timeline",
]
