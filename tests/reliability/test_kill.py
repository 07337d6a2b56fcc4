"""kill -9 while writing: everything reported as saved survives, and the file stays sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from gpreader.store import AnnotationStore

from .support import ARTICLE

KILLS = 24

WRITER = """
import sys
from pathlib import Path
from gpreader.store import AnnotationStore

store = AnnotationStore(Path(sys.argv[1]), coder="writer")
text = store.article(sys.argv[2]).text
print("ready", flush=True)
i = int(sys.argv[3])
while True:
    start = (i * 7) % (len(text) - 40)
    h = store.add_highlight(
        sys.argv[2], start, start + 25, tags=[f"kill/t{i % 5}"], note=f"note {i} " * 20
    )
    print(h.id, flush=True)  # only after the call (and its COMMIT) returned
    i += 1
"""


def _check(db: Path, promised: set[str]) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {r[0] for r in conn.execute("SELECT id FROM highlights")}
        assert promised <= stored, f"lost: {sorted(promised - stored)[:5]}"
        # One action is one transaction: no highlight without its tag link and journal entry.
        half = conn.execute(
            """SELECT count(*) FROM highlights h
               WHERE NOT EXISTS (SELECT 1 FROM highlight_tags x WHERE x.highlight_id = h.id)
                  OR NOT EXISTS (SELECT 1 FROM journal j WHERE j.highlight_id = h.id)"""
        ).fetchone()[0]
        assert half == 0
    finally:
        conn.close()


def test_kill_9_while_adding_highlights_loses_nothing_reported(
    loaded_store: AnnotationStore, tmp_path: Path
) -> None:
    db = loaded_store.path
    loaded_store.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(6)
    promised: set[str] = set()
    for round_ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(script), str(db), ARTICLE, str(round_ * 1000)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            first = child.stdout.readline()  # a hang guard: the child starts or fails
            assert first == b"ready\n", (first, child.stderr.read())
            time.sleep(rng.uniform(0.05, 0.4))
        finally:
            os.kill(child.pid, signal.SIGKILL)
            out, err = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL, err
        ids = {line for line in out.decode().split("\n")[:-1]}  # complete lines only
        promised |= ids
        _check(db, promised)
    assert len(promised) >= KILLS  # the child did write in (most) rounds
    with AnnotationStore(db) as store:
        assert {h.id for h in store.highlights(ARTICLE)} >= promised
        assert store.stats()["highlights"] == len(store.highlights())
