"""Opening the SQLite file safely: checks before any write, pragmas, migrations, transactions."""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from gpreader.errors import DatabaseBusyError, DatabaseError, GPReaderError, InvalidInputError
from gpreader.store import texts
from gpreader.store.schema import MIGRATION_SET, SCHEMA_VERSION

BUSY_TIMEOUT_S = 5.0
MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite-utils records the migrations applied
# Files up to this size get a whole-file quick_check on open (every command and start pays
# it: 0.07 s CPU and 0.2-0.5 s wall for the 29 MB database of 1,000 articles, at load 13).
FULL_CHECK_BYTES = 4 * 2**20
# The tables that hold the researcher's work; the rest (articles, spans, search index) is
# rebuilt from the corpus, and checking `articles` alone reads all its text (~2 s cold at
# 10,000 articles).
CHECKED_TABLES = (
    "_sqlite_migrations",
    "tags",
    "highlights",
    "highlight_tags",
    "journal",
    "state",
)


def in_list(column: str, names: frozenset[str]) -> tuple[str, list[str]]:
    """`column IN (?, ...)` over `names` (sorted, so the SQL is the same every time), and its
    parameters; never true for no names."""
    if not names:
        return "0", []
    return f"{column} IN ({', '.join('?' * len(names))})", sorted(names)


