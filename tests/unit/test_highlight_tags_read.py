"""The one highlight query's tags: ids packed per row and mapped to paths in Python, held
equal to what joining the tags and sorting them by path in SQL gives (the query before)."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gpreader.store import AnnotationStore, HighlightFilter
from gpreader.store.highlights import CODERS, SEP, _broad, _tags

REFERENCE = """SELECT h.id, (SELECT group_concat(path, char(31)) || char(30) ||
    group_concat(coder, char(31)) FROM (SELECT t.path, coalesce(x.coder, '') AS coder
    FROM highlight_tags x JOIN tags t ON t.id = x.tag_id WHERE x.highlight_id = h.id
    ORDER BY t.path)) FROM highlights h"""
PATHS = {"1": "b/x", "2": "a", "3": "b", "4": "日本", "5": "Z"}


def reference(packed: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    paths, _, appliers = (packed or "").partition(CODERS)
    return (tuple(paths.split(SEP)), tuple(appliers.split(SEP))) if paths else ((), ())


@given(st.lists(st.tuples(st.sampled_from([*PATHS, "9"]), st.sampled_from(["", "ann", "b"]))))
def test_tags_sorted_by_path_with_their_coders(links: list[tuple[str, str]]) -> None:
    links = list(dict((i, c) for i, c in links).items())  # a tag once per highlight
    packed = ",".join(i for i, _ in links) + CODERS + SEP.join(c for _, c in links)
    kept = sorted((PATHS[i], c) for i, c in links if i in PATHS)
    expected = (tuple(p for p, _ in kept), tuple(c for _, c in kept))
    assert _tags(packed if links else None, PATHS) == expected


def test_a_coder_holding_the_separator_does_not_break_the_read() -> None:
    tags, coders = _tags(f"2,1{CODERS}a{SEP}b{SEP}c", PATHS)
    assert tags == ("a", "b/x") and coders == ("a", "b", "c")


def test_stream_gives_what_the_sql_join_gave(tmp_path: Path) -> None:
    rng = random.Random(5)
    with AnnotationStore(tmp_path / "t.db", coder="t") as store:
        db = store.db
        db.conn.commit()
        db.execute("PRAGMA foreign_keys = OFF")  # a link to a tag that is gone, as in old files
        db.execute("INSERT INTO articles (id, path, sha256, text) VALUES (1, 'a.txt', 'x', 'abc')")
        for path in ["policy", "policy/b", "Ä", "z", "a b"]:
            store.ensure_tag(path)
        ids = [r[0] for r in db.execute("SELECT id FROM tags")] + [999]  # 999: no such tag
        for n in range(60):
            db.execute(
                'INSERT INTO highlights (id, article_id, start, "end", exact, created) '
                "VALUES (?, 1, ?, ?, 'b', '2024')",
                [f"h{n}", n % 3, 1 + n % 3],
            )
            for tag in rng.sample(ids, rng.randint(0, 4)):
                db.execute(
                    "INSERT INTO highlight_tags (highlight_id, tag_id, coder) VALUES (?, ?, ?)",
                    [f"h{n}", tag, rng.choice(["", "ann", "bob"])],
                )
        db.conn.commit()
        expected = {hid: reference(packed) for hid, packed in db.execute(REFERENCE)}
        found = {r.id: (r.tags, r.tag_coders) for r in store.highlight_records(HighlightFilter())}
    assert found == expected
    assert any(len(tags) > 1 for tags, _ in found.values())
    # one article selected: tags looked up per highlight in SQL, not read in one scan
    assert not _broad(HighlightFilter(article="a.txt")) and _broad(HighlightFilter())
    assert not _broad(HighlightFilter(tag="z")) and _broad(HighlightFilter(include_deleted=True))
    with AnnotationStore(tmp_path / "t.db", coder="t") as store:
        narrow = store.highlight_records(HighlightFilter(article="a.txt"))
        assert {r.id: (r.tags, r.tag_coders) for r in narrow} == expected
        assert {
            r.id: (r.tags, r.tag_coders)
            for r in store.highlight_records(HighlightFilter(since="2000"))
        } == expected  # every highlight is newer: narrow, yet all of them
        some = store.highlight_records(HighlightFilter(ids=("h1", "h2", "h7")))
        assert {r.id: (r.tags, r.tag_coders) for r in some} == {
            h: expected[h] for h in ("h1", "h2", "h7")
        }


@given(st.lists(st.tuples(st.sampled_from([*PATHS, "9"]), st.sampled_from(["", "ann", "b"]))))
def test_links_read_in_one_scan_unpack_as_the_packed_ones(links: list[tuple[str, str]]) -> None:
    links = list(dict((i, c) for i, c in links).items())
    packed = ",".join(i for i, _ in links) + CODERS + SEP.join(c for _, c in links)
    as_sql = _tags(packed if links else None, PATHS)
    assert _tags(tuple(links) if links else None, PATHS) == as_sql
    assert _tags(tuple(links) if links else None, PATHS, "b") == _tags(packed, PATHS, "b")


def test_a_read_of_every_highlight_gives_the_records_a_filtered_read_gives(
    loaded_store: AnnotationStore,
) -> None:
    """A read of every highlight fetches only the columns that vary and fills in the rest:
    its records equal those of a filtered read selecting the same highlights (which reads
    every column), with and without quotes, deleted ones included or not."""
    store = loaded_store
    paths = [a.path for a in store.articles()]
    for i, path in enumerate(paths):
        store.add_highlight(path, 10 + i, 40 + i, tags=["a", "b/c"][: 1 + i % 2], note=f"n{i}")
    gone = store.add_highlight(paths[0], 50, 70, tags=["a"], note="gone")
    store.delete_highlight(gone.id)
    for include_deleted in (False, True):
        every = HighlightFilter(include_deleted=include_deleted)
        filtered = HighlightFilter(since="0000", include_deleted=include_deleted)
        assert _broad(every) and not _broad(filtered)
        for quotes in (False, True):
            found = list(store.highlight_records(every, quotes=quotes))
            assert found == list(store.highlight_records(filtered, quotes=quotes))
            assert len(found) == len(paths) + include_deleted
            assert any(r.deleted for r in found) == include_deleted
            assert all(bool(r.prefix or r.suffix) == quotes for r in found)
            assert all(r.title and r.note and r.tags for r in found)
