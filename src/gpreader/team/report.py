"""An agreement report: every measure, per tag and over all tags, for chosen coders.

    report = agreement_report(store, ["ana", "ben"], unit="sentence")

"Overall" pools every (unit, tag) decision into one table (and averages the tags' unitizing
disagreements, as Krippendorff does across categories). Orphaned highlights (their text is
gone) and deleted ones are left out: they no longer cover any unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from gpreader.errors import InvalidInputError
from gpreader.store import AnnotationStore
from gpreader.store.highlights import HighlightFilter
from gpreader.team import agreement
from gpreader.team.units import (
    UNIT_KINDS,
    CodedArticle,
    ReliabilityData,
    UnitKind,
    continuum,
    reliability_data,
)

MEASURES = ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "alpha_u")


@dataclass(frozen=True)
class Measures:
    """One tag's (or the overall) figures; None where a measure does not apply."""

    units: float  # pairable units (characters for the char unit)
    percent_agreement: float | None
    cohen_kappa: float | None
    fleiss_kappa: float | None
    krippendorff_alpha: float | None
    alpha_u: float | None
    confusion: dict[str, float]
    reading: str


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[str, ...]
    unit: UnitKind
    articles: int  # finished by at least two of the coders
    missing: dict[str, int]  # articles each coder has not marked, of those the others finished
    overall: Measures
    tags: dict[str, Measures]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def agreement_report(
    store: AnnotationStore,
    coders: Sequence[str],
    *,
    tags: Sequence[str] = (),
    unit: UnitKind = "sentence",
) -> AgreementReport:
    """Compare `coders` on the articles they marked as coded."""
    coders = tuple(dict.fromkeys(coders))
    if len(coders) < 2:
        raise InvalidInputError("agreement needs at least two different coders")
    if unit not in UNIT_KINDS:
        raise InvalidInputError(f"unit must be one of {', '.join(UNIT_KINDS)}")
    articles = coded_articles(store, coders, unit)
    if not any(sum(c in a.finished_by for c in coders) >= 2 for a in articles):
        raise InvalidInputError(
            f"no article is marked as coded by two of {', '.join(coders)}: each coder marks "
            "what they finished with `gpreader done ARTICLE --coder NAME` (or the done key)"
        )
    paths = list(tags) or sorted(
        {tag for a in articles for rs in a.ranges.values() for _, _, tag in rs}
    )
    per_tag: dict[str, Measures] = {}
    pooled = ReliabilityData("", [], [])
    for tag in paths:
        data = reliability_data(articles, coders, tag, unit)
        pooled.rows.extend(data.rows)
        pooled.weights.extend(data.weights)
        length, segments = continuum(articles, coders, [tag])
        per_tag[tag] = _measures(data, coders, agreement.unitizing_alpha(0, length, segments, tag))
    length, segments = continuum(articles, coders, paths)
    overall = _measures(pooled, coders, agreement.unitizing_alpha(0, length, segments))
    used = [a for a in articles if sum(c in a.finished_by for c in coders) >= 2]
    missing = {c: sum(c not in a.finished_by for a in used) for c in coders}
    return AgreementReport(coders, unit, len(used), missing, overall, per_tag)


def coded_articles(
    store: AnnotationStore, coders: Sequence[str], unit: UnitKind
) -> list[CodedArticle]:
    """The articles any of `coders` finished, with their units and each coder's tag ranges."""
    finished: defaultdict[str, set[str]] = defaultdict(set)
    for mark in store.coded_marks():
        if mark.coder in coders:
            finished[mark.article].add(mark.coder)
    articles = []
    for path in sorted(finished):
        ranges: defaultdict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for h in store.highlight_records(HighlightFilter(article=path)):
            if h.status == "orphaned":
                continue
            for tag, applier in zip(h.tags, h.tag_coders, strict=False):
                who = applier or h.coder
                if who in coders:
                    ranges[who].append((h.start, h.end, tag))
        article = store.article(path)
        kinds = {"title", "heading", "paragraph" if unit == "paragraph" else "sentence"}
        units = tuple(sorted((s.start, s.end) for s in article.spans if s.kind in kinds))
        articles.append(
            CodedArticle(path, len(article.text), units, frozenset(finished[path]), dict(ranges))
        )
    return articles


def _measures(data: ReliabilityData, coders: Sequence[str], alpha_u: float | None) -> Measures:
    rows, weights = data.rows, data.weights
    pairable = sum(w for values, w in agreement.pairable(rows, weights))
    two = len(coders) == 2
    alpha = agreement.krippendorff_alpha(rows, weights)
    return Measures(
        units=pairable,
        percent_agreement=agreement.percent_agreement(rows, weights),
        cohen_kappa=agreement.cohen_kappa(rows, weights) if two else None,
        fleiss_kappa=agreement.fleiss_kappa(rows, weights),
        krippendorff_alpha=alpha,
        alpha_u=alpha_u,
        confusion=_confusion(rows, weights, coders),
        reading=reading(alpha, pairable),
    )


def _confusion(
    rows: list[tuple[bool | None, ...]], weights: list[float], coders: Sequence[str]
) -> dict[str, float]:
    """Two coders: units both coded, only one coded, neither. More: units that exactly k of
    the coders coded, over the units every coder finished."""
    counts: defaultdict[str, float] = defaultdict(float)
    for values, w in zip(rows, weights, strict=True):
        if None in values:
            continue
        if len(coders) == 2:
            first, second = values
            key = "both" if first and second else "neither" if not (first or second) else ""
            counts[key or f"only {coders[0] if first else coders[1]}"] += w
        else:
            counts[f"coded by {sum(bool(v) for v in values)} of {len(coders)}"] += w
    return dict(sorted(counts.items()))


def reading(alpha: float | None, units: float) -> str:
    """What alpha says, in Krippendorff's own terms (Content Analysis, 2004, p. 241)."""
    if units == 0:
        return "no unit was coded by two of the coders"
    if alpha is None:
        return "undefined: every unit got the same value from everyone (no variation)"
    if alpha >= 0.8:
        return f"reliable (alpha {alpha:.3f} >= 0.800)"
    if alpha >= 0.667:
        return f"tentative conclusions only (0.667 <= alpha {alpha:.3f} < 0.800)"
    return f"not reliable (alpha {alpha:.3f} < 0.667)"


__all__ = ["MEASURES", "AgreementReport", "Measures", "agreement_report", "reading"]
