"""Every export format's bytes, held equal to what an earlier commit wrote for the same
database (speed work on the read path and the writers must not change a byte).

The database is built here, deterministically: the sample articles and seeded highlights
(notes that need quoting or guarding, several tags each with who applied them, coders,
fuzzy, orphaned and deleted ones, fixed time stamps). GOLDEN holds the SHA-256 (its first
20 hex digits) of each format's output, of each member for the zip formats, as written by
commit 41329a3:

    PYTHONPATH=OTHER/src .venv/bin/python tests/unit/test_export_golden.py

prints the digests another tree's code gives (paste them here only when a format changes on
purpose, and say so in the commit).
"""

from __future__ import annotations

import hashlib
import io
import random
import sys
import tempfile
import uuid
import zipfile
from pathlib import Path

import pytest

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
TAGS = ["policy", "policy/funding", "policy/contract", "people/gp", '=odd, "quoted"', "£ 日本語"]
NOTES = ["", "", "a note", 'with "quotes", commas\nand a newline', "=SUM(1)", "-1", "x\r\ny"]
CODERS = ["ann", "bob", "chloé"]
STAMP = "2024-05-0{day}T1{hour}:00:00+00:00"
ZIPPED = {"xlsx", "qdpx"}
MTIME_NS = 1_711_929_600 * 10**9  # 2024-04-01: not the checkout's file times

GOLDEN: dict[str, str | dict[str, str]] = {
    "codebook-csv": "e6de7141125fc45fe1f9",
    "csv": "80b377be09dbbd6015af",
    "jsonl": "af02f63bfe0db244eafd",
    "md": "de055ac51a5d695445d1",
    "qdc": "657f5b779bbe687b230a",
    "qdpx": {
        "project.qde": "68c7c3fec277d57c3db1",
        "sources/15ba309b-24c0-5b11-af1e-3ca8af4882e4.txt": "68e76ccbbda875127d4b",
        "sources/1ef31c4b-493e-5fc4-babd-222c3654586d.txt": "764534ca6c268b34c438",
        "sources/2c5b80d7-bf4c-5440-afee-ce66ca22eb46.txt": "9e930d180bbe731eca4d",
        "sources/363a5f17-841d-5b28-996c-3846a2260239.txt": "57fdeccc7a073504b217",
        "sources/3e05352d-a695-5979-b0eb-f6d291c8f191.txt": "46e3df477380e436b58f",
        "sources/4384b68e-71e0-502b-89b0-75a6268b5002.txt": "4f3183ce0671ddc81ef9",
        "sources/74ea811f-9179-540c-8093-d4aee14549da.txt": "59b1ee2b0d0c7e5e1ae6",
        "sources/7e3ea015-bd02-5b6a-8913-a5e581a90d92.txt": "e47b117dc8c338b82ebb",
        "sources/c2ff2106-a7d8-5a72-8e64-14ea2ae86f95.txt": "529c9830623c065c5ae3",
        "sources/f4c506af-e763-59bd-9939-e9987c1a2a04.txt": "3836fb735e9ac3afa775",
    },
    "w3c": "07b3be4c70fd7f86d2cb",
    "xlsx": {
        "[Content_Types].xml": "1d6bdf7bf776236d3854",
        "_rels/.rels": "9f96bb683e71c45171c7",
        "xl/_rels/workbook.xml.rels": "2877b8c818647324e293",
        "xl/sharedStrings.xml": "b4ae1de7f7126768252c",
        "xl/styles.xml": "ccf6d8a1d274e38b6e75",
        "xl/workbook.xml": "b422d028c473e31d77a3",
        "xl/worksheets/sheet1.xml": "ff9a0cbb3a82ac4eafdf",
        "xl/worksheets/sheet2.xml": "fdd5cb6aeb031ed78da1",
        "xl/worksheets/sheet3.xml": "43a3be94c21f0c6a6011",
    },
    "csv tag:policy": "efe26f6762f46950da52",
    "w3c tag:policy": "83650a0a683ca80dd7b7",
    "xlsx coder:ann": {
        "[Content_Types].xml": "1d6bdf7bf776236d3854",
        "_rels/.rels": "9f96bb683e71c45171c7",
        "xl/_rels/workbook.xml.rels": "2877b8c818647324e293",
        "xl/sharedStrings.xml": "8eaa4f8849b8b4c83558",
        "xl/styles.xml": "ccf6d8a1d274e38b6e75",
        "xl/workbook.xml": "b8ca7f5585bb7b3fb9ae",
        "xl/worksheets/sheet1.xml": "ea776532a300a1f0ba30",
        "xl/worksheets/sheet2.xml": "09e7a3716a2343377073",
        "xl/worksheets/sheet3.xml": "ff6920d649356449c4c6",
    },
    "jsonl fuzzy": "27e2b9174a16fcee139b",
    "csv per highlight, excel, raw": "378fb185a45bed0b5054",
}


