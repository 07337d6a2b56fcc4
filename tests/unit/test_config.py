"""config.py: theme and keymap from TOML; broken files give problems, never exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpreader.tui import config


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    c = config.load_config(tmp_path / "absent.toml")
    assert (c.theme, c.keymap, c.problems, c.exists) == (config.DEFAULT_THEME, {}, [], False)


def test_theme_and_keymap_quoted_or_nested(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'theme = "textual-light"\n[keymap]\n"reader.tag" = "T"\n'
        'code.note = "n, ctrl+n"\n"reader.down" = ["j", "down"]\n',
    )
    c = config.load_config(path)
    assert c.theme == "textual-light" and c.problems == []
    assert c.keymap == {"reader.tag": "T", "code.note": "n,ctrl+n", "reader.down": "j,down"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("theme = ", "not valid TOML"),
        (b"\xff\xfe", "not valid TOML"),
        ("theme = 3", "theme must be"),
        ("keymap = 1", "[keymap] must be"),
        ('[keymap]\n"a.b" = 1', "must be keys"),
        ("colour = 'x'", "unknown setting"),
    ],
)
def test_broken_files_give_a_clear_problem(
    tmp_path: Path, text: str | bytes, fragment: str
) -> None:
    c = config.load_config(write(tmp_path, text))
    assert c.exists and any(fragment in p for p in c.problems)
    assert c.theme == config.DEFAULT_THEME


def test_env_var_chooses_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, 'theme = "nord"')
    monkeypatch.setenv("GPREADER_CONFIG", str(path))
    assert config.load_config().theme == "nord"


def test_unknown_ids_and_themes_are_dropped_with_a_problem(tmp_path: Path) -> None:
    c = config.Config(
        path=tmp_path / "c.toml", theme="nope", keymap={"x.y": "a", "reader.tag": "T"}
    )
    config.check_keymap(c, {"reader.tag"})
    config.check_theme(c, {"textual-dark", "textual-light"})
    assert c.keymap == {"reader.tag": "T"} and c.theme == config.DEFAULT_THEME
    assert len(c.problems) == 2 and "x.y" in c.problems[0] and "nope" in c.problems[1]


def test_the_readme_example_parses(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    c = config.load_config(write(tmp_path, example))
    assert c.problems == [] and c.theme == "textual-light" and c.keymap


def test_coder_comes_from_the_flag_then_the_environment_then_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gpreader import paths

    path = write(tmp_path, 'coder = "  ana  "\n')
    monkeypatch.setenv(paths.CONFIG_ENV, str(path))
    monkeypatch.delenv(paths.CODER_ENV, raising=False)
    assert config.load_config(path).problems == []
    assert paths.coder_name() == "ana"
    monkeypatch.setenv(paths.CODER_ENV, "ben")
    assert paths.coder_name() == "ben"
    assert paths.coder_name("cat") == "cat"
    monkeypatch.delenv(paths.CODER_ENV)
    write(tmp_path, "coder = 3\n")
    assert paths.coder_name() is None
    assert "coder must be a name" in config.load_config(path).problems[0]
    write(tmp_path, b"\xff not toml")
    assert paths.coder_name() is None
