"""Searching memos (`in:memos`): the project's, each tag's and each article's memo.

A memo matches when it holds every text term of the query (a word, any of its variants in the
corpus vocabulary, the last word typed also as a prefix; a phrase as adjacent words) and none
of the excluded ones. A hit names the memo's object: `via` is `memo:project`, `memo:tag` or
`memo:article`, `note` the tag or article path, `article` the article path (for an article
memo); its `text` is the memo and `terms` the matched words in it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from gpreader.search.index import words_of
from gpreader.search.query import AnyOf, Phrase, Query, Word
from gpreader.search.rank import Hit
from gpreader.store import retrieval_reads as reads

Expand = Callable[[Word], set[str]]  # the words a typed word may stand for


def memo_hits(conn: sqlite3.Connection, q: Query, expand: Expand, limit: int) -> list[Hit]:
    """The memos matching the query's text (every memo when it has none), most matched
    words first, then project, tag and article memos in path order."""
    found: list[tuple[int, int, Hit]] = []
    for n, (kind, target, text) in enumerate(reads.memo_rows(conn)):
        words = words_of(text)
        folded = [w for _, _, w in words]
        positions: set[int] = set()
        if any(_matches(x, folded, expand) for x in q.excluded):
            continue
        held = [_matches(node, folded, expand) for node in q.text]
        if not all(held):
            continue
        for got in held:
            positions |= got
        terms = tuple((words[i][0], words[i][1]) for i in sorted(positions))
        label = "project memo" if kind == "project" else f"memo on {kind} {target}"
        hit = Hit(
            article=target if kind == "article" else "",
            title=label,
            section="memo",
            start=0,
            end=len(text),
            text=text,
            score=100.0 if q.text else 0.0,
            terms=terms,
            context_end=len(text),
            context=text,
            via=f"memo:{kind}",
            note=target,
        )
        found.append((-len(terms), n, hit))
    found.sort(key=lambda t: (t[0], t[1]))
    return [hit for _, _, hit in found[:limit]]


def _matches(node: Word | Phrase | AnyOf, folded: list[str], expand: Expand) -> set[int]:
    """The positions of `folded` (a memo's words) that match a term; empty when none do."""
    if isinstance(node, AnyOf):
        found: set[int] = set()
        for option in node.options:
            if isinstance(option, Word | Phrase):
                found |= _matches(option, folded, expand)
        return found
    if isinstance(node, Phrase):
        n = len(node.words)
        return {
            j
            for i in range(len(folded) - n + 1)
            if tuple(folded[i : i + n]) == node.words
            for j in range(i, i + n)
        }
    variants = expand(node) | {node.text}
    return {
        i
        for i, w in enumerate(folded)
        if w in variants or (node.prefix and w.startswith(node.text))
    }