def build(db_path: Path, n: int = 120, seed: int = 3) -> None:
    """The sample corpus and `n` seeded highlights, every stored stamp fixed."""
    from gpreader.anchoring import quote_at
    from gpreader.corpus import sync
    from gpreader.store import AnnotationStore

    rng = random.Random(seed)
    with AnnotationStore(db_path, coder="golden") as store:
        sync.refresh(store, ARTICLES)
        for tag in TAGS:
            store.ensure_tag(tag)
        db = store.db
        tag_ids = {r["path"]: r["id"] for r in db.query("SELECT id, path FROM tags ORDER BY id")}
        arts = list(
            db.query("SELECT id, gp_text(text) AS text, sha256 FROM articles ORDER BY path")
        )
        highlights, links = [], []
        for i in range(n):
            art = arts[i % len(arts)]
            text = art["text"]
            start = rng.randrange(0, len(text) - 200)
            end = start + rng.randint(1, 150)
            quote = quote_at(text, start, end)
            hid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            stamp = STAMP.format(day=1 + i % 9, hour=i % 10)
            highlights.append(
                {
                    "id": hid,
                    "article_id": art["id"],
                    "start": start,
                    "end": end,
                    "exact": quote.exact,
                    "prefix": quote.prefix,
                    "suffix": quote.suffix,
                    "article_sha256": art["sha256"],
                    "note": rng.choice(NOTES),
                    "coder": rng.choice(CODERS),
                    "created": stamp,
                    "updated": STAMP.format(day=1 + i % 7, hour=i % 3),
                    "status": ("anchored", "anchored", "fuzzy", "orphaned")[i % 4],
                    "score": 0.9 if i % 4 == 2 else None,
                    "deleted": stamp if i % 17 == 5 else None,
                }
            )
            for tag in rng.sample(TAGS, rng.randint(0, 3)):
                coder = rng.choice(["", *CODERS])
                links.append({"highlight_id": hid, "tag_id": tag_ids[tag], "coder": coder})
        with store.action():
            db["highlights"].insert_all(highlights)
            db["highlight_tags"].insert_all(links)
        db.execute("UPDATE articles SET updated = '2024-04-01T00:00:00+00:00'")
        db.execute("UPDATE articles SET mtime_ns = ?", [MTIME_NS])  # qdpx: a source's date
        db.conn.commit()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]  # 80 bits: plenty to tell outputs apart


def digests(db_path: Path) -> dict[str, str | dict[str, str]]:
    """Each format's output digest (per member for zip formats), exported to memory; then a
    few filtered and switched variants."""
    from gpreader.export import FORMATS, ExportOptions, Filters, export
    from gpreader.store import AnnotationStore

    options = {name: ExportOptions(format=name) for name in sorted(FORMATS)}
    options |= {
        "csv tag:policy": ExportOptions(format="csv", filters=Filters(tag="policy")),
        "w3c tag:policy": ExportOptions(format="w3c", filters=Filters(tag="policy")),
        "xlsx coder:ann": ExportOptions(format="xlsx", filters=Filters(coder="ann")),
        "jsonl fuzzy": ExportOptions(format="jsonl", filters=Filters(status="fuzzy")),
        "csv per highlight, excel, raw": ExportOptions(
            format="csv", one_row_per_highlight=True, excel=True, raw=True
        ),
    }
    found: dict[str, str | dict[str, str]] = {}
    with AnnotationStore(db_path) as store:
        for name, chosen in options.items():
            sink = io.BytesIO()
            export(store, chosen, sink)
            data = sink.getvalue()
            if chosen.format in ZIPPED:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    found[name] = {m: _digest(archive.read(m)) for m in sorted(archive.namelist())}
            else:
                found[name] = _digest(data)
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | dict[str, str]]:
    if not ARTICLES.is_dir():
        pytest.skip(f"the sample articles are not at {ARTICLES}")
    db = tmp_path_factory.mktemp("golden") / "golden.db"
    build(db)
    return digests(db)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_format_bytes_unchanged(exported: dict[str, str | dict[str, str]], name: str) -> None:
    assert exported[name] == GOLDEN[name]


def test_every_format_is_held(exported: dict[str, str | dict[str, str]]) -> None:
    assert sorted(exported) == sorted(GOLDEN)


def test_the_database_is_the_same_each_time(tmp_path: Path) -> None:
    """The build is deterministic (else the digests could not be held)."""
    if not ARTICLES.is_dir():
        pytest.skip(f"the sample articles are not at {ARTICLES}")
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build(first, n=20)
    build(second, n=20)
    assert digests(first) == digests(second)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "golden.db"
        build(path)
        for key, value in digests(path).items():
            sys.stdout.write(f"    {key!r}: {value!r},\n")
