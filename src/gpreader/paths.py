"""Where things live: corpus folder, database, config. Flags beat environment beat defaults."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

ARTICLES_ENV = "GPREADER_ARTICLES"
DB_ENV = "GPREADER_DB"
CONFIG_ENV = "GPREADER_CONFIG"
CODER_ENV = "GPREADER_CODER"
DEFAULT_ARTICLES = Path("articles")
DEFAULT_DB = Path("annotations.db")


def sample_articles() -> Path:
    """The sample corpus shipped in the wheel (or the repository's `articles/` in a checkout)."""
    from importlib import resources  # only without ./articles: not on every start

    packaged = Path(str(resources.files("gpreader") / "sample_articles"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "articles"


def articles_dir(flag: str | Path | None = None) -> tuple[Path, bool]:
    """The corpus folder and whether it is the bundled sample (used when nothing else is found)."""
    chosen = flag or os.environ.get(ARTICLES_ENV)
    if chosen:
        return Path(chosen).expanduser(), False
    if DEFAULT_ARTICLES.is_dir():
        return DEFAULT_ARTICLES, False
    return sample_articles(), True


def db_path(flag: str | Path | None = None) -> Path:
    """The annotations database."""
    return Path(flag or os.environ.get(DB_ENV) or DEFAULT_DB).expanduser()


def config_path() -> Path:
    """The config file: $GPREADER_CONFIG, else $XDG_CONFIG_HOME/gpreader/config.toml."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "gpreader" / "config.toml"


def coder_name(flag: str | None = None) -> str | None:
    """Who is coding: --coder, else $GPREADER_CODER, else `coder = "..."` in the config file;
    None leaves it to the store (the login name). A config file that cannot be read is the
    TUI's to report; here it just gives no name."""
    if flag:
        return flag
    if os.environ.get(CODER_ENV, "").strip():
        return os.environ[CODER_ENV].strip()
    try:
        data = tomllib.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = data.get("coder")
    return value.strip() if isinstance(value, str) and value.strip() else None
