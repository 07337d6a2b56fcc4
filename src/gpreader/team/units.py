"""From coded articles to reliability data: which coder coded which unit with which tag.

A unit (a sentence, a paragraph, a whole article, or a stretch of characters) is coded with
a tag by a coder when a highlight with that tag, or a tag below it, applied by that coder
overlaps it. An article that a coder has not marked as coded (`gpreader done`) is missing
data for that coder: every unit in it is None in that coder's column, not "not coded".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from gpreader import codebook

UnitKind = Literal["sentence", "paragraph", "article", "char"]
UNIT_KINDS: tuple[UnitKind, ...] = ("sentence", "paragraph", "article", "char")

Range = tuple[int, int]


@dataclass(frozen=True)
class CodedArticle:
    """One article as agreement needs it: its length, its units, and each coder's ranges."""

    path: str
    length: int
    units: tuple[Range, ...]  # headline, headings and sentences (or paragraphs); not for
    # the article and char units
    finished_by: frozenset[str]  # the coders who marked it coded
    ranges: Mapping[str, Sequence[tuple[int, int, str]]] = field(default_factory=dict)
    """By coder: (start, end, tag path) of every tag that coder applied."""


@dataclass(frozen=True)
class ReliabilityData:
    """One tag's table: rows are units, columns the coders, True/False or None (missing)."""

    tag: str
    rows: list[tuple[bool | None, ...]]
    weights: list[float]  # characters per row for the char unit, else 1 each


def reliability_data(
    articles: Iterable[CodedArticle], coders: Sequence[str], tag: str, unit: UnitKind
) -> ReliabilityData:
    """The reliability table of `tag` over the articles, one column per coder."""
    rows: list[tuple[bool | None, ...]] = []
    weights: list[float] = []
    for article in articles:
        present = [coder in article.finished_by for coder in coders]
        if sum(present) < 1:
            continue
        coded = [_tagged(article.ranges.get(coder, ()), tag) for coder in coders]
        if unit == "char":
            for (start, end), values in _stretches(article.length, coded):
                rows.append(_masked(values, present))
                weights.append(end - start)
            continue
        units = [(0, article.length)] if unit == "article" else article.units
        for start, end in units:
            values = tuple(any(s < end and start < e for s, e in r) for r in coded)
            rows.append(_masked(values, present))
            weights.append(1.0)
    return ReliabilityData(tag, rows, weights)


def continuum(
    articles: Iterable[CodedArticle], coders: Sequence[str], tags: Sequence[str]
) -> tuple[int, list[list[tuple[int, int, str]]]]:
    """The articles every coder finished, laid end to end: the continuum's length and each
    coder's segments on it, labelled by tag (for unitizing alpha)."""
    length = 0
    segments: list[list[tuple[int, int, str]]] = [[] for _ in coders]
    for article in articles:
        if not all(coder in article.finished_by for coder in coders):
            continue
        for column, coder in enumerate(coders):
            for tag in tags:
                for start, end in _tagged(article.ranges.get(coder, ()), tag):
                    segments[column].append((length + start, length + end, tag))
        length += article.length
    return length, segments


def _tagged(ranges: Sequence[tuple[int, int, str]], tag: str) -> list[Range]:
    """The ranges carrying `tag` or a tag below it, in text order."""
    return sorted((s, e) for s, e, path in ranges if codebook.in_subtree(path, tag) and s < e)


def _stretches(length: int, coded: list[list[Range]]) -> list[tuple[Range, tuple[bool, ...]]]:
    """The article cut at every highlight boundary: each stretch and whether each coder's
    ranges cover it (every character of a stretch is coded alike)."""
    ends = {max(0, min(p, length)) for r in coded for s, e in r for p in (s, e)}
    stretches = []
    for start, end in pairwise(sorted({0, length, *ends})):
        if start < end:
            values = tuple(any(s <= start and end <= e for s, e in r) for r in coded)
            stretches.append(((start, end), values))
    return stretches


def _masked(values: tuple[bool, ...], present: list[bool]) -> tuple[bool | None, ...]:
    return tuple(v if here else None for v, here in zip(values, present, strict=True))
