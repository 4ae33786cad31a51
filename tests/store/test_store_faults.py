"""A store that is locked, read-only, missing, unreadable or corrupt raises a one-sentence StoreFault."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from store import (
    Database,
    StoreCorruptError,
    StoreFault,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
    TableStore,
)
from store.engine import default_sqlite_path, resolve_url


def assert_one_sentence(error: StoreFault) -> None:
    message = str(error)
    assert message.endswith(".") and "\n" not in message
    assert "Traceback" not in message and "sqlite3." not in message and "psycopg." not in message


def sqlite_store(path: Path, defaults_dir: Path, url_suffix: str = "") -> TableStore:
    url = f"sqlite:///file:{path}?{url_suffix}&uri=true" if url_suffix else f"sqlite:///{path}"
    return TableStore(Database(url, busy_timeout_ms=100), defaults_dir=defaults_dir)


def test_locked_store_refuses_saves_but_still_reads(store: TableStore, store_url: str, backend: str) -> None:
    frame = store.current("prices").frame
    if backend == "sqlite":
        holder = sqlite3.connect(store_url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        release = holder.close
    else:
        engine = create_engine(store_url)
        holder = engine.connect()
        holder.execute(text("LOCK TABLE costdash_table_versions IN EXCLUSIVE MODE"))

        def release() -> None:
            holder.close()
            engine.dispose()

    try:
        with pytest.raises(StoreLockedError, match="busy") as caught:
            store.save_table("prices", frame, base_version=1)
        assert_one_sentence(caught.value)
        assert store.current("prices").version_no == 1  # readers are not blocked
    finally:
        release()
    assert store.save_table("prices", frame, base_version=1).version_no == 2


def test_read_only_store_reads_but_refuses_saves(
    store: TableStore, store_url: str, backend: str, defaults_dir: Path
) -> None:
    store.current("prices")
    store.db.dispose()
    if backend == "sqlite":
        read_only = sqlite_store(Path(store_url.removeprefix("sqlite:///")), defaults_dir, "mode=ro")
    else:
        url = store_url + "%20-cdefault_transaction_read_only%3Don"
        read_only = TableStore(Database(url), defaults_dir=defaults_dir)
    assert read_only.current("prices").version_no == 1
    with pytest.raises(StoreReadOnlyError, match="read-only") as caught:
        read_only.save_table("prices", read_only.current("prices").frame, base_version=1)
    assert_one_sentence(caught.value)
    read_only.db.dispose()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions; the mode=ro test covers this case")
def test_read_only_file_permissions(tmp_path: Path, defaults_dir: Path) -> None:
    path = tmp_path / "store.sqlite"
    sqlite_store(path, defaults_dir).current("prices")
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreFault):
            store = sqlite_store(path, defaults_dir)
            store.save_table("prices", store.current("prices").frame, base_version=1)
    finally:
        tmp_path.chmod(0o755)


def test_missing_folder_that_cannot_be_created(tmp_path: Path, defaults_dir: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = sqlite_store(blocker / "sub" / "store.sqlite", defaults_dir)
    with pytest.raises(StoreUnavailableError, match="cannot be created") as caught:
        store.current("prices")
    assert_one_sentence(caught.value)


def test_unreadable_store_path(tmp_path: Path, defaults_dir: Path) -> None:
    folder = tmp_path / "store.sqlite"
    folder.mkdir()  # a folder where the file should be
    with pytest.raises(StoreUnavailableError, match="cannot be opened") as caught:
        sqlite_store(folder, defaults_dir).current("prices")
    assert_one_sentence(caught.value)


def test_read_only_store_that_does_not_exist(tmp_path: Path, defaults_dir: Path) -> None:
    with pytest.raises(StoreUnavailableError):
        sqlite_store(tmp_path / "absent.sqlite", defaults_dir, "mode=ro").current("prices")


def test_corrupt_file(tmp_path: Path, defaults_dir: Path) -> None:
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"this is not sqlite\x00\xff" * 400)
    with pytest.raises(StoreCorruptError, match="damaged or is not a SQLite database") as caught:
        sqlite_store(path, defaults_dir).current("prices")
    assert_one_sentence(caught.value)
    assert caught.value.detail  # the driver's words stay available for logs


def test_unreachable_postgres_server(defaults_dir: Path) -> None:
    url = "postgresql://someone:secret@127.0.0.1:1/costdash"
    store = TableStore(Database(url, connect_timeout_s=2), defaults_dir=defaults_dir)
    with pytest.raises(StoreUnavailableError, match="cannot be opened") as caught:
        store.current("prices")
    assert str(caught.value) == "The data store (database costdash on 127.0.0.1:1) cannot be opened."
    assert_one_sentence(caught.value)


def test_invalid_url() -> None:
    with pytest.raises(StoreUnavailableError, match="URL is not valid"):
        Database("not a url at all")


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("COSTDASH_DATABASE_URL", raising=False)
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    assert default_sqlite_path() == tmp_path / "store.sqlite"
    assert resolve_url().database == str(tmp_path / "store.sqlite")
    monkeypatch.delenv("COSTDASH_DATA_DIR")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_sqlite_path() == Path.home() / ".local/share/costdash/store.sqlite"
    monkeypatch.setenv("COSTDASH_DATABASE_URL", "postgres://u:p@db.example:5432/costdash")
    assert resolve_url().drivername == "postgresql+psycopg"
    assert resolve_url("sqlite:///x.sqlite").drivername == "sqlite"


def test_sqlite_uses_wal_and_busy_timeout(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 's.sqlite'}", busy_timeout_ms=1234)
    with database.reading() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 1234
    database.dispose()
