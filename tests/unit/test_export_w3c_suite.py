"""W3C export against the W3C Web Annotation test suite's annotation-model assertions.

The suite (read where it lies, in ../shared/fixtures/w3c-annotation-tests/) is a set of JSON
Schemas: each `annotations/**.json` assertion is run against one annotation, each
`collections/*.json` against the collection and each `collections/pages/*.json` against the
page; they `$ref` the shared `definitions/*.json`, resolved here from a local registry. Every
MUST and SHOULD assertion is run (a test per assertion file) against every exported annotation,
with `uri` and `date-time` formats checked.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from gpreader.corpus import sync as library
from gpreader.export import ExportOptions, export
from gpreader.store import AnnotationStore
from gpreader.text import canonical
from tests.conftest import SAMPLE, SHARED, shared_path
from tests.unit.test_export import code_corpus

SUITE = SHARED / "fixtures" / "w3c-annotation-tests"
CRLF_ARTICLE = "zz_crlf.txt"
ORPHAN_ARTICLE = "004_b8ee73ebef15a597.txt"
CRLF_TEXT = (
    "A title\r\n\r\nFirst paragraph, “quoted” and £1.\r\nIts second line.\r\n\r\n"
    "Another paragraph with 日本語 and 🎉 in it.\r\n\r\n"
) * 8
# The SHOULDs only a body can meet. A highlight with no tag and no note has no body, as the
# model allows ("there SHOULD be 1 or more body relationships ... but there MAY be 0"): any
# body gpreader wrote for it would be made up. They are still run on it (and must fail there,
# and only there); every other assertion passes on every annotation.
NEEDS_BODY = {
    f"annotations/{name}.json"
    for name in (
        "3.1-bodyKeyFound",
        "bodiesTargets/3.2.1-bodySingleFormat",
        "bodiesTargets/3.2.1-bodySingleLanguage",
        "bodiesTargets/3.2.4-bodyETBTypeTextualBody",
        "bodiesTargets/3.3.1-bodyCreated",
        "bodiesTargets/3.3.1-bodySingleCreator",
        "bodiesTargets/3.3.2-bodyCreatorAgentIdImplemented",
        "bodiesTargets/3.3.2-bodyCreatorAgentNicknameImplemented",
        "bodiesTargets/3.3.2-bodyCreatorAgentSingleNameImplemented",
        "bodiesTargets/3.3.2-bodyCreatorAgentTypeImplemented",
    )
}


def _assertions(kind: str) -> list[str]:
    if not SUITE.is_dir():
        return []
    found = []
    for path in sorted(SUITE.rglob("*.json")):
        rel = path.relative_to(SUITE).as_posix()
        if rel.startswith("definitions/") or not rel.startswith(kind):
            continue
        if json.loads(path.read_text("utf-8"))["assertionType"] in ("must", "should"):
            found.append(rel)
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    work = tmp_path_factory.mktemp("w3c")
    root = work / "articles"
    shutil.copytree(SAMPLE, root)
    (root / CRLF_ARTICLE).write_bytes(CRLF_TEXT.encode("utf-8"))
    with AnnotationStore(work / "a.db", coder="tester") as store:
        library.refresh(store, root)
        code_corpus(store)
        text = store.article(CRLF_ARTICLE).text
        for word in ("title\n\nFirst", "“quoted”", "line.\n\nAnother", "日本語 and 🎉", "it."):
            start = text.index(word, 100)
            store.add_highlight(CRLF_ARTICLE, start, start + len(word), tags=["crlf"], note=word)
        lost = store.add_highlight(ORPHAN_ARTICLE, 120, 170, tags=["lost"], note="orphaned")
        file = root / ORPHAN_ARTICLE
        file.write_text(file.read_text("utf-8").replace(lost.exact, "gone " * 12), "utf-8")
        library.refresh(store, root)
        assert store.highlight(lost.id).status == "orphaned"
        out = io.BytesIO()
        export(store, ExportOptions(format="w3c"), out, articles_root=root)
    return json.loads(out.getvalue()), root


def _validator(rel: str) -> Draft4Validator:
    registry: Registry = Registry()
    for path in shared_path("fixtures", "w3c-annotation-tests", "definitions").glob("*.json"):
        schema = json.loads(path.read_text("utf-8"))
        registry = registry.with_resource(path.name, Resource(schema, specification=DRAFT4))
    schema = json.loads((SUITE / rel).read_text("utf-8"))
    return Draft4Validator(schema, registry=registry, format_checker=FormatChecker())


def _errors(validator: Draft4Validator, instance: dict[str, Any]) -> list[str]:
    return [e.message[:200] for e in validator.iter_errors(instance)]


def test_the_suite_is_there() -> None:
    shared_path("fixtures", "w3c-annotation-tests", "annotations")
    assert len(_assertions("annotations/")) == 87
    assert len(_assertions("collections/")) == 30


@pytest.mark.parametrize("rel", _assertions("annotations/"))
def test_every_annotation_meets(rel: str, exported: tuple[dict[str, Any], Path]) -> None:
    validator = _validator(rel)
    items = exported[0]["first"]["items"]
    assert len(items) > 20
    for item in items:
        errors = _errors(validator, item)
        if rel in NEEDS_BODY and "body" not in item:
            assert errors, (item["id"], "a bare highlight cannot meet this: the list is stale")
            continue
        assert not errors, (item["id"], errors)


@pytest.mark.parametrize("rel", _assertions("collections/"))
def test_the_collection_and_page_meet(rel: str, exported: tuple[dict[str, Any], Path]) -> None:
    doc = exported[0]
    instance = doc["first"] if rel.startswith("collections/pages/") else doc
    assert not _errors(_validator(rel), instance)


def test_the_validator_checks_iris(exported: tuple[dict[str, Any], Path]) -> None:
    """The old export's relative `source` fails a MUST: the formats really are checked."""
    item = json.loads(json.dumps(exported[0]["first"]["items"][0]))
    item["target"]["source"] = "news/a%20b.txt"
    assert _errors(_validator("annotations/3.2-targetObjectsRecognized.json"), item)


