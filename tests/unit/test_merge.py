"""Merging another coder's database: matched by content and id, idempotent, commutative,
the later change winning, one undoable step."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.errors import InvalidInputError
from gpreader.store import AnnotationStore
from gpreader.team.merge import merge

FIRST = "000_457775139af1eb7c.txt"
SECOND = "001_cf2217d43cbec0e3.txt"


def _open(db: Path, corpus: Path, coder: str) -> AnnotationStore:
    store = AnnotationStore(db, coder=coder)
    library.refresh(store, corpus)
    return store


def _coding(store: AnnotationStore) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    """What merge promises to make equal: highlight states, done marks, tag paths."""
    coding = store.coding_of(None)
    highlights = {repr(sorted(s.items())) for s in coding.states.values()}
    return highlights, set(coding.marks), set(coding.codebook)


def _stamp(db: Path, hid: str, updated: str) -> None:
    """Set when a highlight last changed (to order changes made within one second)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE highlights SET updated = ? WHERE id = ?", [updated, hid])
    conn.close()


@pytest.fixture
def two(tmp_path: Path, corpus_dir: Path):
    """Ana's database on the sample corpus, and Ben's on a copy whose files were renamed."""
    ben_corpus = tmp_path / "ben-articles"
    ben_corpus.mkdir()
    for f in corpus_dir.iterdir():
        shutil.copy(f, ben_corpus / f"renamed-{f.name}")
    ana = _open(tmp_path / "ana.db", corpus_dir, "ana")
    ben = _open(tmp_path / "ben.db", ben_corpus, "ben")
    yield ana, ben
    ana.close()
    ben.close()


