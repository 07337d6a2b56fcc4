"""Quick keys: the first tags named get keys 1-9 until the user sets one by hand; a merge keeps
the target's key or takes the source's; all of it undoable (issue 11)."""

from __future__ import annotations

from gpreader.store import AnnotationStore

ARTICLE = "000_457775139af1eb7c.txt"


def keys(store: AnnotationStore) -> dict[str, int | None]:
    return {t.path: t.quick_key for t in store.tags()}


def test_tags_named_while_coding_get_the_lowest_free_keys_not_their_parents(
    loaded_store: AnnotationStore,
) -> None:
    s = loaded_store
    s.add_highlight(ARTICLE, 0, 10, tags=["policy/contract", "funding"])
    assert keys(s) == {"funding": 2, "policy": None, "policy/contract": 1}
    s.ensure_tag("workload")
    assert s.tag("workload").quick_key == 3
    s.delete_tag("workload")
    h = s.add_highlight(ARTICLE, 20, 30)
    s.tag_highlight(h.id, ["staffing"])
    assert s.tag("staffing").quick_key == 3  # the lowest free one


def test_only_nine_tags_get_keys(loaded_store: AnnotationStore) -> None:
    s = loaded_store
    s.add_highlight(ARTICLE, 0, 10, tags=[f"t{n:02}" for n in range(12)])
    got = keys(s)
    assert sorted(k for k in got.values() if k) == list(range(1, 10))
    assert [got[f"t{n:02}"] for n in range(9, 12)] == [None, None, None]


def test_no_automatic_keys_once_one_was_set_by_hand(loaded_store: AnnotationStore) -> None:
    s = loaded_store
    s.add_highlight(ARTICLE, 0, 10, tags=["a"])
    s.update_tag("a", quick_key=5)  # by hand
    s.add_highlight(ARTICLE, 20, 30, tags=["b"])
    s.ensure_tag("c")
    assert keys(s) == {"a": 5, "b": None, "c": None}
    s.undo()  # c is not journalled: this undoes b's highlight, which created b
    s.undo()  # the hand-set key (a has 1 again): automatic keys again
    s.ensure_tag("d")
    assert keys(s) == {"a": 1, "c": None, "d": 2}


def test_undo_of_the_tagging_frees_the_key_and_redo_gives_it_back(
    loaded_store: AnnotationStore,
) -> None:
    s = loaded_store
    h = s.add_highlight(ARTICLE, 0, 10)
    s.tag_highlight(h.id, ["fundng"])
    assert s.tag("fundng").quick_key == 1
    s.undo()
    assert "fundng" not in keys(s)
    s.redo()
    assert keys(s) == {"fundng": 1}


def test_a_merge_keeps_the_targets_key(loaded_store: AnnotationStore) -> None:
    s = loaded_store
    s.add_highlight(ARTICLE, 0, 10, tags=["target", "source"])  # keys 1 and 2
    s.merge_tags("source", "target")
    assert keys(s) == {"target": 1}
    s.undo()
    assert keys(s) == {"source": 2, "target": 1}


def test_a_merge_into_a_target_without_a_key_takes_the_sources(
    loaded_store: AnnotationStore,
) -> None:
    s = loaded_store
    s.add_highlight(ARTICLE, 0, 10, tags=["source", "target"])
    s.update_tag("target", quick_key=None)  # by hand: target has none
    s.merge_tags("source", "target")
    assert keys(s) == {"target": 1}
    s.undo()
    assert keys(s) == {"source": 1, "target": None}
    s.redo()
    assert keys(s) == {"target": 1}
    s.merge_tags("target", "brand/new")  # a new target takes it too
    assert keys(s) == {"brand": None, "brand/new": 1}
    s.undo()
    assert keys(s) == {"target": 1}


def test_undo_of_a_tag_update_says_what_it_was(loaded_store: AnnotationStore) -> None:
    s = loaded_store
    s.ensure_tag("a")
    s.update_tag("a", color="#123456", quick_key=4)
    assert str(s.undo()) == "undid: colour #123456 and quick key 4 of tag a"
    s.redo()
    s.update_tag("a", quick_key=None)
    assert str(s.undo()) == "undid: removal of the quick key of tag a"
