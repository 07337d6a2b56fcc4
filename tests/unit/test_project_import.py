"""Importing a whole REFI-QDA project: QualCoder's, our own round trip, CRLF and hostile ones."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpreader.cli import cli
from gpreader.corpus import sync
from gpreader.errors import InvalidInputError
from gpreader.export import ExportOptions, export
from gpreader.export.project_import import import_project
from gpreader.store import AnnotationStore
from gpreader.text import canonical
from tests.conftest import shared_path

NS = "urn:QDA-XML:project:1.0"
USER = "11111111-1111-4111-8111-111111111111"
CODE = "22222222-2222-4222-8222-222222222222"


def _selections(qdpx: Path) -> list[tuple[str, str]]:
    """(selection guid, the text its positions pick out of its source) for every selection
    of a project, read here independently of the importer."""
    with zipfile.ZipFile(qdpx) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        texts = {}
        for source in root.iter(f"{{{NS}}}TextSource"):
            name = source.get("plainTextPath", "").removeprefix("internal://")
            texts[source.get("guid")] = archive.read(f"sources/{name}").decode("utf-8-sig")
        notes = {n.get("guid"): n for n in root.iter(f"{{{NS}}}Note")}
    found = []
    for source in root.iter(f"{{{NS}}}TextSource"):
        text = texts[source.get("guid")]
        held = list(source.iter(f"{{{NS}}}PlainTextSelection"))
        for ref in source.iter(f"{{{NS}}}NoteRef"):
            held += list(notes[ref.get("targetGUID")].iter(f"{{{NS}}}PlainTextSelection"))
        for sel in held:
            start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            found.append((sel.get("guid", "").lower(), canonical(text[start:end])))
    return found


def test_qualcoders_project_lands_every_coding_on_its_text(tmp_path: Path) -> None:
    qdpx = shared_path("fixtures", "refi-qda", "qualcoder-4.0-export.qdpx")
    with AnnotationStore(tmp_path / "q.db", coder="me") as store:
        report = import_project(store, qdpx, tmp_path / "articles")
        expected = _selections(qdpx)
        assert report.highlights_added == len(expected) == 8 and not report.skipped
        by_id = {h.id: h for h in store.highlights()}
        for guid, text in expected:
            assert by_id[guid].exact == text
        daffy = next(h for h in by_id.values() if h.exact == "Might as well appoint Daffy Duck")
        assert daffy.tags == ("tone/satire",) and daffy.coder == "alice"
        assert daffy.created == "2026-11-30T02:19:39+00:00"
        noted = next(h for h in by_id.values() if h.note == "untagged highlight with a note")
        assert noted.tags == () and noted.coder == "alice"  # the note's user
        assert {"actors/other", "policy/funding", "R&D <pilot>"} <= {t.path for t in store.tags()}
        again = import_project(store, qdpx, tmp_path / "articles")
        assert again.highlights_added == 0 and again.highlights_present == 8
        assert not again.sources_added and not again.tags_added
        assert len(store.highlights()) == 8
    assert len(list((tmp_path / "articles").iterdir())) == 5


def _state(store: AnnotationStore) -> tuple[list[tuple[object, ...]], list[tuple[str, ...]]]:
    """Highlights (quote, tags, who applied them, note, coder, status, created) and tags."""
    highlights = sorted(
        (h.exact, h.tags, h.tag_coders, h.note, h.coder, h.status, h.created)
        for h in store.highlights()
    )
    return highlights, [(t.path, t.color, t.description) for t in store.tags()]


def _coded_selections(qdpx: Path) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(quote, source name, code names, note) of every selection of an exported project."""
    with zipfile.ZipFile(qdpx) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        names = {c.get("guid"): c.get("name", "") for c in root.iter(f"{{{NS}}}Code")}
        found = []
        for source in root.iter(f"{{{NS}}}TextSource"):
            file = source.get("plainTextPath", "").removeprefix("internal://")
            text = archive.read(f"sources/{file}").decode("utf-8")
            for sel in source.iter(f"{{{NS}}}PlainTextSelection"):
                start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
                codes = tuple(
                    sorted(names[r.get("targetGUID")] for r in sel.iter(f"{{{NS}}}CodeRef"))
                )
                note = sel.findtext(f"{{{NS}}}Description") or ""
                found.append((text[start:end], source.get("name", ""), codes, note))
    return sorted(found)


