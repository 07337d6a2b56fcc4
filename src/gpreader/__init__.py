"""gpreader: close reading and qualitative coding of a corpus of articles, in the terminal."""

import sys

__version__ = "0.1.0"


def _import_sqlite_utils_without_dataframes() -> None:
    """sqlite-utils imports pandas and numpy whenever they are installed (the dev extra brings
    them), only to convert their values on insert. gpreader never passes such values, and the
    import costs about 0.4 s of every start, so hide them while sqlite-utils loads; they stay
    importable afterwards."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_import_sqlite_utils_without_dataframes()
