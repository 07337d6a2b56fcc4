"""The annotation store: highlights, tags, notes, soft delete, undo, state."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.errors import InvalidInputError, NotFoundError, TagInUseError
from gpreader.store import AnnotationStore

ARTICLE = "000_457775139af1eb7c.txt"
QUOTE = "Might as well appoint Daffy Duck"


def _span(store: AnnotationStore, quote: str = QUOTE) -> tuple[int, int]:
    start = store.article(ARTICLE).text.index(quote)
    return start, start + len(quote)


def test_add_highlight_stores_quote_context_and_tags(loaded_store: AnnotationStore) -> None:
    start, end = _span(loaded_store)
    h = loaded_store.add_highlight(ARTICLE, start, end, tags=["tone/satire"], note="dry")
    assert (h.exact, h.tags, h.note, h.coder, h.status) == (
        QUOTE,
        ("tone/satire",),
        "dry",
        "tester",
        "anchored",
    )
    text = loaded_store.article(ARTICLE).text
    assert h.prefix == text[start - 32 : start] and h.suffix == text[end : end + 32]
    assert h.article_sha256 == loaded_store.article(ARTICLE).sha256
    assert len(h.id) == 36 and h.created == h.updated


def test_quote_and_context_are_read_around_the_range_only(
    store: AnnotationStore, tmp_path: Path
) -> None:
    """add_highlight reads only the quote and its context from SQL (character offsets, not
    bytes): at the text's edges, across multi-byte characters, the result is text's slices."""
    folder = tmp_path / "typed"
    folder.mkdir()
    (folder / "a.txt").write_text("Ünïcode ‘quotes’ — 🙂 and more\n" * 4, "utf-8")
    library.refresh(store, folder)
    text = store.article("a.txt").text
    for start, end in [(0, 1), (0, len(text)), (len(text) - 1, len(text)), (9, 40), (33, 70)]:
        h = store.add_highlight("a.txt", start, end)
        assert h.exact == text[start:end]
        assert h.prefix == text[max(0, start - 32) : start]
        assert h.suffix == text[end : end + 32]
    with pytest.raises(InvalidInputError):
        store.add_highlight("a.txt", 0, len(text) + 1)


def test_highlights_may_overlap_and_list_in_reading_order(loaded_store: AnnotationStore) -> None:
    start, end = _span(loaded_store)
    second = loaded_store.add_highlight(ARTICLE, start + 5, end + 10)
    first = loaded_store.add_highlight(ARTICLE, start, end)
    assert [h.id for h in loaded_store.highlights(ARTICLE)] == [first.id, second.id]


def test_out_of_range_highlight_is_refused(loaded_store: AnnotationStore) -> None:
    with pytest.raises(InvalidInputError):
        loaded_store.add_highlight(ARTICLE, 10, 10**9)
    with pytest.raises(NotFoundError):
        loaded_store.add_highlight("nope.txt", 0, 1)


def test_tag_filter_includes_children_only(loaded_store: AnnotationStore) -> None:
    start, end = _span(loaded_store)
    a = loaded_store.add_highlight(ARTICLE, start, end, tags=["policy/contract"])
    loaded_store.add_highlight(ARTICLE, 0, 10, tags=["policy_x"])
    loaded_store.add_highlight(ARTICLE, 20, 30, tags=["policyx/contract"])
    assert [h.id for h in loaded_store.highlights(tag="policy")] == [a.id]


def test_note_tag_delete_and_undo_restore_each_step(loaded_store: AnnotationStore) -> None:
    start, end = _span(loaded_store)
    h = loaded_store.add_highlight(ARTICLE, start, end, tags=["a"])
    loaded_store.tag_highlight(h.id, ["b"])
    loaded_store.set_note(h.id, "first note")
    loaded_store.untag_highlight(h.id, "a")
    loaded_store.delete_highlight(h.id)
    assert loaded_store.highlights(ARTICLE) == []

    assert str(loaded_store.undo()).startswith("undid: deletion of highlight")
    assert loaded_store.highlight(h.id).deleted is None
    loaded_store.undo()  # untag
    assert loaded_store.highlight(h.id).tags == ("a", "b")
    loaded_store.undo()  # note
    assert loaded_store.highlight(h.id).note == ""
    loaded_store.undo()  # tag b
    assert loaded_store.highlight(h.id).tags == ("a",)
    loaded_store.undo()  # the highlight itself
    assert loaded_store.highlights(ARTICLE) == []
    assert loaded_store.undo() is None


def test_undo_survives_a_restart_and_is_per_coder(loaded_store: AnnotationStore) -> None:
    start, end = _span(loaded_store)
    h = loaded_store.add_highlight(ARTICLE, start, end)
    loaded_store.delete_highlight(h.id)
    path = loaded_store.path
    loaded_store.close()
    with AnnotationStore(path, coder="someone-else") as other:
        assert other.undo() is None
    with AnnotationStore(path, coder="tester") as again:
        assert str(again.undo()).startswith("undid: deletion of highlight")
        assert [x.id for x in again.highlights(ARTICLE)] == [h.id]


def test_purge_removes_only_deleted(loaded_store: AnnotationStore) -> None:
    keep = loaded_store.add_highlight(ARTICLE, 0, 10, tags=["t"])
    gone = loaded_store.add_highlight(ARTICLE, 20, 30, tags=["t"])
    loaded_store.delete_highlight(gone.id)
    assert loaded_store.purge() == 1
    assert [h.id for h in loaded_store.highlights(include_deleted=True)] == [keep.id]


def test_tag_paths_are_normalised_and_coloured(store: AnnotationStore) -> None:
    tag = store.ensure_tag("  Policy /  contract  terms / ")
    assert tag.path == "Policy/contract terms"
    assert tag.color.startswith("#") and len(tag.color) == 7
    assert store.ensure_tag("other").color != tag.color
    with pytest.raises(InvalidInputError):
        store.ensure_tag(" / ")


def test_rename_moves_children_and_refuses_clashes(loaded_store: AnnotationStore) -> None:
    h = loaded_store.add_highlight(ARTICLE, 0, 10, tags=["policy/contract"])
    assert loaded_store.rename_tag("policy", "themes") == 2
    assert loaded_store.highlight(h.id).tags == ("themes/contract",)
    loaded_store.ensure_tag("other")
    with pytest.raises(InvalidInputError):
        loaded_store.rename_tag("other", "themes")


def test_merge_moves_highlights_without_duplicates(loaded_store: AnnotationStore) -> None:
    both = loaded_store.add_highlight(ARTICLE, 0, 10, tags=["funding", "money"])
    only = loaded_store.add_highlight(ARTICLE, 20, 30, tags=["money"])
    loaded_store.merge_tags("money", "funding")
    assert loaded_store.highlight(both.id).tags == ("funding",)
    assert loaded_store.highlight(only.id).tags == ("funding",)
    assert [t.path for t in loaded_store.tags()] == ["funding"]


def test_delete_tag_in_use_needs_force(loaded_store: AnnotationStore) -> None:
    h = loaded_store.add_highlight(ARTICLE, 0, 10, tags=["tone/satire"])
    with pytest.raises(TagInUseError):
        loaded_store.delete_tag("tone")
    assert loaded_store.delete_tag("tone", force=True) == 2
    assert loaded_store.highlight(h.id).tags == ()


def test_quick_keys_are_unique(store: AnnotationStore) -> None:
    store.ensure_tag("a")
    store.ensure_tag("b")
    store.update_tag("a", quick_key=3)
    store.update_tag("b", quick_key=3)
    assert store.quick_tags() == {3: "b"}
    with pytest.raises(InvalidInputError):
        store.update_tag("a", quick_key=10)


def test_bad_colour_is_refused(store: AnnotationStore) -> None:
    store.ensure_tag("a")
    assert store.update_tag("a", color="f80").color == "#FF8800"
    with pytest.raises(InvalidInputError):
        store.update_tag("a", color="orange-ish")


def test_control_characters_in_notes_and_tags_are_neutralised(
    loaded_store: AnnotationStore,
) -> None:
    h = loaded_store.add_highlight(ARTICLE, 0, 10, tags=["evil\x1b]0;x\x07"], note="a\x1b[2Jb\nc")
    assert h.note == "a\ufffd[2Jb\nc"
    assert h.tags == ("evil\ufffd]0;x\ufffd",)


def test_resolve_article_by_path_name_and_title_prefix(loaded_store: AnnotationStore) -> None:
    assert loaded_store.resolve_article(ARTICLE) == ARTICLE
    assert loaded_store.resolve_article("labour promises") == ARTICLE
    with pytest.raises(InvalidInputError):
        loaded_store.resolve_article("Labour")  # two titles start so
    with pytest.raises(NotFoundError):
        loaded_store.resolve_article("no such thing")


def test_state_round_trips(store: AnnotationStore) -> None:
    store.set_state("layout", {"columns": ["a.txt"], "focus": 0})
    assert store.get_state("layout") == {"columns": ["a.txt"], "focus": 0}
    assert store.get_state("missing", 7) == 7


def test_data_version_changes_when_another_connection_writes(loaded_store: AnnotationStore) -> None:
    before = loaded_store.data_version()
    with AnnotationStore(loaded_store.path, coder="other") as other:
        other.add_highlight(ARTICLE, 0, 10)
    assert loaded_store.data_version() != before
    assert len(loaded_store.highlights(ARTICLE)) == 1


def test_stats_counts(loaded_store: AnnotationStore) -> None:
    h = loaded_store.add_highlight(ARTICLE, 0, 10, tags=["x"])
    loaded_store.add_highlight(ARTICLE, 20, 30)
    loaded_store.delete_highlight(h.id)
    stats = loaded_store.stats()
    assert (stats["articles"], stats["highlights"], stats["deleted"]) == (5, 1, 1)
    assert stats["by_tag"] == {"x": 0}


def test_offsets_from_an_older_version_of_the_text_are_refused(loaded_store, corpus_dir) -> None:
    from gpreader.corpus import sync as library
    from gpreader.errors import StaleArticleError

    shown = loaded_store.article(ARTICLE).sha256
    path = corpus_dir / ARTICLE
    path.write_text("A new first line.\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    library.refresh(loaded_store, corpus_dir)
    start, end = _span(loaded_store)
    with pytest.raises(StaleArticleError, match="nothing was saved"):
        loaded_store.add_highlight(ARTICLE, start, end, expected_sha256=shown)
    assert loaded_store.highlights(ARTICLE) == []
    current = loaded_store.article(ARTICLE).sha256
    assert loaded_store.add_highlight(ARTICLE, start, end, expected_sha256=current).exact == QUOTE


def test_a_worker_connection_skips_the_checks_but_shares_the_data(loaded_store) -> None:
    with AnnotationStore(loaded_store.path, coder="tester", verify=False) as worker:
        h = worker.add_highlight(ARTICLE, 0, 10)
    assert loaded_store.highlight(h.id).coder == "tester"


def test_a_tag_cannot_be_merged_or_renamed_into_its_own_subtree(loaded_store) -> None:
    h = loaded_store.add_highlight(ARTICLE, 0, 10, tags=["a/b"])
    loaded_store.add_highlight(ARTICLE, 20, 30, tags=["a"])
    with pytest.raises(InvalidInputError, match="itself"):
        loaded_store.merge_tags("a", "a/b")
    with pytest.raises(InvalidInputError, match="itself"):
        loaded_store.rename_tag("a", "a/c")
    assert [t.path for t in loaded_store.tags()] == ["a", "a/b"]
    assert loaded_store.highlight(h.id).tags == ("a/b",)


def test_rename_creates_missing_parents(loaded_store) -> None:
    loaded_store.ensure_tag("funding")
    loaded_store.rename_tag("funding", "policy/funding")
    assert [t.path for t in loaded_store.tags()] == ["policy", "policy/funding"]


def test_undo_marks_the_highlight_updated(loaded_store) -> None:
    h = loaded_store.add_highlight(ARTICLE, 0, 10)
    loaded_store.set_note(h.id, "x")
    with loaded_store.action() as db:
        db.execute("UPDATE highlights SET updated = '2000-01-01' WHERE id = ?", [h.id])
    loaded_store.undo()
    assert loaded_store.highlight(h.id).updated > "2000-01-01"


def test_the_content_stamp_changes_with_every_write_but_the_ui_state(
    loaded_store: AnnotationStore,
) -> None:
    stamp = loaded_store.content_stamp()
    loaded_store.set_state("layout", {"columns": [1, 2]})
    loaded_store.set_state("layout", {"columns": [3]})
    assert loaded_store.content_stamp() == stamp  # the layout saved: nothing read is stale
    start, end = _span(loaded_store)
    loaded_store.add_highlight(ARTICLE, start, end, tags=["a"])
    assert loaded_store.content_stamp() != stamp
    stamp = loaded_store.content_stamp()
    with AnnotationStore(loaded_store.path) as other:
        other.set_state("layout", {"columns": []})  # another process's state: it cannot tell
    assert loaded_store.content_stamp() != stamp
    stamp = loaded_store.content_stamp()
    with AnnotationStore(loaded_store.path) as other:
        other.ensure_tag("b")
    assert loaded_store.content_stamp() != stamp
