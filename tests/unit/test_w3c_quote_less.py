"""w3c reads its highlights without quote context (a narrower sorted read) and adds it back
on the few records whose target uses it (orphans): `with_quote` gives what a read with quotes
gives (the score aside, which w3c does not write)."""

from __future__ import annotations

import random
from pathlib import Path

from gpreader.store import AnnotationStore, HighlightFilter


def test_with_quote_gives_what_a_read_with_quotes_gives(tmp_path: Path) -> None:
    rng = random.Random(5)
    with AnnotationStore(tmp_path / "s.db", coder="t") as store:
        db = store.db
        for n, path in ((1, "a.txt"), (2, "")):  # an article with an empty path too
            db.execute(
                "INSERT INTO articles (id, path, sha256, text) VALUES (?, ?, ?, 'x')",
                [n, path, f"sha{n}"],
            )
        for i in range(40):
            db.execute(
                'INSERT INTO highlights (id, article_id, start, "end", exact, prefix, suffix, '
                "article_sha256, status, score) VALUES (?, ?, 0, 1, 'x', ?, ?, ?, ?, ?)",
                [
                    f"h{i:02d}",
                    rng.choice([1, 2]),
                    rng.choice([None, "", "pré"]),
                    rng.choice([None, "suf 🎉"]),
                    rng.choice([None, "abc"]),
                    rng.choice(["anchored", "orphaned"]),
                    rng.choice([None, 0.5]),
                ],
            )
        db.conn.commit()
        quoted = list(store.highlight_records(HighlightFilter()))
        quote_less = list(store.highlight_records(HighlightFilter(), quotes=False))
        assert [h.prefix for h in quote_less] == [""] * 40
        added = [store.with_quote(h) for h in quote_less]
        assert added == [h._replace(score=None) for h in quoted]
        assert any(h.prefix == "pré" for h in added) and any(h.score for h in quoted)