def test_export_import_into_an_empty_database_export_gives_the_same(
    corpus_dir: Path, tmp_path: Path
) -> None:
    qdpx = tmp_path / "out.qdpx"
    with AnnotationStore(tmp_path / "a.db", coder="alice") as store:
        sync.refresh(store, corpus_dir)
        for summary in store.articles():
            text = store.article(summary.path).text
            store.add_highlight(summary.path, 0, min(12, len(text)), tags=["x/one"], note="n")
            store.add_highlight(summary.path, 20, 40, tags=["y", "x/two"])
        first = store.highlights()[0]
        path = "002_1cf731f5e7a28a3f.txt"
        lost = store.add_highlight(path, 300, 340, tags=["gone"], note="its text was cut")
        file = corpus_dir / path
        file.write_text(file.read_text("utf-8").replace(lost.exact, "x" * 50), "utf-8")
        sync.refresh(store, corpus_dir)
        store.update_tag("x/one", description="first & <best>")
    with AnnotationStore(tmp_path / "a.db", coder="bob") as store:
        store.tag_highlight(first.id, ["z"])  # bob's tag on alice's highlight
        export(store, ExportOptions("qdpx"), qdpx)
        before = _state(store)
    assert ("its text was cut", "orphaned") in {(h[3], h[5]) for h in before[0]}
    with AnnotationStore(tmp_path / "b.db", coder="bob") as fresh:
        report = import_project(fresh, qdpx, tmp_path / "new-articles")
        assert report.highlights_added == len(before[0]) and not report.skipped
        assert report.orphans == 1
        after = _state(fresh)
        again = tmp_path / "again.qdpx"
        export(fresh, ExportOptions("qdpx"), again)
    assert after == before
    assert any("bob" in coders for _, _, coders, *_ in after[0])
    assert _coded_selections(again) == _coded_selections(qdpx)


def _project(tmp_path: Path, sources: str, files: dict[str, str] | None = None) -> Path:
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="p">'
        f'<Users><User guid="{USER}" name="carol"/></Users>'
        f'<CodeBook><Codes><Code guid="{CODE}" name="crlf" isCodable="true"/></Codes></CodeBook>'
        f"<Sources>{sources}</Sources></Project>"
    )
    path = tmp_path / "p.qdpx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", qde)
        for name, text in (files or {}).items():
            archive.writestr(f"sources/{name}", text.encode("utf-8"))
    path.write_bytes(buffer.getvalue())
    return path


def _selection(guid: str, start: int, end: int) -> str:
    return (
        f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" '
        f'creatingUser="{USER}"><Coding guid="{guid[:-1]}0"><CodeRef targetGUID="{CODE}"/>'
        "</Coding></PlainTextSelection>"
    )


def test_crlf_and_astral_characters_are_counted_as_refi_counts_them(tmp_path: Path) -> None:
    raw = "Title 🚑\r\n\r\nFirst line 👨‍⚕️ here.\r\nSecond line ends.\r\n"
    quote = "Second line"
    start = raw.index(quote)
    sel = _selection("33333333-3333-4333-8333-333333333333", start, start + len(quote))
    emoji = raw.index("👨")
    sel2 = _selection("44444444-4444-4444-8444-444444444444", emoji, emoji + 4)
    project = _project(
        tmp_path,
        f'<TextSource guid="55555555-5555-4555-8555-555555555555" name="CRLF: a/b" '
        f'plainTextPath="internal://a.txt">{sel}{sel2}</TextSource>',
        {"a.txt": raw},
    )
    with AnnotationStore(tmp_path / "c.db", coder="me") as store:
        report = import_project(store, project, tmp_path / "articles")
        assert not report.skipped
        exact = sorted(h.exact for h in store.highlights())
        assert exact == sorted([quote, "👨‍⚕️"]) and store.highlights()[0].coder == "carol"
    written = tmp_path / "articles" / "CRLF - a-b.txt"
    assert written.read_bytes() == raw.encode("utf-8")  # the file as the project had it


