"""A hand-built coded corpus whose every count is known by construction (the analysis tests).

a.txt (2024-02-07)   sentences: [0] the date line, [1] "One cat sat." [2] "Two dogs ran."
                     [3] "Three birds flew." [4] "Four fish swam."; paragraphs P0 = [1, 2],
                     P1 = [3, 4]
b.txt (2024-03-03)   [0] date, [1] "Five cats sat." [2] "Six dogs ran."; P0 = [1, 2]
c.txt (no date)      [0] "Seven owls hooted." [1] "Eight bats flew."; P0 = [0, 1]

    h1  a "One cat"       policy/contract tone/positive   alice
    h2  a "cat sat"       policy/funding                  alice   (overlaps h1)
    h3  a "Two dogs ran"  policy/contract                 alice
    h4  a "Four fish"     tone/negative                   bob
    h5  a "Three birds"   policy/contract                 alice   DELETED
    h6  b "Five cats sat" policy/contract tone/negative   bob
    h7  b "Six dogs"      policy/funding (alice) + tone/positive applied by bob
    h8  b "dogs ran"      policy/contract                 alice   ORPHANED
    h9  c "Seven owls"    tone/positive                   alice
    h10 c "Gamma" (title) policy/funding                  alice   (in no sentence)
"""

from __future__ import annotations

from pathlib import Path

from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore

TEXTS = {
    "a.txt": "Alpha title here\n\n7 February 2024\n\nOne cat sat. Two dogs ran.\n\n"
    "Three birds flew. Four fish swam.\n",
    "b.txt": "Beta title here\n\n3 March 2024\n\nFive cats sat. Six dogs ran.\n",
    "c.txt": "Gamma title here\n\nSeven owls hooted. Eight bats flew.\n",
}
PC, PF, TN, TP = "policy/contract", "policy/funding", "tone/negative", "tone/positive"
ROWS = ["policy", PC, PF, "tone", TN, TP]


def _add(store: AnnotationStore, path: str, quote: str, tags: list[str], skip: int = 0) -> str:
    text = store.article(path).text
    start = text.index(quote, skip)
    return store.add_highlight(path, start, start + len(quote), tags=tags).id


def build(root: Path) -> tuple[Path, Path, dict[str, str]]:
    """Write the corpus under `root`; (database, articles folder, highlight ids by name)."""
    folder = root / "articles"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = root / "annotations.db"
    ids: dict[str, str] = {}
    with AnnotationStore(db, coder="alice") as alice, AnnotationStore(db, coder="bob") as bob:
        library.refresh(alice, folder)
        ids["h1"] = _add(alice, "a.txt", "One cat", [PC, TP])
        ids["h2"] = _add(alice, "a.txt", "cat sat", [PF])
        ids["h3"] = _add(alice, "a.txt", "Two dogs ran", [PC])
        ids["h4"] = _add(bob, "a.txt", "Four fish", [TN])
        ids["h5"] = _add(alice, "a.txt", "Three birds", [PC])
        ids["h6"] = _add(bob, "b.txt", "Five cats sat", [PC, TN])
        ids["h7"] = _add(alice, "b.txt", "Six dogs", [PF])
        bob.tag_highlight(ids["h7"], [TP])
        ids["h8"] = _add(alice, "b.txt", "dogs ran", [PC])
        ids["h9"] = _add(alice, "c.txt", "Seven owls", [TP])
        ids["h10"] = _add(alice, "c.txt", "Gamma", [PF])
        alice.delete_highlight(ids["h5"])
        with alice.action() as conn:  # what re-anchoring does to a highlight it cannot place
            conn.execute("UPDATE highlights SET status = 'orphaned' WHERE id = ?", [ids["h8"]])
    return db, folder, ids
