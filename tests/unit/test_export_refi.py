"""REFI-QDA: the codebook and project validate against the shared schemas, carry every
highlight at code-point positions, are reproducible, and the codebook imports back."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from gpreader.corpus import sync as library
from gpreader.errors import InvalidInputError
from gpreader.export import ExportOptions, Filters, export, import_codebook
from gpreader.export.refi import CODEBOOK_NS, PROJECT_NS
from gpreader.store import AnnotationStore
from tests.conftest import shared_path
from tests.unit.test_export import code_corpus, export_bytes


@pytest.fixture
def coded(loaded_store: AnnotationStore) -> AnnotationStore:
    return code_corpus(loaded_store)


P = f"{{{PROJECT_NS}}}"
C = f"{{{CODEBOOK_NS}}}"


@pytest.fixture(scope="module")
def project_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(shared_path("refi-qda", "Project.xsd")))


@pytest.fixture(scope="module")
def codebook_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(shared_path("refi-qda", "Codebook.xsd")))


def _qdpx(store: AnnotationStore, **filters: Any) -> zipfile.ZipFile:
    data = export_bytes(store, format="qdpx", filters=Filters(**filters))
    return zipfile.ZipFile(io.BytesIO(data))


def _codebook(store: AnnotationStore) -> list[tuple[str, str, str]]:
    return [(t.path, t.color, t.description) for t in store.tags()]


def test_qdc_validates_against_the_codebook_schema(coded, codebook_schema) -> None:
    data = export_bytes(coded, format="qdc")
    codebook_schema.validate(data.decode("utf-8"))
    assert b"<Sets" not in data


def test_qdc_nests_codes_and_keeps_colours_and_descriptions(coded: AnnotationStore) -> None:
    root = ET.fromstring(export_bytes(coded, format="qdc"))
    theme = next(c for c in root.iter(f"{C}Code") if c.get("name") == "theme")
    assert [c.get("name") for c in theme.findall(f"{C}Code")] == ["sub"]
    tag = coded.tag("theme")
    assert theme.get("color") == tag.color and theme.findtext(f"{C}Description") == tag.description
    assert all(len(c.get("color", "#000000")) == 7 for c in root.iter(f"{C}Code"))


def test_parents_that_are_not_tags_become_non_codable_codes(store: AnnotationStore) -> None:
    store.db["tags"].insert({"path": "alpha/beta/gamma", "color": "#123456", "description": ""})
    root = ET.fromstring(export_bytes(store, format="qdc"))
    alpha = root.find(f"{C}Codes/{C}Code")
    beta = alpha.find(f"{C}Code")
    gamma = beta.find(f"{C}Code")
    assert [(c.get("name"), c.get("isCodable")) for c in (alpha, beta, gamma)] == [
        ("alpha", "false"),
        ("beta", "false"),
        ("gamma", "true"),
    ]


def test_qdc_of_an_empty_codebook_is_refused(store: AnnotationStore) -> None:
    with pytest.raises(InvalidInputError, match="no tags"):
        export_bytes(store, format="qdc")


def test_qdpx_project_validates_against_the_project_schema(coded, project_schema) -> None:
    archive = _qdpx(coded)
    project = archive.read("project.qde").decode("utf-8")
    project_schema.validate(project)
    assert "<Sets" not in project  # no empty elements
    assert 'name="title" typeOfVariable="Text"' in project  # the articles' attributes


def test_qdpx_selections_are_code_point_ranges_of_the_source_text(coded: AnnotationStore) -> None:
    archive = _qdpx(coded)
    root = ET.fromstring(archive.read("project.qde"))
    codes = {c.get("guid"): c for c in root.iter(f"{P}Code")}
    highlights = {h.id: h for h in coded.highlights()}
    seen = set()
    for source in root.iter(f"{P}TextSource"):
        path = source.get("plainTextPath")
        assert path.startswith("internal://")
        text = archive.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
        for sel in source.findall(f"{P}PlainTextSelection"):
            h = highlights[sel.get("guid")]
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert text[start:end] == h.exact
            assert (sel.findtext(f"{P}Description") or "") == h.note
            refs = [c.find(f"{P}CodeRef").get("targetGUID") for c in sel.findall(f"{P}Coding")]
            named = sorted(_code_path(codes, root, g) for g in refs)
            assert named == sorted(h.tags)
            seen.add(h.id)
    assert seen == set(highlights)
    users = [u.get("name") for u in root.iter(f"{P}User")]
    assert users == ["tester"]


def _code_path(codes: dict, root: ET.Element, guid: str) -> str:
    parents = {child: parent for parent in root.iter(f"{P}Code") for child in parent}
    node, names = codes[guid], []
    while node is not None and node.tag == f"{P}Code":
        names.append(node.get("name"))
        node = parents.get(node)
    return "/".join(reversed(names))


def test_qdpx_non_ascii_positions_count_code_points(store: AnnotationStore, tmp_path) -> None:
    folder = tmp_path / "uni"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Title 🎉\n\nBody with 日本語 and 🎉 emoji, then more.\n", "utf-8"
    )
    library.refresh(store, folder)
    text = store.article("a.txt").text
    start = text.index("emoji")
    h = store.add_highlight("a.txt", start, start + 5, tags=["t"])
    root = ET.fromstring(_qdpx(store).read("project.qde"))
    sel = next(root.iter(f"{P}PlainTextSelection"))
    assert (int(sel.get("startPosition")), int(sel.get("endPosition"))) == (h.start, h.end)
    assert len(text[: h.start].encode("utf-8")) != h.start  # bytes would differ


def test_orphans_go_to_a_source_of_their_own(coded, corpus_dir: Path, project_schema) -> None:
    path = "002_1cf731f5e7a28a3f.txt"
    h = coded.add_highlight(path, 300, 340, tags=["lost"], note="why")
    file = corpus_dir / path
    file.write_text(file.read_text("utf-8").replace(h.exact, "x" * 50), "utf-8")
    library.refresh(coded, corpus_dir)
    archive = _qdpx(coded)
    project = archive.read("project.qde")
    project_schema.validate(project.decode("utf-8"))
    root = ET.fromstring(project)
    assert root.find(f"{P}Notes") is None  # QualCoder drops a note that no source refers to
    lost = next(s for s in root.iter(f"{P}TextSource") if s.get("name", "").startswith("Orphan"))
    assert path in (lost.findtext(f"{P}Description") or "")
    text = archive.read(f"sources/{lost.get('guid')}.txt").decode("utf-8")
    (sel,) = lost.findall(f"{P}PlainTextSelection")
    start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
    assert text[start:end] == h.exact and text[:start].endswith(h.prefix)
    assert sel.findtext(f"{P}Description") == "why"
    assert sel.find(f"{P}Coding") is not None


def test_exports_are_reproducible(coded: AnnotationStore) -> None:
    for fmt in ("qdpx", "qdc", "w3c"):
        assert export_bytes(coded, format=fmt) == export_bytes(coded, format=fmt), fmt


def test_filtered_project_validates(coded, project_schema) -> None:
    archive = _qdpx(coded, article="003_24c3c5c25ddb21cc.txt", tag="where")
    assert len([n for n in archive.namelist() if n.startswith("sources/")]) == 1
    project_schema.validate(archive.read("project.qde").decode("utf-8"))


def test_empty_project_validates(store: AnnotationStore, project_schema) -> None:
    project_schema.validate(_qdpx(store).read("project.qde").decode("utf-8"))


def test_qdc_export_then_import_gives_the_same_codebook(coded: AnnotationStore, tmp_path) -> None:
    out = tmp_path / "codebook.qdc"
    export(coded, ExportOptions(format="qdc"), out)
    with AnnotationStore(tmp_path / "empty.db") as empty:
        result = import_codebook(empty, out)
        assert _codebook(empty) == _codebook(coded)
        assert len(result.added) == len(coded.tags())
        assert empty.highlights() == []


def test_qdpx_codebook_imports_too(coded: AnnotationStore, tmp_path) -> None:
    out = tmp_path / "project.qdpx"
    export(coded, ExportOptions(format="qdpx"), out)
    with AnnotationStore(tmp_path / "empty.db") as empty:
        import_codebook(empty, out)
        assert [t.path for t in empty.tags()] == [t.path for t in coded.tags()]


def test_import_updates_descriptions_and_colours_but_not_highlights(coded, tmp_path) -> None:
    out = tmp_path / "codebook.qdc"
    coded.update_tag("theme", description="new words", color="#abcdef")
    export(coded, ExportOptions(format="qdc"), out)
    coded.update_tag("theme", description="old words", color="#000000")
    before = coded.highlights()
    result = import_codebook(coded, out)
    assert result.updated == ["theme"] and result.added == []
    tag = coded.tag("theme")
    assert (tag.description, tag.color) == ("new words", "#ABCDEF")
    assert coded.highlights() == before


def test_import_of_a_foreign_codebook(store: AnnotationStore, tmp_path) -> None:
    qdc = tmp_path / "other.qdc"
    qdc.write_text(
        f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="{CODEBOOK_NS}"><Codes>
  <Code guid="{{11111111-1111-1111-1111-111111111111}}" name="Themes" isCodable="false">
    <Code guid="22222222-2222-2222-2222-222222222222" name="Trust / distrust" isCodable="true"
          color="#f80"><Description>Trust in the NHS</Description></Code>
  </Code>
</Codes></CodeBook>""",
        "utf-8",
    )
    import_codebook(store, qdc)
    assert [(t.path, t.color, t.description) for t in store.tags()] == [
        ("Themes", store.tag("Themes").color, ""),  # implied parent of a codable child
        ("Themes/Trust - distrust", "#FF8800", "Trust in the NHS"),
    ]


def test_import_refuses_what_is_not_a_codebook(store: AnnotationStore, tmp_path) -> None:
    bad = tmp_path / "bad.qdc"
    bad.write_text("<CodeBook><Codes>", "utf-8")
    with pytest.raises(InvalidInputError, match="not a REFI-QDA codebook"):
        import_codebook(store, bad)
    zipped = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("other.txt", "x")
    with pytest.raises(InvalidInputError, match="qdpx"):
        import_codebook(store, zipped)
