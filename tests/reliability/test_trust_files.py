"""Reading article files: a FIFO swapped in never blocks, UTF-16 with a BOM is decoded, the
size-cap message shows the size that broke it (issue 10, items 15 and 16)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from gpreader.corpus import files
from gpreader.corpus.files import SkipFile, decode, load_article

ARTICLE_TEXT = "Unicode headline – café\n\nBody text with “quotes” and ü.\n"


def test_a_fifo_swapped_in_for_an_article_does_not_block(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nBody.\n")
    found = [path for _, path in files.discover(tmp_path)]
    assert found == [tmp_path / "a.txt"]
    (tmp_path / "a.txt").unlink()  # swapped between discovery and reading
    os.mkfifo(tmp_path / "a.txt")
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            load_article(tmp_path, "a.txt")
            outcome.append(None)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # release it before failing
        with open(tmp_path / "a.txt", "wb"):
            pass
        worker.join(10)
        pytest.fail("reading blocked on a FIFO")
    assert isinstance(outcome[0], SkipFile) and str(outcome[0]) == "not a regular file"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_decoded(tmp_path: Path, codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    data = bom + ARTICLE_TEXT.replace("\n", "\r\n").encode(codec)
    text, encoding = decode(data)
    assert (text, encoding) == (ARTICLE_TEXT, "utf-16")
    (tmp_path / "word.txt").write_bytes(data)
    article = load_article(tmp_path, "word.txt")
    assert article.title == "Unicode headline – café" and article.encoding == "utf-16"


def test_utf16_that_is_really_binary_is_still_skipped() -> None:
    with pytest.raises(SkipFile, match="binary"):
        decode(b"\xff\xfe" + "text\x00more".encode("utf-16-le"))
    with pytest.raises(SkipFile, match="UTF-16"):
        decode(b"\xff\xfe" + b"\x00\xd8a")  # a lone surrogate


def test_a_byte_over_the_cap_shows_in_the_message(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(files.MAX_FILE_BYTES + 1)  # sparse: no 16 MB written
    with pytest.raises(SkipFile) as caught:
        load_article(tmp_path, "big.txt")
    assert str(caught.value) == (
        "too large: over the 16 MB cap (16.000001 MB); "
        "tables and news-database exports may be up to 512 MB"
    )


def test_a_file_that_grows_past_the_cap_while_read_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("Title\n\n" + "x" * 5000)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 2000)
    real_fstat = os.fstat

    def shrunk_fstat(fd: int) -> os.stat_result:  # the size at open, before it grew
        info = list(real_fstat(fd))
        info[6] = 100
        return os.stat_result(info)

    monkeypatch.setattr(files.os, "fstat", shrunk_fstat)
    with pytest.raises(SkipFile, match=r"^too large: over the .* cap"):
        load_article(tmp_path, "a.txt")
