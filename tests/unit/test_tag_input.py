"""Typed tag names and the tag picker's rule (codebook.py): Enter never applies a parent of what
was typed; Tab completes only to a true completion or the row moved to."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpreader import codebook
from gpreader.errors import InvalidInputError
from gpreader.models import Tag


def test_tag_input_and_resolution() -> None:
    assert codebook.split_tag_input("a, b/c ,  d") == (["a", "b/c"], "d")
    assert codebook.split_tag_input("a,") == (["a"], "")
    known = [Tag("Policy/Contract")]
    assert codebook.resolve_tag(" policy / contract ", known) == "Policy/Contract"
    assert codebook.resolve_tag("new  tag", known) == "new tag"


def ranked(query: str, known: list[Tag]) -> list[str]:
    return [t.path for t, _ in codebook.tag_scores(query, known)]


def test_tag_scores_order_exact_prefix_substring_fuzzy() -> None:
    known = [
        Tag("workload"),
        Tag("workforce/retention"),
        Tag("retention"),
        Tag("funding", highlights=9),
    ]
    assert ranked("retention", known)[:2] == ["retention", "workforce/retention"]
    assert ranked("wrkload", known)[0] == "workload"
    assert ranked("zzzz", known) == []
    assert ranked("", known)[0] == "funding"  # most used first
    assert ranked("fundng", known)[0] == "funding"  # a typo still finds it


def test_a_tag_inside_a_longer_query_ranks_last_not_first() -> None:
    known = [Tag("policy"), Tag("policy/funding"), Tag("funding"), Tag("fundraising")]
    scores = dict((t.path, s) for t, s in codebook.tag_scores("funding cuts", known))
    assert scores["funding"] == codebook.EXTENDED
    assert scores["funding"] < min(s for p, s in scores.items() if p != "funding")
    scores = dict((t.path, s) for t, s in codebook.tag_scores("policy/contract", known))
    assert scores["policy"] == codebook.EXTENDED


KNOWN = [Tag("policy"), Tag("policy/funding"), Tag("funding"), Tag("workforce/retention")]


@pytest.mark.parametrize(
    ("typed", "applied"),
    [
        ("policy/contract", ["policy/contract"]),  # a child next to a sibling: created
        ("funding cuts", ["funding cuts"]),
        ("policy/fundng", ["policy/fundng"]),  # a typo: created as typed, never the parent
        ("POLICY/Funding", ["policy/funding"]),  # exact, ignoring case: the existing tag
        ("reten", ["reten"]),  # Enter takes what was typed; Tab completes
        ("a, policy , b", ["a", "policy", "b"]),
    ],
)
def test_enter_applies_the_exact_tag_or_creates_what_was_typed(
    typed: str, applied: list[str]
) -> None:
    assert codebook.picker_enter(typed, KNOWN) == applied


def test_enter_on_a_row_moved_to_applies_it() -> None:
    assert codebook.picker_enter("polcy", KNOWN, "policy/funding") == ["policy/funding"]
    assert codebook.picker_enter("x, ", KNOWN, "funding") == ["x", "funding"]
    with pytest.raises(InvalidInputError):
        codebook.picker_enter("  ", KNOWN)


def test_the_first_row_is_the_exact_tag_else_the_new_one_and_is_the_default() -> None:
    found = codebook.picker_rows("policy/contract", KNOWN)
    assert found.default == 0 and found.rows[0].new and found.rows[0].path == "policy/contract"
    found = codebook.picker_rows("Funding", KNOWN)
    assert found.default == 0 and found.rows[0].path == "funding" and not found.rows[0].new
    found = codebook.picker_rows("", KNOWN)
    assert found.default is None and not any(r.new for r in found.rows)


@pytest.mark.parametrize(
    ("typed", "after_tab"),
    [
        ("reten", "workforce/retention, "),  # a segment prefix: a true completion
        ("policy/f", "policy/funding, "),
        ("policy/contract", "policy/contract, "),  # never the parent `policy`
        ("funding cuts", "funding cuts, "),
        ("a, fund", "a, funding, "),
        ("", None),
    ],
)
def test_tab_completes_only_to_a_true_completion(typed: str, after_tab: str | None) -> None:
    assert codebook.picker_tab(typed, KNOWN) == after_tab


def test_tab_on_a_row_moved_to_takes_it() -> None:
    assert codebook.picker_tab("policy/contract", KNOWN, "policy") == "policy, "


segment = st.text(alphabet="abcfp ", min_size=1, max_size=5)
path = st.lists(segment, min_size=1, max_size=3).map("/".join)


def _strict_prefix(found: str, typed: str) -> bool:
    try:
        wanted = codebook.normalize(typed)
    except InvalidInputError:
        wanted = typed
    return len(found) < len(wanted) and wanted.casefold().startswith(found.casefold())


@given(st.lists(path, max_size=12), path)
def test_enter_and_tab_never_give_a_strict_prefix_of_what_was_typed(
    paths: list[str], typed: str
) -> None:
    known = []
    for p in paths:
        try:
            known.append(Tag(codebook.normalize(p)))
        except InvalidInputError:
            continue
    try:
        applied = codebook.picker_enter(typed, known)
    except InvalidInputError:
        return  # nothing that is a tag name was typed: nothing applied
    [only] = applied
    assert not _strict_prefix(only, typed)
    assert only.casefold() == codebook.normalize(typed).casefold()
    found = codebook.picker_rows(typed, known)
    assert found.default == 0 and found.rows[0].path == only  # Enter acts on the first row
    after_tab = codebook.picker_tab(typed, known)
    assert after_tab is not None
    assert not _strict_prefix(after_tab.removesuffix(", "), typed)
