"""Issue 14's acceptance: a folder mixing every format imports in one `gpreader import`; each
article opens in the workbench with its structure, can be searched, coded and exported; and
importing again with nothing changed reads nothing again.

The folder is built in tmp_path from the shared fixtures, read where they lie."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gpreader.cli import cli
from gpreader.corpus import ingest
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle
from tests.conftest import shared_path

FIXTURES = {  # fixture -> the format the import reports for it
    "ingest/html/bbc.com.52241221.html": "html",
    "ingest/pdf/federal-register-2020-17221.pdf": "pdf",
    "ingest/docx/autogen-paper.docx": "docx",
    "ingest/news-db/ln-amcat-telegraaf.txt": "nexis",
    "ingest/news-db/nexisuni-lnt.docx": "nexis",
    "ingest/news-db/factiva-paper.rtf": "factiva",
    "ingest-more/news-db/factiva-reuters.txt": "factiva",
    "ingest/news-db/apa-online.rtf": "apa",
}
WRITTEN = {
    "rows.csv": (
        "csv",
        "headline,body,outlet\nClinic closures,Rural clinics close as funding falls.,Pulse\n"
        "Nurse pay,Nurses accept the pay offer after a long dispute.,HSJ\n",
    ),
    "rows.jsonl": (
        "jsonl",
        '{"title": "Vaccine uptake", "text": "Vaccine uptake rose in the winter.", '
        '"source": "BMJ"}\n',
    ),
    "notes.md": (
        "markdown",
        "---\ntitle: Practice list sizes\npublication: GP Online\n---\n# Practice list sizes\n\n"
        "Lists grew by a tenth in two years.\n",
    ),
    "plain.txt": ("text", "Waiting times\n\nWaiting times for a GP appointment lengthened.\n"),
}


def _run(folder: Path, db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--articles", str(folder), "--db", str(db), *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for relative in FIXTURES:
        source = shared_path("fixtures", *relative.split("/"))
        shutil.copyfile(source, folder / source.name)
    for name, (_, text) in WRITTEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder, tmp_path / "annotations.db"


def _first_of_each_format(db: Path) -> dict[str, str]:
    """Format -> the first article (by path) converted from it."""
    with AnnotationStore(db) as store:
        found: dict[str, str] = {}
        for path, fmt in sorted(store.formats().items()):
            found.setdefault(fmt, path)
    return found


def test_one_import_of_every_format_then_nothing_read_again(
    mixed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, db = mixed
    out = _run(folder, db, "import")
    assert " 0 skipped" in out.splitlines()[0], out
    formats = {*FIXTURES.values(), *(fmt for fmt, _ in WRITTEN.values())}
    assert set(_first_of_each_format(db)) == formats
    with AnnotationStore(db) as store:
        articles = store.articles()
        assert len(articles) > len(FIXTURES) + len(WRITTEN)  # the exports split into many
        for row in articles:  # each with its structure: a title, paragraphs, sentences
            article = store.article(row.path)
            kinds = {s.kind for s in article.spans}
            assert article.title and {"paragraph", "sentence"} <= kinds, (row.path, kinds)
    converted: list[str] = []
    real = ingest.convert_source

    def counting(relpath: str, *args: Any, **kwargs: Any) -> ingest.Source:
        converted.append(relpath)
        return real(relpath, *args, **kwargs)

    monkeypatch.setattr(ingest, "convert_source", counting)
    again = _run(folder, db, "import")
    assert f"{len(articles)} unchanged" in again and converted == []
    for path in folder.iterdir():  # touched: read (new mtimes), yet not converted again
        path.write_bytes(path.read_bytes())
    again = _run(folder, db, "import")
    assert f"{len(articles)} unchanged" in again
    assert sorted(converted) == sorted(p for p in WRITTEN if p.endswith((".txt", ".md")))


async def test_each_format_opens_codes_searches_and_exports(mixed: tuple[Path, Path]) -> None:
    folder, db = mixed
    _run(folder, db, "import")
    firsts = _first_of_each_format(db)
    with AnnotationStore(db, coder="tester") as store:
        app = GPReaderApp(store, folder, config=Config(path=folder.parent / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            for path in firsts.values():
                reader = await open_article(app, pilot, path)
                await settle(app, pilot)
                assert reader.article is not None and reader.article.path == path
                assert reader.article.title
                await cursor_to_body(pilot, reader)
                await pilot.press("h")  # highlight the sentence under the cursor
                await pilot.pause()
                assert len(store.highlights(path)) == 1, path
    for fmt, path in firsts.items():  # searched: a sentence of each, found in its article
        with AnnotationStore(db) as store:
            (highlight,) = store.highlights(path)
        words = " ".join(highlight.exact.split()[:6])
        found = json.loads(_run(folder, db, "search", "--json", "--limit", "50", f'"{words}"'))
        results = found["results"] if isinstance(found, dict) else found
        assert path in {r["article"] for r in results}, (fmt, words)
    data = _run(folder, db, "export", "-o", "-")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert {r["article"] for r in rows} == set(firsts.values())
    assert {r["attr_format"] for r in rows} == set(firsts)
