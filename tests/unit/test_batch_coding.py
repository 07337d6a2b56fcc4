"""Coding many ranges at once (KWIC's code all): one journal entry, undone and redone whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpreader.errors import InvalidInputError
from gpreader.store import AnnotationStore
from gpreader.store.batch_coding import code_ranges
from tests.unit.analysis_corpus import build


@pytest.fixture
def store(tmp_path: Path):
    db, _, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as s:
        yield s


def _at(store: AnnotationStore, path: str, word: str) -> tuple[str, int, int]:
    start = store.article(path).text.index(word)
    return path, start, start + len(word)


def _live(store: AnnotationStore) -> set[tuple[str, int, int, tuple[str, ...]]]:
    return {(h.article, h.start, h.end, tuple(sorted(h.tags))) for h in store.highlights()}


def test_code_all_is_one_undo_and_one_redo(store: AnnotationStore) -> None:
    before = _live(store)
    journal_rows = store.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    ranges = [_at(store, "a.txt", "fish"), _at(store, "b.txt", "cats"), _at(store, "c.txt", "owls")]
    coded = code_ranges(store, ranges, ["animals/all"], "KWIC hit(s) of “animals”")
    assert (coded.made, coded.tagged, coded.unchanged) == (3, 0, 0)
    after = _live(store)
    assert after - before == {(p, s, e, ("animals/all",)) for p, s, e in ranges}
    assert store.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == journal_rows + 1
    for hid in coded.ids:
        assert store.highlight(hid).coder == "carol"
    undone = store.undo()
    assert str(undone) == "undid: code 3 KWIC hit(s) of “animals” with animals/all"
    assert _live(store) == before
    assert "animals/all" not in {t.path for t in store.tags()}  # made by it, gone with it
    store.redo()
    assert _live(store) == after


def test_a_range_that_is_a_highlight_gains_the_tags(store: AnnotationStore) -> None:
    one_cat = _at(store, "a.txt", "One cat")  # h1: policy/contract, tone/positive
    seven = _at(store, "c.txt", "Seven owls")  # h9: tone/positive
    coded = code_ranges(store, [one_cat, seven, one_cat], ["tone/positive", "x"], "test")
    assert (coded.made, coded.tagged, coded.unchanged) == (0, 2, 0)
    tags = {(h.article, h.start): set(h.tags) for h in store.highlights()}
    assert tags[one_cat[:2]] == {"policy/contract", "tone/positive", "x"}
    assert tags[seven[:2]] == {"tone/positive", "x"}
    again = code_ranges(store, [seven], ["x"], "test")
    assert (again.made, again.tagged, again.unchanged) == (0, 0, 1)
    store.undo()  # the first: "x" comes off both, the highlights stay
    tags = {(h.article, h.start): set(h.tags) for h in store.highlights()}
    assert tags[one_cat[:2]] == {"policy/contract", "tone/positive"}
    assert tags[seven[:2]] == {"tone/positive"}


def test_code_all_refuses_no_tags_and_bad_ranges(store: AnnotationStore) -> None:
    with pytest.raises(InvalidInputError):
        code_ranges(store, [_at(store, "a.txt", "fish")], [], "test")
    with pytest.raises(InvalidInputError):
        code_ranges(store, [("a.txt", 10_000, 10_005)], ["x"], "test")
    assert "x" not in {t.path for t in store.tags()}  # nothing written
