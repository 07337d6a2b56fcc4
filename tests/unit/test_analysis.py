"""Analysis on a hand-built corpus (tests/unit/analysis_corpus.py): every cell of every table
compared with the counts known by construction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gpreader.analysis import cooccurrence, load, matrix, percent, timeline
from gpreader.analysis.coding import Coding, attribute_columns
from gpreader.analysis.table import Table
from gpreader.errors import InvalidInputError
from gpreader.store import AnnotationStore
from tests.unit.analysis_corpus import PC, PF, ROWS, TN, TP, build


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[tuple[AnnotationStore, dict[str, str]]]:
    db, _, ids = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        yield store, ids


@pytest.fixture
def coding(corpus: tuple[AnnotationStore, dict[str, str]]) -> Coding:
    return load(corpus[0])


def expect(table: Table, nonzero: dict[tuple[str, str], float]) -> None:
    """Every cell: those named have their value, every other one is 0."""
    for i, row in enumerate(table.rows):
        for j, column in enumerate(table.columns):
            assert table.cells[i][j] == nonzero.get((row, column), 0), (row, column)


def test_deleted_and_orphaned_highlights_are_left_out(coding: Coding, corpus) -> None:
    _, ids = corpus
    assert {h.id for h in coding.highlights} == {
        ids[n] for n in ("h1", "h2", "h3", "h4", "h6", "h7", "h9", "h10")
    }
    assert coding.orphaned == 1


def test_matrix_by_article_counts_highlights(coding: Coding) -> None:
    t = matrix(coding, by="article")
    assert t.rows == ROWS and t.columns == ["a.txt", "b.txt", "c.txt"]
    expect(
        t,
        {
            (PC, "a.txt"): 2,
            (PC, "b.txt"): 1,
            (PF, "a.txt"): 1,
            (PF, "b.txt"): 1,
            (PF, "c.txt"): 1,
            (TN, "a.txt"): 1,
            (TN, "b.txt"): 1,
            (TP, "a.txt"): 1,
            (TP, "b.txt"): 1,
            (TP, "c.txt"): 1,
        },
    )
    assert t.row_totals == [0, 3, 3, 0, 2, 3]
    assert t.column_totals == [4, 2, 2]  # a highlight with two tags counts once
    assert t.total == 8
    assert t.unit == "highlights" and t.notes["orphaned_excluded"] == 1


def test_matrix_folded_counts_a_highlight_once_per_parent(coding: Coding) -> None:
    t = matrix(coding, by="article", depth=1)
    assert t.rows == ["policy", "tone"]
    assert t.cells == [[3, 2, 1], [2, 2, 1]]
    assert t.row_totals == [6, 5] and t.column_totals == [4, 2, 2] and t.total == 8


def test_matrix_counts_articles(coding: Coding) -> None:
    t = matrix(coding, by="article", count="articles")
    expect(
        t,
        {
            (PC, "a.txt"): 1,
            (PC, "b.txt"): 1,
            (PF, "a.txt"): 1,
            (PF, "b.txt"): 1,
            (PF, "c.txt"): 1,
            (TN, "a.txt"): 1,
            (TN, "b.txt"): 1,
            (TP, "a.txt"): 1,
            (TP, "b.txt"): 1,
            (TP, "c.txt"): 1,
        },
    )
    assert t.row_totals == [0, 2, 3, 0, 2, 3]
    assert t.column_totals == [1, 1, 1] and t.total == 3


def test_matrix_counts_coded_words_overlaps_once(coding: Coding) -> None:
    t = matrix(coding, by="article", count="words")
    expect(
        t,
        {
            (PC, "a.txt"): 5,  # "One cat" + "Two dogs ran"
            (PC, "b.txt"): 3,
            (PF, "a.txt"): 2,
            (PF, "b.txt"): 2,
            (PF, "c.txt"): 1,
            (TN, "a.txt"): 2,
            (TN, "b.txt"): 3,
            (TP, "a.txt"): 2,
            (TP, "b.txt"): 2,
            (TP, "c.txt"): 2,
        },
    )
    # a.txt: "One cat sat" (h1 and h2 overlap: 3, not 4) + "Two dogs ran" + "Four fish"
    assert t.column_totals == [8, 5, 3] and t.total == 16
    assert t.row_totals == [0, 8, 5, 0, 5, 6]


def test_matrix_by_month_and_year(coding: Coding) -> None:
    t = matrix(coding, by="month")
    assert t.columns == ["(no date)", "2024-02", "2024-03"]
    assert t.cells[ROWS.index(PC)] == [0, 2, 1]
    assert t.cells[ROWS.index(TP)] == [1, 1, 1]
    y = matrix(coding, by="year", count="articles")
    assert y.columns == ["(no date)", "2024"] and y.column_totals == [1, 2]


def test_matrix_unknown_attribute_is_refused(coding: Coding) -> None:
    with pytest.raises(InvalidInputError, match="publication"):
        matrix(coding, by="publication")


def test_matrix_of_one_coder_counts_only_their_tags(corpus) -> None:
    store, _ = corpus
    t = matrix(load(store, coder="bob"), by="article")
    assert t.columns == ["a.txt", "b.txt"]
    expect(t, {(PC, "b.txt"): 1, (TN, "a.txt"): 1, (TN, "b.txt"): 1, (TP, "b.txt"): 1})
    assert t.column_totals == [1, 2] and t.total == 3


def test_percentages_by_row_and_column(coding: Coding) -> None:
    t = matrix(coding, by="article")
    rows = percent(t, "row")
    assert rows.cells[ROWS.index(PC)] == [66.7, 33.3, 0.0]
    assert rows.row_totals[ROWS.index(PC)] == 100.0 and rows.row_totals[0] == 0.0
    columns = percent(t, "column")
    assert columns.cells[ROWS.index(PC)] == [50.0, 50.0, 0.0]
    assert columns.column_totals == [100.0, 100.0, 100.0]


def test_matrix_cell_lists_exactly_the_passages_counted(coding: Coding, corpus) -> None:
    _, ids = corpus
    t = matrix(coding, by="article")
    assert sorted(t.behind(ROWS.index(PC), 0)) == sorted([ids["h1"], ids["h3"]])
    folded = matrix(coding, by="article", depth=1)
    assert sorted(folded.behind(0, 0)) == sorted([ids["h1"], ids["h2"], ids["h3"]])


# -- co-occurrence ------------------------------------------------------------------------------


def test_cooccurrence_same_highlight(coding: Coding) -> None:
    t = cooccurrence(coding, "highlight")
    assert t.rows == t.columns == ROWS
    expect(
        t,
        {
            (PC, PC): 3,
            (PF, PF): 3,
            (TN, TN): 2,
            (TP, TP): 3,
            (PC, TP): 1,
            (TP, PC): 1,
            (PC, TN): 1,
            (TN, PC): 1,
            (PF, TP): 1,
            (TP, PF): 1,
        },
    )
    assert t.total == 8 and t.row_totals == [0, 3, 3, 0, 2, 3]


def test_cooccurrence_jaccard(coding: Coding) -> None:
    t = cooccurrence(coding, "highlight", measure="jaccard")
    assert t.cell(PC, TP) == 0.2  # 1 / (3 + 3 - 1)
    assert t.cell(PC, TN) == 0.25  # 1 / (3 + 2 - 1)
    assert t.cell(PC, PC) == 1.0 and t.cell(PC, PF) == 0.0 and t.cell("tone", "tone") == 0.0


def test_cooccurrence_overlap_joins_overlapping_highlights(coding: Coding) -> None:
    t = cooccurrence(coding, "overlap")
    pairs = {(PC, PF): 1, (PC, TP): 1, (PF, TP): 2, (PC, TN): 1}
    diagonal = {(PC, PC): 3, (PF, PF): 3, (TP, TP): 3, (TN, TN): 2}
    expect(t, {**pairs, **{(b, a): n for (a, b), n in pairs.items()}, **diagonal})
    assert t.total == 7


def test_cooccurrence_same_sentence(coding: Coding) -> None:
    t = cooccurrence(coding, "sentence")  # here the sentences hold what the overlaps do
    assert t.cells == cooccurrence(coding, "overlap").cells


def test_cooccurrence_same_paragraph(coding: Coding, corpus) -> None:
    _, ids = corpus
    t = cooccurrence(coding, "paragraph")
    pairs = {(PC, PF): 2, (PC, TN): 1, (PC, TP): 2, (PF, TP): 2, (TN, TP): 1, (PF, TN): 1}
    diagonal = {(PC, PC): 2, (PF, PF): 3, (TP, TP): 3, (TN, TN): 2}
    expect(t, {**pairs, **{(b, a): n for (a, b), n in pairs.items()}, **diagonal})
    assert t.total == 5  # a P0, a P1, b P0, c P0, and h10 in the title (a unit by itself)
    behind = t.behind(ROWS.index(PC), ROWS.index(PF))
    assert sorted(behind) == sorted(ids[n] for n in ("h1", "h2", "h3", "h6", "h7"))


def test_cooccurrence_near_sentences(coding: Coding) -> None:
    t = cooccurrence(coding, "near:1")
    assert t.cell(PC, PF) == 4  # a[1], a[2] (next to a[1]), b[1], b[2]
    assert t.cell(PC, TN) == 1  # b[1]; a[4] is two sentences from a[2]
    assert t.cell(TN, TP) == 2
    assert t.cell(PC, PC) == 3
    assert cooccurrence(coding, "near:0").cells == cooccurrence(coding, "sentence").cells
    j = cooccurrence(coding, "near:1", measure="jaccard")
    assert j.cell(PC, PF) == 0.8  # 4 / (3 + 3 - 1)


def test_unknown_rule_and_measure_are_refused(coding: Coding) -> None:
    with pytest.raises(InvalidInputError):
        cooccurrence(coding, "near:x")
    with pytest.raises(InvalidInputError):
        cooccurrence(coding, "highlight", measure="dice")


# -- timeline -----------------------------------------------------------------------------------


def test_timeline_by_month_leaves_undated_out(coding: Coding) -> None:
    t = timeline(coding, by="month")
    assert t.columns == ["2024-02", "2024-03"]
    assert t.cells[ROWS.index(PC)] == [2, 1]
    assert t.cells[ROWS.index(PF)] == [1, 1]
    assert t.notes["undated"] == 2
    assert t.total == 6


def test_timeline_by_week_fills_empty_weeks(coding: Coding) -> None:
    t = timeline(coding, tags=["policy", "tone/positive"], by="week")
    assert t.rows == ["policy", TP]
    assert t.columns == ["2024-W06", "2024-W07", "2024-W08", "2024-W09"]
    assert t.cells == [[3, 0, 0, 2], [1, 0, 0, 1]]
    with pytest.raises(InvalidInputError):
        timeline(coding, by="article")


def test_table_json_has_rows_columns_cells_unit_totals(coding: Coding) -> None:
    data = matrix(coding, by="year").to_json()
    assert {"rows", "columns", "cells", "unit", "row_totals", "column_totals", "total"} <= set(data)
    assert data["cells"][ROWS.index(PC)] == [0, 3]


def test_matrix_by_an_article_attribute(corpus) -> None:
    store, _ = corpus
    store.set_attribute("a.txt", "publication", "Pulse")
    store.set_attribute("b.txt", "publication", "Guardian")
    t = matrix(load(store), by="publication")
    assert t.columns == ["(none)", "Guardian", "Pulse"]  # c.txt has no publication
    assert t.cells[ROWS.index(PC)] == [0, 1, 2]
    assert t.cells[ROWS.index(PF)] == [1, 1, 1]
    assert t.cells[ROWS.index(TP)] == [1, 1, 1]
    assert t.column_totals == [2, 2, 4] and t.total == 8
    a = matrix(load(store), by="publication", count="articles")
    assert a.cells[ROWS.index(TN)] == [0, 1, 1] and a.column_totals == [1, 1, 1]


def test_periods_come_from_the_date_attribute_when_it_has_one(corpus) -> None:
    store, _ = corpus
    store.set_attribute("a.txt", "date", "2024-01-15")  # the user's date wins over the text's
    store.set_attribute("c.txt", "date", "2024-05")  # a month alone: its first day
    t = matrix(load(store), by="month")
    assert t.columns == ["2024-01", "2024-03", "2024-05"]
    assert t.cells[ROWS.index(PC)] == [2, 1, 0]
    assert t.cells[ROWS.index(TP)] == [1, 1, 1]
    store.set_attribute("b.txt", "date", "not a date")  # unreadable: the article's own date
    assert matrix(load(store), by="year").columns == ["2024"]


def test_attribute_columns_leave_out_title_date_and_words(corpus) -> None:
    store, _ = corpus
    store.set_attribute("b.txt", "author", "Ann")
    store.set_attribute("a.txt", "publication", "Pulse")
    assert attribute_columns(load(store)) == ["author", "format", "publication"]
