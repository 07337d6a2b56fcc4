"""import-project on projects shaped as ATLAS.ti, MAXQDA and NVivo write them, built here from
the REFI-QDA 1.5 standard: linked and inline sources, nested codes, sets, variables on sources
and cases, several users, CRLF and astral characters, and what has to be skipped."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from gpreader.export.project_import import ProjectReport, import_project
from gpreader.store import AnnotationStore
from gpreader.text import canonical

NS = "urn:QDA-XML:project:1.0"
ANN, BEN = "a0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-000000000002"
TOP, NESTED, LONE = (f"c0000000-0000-4000-8000-00000000000{i}" for i in (1, 2, 3))
# CRLF line ends, an emoji outside the BMP, combining marks: positions count code points.
CRLF_TEXT = "Interview 1 🎙\r\n\r\nQ: How was it?\r\nA: Grim 😞 but we café'd on.\r\n"
ATLAS_TEXT = CRLF_TEXT.replace("\r\n", "\n")  # ATLAS.ti counts a CRLF as one character
PLAIN_TEXT = "Second document.\nIt talks about funding 💶 and policy.\n"


def _guid(n: int) -> str:
    return f"50000000-0000-4000-8000-{n:012d}"


def _sel(n: int, text: str, quote: str, user: str, codes: tuple[str, ...], note: str = "") -> str:
    start = text.index(quote)
    codings = "".join(
        f'<Coding guid="{_guid(900 + n * 10 + i)}" creatingUser="{user}">'
        f'<CodeRef targetGUID="{code}"/></Coding>'
        for i, code in enumerate(codes)
    )
    described = f"<Description>{note}</Description>" if note else ""
    return (
        f'<PlainTextSelection guid="{_guid(n)}" startPosition="{start}" '
        f'endPosition="{start + len(quote)}" creatingUser="{user}" '
        f'creationDateTime="2021-03-0{n % 9 + 1}T10:00:00Z">{described}{codings}'
        "</PlainTextSelection>"
    )


def _project(
    tmp_path: Path, body: str, files: dict[str, str] | None = None, attrs: str = ""
) -> Path:
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="p" {attrs}>'
        f'<Users><User guid="{ANN}" name="ann"/><User guid="{BEN}" name="ben"/></Users>'
        f'<CodeBook><Codes><Code guid="{TOP}" name="mood" isCodable="true" color="#AA0000">'
        f'<Description>how it felt</Description><Code guid="{NESTED}" name="grim" '
        f'isCodable="true"/></Code><Code guid="{LONE}" name="money" isCodable="true"/>'
        f"</Codes></CodeBook>{body}</Project>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", qde)
        for name, text in (files or {}).items():
            archive.writestr(f"sources/{name}", text.encode("utf-8"))
    path = tmp_path / "project.qdpx"
    path.write_bytes(buffer.getvalue())
    return path


def _landed(store: AnnotationStore, expected: dict[str, str]) -> None:
    """Every selection is a highlight whose text is the quote it was made on."""
    by_id = {h.id: h for h in store.highlights()}
    for guid, quote in expected.items():
        assert by_id[guid].exact == canonical(quote), guid


def _import_twice(store: AnnotationStore, project: Path, root: Path) -> ProjectReport:
    report = import_project(store, project, root)
    again = import_project(store, project, root)
    assert again.highlights_added == 0 and not again.sources_added and not again.tags_added
    assert again.highlights_present == report.highlights_added + report.highlights_present
    return report


def test_atlas_shape_linked_sources_relative_absolute_and_file_uri(tmp_path: Path) -> None:
    media = tmp_path / "ATLAS Media"
    (media / "docs").mkdir(parents=True)
    (media / "docs" / "interview 1.txt").write_bytes(CRLF_TEXT.encode("utf-8"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "second.txt").write_text(PLAIN_TEXT, encoding="utf-8")
    third = tmp_path / "third doc.txt"  # beside the .qdpx: found by name
    third.write_text("Third: money talks.\n", encoding="utf-8")
    body = (
        "<Sources>"
        f'<TextSource guid="{_guid(1)}" name="Interview 1" plainTextPath="docs/interview 1.txt" '
        f'creatingUser="{ANN}" creationDateTime="2021-03-01T09:00:00Z">'
        f"{_sel(11, ATLAS_TEXT, 'Grim 😞', ANN, (NESTED,), 'astral')}"
        f"{_sel(12, ATLAS_TEXT, 'How was it?', BEN, (TOP, LONE))}</TextSource>"
        f'<TextSource guid="{_guid(2)}" name="Second" plainTextPath="{elsewhere / "second.txt"}">'
        f"{_sel(13, PLAIN_TEXT, 'funding 💶', BEN, (LONE,))}</TextSource>"
        f'<TextSource guid="{_guid(3)}" name="Third" '
        f'plainTextPath="file:///C:/Users/someone/Documents/third%20doc.txt">'
        f"{_sel(14, 'Third: money talks.', 'money', ANN, (LONE,))}</TextSource>"
        f'<TextSource guid="{_guid(4)}" name="Secret" plainTextPath="/etc/passwd"/>'
        "</Sources>"
    )
    project = _project(tmp_path, body, attrs=f'origin="ATLAS.ti 9" basePath="{media}"')
    with AnnotationStore(tmp_path / "a.db", coder="me") as store:
        report = _import_twice(store, project, tmp_path / "articles")
        _landed(store, {_guid(11): "Grim 😞", _guid(12): "How was it?", _guid(13): "funding 💶"})
        _landed(store, {_guid(14): "money"})
        by_id = {h.id: h for h in store.highlights()}
        assert by_id[_guid(11)].tags == ("mood/grim",) and by_id[_guid(11)].note == "astral"
        assert by_id[_guid(12)].coder == "ben" and set(by_id[_guid(12)].tags) == {"mood", "money"}
        assert report.codes == 3 and report.codings == 5 and report.highlights_added == 4
        assert [why for what, why in report.skipped if "Secret" in what] == [
            "its text is outside the project and not a .txt file ('/etc/passwd')"
        ]
        assert len(report.skipped) == 1
        tags = {t.path: t for t in store.tags()}
        assert tags["mood"].color == "#AA0000" and tags["mood"].description == "how it felt"
    stored = tmp_path / "articles" / "Interview 1.txt"
    assert stored.read_bytes() == CRLF_TEXT.encode("utf-8")


def test_maxqda_shape_inline_text_cases_variables_and_sets(tmp_path: Path) -> None:
    variables = (
        "<Variables>"
        f'<Variable guid="{_guid(70)}" name="age" typeOfVariable="Integer"/>'
        f'<Variable guid="{_guid(71)}" name="region" typeOfVariable="Text"/>'
        f'<Variable guid="{_guid(72)}" name="interviewed" typeOfVariable="Date"/>'
        "</Variables>"
    )

    def value(var: int, element: str, text: str) -> str:
        return (
            f'<VariableValue><VariableRef targetGUID="{_guid(var)}"/>'
            f"<{element}>{text}</{element}></VariableValue>"
        )

    cases = (
        f'<Cases><Case guid="{_guid(80)}">{value(70, "IntegerValue", "41")}'
        f"{value(71, 'TextValue', 'north')}"
        f'<SourceRef targetGUID="{_guid(1)}"/></Case>'
        f'<Case guid="{_guid(81)}" name="Group B"><CodeRef targetGUID="{TOP}"/>'
        f'{value(71, "TextValue", "south")}<SourceRef targetGUID="{_guid(2)}"/></Case></Cases>'
    )
    inline = CRLF_TEXT.replace("\r\n", "&#13;\n")  # CR kept through the XML parser
    sources = (
        "<Sources>"
        f'<TextSource guid="{_guid(1)}" name="Doc 1"><PlainTextContent>{inline}'
        f"</PlainTextContent>{_sel(11, CRLF_TEXT, 'café', ANN, (TOP,))}"
        f"{value(71, 'TextValue', 'east')}{value(72, 'DateValue', '2020-02-29')}</TextSource>"
        f'<TextSource guid="{_guid(2)}" name="Doc 2"><PlainTextContent>{PLAIN_TEXT}'
        f"</PlainTextContent>{_sel(12, PLAIN_TEXT, 'policy', BEN, (LONE,))}"
        f"{value(70, 'IntegerValue', 'many')}</TextSource></Sources>"
    )
    sets = (
        f'<Sets><Set guid="{_guid(90)}" name="Urban"><MemberSource targetGUID="{_guid(2)}"/>'
        f'</Set><Set guid="{_guid(91)}" name="Key codes"><MemberCode targetGUID="{TOP}"/>'
        "</Set></Sets>"
    )
    project = _project(tmp_path, variables + cases + sources + sets, attrs='origin="MAXQDA 2022"')
    seen: list[dict[str, dict[str, object]]] = []
    with AnnotationStore(tmp_path / "m.db", coder="me") as store:
        report = import_project(store, project, tmp_path / "articles", on_variables=seen.append)
        _landed(store, {_guid(11): "café", _guid(12): "policy"})
        doc1, doc2 = "Doc 1.txt", "Doc 2.txt"
        assert (tmp_path / "articles" / doc1).read_bytes() == CRLF_TEXT.encode("utf-8")
        assert seen == [
            {
                doc1: {"age": 41, "region": "east", "interviewed": datetime.date(2020, 2, 29)},
                doc2: {"region": "south", "Urban": True},
            }
        ]
        reasons = dict(report.skipped)
        assert "gpreader has no code sets" in reasons["set 'Key codes'"]
        assert "gpreader has no cases" in reasons["case 'Group B'"]
        assert reasons["variable 'age'"] == "'many' is not a IntegerValue"
        assert "variables" not in reasons  # they went to on_variables
        assert import_project(store, project, tmp_path / "articles").highlights_added == 0


def test_nvivo_shape_annotations_journals_and_a_text_that_differs(tmp_path: Path) -> None:
    body = (
        "<Sources>"
        f'<TextSource guid="{_guid(1)}" name="Transcript" plainTextPath="internal://t.txt" '
        f'creatingUser="{BEN}">{_sel(11, PLAIN_TEXT, "Second", BEN, (TOP,))}'
        f'<Coding guid="{_guid(40)}"><CodeRef targetGUID="{LONE}"/></Coding>'
        f'<NoteRef targetGUID="{_guid(60)}"/></TextSource>'
        f'<TextSource guid="{_guid(2)}" name="Changed" plainTextPath="internal://c.txt">'
        f"<PlainTextContent>Not what the file says.</PlainTextContent>"
        f"{_sel(12, 'Not what the file says.', 'file', ANN, (TOP,))}</TextSource>"
        "</Sources><Notes>"
        f'<Note guid="{_guid(60)}" creatingUser="{ANN}"><PlainTextContent>an annotation'
        f'</PlainTextContent><PlainTextSelection guid="{_guid(61)}" startPosition="0" '
        'endPosition="6"/></Note>'
        f'<Note guid="{_guid(62)}" name="Journal"><PlainTextContent>day one</PlainTextContent>'
        "</Note></Notes>"
    )
    files = {"t.txt": PLAIN_TEXT, "c.txt": "The file says something else."}
    project = _project(tmp_path, body, files, attrs='origin="NVivo 14"')
    with AnnotationStore(tmp_path / "n.db", coder="me") as store:
        report = _import_twice(store, project, tmp_path / "articles")
        _landed(store, {_guid(11): "Second", _guid(61): "Second"})
        note = next(h for h in store.highlights() if h.id == _guid(61))
        assert note.note == "an annotation" and note.coder == "ann" and note.tags == ()
        reasons = " | ".join(f"{what}: {why}" for what, why in report.skipped)
        assert "source 'Changed': its inline text differs from the file" in reasons
        assert "note 'Journal': a project note (journal)" in reasons
        assert "1 coding(s) of the whole source 'Transcript': not a text range" in reasons
        assert len(report.skipped) == 3
        lines = report.describe()
        assert lines[0].startswith("1 source(s)") and lines[1].startswith("3 code(s)")
        assert (
            lines[2].startswith("2 highlight(s) added") and "(1 coding(s), 0 orphaned)" in lines[2]
        )
