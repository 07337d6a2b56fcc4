"""The word cursor by keys (w e b 0 $, v and shift+arrows, Enter on a search result), asserting
on the store; and the cursor always on screen (G then page up)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gpreader import words
from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, cursor_to_body, open_article, reader_of, settle

PHRASE = "centrally held buyout funds"
BODY = (
    "The board met on Tuesday. Practices said the money from centrally held buyout funds, "
    "which NHS England controls, had not arrived. “Nothing came,” said one partner.\n\n"
    "A second paragraph follows here. It has two sentences."
)
RELATED = "\n".join(f"Related story number {n} about something else" for n in range(80))


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[tuple[AnnotationStore, Path]]:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "funds.txt").write_text(f"Funds held back\n\n{BODY}\n", encoding="utf-8")
    (folder / "tail.txt").write_text(
        f"A short piece\n\n{BODY}\n\nRelated articles\n{RELATED}\n", encoding="utf-8"
    )
    with AnnotationStore(tmp_path / "words.db", coder="tester") as store:
        library.refresh(store, folder)
        yield store, folder


def make(store: AnnotationStore, folder: Path, tmp_path: Path) -> GPReaderApp:
    return GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))


def word_text(reader: Reader) -> str:
    assert reader.article is not None and reader.word is not None
    return reader.article.text[slice(*reader.word)]


async def test_search_then_v_e_e_e_tags_exactly_the_phrase(
    corpus: tuple[AnnotationStore, Path], tmp_path: Path
) -> None:
    """`/ centraly held buyout ⏎ v e e e t policy/funding ⏎` (the codebook is empty, so the
    picker creates policy/funding whatever its ranking)."""
    store, folder = corpus
    app = make(store, folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"centraly held buyout", "enter")
        for _ in range(50):  # the search runs in a worker; Enter opens the hit when it is in
            await app.screen.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(app.screen.focused, Reader):
                break
        reader = reader_of(app)
        assert word_text(reader) == "centrally"
        await pilot.press("v", "e", "e", "e")
        assert reader.selected is not None
        assert reader.article is not None
        assert reader.article.text[slice(*reader.selected)] == PHRASE
        await pilot.press("t", *"policy/funding", "enter")
        await pilot.pause()
    [h] = store.highlights("funds.txt")
    text = store.article("funds.txt").text
    start = text.index(PHRASE)
    assert (h.start, h.end, h.exact) == (start, start + len(PHRASE), PHRASE)
    assert h.tags == ("policy/funding",)


async def test_word_motions_selection_and_punctuation(
    corpus: tuple[AnnotationStore, Path], tmp_path: Path
) -> None:
    store, folder = corpus
    app = make(store, folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, "funds.txt")
        await cursor_to_body(pilot, reader)
        assert word_text(reader) == "The"
        await pilot.press("dollar_sign")
        assert word_text(reader) == "Tuesday"  # the last word, not the full stop
        await pilot.press("w")
        assert word_text(reader) == "."  # w lands on punctuation
        await pilot.press("w")
        assert word_text(reader) == "Practices"  # into the next sentence: the cursor follows
        second = reader.cursor
        await pilot.press("b", "b")
        assert word_text(reader) == "Tuesday" and reader.cursor == second - 1
        await pilot.press("e")
        assert word_text(reader) == "Practices"  # e passes over the full stop
        await pilot.press("0")
        assert word_text(reader) == "Practices"
        for _ in range(8):  # w to "funds"
            await pilot.press("w")
        assert word_text(reader) == "funds"
        await pilot.press("v", "e")  # e passes over the comma: inside the selection
        text = reader.article.text if reader.article else ""
        assert text[slice(*(reader.selected or (0, 0)))] == "funds, which"
        await pilot.press("b", "b", "b")  # back past the anchor: the selection turns round
        assert text[slice(*(reader.selected or (0, 0)))] == "buyout funds"
        await pilot.press("escape")
        assert reader.selection is None and word_text(reader) == "buyout"
        await pilot.press("w", "shift+right")  # starts at the cursor's word, lands on ","
        assert text[slice(*(reader.selected or (0, 0)))] == "funds,"
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("j")
        assert word_text(reader) == "Nothing"  # j: the first word, not the quotation mark
        await pilot.press("v", "dollar_sign", "h")
        await pilot.pause()
    spans = sorted((h.exact, h.start) for h in store.highlights("funds.txt"))
    body = store.article("funds.txt").text
    assert spans == sorted(
        [("funds,", body.index("funds,")), ("Nothing came,” said one partner", body.index("No"))]
    )


async def test_v_j_takes_whole_sentences_from_the_word(
    corpus: tuple[AnnotationStore, Path], tmp_path: Path
) -> None:
    store, folder = corpus
    app = make(store, folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, "funds.txt")
        await cursor_to_body(pilot, reader)
        await pilot.press("w", "v", "j")
        text = reader.article.text if reader.article else ""
        selected = text[slice(*(reader.selected or (0, 0)))]
        assert selected.startswith("board met") and selected.endswith("had not arrived.")
        await pilot.press("k")  # back to the anchor's sentence: to its end
        assert text[slice(*(reader.selected or (0, 0)))] == "board met on Tuesday."
        await pilot.press("k")  # before the anchor: from the previous unit's first token
        selected = text[slice(*(reader.selected or (0, 0)))]
        assert selected.startswith("Funds held back") and selected.endswith("The board")


def cursor_visible(reader: Reader) -> bool:
    layout = reader.text_layout
    assert layout is not None and reader.cursor_range is not None
    line = layout.line_of((reader.word or reader.cursor_range)[0])
    top = reader.scroll_offset.y
    return top <= line < top + reader.scrollable_content_region.height


@pytest.mark.parametrize("size", [SIZE, (80, 24), (60, 15)])
async def test_the_cursor_is_always_on_screen_and_G_then_pageup_moves(
    corpus: tuple[AnnotationStore, Path], tmp_path: Path, size: tuple[int, int]
) -> None:
    """tail.txt ends with 80 lines of related links (furniture): G used to leave the cursor
    above the screen, and page up then put it back on the last sentence."""
    store, folder = corpus
    app = make(store, folder, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, "tail.txt")
        keys: list[Any] = ["G", "pageup", "G", "ctrl+b", "ctrl+b", "G", "b", "b", "b"]
        keys += ["g", "space", "ctrl+f", "ctrl+f", "G", "k", "j", "w", "e", "0", "dollar_sign"]
        keys += ["left_curly_bracket", "right_curly_bracket", "pagedown", "pageup", "g"]
        for key in keys:
            before = reader.cursor, reader.word
            await pilot.press(key)
            await pilot.pause()
            assert cursor_visible(reader), f"after {key}: the cursor is off screen"
            if key in ("pageup", "ctrl+b", "b") and before[0] > 0:
                assert (reader.cursor, reader.word) != before, f"{key} did not move"
        await pilot.press("G")
        last = reader.cursor
        await pilot.press("pageup")
        assert reader.cursor < last


async def test_words_of_cjk_emoji_and_rtl_text(tmp_path: Path) -> None:
    folder = tmp_path / "intl"
    folder.mkdir()
    body = "日本語のテキストです。 שלום עולם, 👍🏽 مرحبا."
    (folder / "intl.txt").write_text(f"Title\n\n{body}\n", encoding="utf-8")
    with AnnotationStore(tmp_path / "intl.db", coder="tester") as store:
        library.refresh(store, folder)
        app = make(store, folder, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            reader = await open_article(app, pilot, "intl.txt")
            await cursor_to_body(pilot, reader)
            seen = [word_text(reader)]
            for _ in range(12):
                await pilot.press("w")
                seen.append(word_text(reader))
            text = reader.article.text if reader.article else ""
            start = text.index(body)
            tokens = [text[a:b] for a, b in words.tokens(text, start, start + len(body))]
            assert seen[: len(tokens)] == tokens
            assert tokens[:4] == ["日本語", "の", "テキスト", "です"]
            await pilot.press("g")
            await cursor_to_body(pilot, reader)
            await pilot.press("w", "v", "w", "w", "h")  # の テキスト です
            await pilot.pause()
        [h] = store.highlights("intl.txt")
        assert h.exact == "のテキストです" and text[h.start : h.end] == h.exact


KEYS = ["w", "e", "b", "0", "dollar_sign", "j", "k", "left_curly_bracket", "right_curly_bracket"]
KEYS += ["v", "escape", "shift+left", "shift+right", "G", "g", "pageup", "pagedown"]


async def test_random_keys_keep_the_word_cursor_and_selection_on_tokens(tmp_path: Path) -> None:
    """300 keys drawn (seeded) from every motion, on mixed scripts with sentences that hold
    only punctuation: after each, the word cursor is a token of the cursor's sentence and on
    screen, and a selection by keys starts at a token start and ends at a token end."""
    import random

    folder = tmp_path / "mixed"
    folder.mkdir()
    body = (
        "日本語のテキストです。 שלום עולם, 👍🏽 مرحبا. ... — ! Then cafe\u0301 “quoted” text.\n\n"
        + "\n\n".join(f"Paragraph {n} has words, and more words here." for n in range(30))
    )
    (folder / "mixed.txt").write_text(f"Mixed\n\n{body}\n", encoding="utf-8")
    rng = random.Random(11)
    with AnnotationStore(tmp_path / "mixed.db", coder="tester") as store:
        library.refresh(store, folder)
        app = make(store, folder, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            reader = await open_article(app, pilot, "mixed.txt")
            assert reader.article is not None
            text = reader.article.text
            tokens = [t for u in reader.units for t in words.tokens(text, *u)]
            starts, ends = {a for a, _ in tokens}, {b for _, b in tokens}
            for n in range(300):
                key = rng.choice(KEYS)
                await pilot.press(key)
                where = f"key {n} ({key})"
                assert reader.cursor_range is not None
                if reader.word is not None:
                    assert reader.word in words.tokens(text, *reader.cursor_range), where
                assert cursor_visible(reader), where
                if reader.selection is not None:
                    assert reader.selected is not None, where
                    lo, hi = reader.selected
                    assert lo in starts and hi in ends, f"{where}: {text[lo:hi]!r}"


async def test_page_down_in_a_sentence_longer_than_the_screen_moves_the_word(
    tmp_path: Path,
) -> None:
    """A unit longer than a page is read page by page: the word cursor goes down with the page
    (the sentence cursor stays), and then on to the next sentence."""
    folder = tmp_path / "long"
    folder.mkdir()
    long = ", ".join(f"clause {n} of a sentence that goes on" for n in range(200)) + "."
    (folder / "long.txt").write_text(f"Long\n\n{long} Next one.\n", encoding="utf-8")
    with AnnotationStore(tmp_path / "long.db", coder="tester") as store:
        library.refresh(store, folder)
        app = make(store, folder, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            reader = await open_article(app, pilot, "long.txt")
            await cursor_to_body(pilot, reader)
            sentence = reader.cursor
            seen = [reader.word]
            for _ in range(60):
                await pilot.press("pagedown")
                assert cursor_visible(reader)
                if reader.cursor != sentence:
                    break
                assert reader.word is not None and seen[-1] is not None
                assert reader.word[0] > seen[-1][0] and reader.scroll_offset.y > 0
                seen.append(reader.word)
            assert len(seen) > 3 and word_text(reader) == "Next"
            await pilot.press("pageup")
            assert reader.cursor == sentence and cursor_visible(reader)
