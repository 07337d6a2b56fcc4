"""`tags import` on hostile or huge codebooks: bounded memory, no recursion, clear errors,
linear time, no blocking on a FIFO (issue 10, item 12)."""

from __future__ import annotations

import os
import threading
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from gpreader.errors import InvalidInputError
from gpreader.export import codebook, import_codebook
from gpreader.store import AnnotationStore


def _zip_bomb(path: Path, unpacked_mb: int) -> Path:
    """A .qdpx whose project.qde unpacks to `unpacked_mb` MB of spaces (written in a stream)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("project.qde", "w", force_zip64=True) as member,
    ):
        member.write(b"<Project>")
        block = b" " * 2**20
        for _ in range(unpacked_mb):
            member.write(block)
    return path


def test_zip_bomb_is_refused_without_unpacking_it(
    store: AnnotationStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = _zip_bomb(tmp_path / "bomb.qdpx", 40)
    assert bomb.stat().st_size < 200_000
    monkeypatch.setattr(codebook, "MAX_CODEBOOK_BYTES", 2**20, raising=False)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInputError, match=r"bomb\.qdpx: larger than"):
            import_codebook(store, bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, peak
    assert store.tags() == []


def test_the_cap_is_far_above_a_real_codebook() -> None:
    assert 16 * 2**20 <= codebook.MAX_CODEBOOK_BYTES <= 256 * 2**20


def _nested_qdc(depth: int) -> bytes:
    opens = "".join(f'<Code guid="g{i}" name="c{i}" isCodable="true">' for i in range(depth))
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>'
        f"{opens}{'</Code>' * depth}</Codes></CodeBook>"
    ).encode()


def test_deeply_nested_codes_import_without_recursion(
    store: AnnotationStore, tmp_path: Path
) -> None:
    qdc = tmp_path / "deep.qdc"
    qdc.write_bytes(_nested_qdc(5000))
    result = import_codebook(store, qdc)
    assert len(result.added) == 5000
    deepest = max(result.added, key=len)
    assert (
        deepest.count("/") == 4999 and deepest.startswith("c0/c1/") and deepest.endswith("/c4999")
    )


def test_nested_codes_keep_document_order_and_skip_uncodable(tmp_path: Path) -> None:
    data = (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        b'<Code guid="1" name="b" isCodable="false"><Code guid="2" name="x" color="#ff0000"/>'
        b'<Code guid="3" name="a"><Description>d</Description></Code></Code>'
        b'<Code guid="4" name="a"/></Codes></CodeBook>'
    )
    entries = codebook.read_qdc(data)
    assert [(e.path, e.color, e.description) for e in entries] == [
        ("b/x", "#FF0000", None),
        ("b/a", None, "d"),
        ("a", None, None),
    ]


def test_csv_with_a_huge_cell_is_a_clear_error(store: AnnotationStore, tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text("tag,description\nfine,ok\nbig," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"^line 3: a cell is longer than"):
        import_codebook(store, book)
    assert store.tags() == []


def _sqlite_steps(store: AnnotationStore, tmp_path: Path, groups: int) -> int:
    """SQLite virtual-machine steps (in thousands) to import `groups` x 100 codes: the work
    done in the database, counted, not timed (the shared test machine's clock is noisy)."""
    book = tmp_path / f"big-{groups}.csv"
    rows = [f"group{g:03d}/code{c:03d},code {g} {c}" for g in range(groups) for c in range(100)]
    book.write_text("tag,description\n" + "\n".join(rows) + "\n", encoding="utf-8")
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    store.conn.set_progress_handler(count, 1000)
    try:
        result = import_codebook(store, book)
    finally:
        store.conn.set_progress_handler(None, 0)
    assert len(result.added) == groups * 101  # the groups are created as parents
    return steps[0]


def test_twenty_thousand_codes_import_in_linear_time(tmp_path: Path) -> None:
    """Ten times the codes cost about ten times the database work, not a hundred times."""
    with (
        AnnotationStore(tmp_path / "small.db") as small,
        AnnotationStore(tmp_path / "big.db") as big,
    ):
        few, many = _sqlite_steps(small, tmp_path, 20), _sqlite_steps(big, tmp_path, 200)
        assert big.tag("group199/code099").description == "code 199 99"
    assert many < 20 * few, f"{few} then {many} thousand steps: not linear"


def test_bulk_import_matches_tag_by_tag_creation(tmp_path: Path) -> None:
    """Same colours, descriptions and counts as ensure_tag/update_tag one by one."""
    book = tmp_path / "book.csv"
    book.write_text(
        "tag,description,color\n"
        "old,new words,\n"
        "old/kid,,#00ff00\n"
        "same,kept,\n" + "".join(f"p{i}/c{i},d{i},\n" for i in range(25)) + "z,,#123456\n",
        encoding="utf-8",
    )
    stores = [AnnotationStore(tmp_path / f"{n}.db") for n in ("bulk", "one")]
    for s in stores:
        s.ensure_tag("old", description="old words")
        s.ensure_tag("same", description="kept")
    bulk, one = stores
    result = import_codebook(bulk, book)
    for entry in sorted(codebook.read_file(book), key=lambda e: e.path):
        one.ensure_tag(entry.path, color=entry.color, description=entry.description)
        one.update_tag(entry.path, color=entry.color, description=entry.description)
    shown = [[(t.path, t.color, t.description) for t in s.tags()] for s in stores]
    assert shown[0] == shown[1]
    assert result.updated == ["old"] and result.unchanged == ["same"]
    assert "old/kid" in result.added and "p3" in result.added
    for s in stores:
        s.close()


def test_a_fifo_given_as_codebook_does_not_block(store: AnnotationStore, tmp_path: Path) -> None:
    fifo = tmp_path / "book.csv"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            import_codebook(store, fifo)
            outcome.append(None)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # release it before failing
        with open(fifo, "wb"):
            pass
        worker.join(10)
        pytest.fail("import blocked on a FIFO")
    assert isinstance(outcome[0], InvalidInputError)
    assert "not a regular file" in str(outcome[0])


def test_a_large_project_keeps_only_its_codebook_in_memory(
    store: AnnotationStore, tmp_path: Path
) -> None:
    """The sources, selections and notes of a .qdpx are parsed past, not held as a tree."""
    sources = "".join(
        f'<TextSource guid="s{i}" name="source {i}" plainTextPath="internal://{i}.txt"/>'
        for i in range(150_000)
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
        f'name="big"><CodeBook><Codes><Code guid="1" name="policy"><Code guid="2" name="pay"/>'
        f"</Code></Codes></CodeBook><Sources>{sources}</Sources></Project>"
    )
    project = tmp_path / "big.qdpx"
    with zipfile.ZipFile(project, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
    assert len(qde) > 10 * 2**20
    del qde, sources
    tracemalloc.start()
    try:
        result = import_codebook(store, project)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.added == ["policy", "policy/pay"]
    assert peak < 40 * 2**20, f"{peak / 2**20:.0f} MB"
