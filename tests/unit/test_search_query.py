"""The one query grammar (search/query.py): words, phrases, -, OR, code filters, relations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gpreader.search.query import (
    AnyOf,
    Filter,
    Not,
    Phrase,
    Query,
    Related,
    Word,
    describe,
    parse,
)


def test_words_and_phrases_keep_the_order_typed() -> None:
    q = parse('Contarct "GP practices" negotiations')
    assert q.nodes == (Word("contarct"), Phrase(("gp", "practices")), Word("negotiations", True))
    assert q.terms == ("contarct", "negotiations")
    assert q.phrases == (("gp", "practices"),)
    assert q.prefix


def test_the_last_word_is_a_prefix_only_while_typed() -> None:
    assert parse("chill min").prefix
    assert not parse("chill min ").prefix
    assert not parse('chill "min"').prefix
    assert not parse("chill m").prefix  # one letter: too short to complete
    assert not parse("chill tag:x").prefix


def test_minus_excludes_words_and_phrases() -> None:
    q = parse('budget -tax -"income tax" -tag:draft')
    assert q.terms == ("budget",)
    assert q.excluded == (Word("tax"), Phrase(("income", "tax")))
    assert Not(Filter("tag", "draft")) in q.nodes
    assert q.codes == (Not(Filter("tag", "draft")),)
    assert q.unwired == ()


def test_hyphenated_words_are_words_not_exclusions() -> None:
    assert parse("covid-19 well-known ").terms == ("covid", "19", "well", "known")
    assert parse("a - b").terms == ("a", "b")


def test_or_and_bar_make_one_group() -> None:
    q = parse('tax OR levy | "stamp duty" budget')
    group = AnyOf((Word("tax"), Word("levy"), Phrase(("stamp", "duty"))))
    assert q.nodes == (group, Word("budget", True))
    assert q.text == (group, Word("budget", True))
    assert parse("tax|levy").nodes == (AnyOf((Word("tax"), Word("levy"))),)
    assert parse("OR tax or").nodes == (Word("tax"), Word("or", True))  # lower-case: a word
    assert parse("tax OR").nodes == (Word("tax"),)


def test_code_filters_and_relations() -> None:
    q = parse('tag:A overlaps tag:"b c/d" coder:ann attr:date>=2024-01 attr:outlet=BBC')
    assert q.nodes == (
        Related(Filter("tag", "A"), "overlaps", Filter("tag", "b c/d")),
        Filter("coder", "ann"),
        Filter("attr", "2024-01", "date", ">="),
        Filter("attr", "BBC", "outlet", "="),
    )
    assert parse("tag:A near:2 tag:B").nodes == (
        Related(Filter("tag", "A"), "near", Filter("tag", "B"), 2),
    )
    assert parse("tag:A in:paragraph tag:B").nodes == (
        Related(Filter("tag", "A"), "paragraph", Filter("tag", "B")),
    )
    assert parse("tag:A | tag:B").nodes == (AnyOf((Filter("tag", "A"), Filter("tag", "B"))),)
    assert parse("overlaps").nodes == (Word("overlaps", True),)  # no filters around: a word


def test_every_valid_query_is_wired_and_only_meaningless_filters_are_listed() -> None:
    q = parse("contract in:body in:comments article:kinnock has:note tag:policy")
    assert q.sections == ("body", "comments")
    assert q.articles == ("kinnock",)
    assert q.has == ("note",)
    assert q.tags == ("policy",)
    assert q.unwired == ()
    q = parse("contract in:memos coder:ann tag:A near:3 tag:B -tag:C attr:date>=2024 tag:D|x")
    assert q.terms == ("contract",)
    assert q.memos and q.coders == ("ann",)
    assert q.attributes == (Filter("attr", "2024", "date", ">="),)
    assert len(q.codes) == 4 and q.restricted  # coder:, the relation, -tag:, the OR group
    assert q.unwired == ()
    q = parse("has:nothing in:nowhere near:3 in:paragraph -in:memos x")
    assert q.unwired == (
        "has:nothing means nothing here (ignored)",
        "in:nowhere means nothing here (ignored)",
        "near:3 means nothing here (ignored)",
        "in:paragraph means nothing here (ignored)",
        "-in:memos means nothing here (ignored)",
    )
    assert not parse("-tag:B contract").restricted  # a negated code filter only excludes


def test_empty_and_too_many_terms() -> None:
    assert parse("").empty and parse('  "" - | OR ').empty
    assert len(parse(" ".join(f"w{i}" for i in range(20))).text) == 8


def test_describe_writes_the_query_back() -> None:
    text = 'tax OR "stamp duty" -levy tag:A overlaps tag:B attr:date>=2024-01 coder:ann'
    q = parse(text)
    assert " ".join(describe(n) for n in q.nodes) == text
    assert parse(" ".join(describe(n) for n in q.nodes)) == q


@given(st.text(max_size=200))
def test_parse_never_raises_and_reads_its_own_description(text: str) -> None:
    q = parse(text)
    assert isinstance(q, Query)
    for node in q.text:
        words = [node] if not isinstance(node, AnyOf) else list(node.options)
        for w in words:
            assert isinstance(w, Word | Phrase)
            folded = (w.text,) if isinstance(w, Word) else w.words
            assert all(part and part.isalnum() for part in folded)
