"""What an import hands FTS5 for each passage (`index_words`) tokenizes to its folded words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.corpus.structure import parse
from gpreader.search.passages import index_words, unit_rows, words_between

SAMPLES = Path(__file__).resolve().parents[2] / "articles"
EDGES = (
    "It's the dogs' bowls, 'quoted' and rock'n'roll.\n\n"
    "Two in a row: a''b, c'''d and ''e. Under_score x_1 and 'tis.\n\n"
    "Café naïve Straße ŒUVRE — “smart” ‘quotes’ it’s 3½ x² ﬁne.\n\n"
    "Punctuation only: ... — !!! and a lone ' here; end '"
)


def _tokens(texts: list[str]) -> list[tuple[str, int, int]]:
    """(term, row, position) of every token FTS5's ascii tokenizer finds, row by row."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(words, tokenize='ascii')")
    conn.executemany("INSERT INTO t (rowid, words) VALUES (?, ?)", enumerate(texts, 1))
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    return sorted(conn.execute("SELECT term, doc, offset FROM v").fetchall())


def _same_index(text: str) -> None:
    spans = parse(text).spans
    joined = unit_rows(text, spans)
    given_fts = unit_rows(text, spans, index_words)
    assert [row[:5] for row in given_fts] == [row[:5] for row in joined]  # same units
    assert _tokens([row[5] for row in given_fts]) == _tokens([row[5] for row in joined])


def test_index_words_tokenize_as_the_folded_words() -> None:
    texts = [EDGES] + [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    for text in texts:
        _same_index(text)
    words, joined = index_words(EDGES), words_between(EDGES)
    end = EDGES.index("\n")
    assert words(0, end) == "Its the dogs bowls, quoted and rocknroll."  # as it is
    start = EDGES.index("Two")
    end = EDGES.index("\n", start)
    assert words(start, end) == joined(start, end)  # "a''b": folded and joined
    assert index_words("... ;")(0, 5) == ""  # no word: no unit


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab'’_ .\n-—éß²Œ1", max_size=80))
def test_index_words_tokenize_as_the_folded_words_on_any_text(text: str) -> None:
    _same_index(text)
