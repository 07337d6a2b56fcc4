"""Properties of retrieval by code on random highlight sets: OR is union, AND intersection,
`-` the complement within the passages, and the relations agree with a direct computation."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.search.codes import Passages
from gpreader.store import AnnotationStore

TEXT = "Title line\n\n" + " ".join(f"Sentence number {n} is here." for n in range(12)) + "\n"
TAGS = ("a", "b", "c/d")

highlight = st.tuples(
    st.integers(12, len(TEXT) - 2),  # start, in the body
    st.integers(1, 60),  # length
    st.sets(st.sampled_from(TAGS), min_size=1, max_size=2),
    st.booleans(),  # deleted
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(highlight, min_size=1, max_size=12))
def test_boolean_algebra_and_overlaps_over_random_highlights(
    rows: list[tuple[int, int, set[str], bool]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        (folder / "a.txt").write_text(TEXT, encoding="utf-8")
        with AnnotationStore(Path(tmp) / "db.sqlite", coder="x") as store:
            library.refresh(store, folder)
            live: dict[str, tuple[int, int, set[str]]] = {}
            for start, length, tags, deleted in rows:
                end = min(start + length, len(TEXT) - 1)
                hid = store.add_highlight("a.txt", start, end, tags=sorted(tags)).id
                if deleted:
                    store.delete_highlight(hid)
                else:
                    live[hid] = (start, end, tags)
            passages = Passages(store)
            ids = passages.ids
            every = set(live)

            def tagged(t: str) -> set[str]:
                return {h for h, (_, _, tags) in live.items() if t in tags}

            assert ids("") == every
            a, b, c = ids("tag:a"), ids("tag:b"), ids("tag:c")
            assert (a, b, c) == (tagged("a"), tagged("b"), tagged("c/d"))
            assert ids("tag:a | tag:b") == a | b
            assert ids("tag:a tag:b") == a & b
            assert ids("-tag:b") == every - b
            assert ids("tag:a -tag:b") == a - b
            overlapping = {
                h for h in a if any(live[h][0] < live[g][1] and live[g][0] < live[h][1] for g in b)
            }
            assert ids("tag:a overlaps tag:b") == overlapping
            near = [ids(f"tag:a near:{n} tag:b") for n in (0, 1, 3, 30)]
            assert near[0] <= near[1] <= near[2] <= near[3] <= a
            assert near[3] <= ids("tag:a in:paragraph tag:b")  # one paragraph of 12 sentences
