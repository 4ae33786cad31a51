"""Where the store lives and how to talk to it: URL resolution, engine, transactions.

The embedded default is a SQLite file (WAL journal, busy timeout); a
PostgreSQL URL (``postgresql+psycopg://``) runs the same code. Every database
error leaves this module as a one-sentence :class:`StoreFault`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

from store.db_tables import metadata
from store.errors import StoreUnavailableError
from store.faults import fault_for

DATA_DIR_ENV = "COSTDASH_DATA_DIR"
DATABASE_URL_ENV = "COSTDASH_DATABASE_URL"
STORE_FILE_NAME = "store.sqlite"
_WRITE_OPTION = "costdash_write"


def default_sqlite_path() -> Path:
    """``$COSTDASH_DATA_DIR/store.sqlite``, else ``$XDG_DATA_HOME`` or ``~/.local/share`` ``/costdash/store.sqlite``."""
    folder = os.environ.get(DATA_DIR_ENV)
    if folder:
        return Path(folder).expanduser() / STORE_FILE_NAME
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "costdash" / STORE_FILE_NAME


def resolve_url(url: str | URL | None = None) -> URL:
    """The store URL: ``url``, else ``$COSTDASH_DATABASE_URL``, else the default SQLite file.

    A bare ``postgresql://`` or ``postgres://`` URL gets the psycopg 3 driver.
    """
    raw = url or os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{default_sqlite_path()}"
    try:
        parsed = make_url(raw)
    except exc.ArgumentError as error:
        raise StoreUnavailableError("The database URL is not valid.", detail=str(error)) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


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

    def _open(self) -> tuple[Engine, Engine]:
        """A new engine and its write-transaction variant, with the store's tables in place."""
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
            raise fault_for(error, self.where) from error
        except exc.NoSuchModuleError as error:
            raise StoreUnavailableError(f"The database driver for {self.where} is not installed.") from error

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
