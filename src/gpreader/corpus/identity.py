"""Which stored article each file of the folder holds: content first, then path.

A refresh hashes the files that changed and then plans, before writing anything:
  1. a file whose text is its own path's article's text: that article, unchanged;
  2. a file whose text is another unclaimed article's text (known at another path, or
     missing): that article moved here (among several, the one with the most similar path);
  3. a file at the path of an article no file claimed by content: an edit of it;
  4. any other file: a new article.
Articles no file claims are gone (kept as missing). A gone article whose path a moved one
takes vacates it for a unique "PATH (replaced)" name, so that it keeps its highlights, stays
listed and can come back by content.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from gpreader.models import StoredArticle

REPLACED = " (replaced)"


@dataclass
class Plan:
    """Where every file and every known article goes."""

    same: list[tuple[str, StoredArticle]] = field(default_factory=list)  # step 1
    moved: list[tuple[StoredArticle, str]] = field(default_factory=list)  # step 2: (row, new path)
    edited: list[tuple[str, StoredArticle]] = field(default_factory=list)  # step 3
    new: list[str] = field(default_factory=list)  # step 4
    gone: list[StoredArticle] = field(default_factory=list)  # claimed by no file
    vacated: list[tuple[StoredArticle, str]] = field(default_factory=list)  # gone, renamed

    def path_moves(self) -> list[tuple[int, str]]:
        """Every (article id, new path) the plan needs, renames and vacated paths alike."""
        return [(row.id, path) for row, path in self.moved + self.vacated]


def plan(files: Mapping[str, str], known: Mapping[str, StoredArticle]) -> Plan:
    """The plan for a folder whose files (path -> SHA-256 of the text) are `files`, over the
    articles `known` (path -> stored article) holds."""
    result = Plan()
    claimed: set[int] = set()
    rest: list[str] = []
    for path, sha in sorted(files.items()):
        row = known.get(path)
        if row is not None and row.sha256 == sha:
            result.same.append((path, row))
            claimed.add(row.id)
        else:
            rest.append(path)
    result.moved = _match_by_content(
        {path: files[path] for path in rest},
        [row for row in known.values() if row.id not in claimed],
    )
    claimed.update(row.id for row, _ in result.moved)
    taken = {path for _, path in result.moved}
    for path in rest:
        if path in taken:
            continue
        row = known.get(path)
        if row is not None and row.id not in claimed:
            result.edited.append((path, row))
            claimed.add(row.id)
        else:
            result.new.append(path)
    result.gone = [row for row in known.values() if row.id not in claimed]
    result.vacated = _vacate(
        [row for row in result.gone if row.path in taken], set(files) | set(known)
    )
    return result


def _match_by_content(
    files: Mapping[str, str], unclaimed: Iterable[StoredArticle]
) -> list[tuple[StoredArticle, str]]:
    """Pairs (article, path) of equal text, the most similar paths first, each used once (two
    identical files renamed keep their own highlights)."""
    by_sha: dict[str, list[StoredArticle]] = defaultdict(list)
    for row in unclaimed:
        by_sha[row.sha256].append(row)
    pairs = sorted(
        (-fuzz.ratio(row.path, path), row.path, path, row)
        for path, sha in files.items()
        for row in by_sha.get(sha, ())
    )
    rows_used: set[int] = set()
    paths_used: set[str] = set()
    matched: list[tuple[StoredArticle, str]] = []
    for _, _, path, row in pairs:
        if row.id not in rows_used and path not in paths_used:
            rows_used.add(row.id)
            paths_used.add(path)
            matched.append((row, path))
    return matched


def _vacate(rows: list[StoredArticle], taken: set[str]) -> list[tuple[StoredArticle, str]]:
    """A unique new path for each article: "PATH (replaced)", "PATH (replaced 2)", ..."""
    moves: list[tuple[StoredArticle, str]] = []
    for row in rows:
        name = row.path + REPLACED
        n = 1
        while name in taken:
            n += 1
            name = f"{row.path} (replaced {n})"
        taken.add(name)
        moves.append((row, name))
    return moves
