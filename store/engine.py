"""Where the store lives and how to talk to it: URL resolution, engine, transactions.

The embedded default is a SQLite file (WAL journal, busy timeout); a
PostgreSQL URL (``postgresql+psycopg://``) runs the same code. Every database
error leaves this module as a one-sentence :class:`StoreFault`; a setting that
cannot be used (a port that is not a number, a driver that is not installed, a
data folder under an unknown user's home) as a :class:`StoreSettingError` that
names the setting and never shows a password.

A SQLite file is checked when it is opened and backed up (store/health.py): an
empty file is refused, a damaged one takes no writes.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

from store import health
from store.db_tables import metadata
from store.errors import (
    StoreCorruptError,
    StoreFault,
    StoreReadOnlyError,
    StoreSettingError,
    StoreUnavailableError,
)
from store.faults import fault_for

DATA_DIR_ENV = "COSTDASH_DATA_DIR"
DATABASE_URL_ENV = "COSTDASH_DATABASE_URL"
STORE_FILE_NAME = "store.sqlite"
_WRITE_OPTION = "costdash_write"
EMPTY_FILE_GRACE_S = 60.0


def default_sqlite_path() -> Path:
    """``$COSTDASH_DATA_DIR/store.sqlite``, else ``$XDG_DATA_HOME`` or ``~/.local/share`` ``/costdash/store.sqlite``."""
    folder = os.environ.get(DATA_DIR_ENV)
    if folder:
        try:
            return Path(folder).expanduser() / STORE_FILE_NAME
        except RuntimeError:  # ~name of a user this system does not know
            raise StoreSettingError(
                f"The setting {DATA_DIR_ENV}={folder!r} starts with the home folder of a user this system does not "
                "know, so the data store cannot be found; give the folder as a full path."
            ) from None
    try:
        data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    except RuntimeError:
        raise StoreSettingError(
            f"There is no home folder to keep the data store in; set {DATA_DIR_ENV} to a folder."
        ) from None
    return Path(data_home) / "costdash" / STORE_FILE_NAME


def resolve_url(url: str | URL | None = None) -> URL:
    """The store URL: ``url``, else ``$COSTDASH_DATABASE_URL``, else the default SQLite file.

    A bare ``postgresql://`` or ``postgres://`` URL gets the psycopg 3 driver; a SQLite URL with URI options
    (``?mode=ro``) gets ``uri=true``, without which SQLite would ignore them (and open read-write). Raises
    StoreSettingError, naming the setting, when the URL cannot be read or its driver is not installed.
    """
    setting = "The database URL" if url else f"The setting {DATABASE_URL_ENV}"
    raw = url or os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{default_sqlite_path()}"
    try:
        parsed = make_url(raw)
        parsed.port  # noqa: B018  (SQLAlchemy reads the port lazily in some versions)
    except (exc.ArgumentError, ValueError, TypeError):
        raise StoreSettingError(
            f"{setting} is not valid: it should look like "
            "postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE (the port a number, an IPv6 host in brackets "
            "as in [::1]:5432) or sqlite:////full/path/store.sqlite."
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and set(parsed.query) - {"uri"} and "uri" not in parsed.query:
        name = parsed.database or ""
        parsed = parsed.set(database=name if name.startswith("file:") else f"file:{name}")
        parsed = parsed.update_query_dict({"uri": "true"})
    _check_driver(parsed, setting)
    return parsed


def _check_driver(url: URL, setting: str) -> None:
    """StoreSettingError when the URL's database kind is unknown or its driver is not installed."""
    try:
        url.get_dialect().import_dbapi()
    except (exc.NoSuchModuleError, ImportError):
        raise StoreSettingError(
            f"{setting} asks for the database driver {url.drivername!r}, which is not installed here; use "
            "postgresql+psycopg:// for PostgreSQL or sqlite:/// for a file."
        ) from None