def open_database(
    path: Path, *, busy_timeout: float = BUSY_TIMEOUT_S, verify: bool = True
) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating if needed, mode 0600) and migrate the database; return it and any warnings.

    An existing file is inspected read-only first: a non-database, a corrupt file or a
    database from a newer gpreader raises DatabaseError and the file is left untouched.
    `verify=False` skips all that, for a second connection (a worker thread's) to a file
    this process has already opened and checked.
    """
    warnings: list[str] = []
    if not verify:
        return _connect(path, busy_timeout), warnings
    if _exists(path):
        _check_writable(path)
        version = _inspect(path, busy_timeout)
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            warnings.append(
                f"{path} is readable by other users (mode {mode:o}); "
                f"run `chmod 600 {path}` to keep your annotations private"
            )
    else:
        version = 0
        _create_private(path)
    conn = _connect(path, busy_timeout, new=version == 0)
    try:
        if version < SCHEMA_VERSION:
            _migrate(conn, path, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise database_error(exc, path) from exc
    except BaseException:
        conn.close()
        raise
    return conn, warnings


def _connect(path: Path, busy_timeout: float, *, new: bool = False) -> sqlite3.Connection:
    """A connection with gpreader's pragmas: WAL, synchronous=FULL, a busy timeout. A `new`
    (empty) database is made with incremental auto-vacuum, set before anything is written:
    free pages can then be given back to the file system (`release_free_pages`)."""
    conn = sqlite3.connect(path, timeout=busy_timeout, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        if new:
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        texts.register(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise database_error(exc, path) from exc
    return conn


def _check_writable(path: Path) -> None:
    """Refuse a database we cannot write before SQLite leaves read-only -wal/-shm files
    beside it (which would keep it unwritable after a chmod); mend such leftovers."""
    if not path.is_file():
        raise DatabaseError(f"{path}: not a regular file")
    mode = stat.S_IMODE(path.stat().st_mode)
    if not _can_write(path):
        raise DatabaseError(
            f"{path} is not writable for you (mode {mode:o}); gpreader saves as you work. "
            f"Run `chmod 600 {path}`. The file was not changed."
        )
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{path}{suffix}")
        if sidecar.exists() and not _can_write(sidecar):
            try:  # SQLite's own file, left by a read-only open; it takes the database's mode
                os.chmod(sidecar, mode | stat.S_IRUSR | stat.S_IWUSR)
            except OSError:
                raise DatabaseError(
                    f"{sidecar} (SQLite's file beside the database) is not writable for you; "
                    f"run `chmod 600 {sidecar}`. The database was not changed."
                ) from None


def _can_write(path: Path) -> bool:
    """Whether this process may read and write `path` (by its effective user)."""
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.R_OK | os.W_OK, effective_ids=effective)


def _inspect(path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> int:
    """The schema version of an existing file, read and checked without writing to it.

    A file with tables that are not gpreader's is refused: it belongs to another program.
    """
    try:
        conn = sqlite3.connect(_readonly_uri(path), uri=True, timeout=busy_timeout)
        try:
            version: int = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
            damage = None if version > SCHEMA_VERSION else _damage(conn, path, tables)
            foreign = [] if damage else _foreign_tables(conn, tables)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseBusyError(
                f"{path}: the database is locked by another program (or a gpreader holding "
                "it exclusively); close it and try again. The file was not changed."
            ) from exc
        raise DatabaseError(
            f"{path}: not a usable gpreader database ({exc}); the file was not changed"
        ) from exc
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise DatabaseError(
            f"{path} is another program's SQLite database (tables {shown}), not gpreader's; "
            "the file was not changed. Give gpreader a file of its own with --db."
        )
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer gpreader (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade gpreader. The file was not changed."
        )
    if damage:
        raise DatabaseError(
            f"{path}: the database is damaged ({damage}); the file was not changed. "
            "Restore your latest backup (`gpreader backup` makes one)."
        )
    return version


def _foreign_tables(conn: sqlite3.Connection, tables: list[str]) -> list[str]:
    """The file's tables when it holds any and gpreader's migrations never ran on it."""
    own = [t for t in tables if not t.startswith("sqlite_")]
    if not own:
        return []  # an empty database: gpreader may make it its own
    if MIGRATIONS_TABLE in tables:
        ran = conn.execute(
            f"SELECT count(*) FROM {MIGRATIONS_TABLE} WHERE migration_set = ?",
            [MIGRATION_SET],
        ).fetchone()[0]
        if ran:
            return []
    return sorted(own)


def _readonly_uri(path: Path) -> str:
    """A read-only URI for `path` that creates nothing next to it.

    With no -wal or -journal beside it the file holds everything and is read as immutable,
    so SQLite creates no -wal/-shm; otherwise (a running or crashed gpreader) it is read
    through its WAL. The path is percent-encoded: `#`, `?` and `%` are legal in file names.
    """
    busy = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))
    params = "mode=ro" if busy else "mode=ro&immutable=1"
    return f"file:{quote(path.resolve().as_posix())}?{params}"


def _damage(conn: sqlite3.Connection, path: Path, tables: list[str]) -> str | None:
    """The first problem `PRAGMA quick_check` finds, or None.

    The whole file is checked when it is small (measured: ~1 s warm, ~4 s cold for a
    300 MB database of 10,000 articles); a larger one has only the tables holding the
    user's work checked (milliseconds), and damage elsewhere is reported when it is met.
    """
    if path.stat().st_size <= FULL_CHECK_BYTES:
        checks = ["PRAGMA quick_check(1)"]
    else:
        checks = [f'PRAGMA quick_check("{t}")' for t in CHECKED_TABLES if t in tables]
    for check in checks:
        result = conn.execute(check).fetchone()[0]
        if result != "ok":
            return " ".join(str(result).replace("*** in database main ***", "").split())[:200]
    return None


def _exists(path: Path) -> bool:
    """Whether the database file exists; a folder gpreader may not look into is a
    DatabaseError naming it."""
    try:
        return path.exists()
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot open the database ({exc.strerror or exc})") from None


def _create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (SQLite gives -wal/-shm the same mode).
    A folder gpreader cannot create or write in is a DatabaseError naming it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except (FileExistsError, NotADirectoryError) as exc:
        raise DatabaseError(
            f"{path}: cannot create the database there ({exc.filename} is not a folder)"
        ) from None
    except OSError as exc:
        raise DatabaseError(
            f"{path}: cannot create the database there ({exc.strerror or exc})"
        ) from None
    os.close(fd)


def _migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Back up a database that holds data, then apply every pending migration in one transaction.

    Foreign keys are off meanwhile (a migration may rebuild a table others refer to, SQLite's
    documented way) and checked before the commit. The pages a migration freed are given
    back to the file system (`release_free_pages`: m014 frees a sixth of one at 10k articles)."""
    from sqlite_utils import Database

    from gpreader.store import migrations

    backup = _migration_backup(conn, path, version) if version > 0 else None
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with write(conn):
            migrations.migrations.apply(Database(conn))
            broken = conn.execute("PRAGMA foreign_key_check").fetchone()
            if broken is not None:
                raise DatabaseError(f"a row of {broken[0]} lost the {broken[2]} row it names")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            release_free_pages(conn)
    except Exception as exc:
        kept = f"; a copy from before is at {backup}" if backup else ""
        raise DatabaseError(
            f"{path}: upgrading the database failed ({exc}); it was left as it was{kept}"
        ) from exc
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


RELEASE_FREE_PAGES = 256  # free pages (1 MB) from which `release_free_pages` gives them back


def release_free_pages(conn: sqlite3.Connection) -> int:
    """Give the free pages of an incremental auto-vacuum database back to the file system
    when there are at least RELEASE_FREE_PAGES (FTS5's final merge after an import leaves
    ~6 % of the file free); how many. In the caller's write transaction. A database made
    before gpreader set auto_vacuum keeps its free pages (SQLite reuses them)."""
    if conn.execute("PRAGMA auto_vacuum").fetchone()[0] != 2:
        return 0
    free: int = conn.execute("PRAGMA freelist_count").fetchone()[0]
    if free < RELEASE_FREE_PAGES:
        return 0
    # Python's sqlite3 steps a statement that returns no rows once, and each step of
    # incremental_vacuum gives back one page: one call per page.
    for _ in range(free):
        conn.execute("PRAGMA incremental_vacuum")
    return free - int(conn.execute("PRAGMA freelist_count").fetchone()[0])


def backup_path(path: Path, version: int, attempt: int = 0) -> Path:
    """`annotations.db.v1-20240501T120000.bak`; `...-2.bak` and on for later attempts."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    extra = f"-{attempt + 1}" if attempt else ""
    return path.with_name(f"{path.name}.v{version}-{stamp}{extra}.bak")


def _migration_backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A backup under a name no other process took (two may upgrade in the same second)."""
    for attempt in range(100):
        out = backup_path(path, version, attempt)
        try:
            backup_to(conn, out)
        except FileExistsError:
            continue
        return out
    raise DatabaseError(f"{path}: no free name for the backup before upgrading; not upgraded")


def backup_to(conn: sqlite3.Connection, out: Path, *, replace: bool = False) -> None:
    """An online, consistent copy of the database (safe while other processes write).

    The copy is written to a private temporary file beside `out` and renamed into place
    only when complete: a failure (a full disk) leaves `out` as it was. Without `replace`
    an existing `out` raises FileExistsError; with it only a regular file is replaced.
    """
    _check_backup_target(out)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise BackupError(
            f"{out.parent}: cannot write the backup there ({exc.strerror or exc}); "
            "nothing was written"
        ) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            _copy_database(conn, tmp)
        except (sqlite3.Error, OSError) as exc:
            kept = "it was left as it was" if out.exists() else "nothing was written"
            raise BackupError(
                f"{out}: the backup could not be written ({exc}); {kept}, and the "
                "database itself is unchanged"
            ) from exc
        _check_backup_target(out)
        if replace:
            os.replace(tmp, out)
        else:
            os.link(tmp, out)
        _sync_folder(out.parent)
    finally:
        for leftover in ("", "-journal", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                Path(f"{tmp}{leftover}").unlink()


class BackupError(GPReaderError):
    """The copy could not be written (disk full, no permission); the target is unchanged."""


def _check_backup_target(out: Path) -> None:
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise InvalidInputError(f"{out} is not a regular file; a backup replaces only those")


def _copy_database(conn: sqlite3.Connection, tmp: Path) -> None:
    """SQLite's online backup into `tmp`, flushed to disk."""
    target = sqlite3.connect(tmp)
    try:
        conn.backup(target)
    finally:
        target.close()
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """fsync a folder so a rename in it survives a crash (where the OS allows it)."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action: BEGIN IMMEDIATE ... COMMIT, rolled back on any error. Nests."""
    if conn.in_transaction:
        yield conn
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise database_error(exc) from exc
    try:
        yield conn
    except BaseException as exc:
        if conn.in_transaction:
            conn.rollback()
        if isinstance(exc, sqlite3.DatabaseError):
            raise database_error(exc) from exc
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if conn.in_transaction:
            conn.rollback()
        raise database_error(exc) from exc


def database_error(exc: sqlite3.DatabaseError, path: Path | None = None) -> DatabaseError:
    """A user-facing error for an SQLite failure."""
    text = str(exc)
    where = f"{path}: " if path else ""
    if "locked" in text or "busy" in text:
        return DatabaseBusyError(
            f"{where}the database is busy (another gpreader is writing); try again"
        )
    if "full" in text:
        return DatabaseError(f"{where}the disk or database is full; nothing was saved ({text})")
    if "user-defined function raised exception" in text:  # gp_text, gp_substr: the only ones
        text = "an article's stored text cannot be unpacked"
    if "malformed" in text or "not a database" in text or "unpacked" in text:
        return DatabaseError(
            f"{where}the database is damaged ({text}); restore your latest backup "
            "(`gpreader backup` makes one)"
        )
    return DatabaseError(f"{where}database error: {text}")
