"""Retrieval by code (search/codes.py) on the hand-built corpus of tests/unit/analysis_corpus.py,
whose answers are known by construction; with attributes, notes and memos added here."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from gpreader.search import SearchIndex
from gpreader.search.codes import Passages
from gpreader.store import AnnotationStore
from tests.unit.analysis_corpus import build

LIVE = {"h1", "h2", "h3", "h4", "h6", "h7", "h9", "h10"}  # h5 deleted, h8 orphaned


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[tuple[AnnotationStore, dict[str, str]]]:
    db, _, ids = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        store.set_attributes(
            [
                ("a.txt", "outlet", "Pulse"),
                ("b.txt", "outlet", "BMJ"),
                ("a.txt", "wordcount", 120),
                ("b.txt", "wordcount", 80),
                ("c.txt", "wordcount", 100),
                ("a.txt", "published", datetime.date(2024, 2, 7)),
                ("b.txt", "published", datetime.date(2024, 3, 3)),
            ]
        )
        store.set_note(ids["h3"], "dogs again")
        yield store, ids


def names(corpus: tuple[AnnotationStore, dict[str, str]], query: str, **kw: str) -> set[str]:
    store, ids = corpus
    by_id = {v: k for k, v in ids.items()}
    return {by_id[i] for i in Passages(store).ids(query, **kw)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", LIVE),
        ("tag:policy/contract", {"h1", "h3", "h6"}),  # deleted h5 and orphaned h8 left out
        ("tag:policy", {"h1", "h2", "h3", "h6", "h7", "h10"}),  # children count
        ("tag:contract tag:tone/positive", {"h1"}),  # both on one highlight
        ("tag:policy | tag:tone", LIVE),
        ("tag:funding | tag:negative", {"h2", "h4", "h6", "h7", "h10"}),
        ("-tag:policy", {"h4", "h9"}),
        ("tag:policy -tag:tone", {"h2", "h3", "h10"}),
        # overlaps: h1 carries both (overlaps itself), h2 overlaps h1, h6 and h7 carry both
        ("tag:policy overlaps tag:tone", {"h1", "h2", "h6", "h7"}),
        ("tag:funding overlaps tag:contract", {"h2"}),  # h7 would overlap only orphaned h8
        # near: a.txt sentences 1 (h1, h2), 2 (h3), 4 (h4); b.txt 1 (h6), 2 (h7)
        ("tag:tone near:0 tag:contract", {"h1", "h6"}),
        ("tag:tone near:1 tag:contract", {"h1", "h6", "h7"}),
        ("tag:tone/negative near:1 tag:policy/contract", {"h6"}),  # h4 to h3: 2 sentences
        ("tag:tone/negative near:2 tag:policy/contract", {"h4", "h6"}),  # the boundary
        ("tag:funding near:9 tag:positive", {"h2", "h7"}),  # h10 is in no sentence
        # in:paragraph: h4 shares P1 only with the deleted h5
        ("tag:negative in:paragraph tag:contract", {"h6"}),
        ("tag:contract in:paragraph tag:tone", {"h1", "h3", "h6"}),
        ("coder:bob", {"h4", "h6", "h7"}),  # h7: bob applied one of its tags
        ("coder:bob tag:positive", {"h7"}),
        ("coder:alice tag:positive", {"h1", "h9"}),  # h7's tone/positive is bob's
        ("coder:bob tag:funding", set()),  # h7's policy/funding is alice's
        ("-coder:bob", {"h1", "h2", "h3", "h9", "h10"}),
        ("tag:contract | coder:bob", {"h1", "h3", "h4", "h6", "h7"}),
        ("attr:outlet=pulse tag:contract", {"h1", "h3"}),  # text: case-insensitive
        ("attr:outlet!=pulse", {"h6", "h7", "h9", "h10"}),  # c.txt has no outlet: != holds
        ("attr:outlet", {"h1", "h2", "h3", "h4", "h6", "h7"}),  # having it
        ("attr:wordcount>100", {"h1", "h2", "h3", "h4"}),  # number
        ("attr:wordcount>=100", {"h1", "h2", "h3", "h4", "h9", "h10"}),
        ("attr:wordcount<100", {"h6", "h7"}),
        ("attr:published>=2024-03", {"h6", "h7"}),  # date, by month
        ("attr:published=2024-02-07", {"h1", "h2", "h3", "h4"}),
        ("attr:published<2024-03 | attr:outlet=bmj", {"h1", "h2", "h3", "h4", "h6", "h7"}),
        ("in:title", {"h10"}),
        ("in:body", LIVE - {"h10"}),
        ("article:beta", {"h6", "h7"}),
        ("cat ", {"h1", "h2"}),  # a word, whole
        ("cat", {"h1", "h2", "h6"}),  # the last word typed: also a prefix ("cats")
        ('"dogs ran"', {"h3"}),
        ("again tag:contract", {"h3"}),  # in the note
        ("has:note", {"h3"}),
        ("in:memos", set()),  # memos are searched by corpus search, not passages
        ("has:nothing tag:contract", {"h1", "h3", "h6"}),  # meaningless: ignored
    ],
)
def test_each_query_selects_the_passages_known_by_construction(
    corpus: tuple[AnnotationStore, dict[str, str]], query: str, expected: set[str]
) -> None:
    assert names(corpus, query) == expected


def test_a_coder_view_acts_as_a_coder_filter(corpus) -> None:
    assert names(corpus, "tag:tone", coder="bob") == {"h4", "h6", "h7"}
    assert names(corpus, "tag:policy", coder="bob") == {"h6"}


def test_passages_come_in_reading_order_with_their_context(corpus) -> None:
    store, ids = corpus
    passages = Passages(store)
    found = passages.select("tag:policy overlaps tag:tone")
    assert [p.id for p in found] == [ids["h1"], ids["h2"], ids["h6"], ids["h7"]]
    h7 = found[3]
    assert (h7.text, h7.tags, h7.tag_coders) == (
        "Six dogs",
        ("policy/funding", "tone/positive"),
        ("alice", "bob"),
    )
    start, end = passages.context(h7)
    assert store.article("b.txt").text[start:end] == "Five cats sat. Six dogs ran."


def test_search_restricts_passages_by_every_code_filter(corpus) -> None:
    store, _ = corpus
    index = SearchIndex(store)

    def found(query: str, coder: str | None = None) -> set[tuple[str, str]]:
        return {(h.article, h.text) for h in index.search(query, coder=coder)}

    a1, a2 = ("a.txt", "One cat sat."), ("a.txt", "Two dogs ran.")
    b1, b2 = ("b.txt", "Five cats sat."), ("b.txt", "Six dogs ran.")
    assert found("tag:negative in:paragraph tag:contract") == {b1}
    assert found("tag:policy overlaps tag:tone") == {a1, b1, b2}
    assert found("dogs coder:bob") == {b2}
    assert found("tag:positive", coder="bob") == {b2}
    assert found("dogs tag:tone", coder="alice") == set()
    assert found("sat -tag:funding") == {b1}  # "One cat sat." holds h2 (funding)
    assert found("sat attr:outlet=bmj") == {b1}
    assert found("sat -attr:outlet=bmj") == {a1}
    assert found("sat -article:alpha") == {b1}
    assert found("dogs") >= {a2, b2}


def test_matches_in_one_article_follow_the_coder_view(corpus) -> None:
    """n / N in the workbench: the code filters count only the coders shown."""
    store, _ = corpus
    index = SearchIndex(store)

    def found(coder: str | frozenset[str] | None) -> list[str]:
        return [h.text for h in index.find_in_article("b.txt", "tag:positive", coder=coder)]

    assert found(None) == found(frozenset({"alice", "bob"}))
    assert found("bob") == ["Six dogs ran."]
    assert found("alice") == []


def test_memos_are_searched_with_in_memos(corpus) -> None:
    store, _ = corpus
    store.set_memo("project", "", "The project studies contracts.")
    store.set_memo("tag", "policy/contract", "Contracts between practices and the board.")
    store.set_memo("article", "b.txt", "A long story about cats and contracts.")
    index = SearchIndex(store)
    hits = index.search("in:memos contracts")
    assert [(h.via, h.note, h.article) for h in hits] == [
        ("memo:project", "", ""),
        ("memo:tag", "policy/contract", ""),
        ("memo:article", "b.txt", "b.txt"),
    ]
    [cats] = index.search("in:memos cats")
    assert cats.text[cats.terms[0][0] : cats.terms[0][1]] == "cats"
    assert [h.via for h in index.search("in:memos contracts -cats board")] == ["memo:tag"]
    assert index.search("in:memos nothinglikethis") == []