def test_merge_brings_highlights_tags_notes_and_marks_across_renamed_files(
    two: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, ben = two
    text = ben.article(f"renamed-{FIRST}").text
    start = text.index("GP")
    made = ben.add_highlight(f"renamed-{FIRST}", start, start + 2, tags=["a/b"], note="why")
    ben.add_highlight(f"renamed-{SECOND}", 10, 40, tags=["c"])
    ben.mark_coded(f"renamed-{FIRST}")

    report = merge(ana, ben.path)
    assert (report.added, report.updated, report.skipped) == (2, 0, 0)
    assert report.tags_added == ["a", "a/b", "c"] and report.marks_added == 1
    got = ana.highlight(made.id)
    assert (got.article, got.exact, got.tags, got.note, got.coder) == (
        FIRST,
        "GP",
        ("a/b",),
        "why",
        "ben",
    )
    assert [(m.article, m.coder) for m in ana.coded_marks()] == [(FIRST, "ben")]

    again = merge(ana, ben.path)  # idempotent
    assert (again.added, again.updated, again.unchanged, again.marks_added) == (0, 0, 2, 0)
    assert again.tags_added == []


def test_the_later_change_wins_and_an_older_never_overwrites(
    two: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, ben = two
    h = ana.add_highlight(FIRST, 5, 20, tags=["t"])
    merge(ben, ana.path)
    ana.set_note(h.id, "ana's later note")
    ben.set_note(h.id, "ben's earlier note")
    _stamp(ana.path, h.id, "2030-01-02T00:00:00+00:00")
    _stamp(ben.path, h.id, "2030-01-01T00:00:00+00:00")

    assert merge(ana, ben.path).updated == 0  # ben's is older: ana's stays
    assert ana.highlight(h.id).note == "ana's later note"
    assert merge(ben, ana.path).updated == 1
    assert ben.highlight(h.id).note == "ana's later note"


def test_a_deletion_travels_and_a_conflicting_tag_keeps_ours(
    two: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, ben = two
    h = ana.add_highlight(FIRST, 5, 20, tags=["t"])
    merge(ben, ana.path)
    ben.delete_highlight(h.id)
    _stamp(ben.path, h.id, "2031-01-01T00:00:00+00:00")
    ben.update_tag("t", color="#112233")
    report = merge(ana, ben.path)
    assert report.updated == 1 and ana.highlights() == []
    assert report.tag_conflicts and report.tag_conflicts[0].startswith("t: colour")
    assert ana.tag("t").color != "#112233"


def test_undo_takes_the_whole_merge_back_and_redo_brings_it_again(
    two: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, ben = two
    mine = ana.add_highlight(FIRST, 5, 20, tags=["t"], note="old")
    merge(ben, ana.path)
    ben.set_note(mine.id, "changed by ben")
    _stamp(ben.path, mine.id, "2031-01-01T00:00:00+00:00")
    ben.add_highlight(f"renamed-{SECOND}", 10, 40, tags=["new/tag"])
    ben.mark_coded(f"renamed-{SECOND}")
    before = _coding(ana)

    merge(ana, ben.path)
    after = _coding(ana)
    assert after != before
    assert "merge of 2 highlight(s)" in str(ana.undo())
    assert _coding(ana) == before
    assert ana.redo() is not None
    assert _coding(ana) == after


def test_dry_run_changes_nothing_and_bad_input_is_refused(
    two: tuple[AnnotationStore, AnnotationStore], tmp_path: Path
) -> None:
    ana, ben = two
    ben.add_highlight(f"renamed-{FIRST}", 5, 20, tags=["t"])
    before = _coding(ana)
    assert merge(ana, ben.path, dry_run=True).added == 1
    assert _coding(ana) == before
    with pytest.raises(InvalidInputError, match="no such database"):
        merge(ana, tmp_path / "nope.db")
    junk = tmp_path / "junk.db"
    sqlite3.connect(junk).execute("CREATE TABLE x (y)").connection.close()
    with pytest.raises(InvalidInputError, match="not a gpreader database"):
        merge(ana, junk)


def test_highlights_on_texts_not_held_here_are_skipped_and_named(
    two: tuple[AnnotationStore, AnnotationStore], tmp_path: Path
) -> None:
    ana, ben = two
    extra = tmp_path / "ben-articles" / "only-ben.txt"
    extra.write_text("A text only Ben has.\n\nIt says something about GP contracts.\n")
    library.refresh(ben, tmp_path / "ben-articles")
    ben.add_highlight("only-ben.txt", 0, 6, tags=["t"])
    report = merge(ana, ben.path)
    assert (report.added, report.skipped, report.skipped_articles) == (0, 1, ["only-ben.txt"])
    assert any("add the files" in line for line in report.lines())


edits = st.lists(
    st.tuples(
        st.sampled_from(["ana", "ben"]),
        st.sampled_from(["add", "note", "tag", "delete", "mark"]),
        st.integers(0, 5),
        st.integers(0, 9),
    ),
    max_size=12,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits)
def test_merge_is_idempotent_and_commutative(
    tmp_path_factory: pytest.TempPathFactory,
    corpus_dir: Path,
    script: list[tuple[str, str, int, int]],
) -> None:
    """Two databases that share a start and then each change things: merging A into B gives
    the same highlights, marks and tag paths as B into A, and a second merge changes nothing."""
    folder = tmp_path_factory.mktemp("pair")
    base = _open(folder / "base.db", corpus_dir, "base")
    seed = [base.add_highlight(FIRST, 10 * i, 10 * i + 8, tags=[f"t{i}"]) for i in range(3)]
    base.close()
    shutil.copy(folder / "base.db", folder / "a.db")
    shutil.copy(folder / "base.db", folder / "b.db")
    stores = {"ana": _open(folder / "a.db", corpus_dir, "ana")}
    stores["ben"] = _open(folder / "b.db", corpus_dir, "ben")
    ids = [h.id for h in seed]
    for step, (who, action, n, stamp) in enumerate(script):
        store = stores[who]
        live = [h.id for h in store.highlights()]
        if action == "add":
            ids.append(store.add_highlight(SECOND, n, n + 5 + step, tags=[f"t{n}"]).id)
            hid = ids[-1]
        elif action == "mark":
            store.mark_coded([FIRST, SECOND][n % 2])
            continue
        elif not live:
            continue
        else:
            hid = live[n % len(live)]
            if action == "note":
                store.set_note(hid, f"{who} {step}")
            elif action == "tag":
                store.tag_highlight(hid, [f"t{n}/x"])
            else:
                store.delete_highlight(hid)
        _stamp(store.path, hid, f"2030-01-01T00:00:0{stamp}+00:00")  # ties happen on purpose
    for store in stores.values():
        store.close()
    shutil.copy(folder / "a.db", folder / "a2.db")
    shutil.copy(folder / "b.db", folder / "b2.db")
    a_into_b = _open(folder / "b.db", corpus_dir, "ben")
    b_into_a = _open(folder / "a2.db", corpus_dir, "ana")
    merge(a_into_b, folder / "a.db")
    merge(b_into_a, folder / "b2.db")
    assert _coding(a_into_b) == _coding(b_into_a)
    settled = _coding(a_into_b)
    again = merge(a_into_b, folder / "a.db")
    assert (again.added, again.updated, again.marks_added, again.tags_added) == (0, 0, 0, [])
    assert _coding(a_into_b) == settled
    a_into_b.close()
    b_into_a.close()


def test_merging_reads_other_without_leaving_files_beside_it(
    two: tuple[AnnotationStore, AnnotationStore], tmp_path: Path
) -> None:
    ana, ben = two
    ben.add_highlight(f"renamed-{FIRST}", 5, 20, tags=["t"])
    ben.close()
    copy = tmp_path / "copy" / "ben.db"
    copy.parent.mkdir()
    shutil.copy(ben.path, copy)
    assert merge(ana, copy).added == 1
    assert sorted(p.name for p in copy.parent.iterdir()) == ["ben.db"]
