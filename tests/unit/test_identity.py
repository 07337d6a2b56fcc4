"""Highlights follow an article's content, not its path (issue: trust, items 5 and 7)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.cli import cli
from gpreader.corpus import files, identity, sync
from gpreader.errors import Cancelled, CorpusMismatchError
from gpreader.models import StoredArticle
from gpreader.store import AnnotationStore

QUOTE = "Might as well appoint Daffy Duck"
ARTICLE = "000_457775139af1eb7c.txt"


def _touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_renumbered_download_keeps_highlights_on_their_text(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    """Each path now holds its neighbour's text: every highlight follows its text."""
    made = {}
    for summary in loaded_store.articles():
        text = loaded_store.article(summary.path).text
        start = text.index(".") + 2
        h = loaded_store.add_highlight(summary.path, start, start + 20)
        made[h.id] = (h.exact, loaded_store.article(summary.path).sha256)
    files = sorted(corpus_dir.iterdir())
    texts = [f.read_bytes() for f in files]
    for f, data in zip(files, texts[1:] + texts[:1], strict=True):
        f.write_bytes(data)
        _touch_later(f)
    report = sync.refresh(loaded_store, corpus_dir)
    assert report.reanchored == {}  # nothing had to be re-anchored: every text is known
    for hid, (exact, sha) in made.items():
        h = loaded_store.highlight(hid)
        article = loaded_store.article(h.article)
        assert article.sha256 == sha, "the highlight moved to another text"
        assert (h.status, article.text[h.start : h.end]) == ("anchored", exact)


