"""Dump every analysis table of a database as JSON, to compare two checkouts (run by hand):

    PYTHONPATH=<checkout>/src python benchmarks/equal_tables.py DB OUT.json [--no-cache]

Then `cmp` the two files. The tables: the matrix by article, month, year and each attribute,
counting highlights, articles and words, unfolded and folded; co-occurrence under every rule
(count and Jaccard); the timeline by week, month and year. --no-cache works everything out
from texts and spans (the path without store/highlight_units.py).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from gpreader.analysis import cooccurrence, load, matrix, timeline
from gpreader.analysis.coding import attribute_columns
from gpreader.store import AnnotationStore


def tables(db: Path, no_cache: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with AnnotationStore(db) as store:
        coding = load(store)
        if no_cache and hasattr(coding, "units"):
            coding.units = None
        for by in ["article", "month", "year", *attribute_columns(coding)]:
            for count in ("highlights", "articles", "words"):
                for depth in (0, 1):
                    t = matrix(coding, by=by, count=count, depth=depth)
                    out[f"matrix {by} {count} {depth}"] = t.to_json()
        for rule in ("highlight", "overlap", "sentence", "paragraph", "near:1", "near:2"):
            for measure in ("count", "jaccard"):
                t = cooccurrence(coding, rule, measure=measure)
                out[f"cooccur {rule} {measure}"] = t.to_json()
            t = cooccurrence(coding, rule, depth=1)
            out[f"cooccur {rule} folded"] = t.to_json()
        for by in ("week", "month", "year"):
            out[f"timeline {by}"] = timeline(coding, by=by).to_json()
    return out


if __name__ == "__main__":
    started = time.perf_counter()
    found = tables(Path(sys.argv[1]), "--no-cache" in sys.argv)
    Path(sys.argv[2]).write_text(json.dumps(found, sort_keys=True, indent=0))
    print(f"{len(found)} tables in {time.perf_counter() - started:.1f} s")
