"""The workbench opened on another folder than its database's: the refresh worker's
CorpusMismatchError is shown like other refresh errors, and nothing is re-anchored."""

from __future__ import annotations

import shutil
from pathlib import Path

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from tests.app.conftest import SIZE, settle

ARTICLE = "000_457775139af1eb7c.txt"
QUOTE = "Might as well appoint Daffy Duck"


async def test_the_workbench_on_another_folder_says_to_rebind(
    loaded_store: AnnotationStore,
    corpus_dir: Path,
    tmp_path: Path,
) -> None:
    start = loaded_store.article(ARTICLE).text.index(QUOTE)
    h = loaded_store.add_highlight(ARTICLE, start, start + len(QUOTE))
    other = tmp_path / "other"
    shutil.copytree(corpus_dir, other)
    (other / ARTICLE).write_text("Another story\n\nAltogether.\n", "utf-8")
    config = Config(path=tmp_path / "no-config.toml")
    app = GPReaderApp(loaded_store, other, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
    assert any(f"gpreader import {other.resolve()} --rebind" in m for m in messages), messages
    after = loaded_store.highlight(h.id)
    assert (after.status, after.start, after.exact) == ("anchored", start, QUOTE)