def test_exemptions_are_only_bodyless_highlights(exported: tuple[dict[str, Any], Path]) -> None:
    bodyless = [i for i in exported[0]["first"]["items"] if "body" not in i]
    assert len(bodyless) == 1  # the one untagged highlight without a note
    shared_path("fixtures", "w3c-annotation-tests", "annotations")  # (skips when absent)
    assert all(rel in _assertions("annotations/") for rel in NEEDS_BODY)


def test_the_suite_meets_an_orphan(exported: tuple[dict[str, Any], Path]) -> None:
    """The fixture has an orphaned highlight, so every assertion is also run on one."""
    orphans = [i for i in exported[0]["first"]["items"] if "scope" in i["target"]]
    assert len(orphans) == 1
    assert orphans[0]["target"]["source"]["id"].startswith("urn:sha256:")


def test_crlf_selectors_pick_the_quote_out_of_the_file(
    exported: tuple[dict[str, Any], Path],
) -> None:
    doc, root = exported
    file = root / CRLF_ARTICLE
    decoded = file.read_bytes().decode("utf-8")
    uri = file.resolve().as_uri()
    mine = [
        i
        for i in doc["first"]["items"]
        if i["target"]["source"]["id"] == uri and i["body"][0]["value"] == "crlf"
    ]
    assert len(mine) == 5
    for item in mine:
        source = item["target"]["source"]
        assert source["canonical"] == f"urn:sha256:{hashlib.sha256(file.read_bytes()).hexdigest()}"
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        exact = decoded[position["start"] : position["end"]]
        assert exact == quote["exact"]
        assert exact.replace("\r\n", "\n") == item["body"][1]["value"]  # the note: the word
        assert decoded[: position["start"]].endswith(quote["prefix"])
        assert decoded[position["end"] :].startswith(quote["suffix"])
    assert any("\r\n" in i["target"]["selector"][0]["exact"] for i in mine)


def test_every_anchored_selector_indexes_its_decoded_file(
    exported: tuple[dict[str, Any], Path],
) -> None:
    """Positions index the decoded file; the RFC 5147 fragment the same range with each line
    ending counted as one character."""
    anchored = [i for i in exported[0]["first"]["items"] if "scope" not in i["target"]]
    for item in anchored:
        source = item["target"]["source"]["id"]
        assert source.startswith("file:///")
        decoded = Path(unquote(urlsplit(source).path)).read_bytes().decode("utf-8-sig")
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        position = selectors["TextPositionSelector"]
        exact = selectors["TextQuoteSelector"]["exact"]
        assert decoded[position["start"] : position["end"]] == exact
        start, end = map(
            int, selectors["FragmentSelector"]["value"].removeprefix("char=").split(",")
        )
        assert canonical(decoded)[start:end] == canonical(exact)
