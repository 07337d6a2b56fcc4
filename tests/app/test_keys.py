"""The key registry (gpreader.tui.keys) is the one source of every binding: the classes' BINDINGS,
the keymap check and the README's key reference all come from it."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from textual.binding import Binding

from gpreader.tui import keys
from gpreader.tui.config import Config, check_keymap
from tests.app.test_help import CLASSES

README = Path(__file__).resolve().parents[2] / "README.md"
MARKERS = re.compile(r"<!-- keys:start -->\n(.*?)<!-- keys:end -->", re.S)


def _shape(b: Binding) -> tuple[object, ...]:
    return (b.id, b.key, b.action, b.description, b.show, b.priority)


def test_every_class_takes_its_bindings_from_one_scope_of_the_registry() -> None:
    used: set[str] = set()
    for cls in CLASSES:
        declared = list(Binding.make_bindings(cls.__dict__.get("BINDINGS", [])))
        if not declared:
            continue
        scope = keys.scope_of(declared)
        assert scope is not None, cls
        assert scope.name not in used, f"two classes share the keys of {scope.name!r}"
        used.add(scope.name)
        expected = list(Binding.make_bindings(keys.bindings(scope.name)))
        assert [_shape(b) for b in declared] == [_shape(b) for b in expected], cls
    assert used == {k.scope for k in keys.KEYS}  # no key in the registry is left unbound


def test_registry_ids_are_unique_and_every_key_has_a_known_scope() -> None:
    assert len(keys.ids()) == len(keys.KEYS)
    assert all(k.scope in keys.SCOPES and k.description and k.keys for k in keys.KEYS)
    with pytest.raises(KeyError):
        keys.bindings("nowhere")


def test_keymap_check_defaults_to_the_registry(tmp_path: Path) -> None:
    config = Config(path=tmp_path / "c.toml", keymap={"code.tag": "T", "code.nope": "x"})
    check_keymap(config)
    assert config.keymap == {"code.tag": "T"}
    assert config.problems == [f"{config.path}: no key binding with id 'code.nope'"]


def test_the_readme_key_reference_is_the_generated_one() -> None:
    found = MARKERS.search(README.read_text(encoding="utf-8"))
    assert found, "README.md has no <!-- keys:start --> ... <!-- keys:end --> section"
    assert found.group(1) == keys.markdown(), (
        "README key reference is stale: paste `python -m gpreader.tui.keys --markdown`"
    )


def test_markdown_lists_every_id_once_and_collapses_numbered_runs() -> None:
    table = keys.markdown()
    for key in keys.KEYS:
        if re.fullmatch(r".+[1-9]", key.id):
            continue  # in a run: code.quick1…9
        assert table.count(f"`{key.id}`") == 1, key.id
    assert "`code.quick1…9`" in table and "`tagview.key1…9`" in table
    assert "| `?` | Help | `app.help` |" in table
    assert all(line.count("|") - line.count("\\|") == 5 for line in table.splitlines())


def test_the_command_line_prints_the_table_or_its_usage() -> None:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert keys.main(["--markdown"]) == 0
        assert keys.main([]) == 2
    assert out.getvalue() == keys.markdown()
    assert "usage" in err.getvalue()


def test_collapse_keeps_short_runs_and_joins_long_ones() -> None:
    rows = [("1", "Quick 1", "a.k1"), ("2", "Quick 2", "a.k2"), ("x", "Other", "a.x")]
    assert keys.collapse(rows) == rows
    rows = [(str(n), f"Quick {n}", f"a.k{n}") for n in range(1, 5)]
    assert keys.collapse(rows) == [("1-4", "Quick 1-4", "a.k1…4")]
