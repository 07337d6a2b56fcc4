"""Codebooks from other tools: Taguette's flat `.qdc` keeps its hierarchy; nested ones nest."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gpreader.errors import InvalidInputError
from gpreader.export import codebook, refi
from gpreader.export.codebook import import_codebook
from gpreader.models import Tag
from gpreader.store import AnnotationStore
from tests.conftest import shared_path


def _qdc(codes: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes><Sets/></CodeBook>'
    ).encode()


def test_taguettes_codebook_restores_the_hierarchy_and_drops_the_csv_guard(
    tmp_path: Path,
) -> None:
    qdc = shared_path("fixtures", "refi-qda", "taguette-1.5.2-codebook.qdc")
    with AnnotationStore(tmp_path / "t.db", coder="t") as store:
        import_codebook(store, qdc)
        paths = {t.path for t in store.tags()}
    assert {"policy/contract", "policy/funding", "actors/NHS England, DHSC", "tone/satire"} <= paths
    assert {"+ve", "-ve", "NA", "interesting"} <= paths  # Taguette kept our old CSV's `'`
    assert "policy-contract" not in paths and "tone-satire" not in paths
    assert not any(p.startswith("'") for p in paths)


def test_flat_names_with_slashes_are_paths_but_a_nested_codes_slash_is_one_name() -> None:
    flat = _qdc('<Code guid="a" name="policy/funding/ cuts " isCodable="true"/>')
    assert [e.path for e in codebook.read_qdc(flat)] == ["policy/funding/cuts"]
    nested = _qdc(
        '<Code guid="a" name="policy" isCodable="true">'
        '<Code guid="b" name="24/7 access" isCodable="true"/></Code>'
    )
    assert [e.path for e in codebook.read_qdc(nested)] == ["policy", "policy/24-7 access"]


def test_a_name_made_only_of_slashes_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="no name"):
        codebook.read_qdc(_qdc('<Code guid="a" name=" / " isCodable="true"/>'))


def test_leaf_names_used_twice_are_unique_in_the_export_and_read_back_as_paths() -> None:
    paths = ["actors/other", "policy/other", "other", "policy/funding", "a/b/other"]
    data = refi.codebook_xml([Tag(path=p) for p in paths])
    names = [c.get("name") for c in ET.fromstring(data).iter() if c.tag.endswith("Code")]
    assert len(names) == len({n.casefold() for n in names if n}), names
    assert "other (actors)" in names and "other (policy)" in names and "other (a/b)" in names
    assert sorted(e.path for e in codebook.read_qdc(data)) == sorted(paths)


def test_source_names_are_file_names_and_unique() -> None:
    names = refi.source_names(
        {
            "a.txt": "GPs / NHS: a deal?",
            "b.txt": "Same",
            "c/d.txt": "Same",
            "e.txt": "",
            "x/y.txt": "T",
            "x-y.txt": "T",
        }
    )
    assert names["a.txt"] == "GPs - NHS - a deal-"
    assert names["b.txt"] == "b.txt" and names["c/d.txt"] == "c-d.txt"  # titles clash: paths
    assert names["e.txt"] == "e.txt"
    assert {names["x/y.txt"], names["x-y.txt"]} == {"x-y.txt", "x-y.txt (2)"}
    for name in names.values():
        assert not set('/\\:*?"<>|') & set(name)
