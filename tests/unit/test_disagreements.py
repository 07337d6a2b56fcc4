"""Where coders disagree (the agreement tab's Enter), on the hand-built analysis corpus."""

from __future__ import annotations

from pathlib import Path

from gpreader.store import AnnotationStore
from gpreader.team.disagreements import disagreements
from gpreader.team.report import coded_articles
from tests.unit.analysis_corpus import build


def _units(store: AnnotationStore, path: str, *words: str) -> list[tuple[int, int]]:
    """The sentence spans holding each of `words`."""
    article = store.article(path)
    found = []
    for word in words:
        at = article.text.index(word)
        found += [
            (s.start, s.end)
            for s in article.spans
            if s.kind == "sentence" and s.start <= at < s.end
        ]
    return found


def test_disagreements_by_sentence_and_missing_coders(tmp_path: Path) -> None:
    db, _, _ = build(tmp_path)
    with AnnotationStore(db, coder="alice") as alice, AnnotationStore(db, coder="bob") as bob:
        for path in ("a.txt", "b.txt"):
            alice.mark_coded(path)
        bob.mark_coded("a.txt")  # b.txt: bob is missing data there, so no disagreement
        articles = coded_articles(alice, ["alice", "bob"], "sentence")
        found = disagreements(articles, ["alice", "bob"], "policy", "sentence")
        # a.txt: alice coded "One cat sat." and "Two dogs ran." with policy/*; bob nothing
        assert [(d.article, d.start, d.end) for d in found] == [
            ("a.txt", *u) for u in _units(alice, "a.txt", "One cat", "Two dogs")
        ]
        assert all(d.coded_by == ("alice",) and d.not_coded_by == ("bob",) for d in found)
        tone = disagreements(articles, ["alice", "bob"], "tone", "sentence")
        # alice: tone/positive on "One cat"; bob: tone/negative on "Four fish"
        assert [(d.start, d.end, d.coded_by) for d in tone] == [
            (*_units(alice, "a.txt", "One cat")[0], ("alice",)),
            (*_units(alice, "a.txt", "Four fish")[0], ("bob",)),
        ]
        whole = disagreements(articles, ["alice", "bob"], "tone/positive", "article")
        length = len(alice.article("a.txt").text)
        assert [(d.article, d.start, d.end, d.coded_by) for d in whole] == [
            ("a.txt", 0, length, ("alice",))
        ]
        bob.mark_coded("b.txt")
        both = coded_articles(alice, ["alice", "bob"], "sentence")
        six = disagreements(both, ["alice", "bob"], "policy/funding", "sentence")
        assert ("b.txt", "alice") in {(d.article, d.coded_by[0]) for d in six}  # "Six dogs"


def test_char_stretches_touching_are_one(tmp_path: Path) -> None:
    db, _, _ = build(tmp_path)
    with AnnotationStore(db, coder="alice") as alice, AnnotationStore(db, coder="bob") as bob:
        alice.mark_coded("a.txt")
        bob.mark_coded("a.txt")
        articles = coded_articles(alice, ["alice", "bob"], "char")
        found = disagreements(articles, ["alice", "bob"], "policy", "char")
        text = alice.article("a.txt").text
        one = text.index("One cat")
        two = text.index("Two dogs ran")
        # h1 "One cat" and h2 "cat sat" overlap: one stretch "One cat sat"; then "Two dogs ran"
        assert [(d.start, d.end) for d in found] == [(one, one + 11), (two, two + 12)]
