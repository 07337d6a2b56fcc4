"""Where coders disagree on a tag: the units behind an agreement figure that the coders who
read the article coded differently (what the analysis screen's agreement tab opens).

    found = disagreements(coded_articles(store, coders, "sentence"), coders, "policy", "sentence")

A unit counts under the same rules as the agreement measures (team/units.py): coded with a tag
by a coder when a highlight of that tag, or a tag below it, applied by that coder overlaps it
(for the char unit: covers the stretch); only articles two or more of the coders marked coded,
and only the coders who marked each one (the others are missing data, not disagreement).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from gpreader import codebook
from gpreader.team.units import CodedArticle, UnitKind


@dataclass(frozen=True)
class Disagreement:
    """One unit the coders who read its article coded differently with the tag."""

    article: str
    start: int
    end: int
    coded_by: tuple[str, ...]  # the coders who coded it with the tag
    not_coded_by: tuple[str, ...]  # who read the article and did not


def disagreements(
    articles: Iterable[CodedArticle], coders: Sequence[str], tag: str, unit: UnitKind
) -> list[Disagreement]:
    """Every unit the present coders disagree on for `tag`, in article and text order
    (touching char stretches coded alike are one)."""
    found: list[Disagreement] = []
    for article in sorted(articles, key=lambda a: a.path):
        present = [c for c in coders if c in article.finished_by]
        if len(present) < 2:
            continue
        coded = {
            c: [
                (s, e)
                for s, e, path in article.ranges.get(c, ())
                if s < e and codebook.in_subtree(path, tag)
            ]
            for c in present
        }
        for start, end in _units(article, coded, unit):
            if unit == "char":
                yes = tuple(c for c in present if any(s <= start and end <= e for s, e in coded[c]))
            else:
                yes = tuple(c for c in present if any(s < end and start < e for s, e in coded[c]))
            if 0 < len(yes) < len(present):
                no = tuple(c for c in present if c not in yes)
                last = found[-1] if found else None
                if last and (last.article, last.end, last.coded_by) == (article.path, start, yes):
                    found[-1] = Disagreement(article.path, last.start, end, yes, no)  # joined
                else:
                    found.append(Disagreement(article.path, start, end, yes, no))
    return found


def _units(
    article: CodedArticle, coded: dict[str, list[tuple[int, int]]], unit: UnitKind
) -> list[tuple[int, int]]:
    """The units of `article`: its sentences or paragraphs, the whole text, or for the char
    unit the stretches between highlight boundaries."""
    if unit == "article":
        return [(0, article.length)]
    if unit != "char":
        return list(article.units)
    ends = {max(0, min(p, article.length)) for r in coded.values() for s, e in r for p in (s, e)}
    return [(a, b) for a, b in pairwise(sorted({0, article.length, *ends})) if a < b]