def _sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for in-memory databases."""
    name = url.database or ""
    if name in ("", ":memory:") or "mode=memory" in str(url):
        return None
    return Path(name.removeprefix("file:"))


def _identity(file: Path | None) -> tuple[int, int] | None:
    """(device, inode) of a store file, None when there is no file (in memory, not created, unreadable)."""
    if file is None:
        return None
    try:
        status = file.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _on_sqlite_connect(busy_timeout_ms: int) -> Callable[[sqlite3.Connection, Any], None]:
    """Pragmas for each new SQLite connection: busy timeout, WAL journal, no driver-side BEGIN."""

    def configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # BEGIN comes from _on_sqlite_begin
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error:
            pass  # read-only, busy or damaged: the first real statement reports it
        finally:
            cursor.close()

    return configure


def _on_sqlite_begin(conn: Connection) -> None:
    """Writers take the write lock up front, so two savers queue instead of deadlocking."""
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _create_tables(writer: Engine) -> None:
    """Create the store's tables if missing; a second try covers another process creating them at once."""
    try:
        with writer.begin() as conn:
            metadata.create_all(conn)
    except (exc.IntegrityError, exc.ProgrammingError):
        with writer.begin() as conn:
            metadata.create_all(conn)


class Database:
    """A lazily opened store database; ``reading()`` and ``writing()`` give one transaction each."""

    def __init__(
        self, url: str | URL | None = None, *, busy_timeout_ms: int = 5000, connect_timeout_s: int = 5
    ) -> None:
        self.url = resolve_url(url)
        self.busy_timeout_ms = busy_timeout_ms
        self.connect_timeout_s = connect_timeout_s
        self._engine: Engine | None = None
        self._write_engine: Engine | None = None
        self._lock = threading.Lock()
        file = _sqlite_file(self.url) if self.is_sqlite else None
        self.where = f"at {file}" if file else self._server_description()
        self._file = file
        self._file_identity: tuple[int, int] | None = None  # (device, inode) of the file the engine opened
        self.damaged: str | None = None  # the sentence that refuses writes once the file was found damaged
        # Asked before every write: a sentence refuses it (a read-only deployment, a visitor not signed in).
        self.write_guard: Callable[[], str | None] | None = None
        self.backup_problem: str | None = None  # why the last backup could not be taken (the store still works)
        self._last_backup = 0.0  # time.time() of the last backup this process took or found
        self.generation = 0  # counts dispose() calls: what was learnt about the database before may be stale

    def _server_description(self) -> str:
        """Where a server database is, for messages (no user name or password)."""
        if self.is_sqlite:
            return "in memory"
        port = f":{self.url.port}" if self.url.port else ""
        return f"(database {self.url.database} on {self.url.host or 'localhost'}{port})"

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def _create_engine(self) -> Engine:
        if not self.is_sqlite:
            return create_engine(self.url, connect_args=self._postgres_args(), pool_pre_ping=True)
        file = _sqlite_file(self.url)
        if file is not None and "mode=ro" not in str(self.url):
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreUnavailableError(
                    f"The data folder {file.parent} does not exist and cannot be created.", detail=str(error)
                ) from None
        engine = create_engine(self.url, connect_args={"timeout": self.busy_timeout_ms / 1000})
        event.listen(engine, "connect", _on_sqlite_connect(self.busy_timeout_ms))
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine

    def _postgres_args(self) -> dict[str, Any]:
        """Connect timeout, and a lock timeout matching SQLite's busy timeout (added to any URL options)."""
        url_options = self.url.query.get("options", "")
        options = " ".join(filter(None, [str(url_options), f"-c lock_timeout={int(self.busy_timeout_ms)}"]))
        return {"connect_timeout": self.connect_timeout_s, "options": options}

    def engine(self) -> Engine:
        """The engine, created and given the store's tables on first use."""
        with self._lock:
            if self._engine is None:
                self._engine, self._write_engine = self._open()
                self._file_identity = _identity(self._file)
            return self._engine

    def _check_file(self) -> None:
        """Refuse to go on with pooled connections to a SQLite file that was deleted or replaced meanwhile.

        Open connections keep using the old file even after it is removed, so saves would seem to work
        and vanish at the next start. The engine is dropped; the next request opens what is there now.
        """
        if self._file_identity is None or _identity(self._file) == self._file_identity:
            return
        self.dispose()
        raise StoreUnavailableError(
            f"The data store file {self.where} was removed or replaced while the app was running, so this "
            "request was not carried out (nothing was saved); the next one opens the store found there now."
        )

    @property
    def _writable_file(self) -> Path | None:
        """The SQLite file this store writes to (None: in memory, opened read-only, or a server)."""
        return self._file if self.is_sqlite and "mode=ro" not in str(self.url) else None

    def _damaged_sentence(self, finding: str) -> str:
        assert self._file is not None
        return (
            f"The data store {self.where} is damaged or is not a SQLite database (SQLite says: {finding[:120]}), so "
            f"nothing more is saved to it; {health.newest_backup_words(self._file)}: stop the app and copy it over "
            "the store file to go back to it."
        )

    def _check_health(self) -> None:
        """Before the engine opens a SQLite file: refuse an empty file, check a present one, back it up when its
        tables are about to be created or changed (a migration) or the last backup is a day old."""
        file = self._file
        if file is None or not file.is_file():
            return
        wal = file.with_name(file.name + "-wal")
        status = file.stat()
        # SQLite creates a file empty and writes its header a moment later (another process may be doing it
        # now), so a 0-byte file is a lost store only once it had backups or has stayed empty for a minute.
        lost = health.backups(file) or time.time() - status.st_mtime > EMPTY_FILE_GRACE_S
        if status.st_size == 0 and lost and not (wal.is_file() and wal.stat().st_size > 0):
            raise StoreCorruptError(
                f"The data store file {self.where} is empty (0 bytes), so the tables and history it held are "
                f"gone; {health.newest_backup_words(file)}: copy it over the store file, or move the empty file "
                "aside to start a fresh store."
            )
        finding = health.quick_check(file)
        if finding is not None:
            self.damaged = self._damaged_sentence(finding)
            return
        self.damaged = None
        if self._writable_file is None:
            return
        missing = set(metadata.tables) - health.table_names(file)
        if missing and health.table_names(file):
            self._backup("before-migration")
        elif health.backup_is_due(file):
            self._backup("daily")
        else:
            self._last_backup = time.time()

    def _backup(self, reason: str) -> None:
        assert self._file is not None
        try:
            health.take_backup(self._file, reason)
            self.backup_problem = None
        except (sqlite3.Error, OSError) as error:
            self.backup_problem = f"The backup of the data store {self.where} failed ({error})."
        self._last_backup = time.time()

    def _open(self) -> tuple[Engine, Engine]:
        """A new engine and its write-transaction variant, with the store's tables in place."""
        self._check_health()
        with self.translated_errors():
            engine = self._create_engine()
            writer = engine.execution_options(**{_WRITE_OPTION: True})
            try:
                _create_tables(writer)
            except BaseException:
                engine.dispose()
                raise
        return engine, writer

    @contextmanager
    def translated_errors(self) -> Iterator[None]:
        """Turn driver errors (except integrity errors, which callers handle) into StoreFaults."""
        try:
            yield
        except exc.IntegrityError:
            raise
        except (exc.DBAPIError, sqlite3.Error) as error:
            fault: StoreFault = fault_for(error, self.where)
            if isinstance(fault, StoreCorruptError) and self._file is not None:
                self.damaged = self._damaged_sentence(fault.detail or str(fault))  # no more writes into it
                fault = StoreCorruptError(self.damaged, detail=fault.detail)
            raise fault from error
        except (exc.NoSuchModuleError, ImportError) as error:
            raise StoreSettingError(f"The database driver for {self.where} is not installed.") from error

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection inside one read transaction (a consistent snapshot)."""
        self._check_file()
        with self.translated_errors(), self.engine().connect() as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection inside one write transaction, committed when the block ends without error."""
        self._check_file()
        self.engine()
        if self.damaged:
            raise StoreCorruptError(self.damaged)
        if self.write_guard is not None and (refusal := self.write_guard()) is not None:
            raise StoreReadOnlyError(refusal)
        if self._writable_file is not None and time.time() - self._last_backup > health.BACKUP_EVERY_S:
            self._backup("daily")
        assert self._write_engine is not None
        with self.translated_errors(), self._write_engine.begin() as conn:
            yield conn

    def dispose(self) -> None:
        """Close pooled connections (call in a child process or at shutdown)."""
        with self._lock:
            self.generation += 1
            if self._engine is not None:
                self._engine.dispose()
                self._engine = self._write_engine = None
                self._file_identity = None
