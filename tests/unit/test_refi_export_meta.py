"""The streamed .qdpx: users and dates on the project, its sources and selections, variables
from a hand-made attribute mapping (both ways), and its fast GUIDs and stamps."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from hypothesis import given
from hypothesis import strategies as st

from gpreader.export import refi_xml as xml
from gpreader.export.common import ExportData, as_uuid, stable_uuid, utc_stamp, xml_text
from gpreader.export.project_import import import_project
from gpreader.export.refi import PROJECT_NS
from gpreader.export.refi_ids import guid_of, stable_guid, utc
from gpreader.export.refi_project import write_project
from gpreader.export.refi_variables import AttrValue, read
from gpreader.store import AnnotationStore
from tests.conftest import shared_path
from tests.unit.test_export import code_corpus

P = f"{{{PROJECT_NS}}}"


@pytest.fixture(scope="module")
def project_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(shared_path("refi-qda", "Project.xsd")))


def _write(
    store: AnnotationStore, variables: dict[str, dict[str, AttrValue]] | None = None
) -> bytes:
    buffer = io.BytesIO()
    write_project(ExportData(store), buffer, variables=variables)
    return buffer.getvalue()


def test_users_and_dates_on_project_sources_and_selections(
    loaded_store: AnnotationStore, project_schema: xmlschema.XMLSchema
) -> None:
    store = code_corpus(loaded_store)
    archive = zipfile.ZipFile(io.BytesIO(_write(store)))
    qde = archive.read("project.qde")
    project_schema.validate(qde.decode("utf-8"))
    root = ET.fromstring(qde)
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{P}User")}
    assert users[root.get("creatingUserGUID")] == store.coder == "tester"
    stamps = sorted(h.created for h in store.highlights())
    assert root.get("creationDateTime") == utc_stamp(stamps[0])
    assert set(users.values()) >= {h.coder for h in store.highlights()}
    sources = list(root.iter(f"{P}TextSource"))
    assert len(sources) == len(store.articles())
    for source in sources:
        assert users[source.get("creatingUser")] == "tester"
        assert (source.get("creationDateTime") or "").endswith("Z")
    by_id = {h.id: h for h in store.highlights()}
    for sel in root.iter(f"{P}PlainTextSelection"):
        h = by_id[sel.get("guid", "")]
        assert users[sel.get("creatingUser")] == h.coder
        assert sel.get("creationDateTime") == utc_stamp(h.created)
        for coding in sel.iter(f"{P}Coding"):
            assert coding.get("creatingUser") in users


def test_variables_from_a_mapping_validate_and_come_back(
    loaded_store: AnnotationStore, project_schema: xmlschema.XMLSchema, tmp_path: Path
) -> None:
    first, second = [a.path for a in loaded_store.articles()][:2]
    seen = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    variables: dict[str, dict[str, AttrValue]] = {
        first: {
            "outlet": "The <Guardian> & co",
            "pages": 3,
            "paywalled": True,
            "published": date(2024, 5, 1),
            "seen": seen,
            "rating": 0.000001,
        },
        second: {"outlet": "BBC", "pages": 2.5, "paywalled": False, "rating": float("nan")},
    }
    qde = zipfile.ZipFile(io.BytesIO(_write(loaded_store, variables))).read("project.qde")
    project_schema.validate(qde.decode("utf-8"))
    root = ET.fromstring(qde)
    kinds = {v.get("name"): v.get("typeOfVariable") for v in root.iter(f"{P}Variable")}
    assert kinds == {
        "outlet": "Text",
        "pages": "Float",  # 3 and 2.5
        "paywalled": "Boolean",
        "published": "Date",
        "seen": "DateTime",
        "rating": "Float",
    }
    skipped: list[tuple[str, str]] = []
    back = read(root, skipped)
    assert not skipped
    assert back[stable_uuid("source", first)] == {**variables[first], "pages": 3.0}
    assert back[stable_uuid("source", second)] == {
        "outlet": "BBC",
        "pages": 2.5,
        "paywalled": False,
    }
    project = tmp_path / "v.qdpx"
    project.write_bytes(_write(loaded_store, variables))
    got: list[dict[str, dict[str, AttrValue]]] = []
    with AnnotationStore(tmp_path / "fresh.db", coder="me") as fresh:
        report = import_project(fresh, project, tmp_path / "arts", on_variables=got.append)
        assert not report.skipped
    (by_path,) = got
    assert sorted(v["outlet"] for v in by_path.values()) == ["BBC", "The <Guardian> & co"]


@given(st.text(max_size=30), st.text(max_size=60))
def test_fast_guids_are_the_common_ones(kind: str, key: str) -> None:
    assert stable_guid(kind, key) == stable_uuid(kind, key)
    assert guid_of(kind, key) == as_uuid(kind, key)


@given(st.uuids())
def test_a_uuid_id_is_its_own_guid(value: object) -> None:
    assert guid_of("selection", str(value)) == as_uuid("selection", str(value)) == str(value)


# from year 1000: utc_stamp's strftime writes year 999 as "999", not xsd's "0999"
_MOMENTS = st.datetimes(min_value=datetime(1000, 1, 1), timezones=st.just(UTC))


@given(
    _MOMENTS.map(lambda d: d.isoformat(timespec="seconds"))
    | _MOMENTS.map(lambda d: d.isoformat())
    | st.text(max_size=30)
)
def test_fast_stamps_are_the_common_ones(value: str) -> None:
    assert utc(value) == utc_stamp(value)


@given(st.text(max_size=40))
def test_escaped_values_parse_back_exactly(value: str) -> None:
    element = ET.fromstring(f'<a v="{xml.escaped(value)}">{xml.text(value)}</a>')
    assert element.get("v") == (element.text or "") == xml_text(value)
