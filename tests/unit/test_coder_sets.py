"""Whose coding: every coder filter takes one coder, several, or everyone (None), and several
means exactly the union of each one alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gpreader import analysis, reading
from gpreader.export import ExportOptions, export
from gpreader.export.common import Filters
from gpreader.models import coder_set
from gpreader.search.codes import Passages
from gpreader.store import AnnotationStore
from gpreader.store.database import in_list

CODERS = ("ana", "ben", "cai")


@pytest.fixture
def three(loaded_store: AnnotationStore, db_path: Path) -> AnnotationStore:
    """Each coder highlights two sentences of the first article, tagged `funding`; ben also
    tags one of ana's highlights `funding/gp`."""
    path = loaded_store.articles()[0].path
    sentences = sorted(
        (s.start, s.end) for s in loaded_store.article(path).spans if s.kind == "sentence"
    )
    made: dict[str, list[str]] = {}
    for n, name in enumerate(CODERS):
        with AnnotationStore(db_path, coder=name) as coder:
            made[name] = [
                coder.add_highlight(path, *sentences[2 * n + i], tags=["funding"]).id
                for i in range(2)
            ]
    with AnnotationStore(db_path, coder="ben") as ben:
        ben.tag_highlight(made["ana"][0], ["funding/gp"])
    return loaded_store


def test_coder_set_and_in_list() -> None:
    assert coder_set(None) is None
    assert coder_set("ana") == frozenset({"ana"})
    assert coder_set(["ana", "ben", "ana"]) == frozenset({"ana", "ben"})
    assert in_list("c", frozenset({"b", "a"})) == ("c IN (?, ?)", ["a", "b"])
    assert in_list("c", frozenset()) == ("0", [])


@pytest.mark.parametrize("pair", [("ana", "ben"), ("ana", "cai"), ("ben", "cai")])
def test_several_coders_are_the_union_of_each_alone(
    three: AnnotationStore, pair: tuple[str, str]
) -> None:
    both = frozenset(pair)
    # the store's highlight listing (who made the highlight)
    ids = {h.id for h in three.highlights(coder=both)}
    assert ids == {h.id for name in pair for h in three.highlights(coder=name)}
    assert len(ids) == 4
    # analysis: the tags those coders applied
    loaded = analysis.load(three, coder=both)
    alone = [analysis.load(three, coder=name) for name in pair]
    assert {h.id for h in loaded.highlights} == {h.id for c in alone for h in c.highlights}
    # the tag view's passages
    seen = {
        p.highlight.id for g in reading.tag_passages(three, "funding", both) for p in g.passages
    }
    one_by_one = {
        p.highlight.id
        for name in pair
        for g in reading.tag_passages(three, "funding", name)
        for p in g.passages
    }
    assert seen == one_by_one
    # retrieval by code (search's code filters and `highlights --query`)
    passages = Passages(three)
    assert passages.ids("tag:funding", both) == passages.ids("tag:funding coder:" + pair[0]) | (
        passages.ids("tag:funding coder:" + pair[1])
    )


def test_nobody_selects_nothing_and_everyone_everything(three: AnnotationStore) -> None:
    assert three.highlights(coder=frozenset()) == []
    assert Passages(three).ids("tag:funding", frozenset()) == set()
    assert len(three.highlights(coder=None)) == 6


def test_export_filters_take_several_coders(three: AnnotationStore, tmp_path: Path) -> None:
    out = tmp_path / "two.jsonl"
    options = ExportOptions(format="jsonl", filters=Filters(coder=frozenset({"ana", "cai"})))
    with out.open("wb") as stream:
        export(three, options, stream)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    highlights = [r for r in records if "record" not in r]
    assert len(highlights) == 4
    assert {r["coder"] for r in highlights} == {"ana", "cai"}
