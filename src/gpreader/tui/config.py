"""The user's config file (TOML): the theme and a keymap of binding ids to keys.

    theme = "textual-light"          # any Textual theme; default textual-dark
    coder = "ana"                    # the name recorded on your coding (default: login name)

    [keymap]                         # binding id = "key[,key...]"; `?` in the app lists ids
    "code.tag" = "T"
    "reader.down" = "j,down,n"

The path is $GPREADER_CONFIG, else $XDG_CONFIG_HOME/gpreader/config.toml. A missing file means
defaults; a broken one means defaults plus problems to show, never a crash.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpreader import paths

DEFAULT_THEME = "textual-dark"


@dataclass
class Config:
    """Settings read from the config file, and what was wrong with it (if anything)."""

    path: Path
    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    exists: bool = False


def load_config(path: Path | None = None) -> Config:
    """Read the config file; never raises for a bad or missing file."""
    path = path or paths.config_path()
    config = Config(path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as exc:
        config.problems.append(f"cannot read {path}: {exc.strerror or exc}")
        return config
    config.exists = True
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        config.problems.append(f"{path} is not valid TOML ({exc}); using the defaults")
        return config
    for key, value in data.items():
        if key == "theme":
            if isinstance(value, str) and value.strip():
                config.theme = value.strip()
            else:
                config.problems.append(f"{path}: theme must be a theme name in quotes")
        elif key == "coder":
            if not (isinstance(value, str) and value.strip()):
                config.problems.append(f'{path}: coder must be a name in quotes, e.g. "ana"')
        elif key == "keymap":
            if isinstance(value, Mapping):
                _read_keymap(config, value)
            else:
                config.problems.append(f'{path}: [keymap] must be a table of id = "keys"')
        else:
            config.problems.append(f"{path}: unknown setting {key!r} ignored")
    return config


def _read_keymap(config: Config, table: Mapping[str, Any], prefix: str = "") -> None:
    """Flatten `[keymap]` (an unquoted `code.tag = "T"` arrives as a nested table)."""
    for key, value in table.items():
        binding_id = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _read_keymap(config, value, f"{binding_id}.")
        elif isinstance(value, str) and value.strip():
            config.keymap[binding_id] = ",".join(k.strip() for k in value.split(",") if k.strip())
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            config.keymap[binding_id] = ",".join(v.strip() for v in value)
        else:
            config.problems.append(
                f'{config.path}: keymap {binding_id!r} must be keys in quotes, e.g. "ctrl+t"'
            )


def check_keymap(config: Config, known_ids: Iterable[str] | None = None) -> None:
    """Drop (and report) keymap entries for binding ids that do not exist (by default: not in
    the key registry, gpreader.tui.keys)."""
    if known_ids is None:
        from gpreader.tui import keys  # Textual's Binding: loaded only when the TUI starts

        known_ids = keys.ids()
    known = set(known_ids)
    for binding_id in sorted(set(config.keymap) - known):
        del config.keymap[binding_id]
        config.problems.append(f"{config.path}: no key binding with id {binding_id!r}")


def check_theme(config: Config, available: Iterable[str]) -> None:
    """Fall back to the default theme (and report it) if the configured one does not exist."""
    names = sorted(available)
    if config.theme not in names:
        config.problems.append(
            f"{config.path}: unknown theme {config.theme!r}; try one of {', '.join(names[:8])}…"
        )
        config.theme = DEFAULT_THEME
