"""End to end, in a real pseudo-terminal: a phrase inside a sentence selected by word keys and
tagged with a new child tag next to an existing sibling (the picker must not apply the parent)."""

from __future__ import annotations

from pathlib import Path

import pexpect

from gpreader import reading, words
from gpreader.store import AnnotationStore
from tests.e2e.test_terminal import spawn_gpreader, wait_for


def test_select_a_phrase_by_word_keys_and_find_exactly_it_in_the_database(
    corpus_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "e2e.db"
    with AnnotationStore(db, coder="setup") as setup:
        setup.ensure_tag("policy/funding")  # the sibling already in the codebook
    child = spawn_gpreader(corpus_dir, db, tmp_path)
    try:
        wait_for(child, r"5\s+articles", "the library with the five sample articles")
        child.send("\r")
        wait_for(child, r"sentence\s+1\s+of", "the article in a reading column")
        child.send("jj")
        wait_for(child, r"sentence\s+3\s+of", "the cursor on the third sentence")
        child.send("wvee")  # from the second word, three words
        child.send("t")
        wait_for(child, r"Tab\s+add\s+another", "the tag picker")
        child.send("policy/contract")
        wait_for(child, r"new\s+tag", "the typed tag in the picker")
        child.send("\r")
        wait_for(child, r"m\s+adds\s+a\s+note", "the new highlight under the cursor")
        child.send("q")
        wait_for(child, pexpect.EOF, "the end of the program after q")
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, f"gpreader exited with {child.exitstatus} / {child.signalstatus}"
    with AnnotationStore(db, coder="check") as store:
        [found] = store.highlights(tag="policy/contract")
        assert found.tags == ("policy/contract",)  # the child typed, not the parent `policy`
        assert found.tag_coders == ("e2e",)
        assert found.exact == "at the Times"  # w v e e in "Speaking at the Times Health …"
        article = store.article(found.article)
        text, units = article.text, reading.units(article, reading.blocks(article))
        first = words.first_word(text, units[2])
        moved = words.step(text, units, 2, first, forward=True)  # w
        assert moved is not None and moved[0] == 2
        anchor = head = moved[1]
        for _ in range(2):  # e e: the next word, each time
            moved = words.step(text, units, 2, head, forward=True, words_only=True)
            assert moved is not None and moved[0] == 2
            head = moved[1]
        assert (found.start, found.end) == (anchor[0], head[1])
        assert found.exact == text[anchor[0] : head[1]]
        assert units[2][0] < found.start and found.end < units[2][1]  # inside the sentence
        assert len(found.exact.split()) == 3