def test_unsafe_or_outside_sources_are_skipped_and_files_never_replaced(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "Mine.txt").write_text("my own words, not the project's\n", encoding="utf-8")
    project = _project(
        tmp_path,
        '<TextSource guid="66666666-6666-4666-8666-666666666666" name="up" '
        'plainTextPath="internal://../../etc/passwd"/>'
        '<TextSource guid="77777777-7777-4777-8777-777777777777" name="far" '
        'plainTextPath="/etc/hostname"/>'
        '<PDFSource guid="88888888-8888-4888-8888-888888888888" name="scan"/>'
        '<TextSource guid="99999999-9999-4999-8999-999999999999" name="Mine">'
        "<PlainTextContent>Inline text of the project.</PlainTextContent>"
        f"{_selection('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 0, 6)}"
        f"{_selection('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 5, 500)}</TextSource>",
    )
    with AnnotationStore(tmp_path / "h.db", coder="me") as store:
        report = import_project(store, project, articles)
        reasons = " | ".join(why for _, why in report.skipped)
        assert "unsafe file name" in reasons and "outside the project" in reasons
        assert "only text sources" in reasons and "outside the text" in reasons
        assert [h.exact for h in store.highlights()] == ["Inline"]
    assert (articles / "Mine.txt").read_text(encoding="utf-8").startswith("my own words")
    assert (articles / "Mine (2).txt").read_text(encoding="utf-8").startswith("Inline text")


def test_not_a_project_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    with (
        AnnotationStore(tmp_path / "e.db") as store,
        pytest.raises(InvalidInputError, match="not a REFI-QDA"),
    ):
        import_project(store, bad, tmp_path / "articles")


def test_the_command_reports_and_needs_an_articles_folder(tmp_path: Path) -> None:
    qdpx = shared_path("fixtures", "refi-qda", "qualcoder-4.0-export.qdpx")
    runner = CliRunner()
    db, articles = str(tmp_path / "cli.db"), str(tmp_path / "arts")
    done = runner.invoke(cli, ["import-project", str(qdpx), "--db", db, "--articles", articles])
    assert done.exit_code == 0, done.output
    assert "8 highlight(s) added" in done.output and "5 written" in done.output


def test_article_attributes_travel_as_refi_variables_and_come_back(
    corpus_dir: Path, tmp_path: Path
) -> None:
    import datetime

    path = "000_457775139af1eb7c.txt"
    qdpx = tmp_path / "out.qdpx"
    with AnnotationStore(tmp_path / "a.db", coder="alice") as store:
        sync.refresh(store, corpus_dir)
        store.set_attributes(
            [
                (path, "publication", "Pulse"),
                (path, "issue", 12),
                (path, "published", datetime.date(2024, 2, 7)),
            ]
        )
        store.add_highlight(path, 0, 12, tags=["x"])
        export(store, ExportOptions("qdpx"), qdpx)
    with AnnotationStore(tmp_path / "b.db", coder="bob") as fresh:
        sync.refresh(fresh, corpus_dir)  # the same texts: sources are matched, not written
        import_project(fresh, qdpx, corpus_dir)
        got = {a.key: (a.kind, a.typed) for a in fresh.attributes(path)}
    assert got["publication"] == ("text", "Pulse")
    assert got["issue"] == ("number", 12)
    assert got["published"] == ("date", datetime.date(2024, 2, 7))