def test_importing_another_folder_asks_first(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    start = loaded_store.article(ARTICLE).text.index(QUOTE)
    h = loaded_store.add_highlight(ARTICLE, start, start + len(QUOTE))
    other = tmp_path / "other"
    shutil.copytree(corpus_dir, other)
    target = other / ARTICLE
    target.write_text(target.read_text(encoding="utf-8").replace(QUOTE, "Another text"), "utf-8")
    with pytest.raises(CorpusMismatchError):
        sync.refresh(loaded_store, other)
    assert loaded_store.highlight(h.id).status == "anchored"  # untouched
    sync.refresh(loaded_store, corpus_dir)  # the folder it was made on: fine
    assert loaded_store.highlight(h.id).exact == QUOTE


def test_a_moved_but_identical_folder_needs_no_rebind(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    moved = tmp_path / "moved"
    shutil.copytree(corpus_dir, moved)
    sync.refresh(loaded_store, moved)  # same texts: no question to ask


def test_rebind_re_anchors_onto_the_other_folder(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    start = loaded_store.article(ARTICLE).text.index(QUOTE)
    h = loaded_store.add_highlight(ARTICLE, start, start + len(QUOTE))
    other = tmp_path / "other"
    shutil.copytree(corpus_dir, other)
    target = other / ARTICLE
    target.write_text("New headline\n\n" + target.read_text(encoding="utf-8"), "utf-8")
    sync.refresh(loaded_store, other, rebind=True)
    after = loaded_store.highlight(h.id)
    assert (after.status, after.exact) == ("anchored", QUOTE)


def test_annotate_refuses_offsets_from_an_older_text(
    loaded_store: AnnotationStore, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI reads the text, then saves: an import in between must not move the quote."""
    old = loaded_store.article(ARTICLE)
    path = corpus_dir / ARTICLE
    path.write_text("Inserted first line\n" + path.read_text(encoding="utf-8"), "utf-8")
    _touch_later(path)
    sync.refresh(loaded_store, corpus_dir)
    monkeypatch.setattr(AnnotationStore, "article", lambda self, p: old)  # read before it
    monkeypatch.setattr(sync, "refresh", lambda *a, **k: sync.ImportReport())
    result = CliRunner().invoke(
        cli,
        [
            "--articles",
            str(corpus_dir),
            "--db",
            str(loaded_store.path),
            "annotate",
            ARTICLE,
            "--quote",
            QUOTE,
        ],
    )
    assert result.exit_code == 1, result.output
    assert "changed" in result.output
    monkeypatch.undo()
    assert loaded_store.highlights(ARTICLE) == []


# -- identity: content first, path second ------------------------------------------------------


def _highlight_first_words(store: AnnotationStore, path: str, tag: str) -> str:
    return store.add_highlight(path, 0, 10, tags=[tag]).id


def _shift_texts(corpus_dir: Path) -> None:
    """Renumber: each file now holds its neighbour's text."""
    paths = sorted(corpus_dir.iterdir())
    texts = [f.read_bytes() for f in paths]
    for f, data in zip(paths, texts[1:] + texts[:1], strict=True):
        f.write_bytes(data)
        _touch_later(f)


def test_a_renamed_file_and_a_new_one_at_its_old_name(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    """The highlight follows its text to the new name; the new file at the old name is new."""
    start = loaded_store.article(ARTICLE).text.index(QUOTE)
    h = loaded_store.add_highlight(ARTICLE, start, start + len(QUOTE))
    (corpus_dir / ARTICLE).rename(corpus_dir / "renamed.txt")
    (corpus_dir / ARTICLE).write_text("A different story\n\nWith other words.\n", "utf-8")
    report = sync.refresh(loaded_store, corpus_dir)
    assert report.relinked == [(ARTICLE, "renamed.txt")]
    assert (report.loaded, report.updated, report.reanchored) == ([ARTICLE], [], {})
    moved = loaded_store.highlight(h.id)
    assert (moved.article, moved.status, moved.exact) == ("renamed.txt", "anchored", QUOTE)
    assert loaded_store.highlights(ARTICLE) == []
    assert loaded_store.article(ARTICLE).title == "A different story"


def test_two_files_swapped_keep_their_highlights_on_their_texts(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    a, b = "001_cf2217d43cbec0e3.txt", "002_1cf731f5e7a28a3f.txt"
    texts = {path: loaded_store.article(path).text for path in (a, b)}
    ha = _highlight_first_words(loaded_store, a, "a")
    hb = _highlight_first_words(loaded_store, b, "b")
    (corpus_dir / a).rename(corpus_dir / "swap.tmp")
    (corpus_dir / b).rename(corpus_dir / a)
    (corpus_dir / "swap.tmp").rename(corpus_dir / b)
    report = sync.refresh(loaded_store, corpus_dir)
    assert sorted(report.relinked) == [(a, b), (b, a)]
    assert (report.loaded, report.updated, report.missing, report.reanchored) == ([], [], [], {})
    assert loaded_store.highlight(ha).article == b and loaded_store.article(b).text == texts[a]
    assert loaded_store.highlight(hb).article == a and loaded_store.article(a).text == texts[b]
    assert loaded_store.article(b).title == files.load_article(corpus_dir, b).title


def test_two_identical_files_swapped_stay_where_they_are(
    store: AnnotationStore, corpus_dir: Path
) -> None:
    """Nothing tells two identical texts apart but their paths: each keeps its highlights."""
    text = (corpus_dir / ARTICLE).read_text(encoding="utf-8")
    for name in ("one.txt", "two.txt"):
        (corpus_dir / name).write_text(text, encoding="utf-8")
    sync.refresh(store, corpus_dir)
    first = _highlight_first_words(store, "one.txt", "one")
    second = _highlight_first_words(store, "two.txt", "two")
    (corpus_dir / "one.txt").rename(corpus_dir / "swap.tmp")
    (corpus_dir / "two.txt").rename(corpus_dir / "one.txt")
    (corpus_dir / "swap.tmp").rename(corpus_dir / "two.txt")
    for name in ("one.txt", "two.txt"):
        _touch_later(corpus_dir / name)
    report = sync.refresh(store, corpus_dir)
    assert (report.relinked, report.updated, report.missing) == ([], [], [])
    assert {"one.txt", "two.txt"} <= set(report.unchanged)
    assert store.highlight(first).article == "one.txt"
    assert store.highlight(second).article == "two.txt"


def test_a_gone_article_vacates_its_path_and_comes_back_by_content(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    """B is deleted and A renamed to B's name: B, missing, keeps its highlight under a new
    name; when B's text comes back under any name, B is re-linked to it."""
    a, b = "001_cf2217d43cbec0e3.txt", "002_1cf731f5e7a28a3f.txt"
    ha = _highlight_first_words(loaded_store, a, "a")
    hb = _highlight_first_words(loaded_store, b, "b")
    kept = tmp_path / "b-saved.txt"
    (corpus_dir / b).rename(kept)
    (corpus_dir / a).rename(corpus_dir / b)
    report = sync.refresh(loaded_store, corpus_dir)
    assert report.relinked == [(a, b)]
    assert report.missing == [f"{b} (replaced)"]
    assert loaded_store.highlight(ha).article == b
    gone = loaded_store.highlight(hb)
    assert gone.article == f"{b} (replaced)"
    assert [s.path for s in loaded_store.articles() if s.missing] == [f"{b} (replaced)"]
    kept.rename(corpus_dir / "b-again.txt")
    report = sync.refresh(loaded_store, corpus_dir)
    assert report.relinked == [(f"{b} (replaced)", "b-again.txt")]
    back = loaded_store.highlight(hb)
    assert (back.article, back.status, back.exact) == ("b-again.txt", "anchored", gone.exact)
    assert not any(s.missing for s in loaded_store.articles())


def test_a_vacated_name_never_collides(loaded_store: AnnotationStore, corpus_dir: Path) -> None:
    a, b = "001_cf2217d43cbec0e3.txt", "002_1cf731f5e7a28a3f.txt"
    (corpus_dir / f"{b} (replaced).txt").write_text("Taken name\n\nText.\n", "utf-8")
    sync.refresh(loaded_store, corpus_dir)
    _highlight_first_words(loaded_store, b, "b")
    (corpus_dir / b).unlink()
    sync.refresh(loaded_store, corpus_dir)  # b missing, still at its path
    (corpus_dir / a).rename(corpus_dir / b)
    report = sync.refresh(loaded_store, corpus_dir)
    assert report.relinked == [(a, b)]
    paths = [s.path for s in loaded_store.articles()]
    assert f"{b} (replaced)" in paths and len(paths) == len(set(paths)) == 6


def test_texts_over_the_budget_are_read_again_when_written(
    store: AnnotationStore, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no text kept between the passes, every file is read twice and loads the same."""
    monkeypatch.setattr(sync, "TEXT_BUDGET", 0)
    report = sync.refresh(store, corpus_dir)
    assert len(report.loaded) == 5
    for summary in store.articles():
        assert store.article(summary.path) == files.load_article(corpus_dir, summary.path)
    h = _highlight_first_words(store, ARTICLE, "x")
    sha = store.article(ARTICLE).sha256
    _shift_texts(corpus_dir)
    report = sync.refresh(store, corpus_dir)
    assert len(report.relinked) == 5 and report.reanchored == {}
    assert store.article(store.highlight(h).article).sha256 == sha


def test_a_refresh_cancelled_while_reading_writes_nothing(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    _shift_texts(corpus_dir)
    before = {s.path: loaded_store.article(s.path).sha256 for s in loaded_store.articles()}
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        sync.refresh(loaded_store, corpus_dir, lambda s, d, t, p: cancel.set(), cancel=cancel)
    after = {s.path: loaded_store.article(s.path).sha256 for s in loaded_store.articles()}
    assert after == before


# -- the folder a database follows ------------------------------------------------------------


def test_the_mismatch_names_both_folders_and_rebind(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    start = loaded_store.article(ARTICLE).text.index(QUOTE)
    loaded_store.add_highlight(ARTICLE, start, start + len(QUOTE))
    other = tmp_path / "other"
    shutil.copytree(corpus_dir, other)
    (other / ARTICLE).write_text("Other text\n\nEntirely.\n", "utf-8")
    with pytest.raises(CorpusMismatchError) as caught:
        sync.refresh(loaded_store, other)
    message = str(caught.value)
    assert str(corpus_dir.resolve()) in message and str(other.resolve()) in message
    assert "--rebind" in message and ARTICLE in message and caught.value.exit_code == 1


def test_another_folder_without_highlighted_edits_just_rebinds(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    """Edits of articles nobody highlighted lose nothing: no question, the folder is followed."""
    other = tmp_path / "other"
    shutil.copytree(corpus_dir, other)
    (other / ARTICLE).write_text("Other text\n\nEntirely.\n", "utf-8")
    report = sync.refresh(loaded_store, other)
    assert report.updated == [ARTICLE]
    assert loaded_store.get_state(sync.ROOT_KEY) == str(other.resolve())


def test_cli_import_asks_for_rebind_and_implicit_refreshes_say_how(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    start = loaded_store.article(ARTICLE).text.index(QUOTE)
    h = loaded_store.add_highlight(ARTICLE, start, start + len(QUOTE))
    other = tmp_path / "other"
    shutil.copytree(corpus_dir, other)
    target = other / ARTICLE
    target.write_text("New headline\n\n" + target.read_text(encoding="utf-8"), "utf-8")
    db = ["--db", str(loaded_store.path)]
    runner = CliRunner()
    result = runner.invoke(cli, [*db, "import", str(other)])
    assert result.exit_code == 1 and "--rebind" in result.output, result.output
    result = runner.invoke(cli, ["--articles", str(other), *db, "articles"])
    assert result.exit_code == 1, result.output
    assert f"gpreader import {other.resolve()} --rebind" in result.output
    assert loaded_store.highlight(h.id).start == start  # nothing moved
    result = runner.invoke(cli, [*db, "import", str(other), "--rebind"])
    assert result.exit_code == 0, result.output
    assert "re-anchored highlights: 1 anchored" in result.output
    moved = loaded_store.highlight(h.id)
    assert (moved.exact, moved.start) == (QUOTE, start + len("New headline\n\n"))


# -- the plan itself, on any folder and database ------------------------------------------------

_PATHS = st.sampled_from(["a.txt", "b.txt", "c.txt", "d.txt", "a.txt (replaced)"])
_SHAS = st.sampled_from(["s1", "s2", "s3"])


@settings(max_examples=300, deadline=None)
@given(
    files=st.dictionaries(_PATHS, _SHAS, max_size=5),
    stored=st.dictionaries(_PATHS, st.tuples(_SHAS, st.booleans()), max_size=5),
)
def test_every_plan_is_a_matching_with_unique_paths(
    files: dict[str, str], stored: dict[str, tuple[str, bool]]
) -> None:
    known = {
        path: StoredArticle(n, path, sha, 0, 0, missing)
        for n, (path, (sha, missing)) in enumerate(sorted(stored.items()))
    }
    plan = identity.plan(files, known)
    placed = (
        [path for path, _ in plan.same]
        + [path for _, path in plan.moved]
        + [path for path, _ in plan.edited]
        + plan.new
    )
    assert sorted(placed) == sorted(files)  # each file exactly once
    claimed = [row.id for _, row in plan.same + plan.edited] + [row.id for row, _ in plan.moved]
    assert len(claimed) == len(set(claimed))
    assert sorted(claimed + [row.id for row in plan.gone]) == sorted(r.id for r in known.values())
    assert all(row.path == path and row.sha256 == files[path] for path, row in plan.same)
    assert all(row.sha256 == files[path] for row, path in plan.moved)
    assert all(row.path == path for path, row in plan.edited)
    # content first: no file left as an edit or new while a gone article has its text
    gone_shas = {row.sha256 for row in plan.gone}
    assert not [
        p for p in placed if p in plan.new + [e for e, _ in plan.edited] and files[p] in gone_shas
    ]
    # once applied, every article has its own path
    final = {row.id: row.path for row in known.values()}
    final.update(dict(plan.path_moves()))
    paths = list(final.values()) + plan.new
    assert len(paths) == len(set(paths))


def test_a_file_gone_between_the_two_passes_is_skipped(
    store: AnnotationStore, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync, "TEXT_BUDGET", 0)  # read again when written

    seen: list[str] = []

    def progress(stage: str, done: int, total: int, path: str) -> None:
        seen.append(path)
        if path == ARTICLE and stage == "saving":  # hashed, not yet written
            (corpus_dir / ARTICLE).unlink()

    report = sync.refresh(store, corpus_dir, progress)
    assert ARTICLE not in report.loaded and len(report.loaded) == 4
    assert [path for path, _ in report.skipped] == [ARTICLE]
    assert ARTICLE not in [s.path for s in store.articles()]
    assert seen.count(ARTICLE) == 2
