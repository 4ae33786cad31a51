"""Store settings that cannot be used, and a damaged store (issue 19, items 3, 8 and the SQLite mode=ro case of 9).

A bad COSTDASH_DATABASE_URL or COSTDASH_DATA_DIR is one StoreSettingError sentence naming the setting (never the
password), on every page beside the shipped tables and at ``python -m store``. A store file that is empty or fails
``PRAGMA quick_check`` takes no saves, and says where the newest backup is; backups are taken with SQLite's
backup API before a migration and daily.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hardening.hostile import APP, ROOT
from store import StoreCorruptError, StoreError, StoreReadOnlyError, TableStore, health, resolve_url
from store.errors import StoreSettingError

PASSWORD = "s3cret-pw"
BAD_SETTINGS = [
    ("COSTDASH_DATABASE_URL", f"postgresql://ana:{PASSWORD}@db.example:PORT/costs", "COSTDASH_DATABASE_URL"),
    ("COSTDASH_DATABASE_URL", f"postgresql://ana:{PASSWORD}@[::1/costs", "COSTDASH_DATABASE_URL"),
    ("COSTDASH_DATABASE_URL", f"mysql://ana:{PASSWORD}@db.example/costs", "'mysql'"),
    ("COSTDASH_DATABASE_URL", f"postgresql+psycopg2://ana:{PASSWORD}@db.example/costs", "'postgresql+psycopg2'"),
    ("COSTDASH_DATA_DIR", "~nonuser-costdash/x", "COSTDASH_DATA_DIR"),
]
IDS = ["port-not-a-number", "ipv6-unclosed", "mysql-not-installed", "psycopg2-not-installed", "unknown-home"]


@pytest.fixture
def bad_setting(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    env, value, named = request.param
    monkeypatch.delenv("COSTDASH_DATABASE_URL", raising=False)
    monkeypatch.delenv("COSTDASH_DATA_DIR", raising=False)
    monkeypatch.setenv(env, value)
    return env, named


@pytest.mark.parametrize("bad_setting", BAD_SETTINGS, ids=IDS, indirect=True)
def test_a_bad_setting_is_one_sentence_naming_it_without_the_password(bad_setting: tuple[str, str]) -> None:
    """Before the fix: ValueError (port), ModuleNotFoundError (driver) and RuntimeError (home) tracebacks."""
    env, named = bad_setting
    with pytest.raises(StoreSettingError) as caught:
        TableStore().current_versions()
    message = str(caught.value)
    assert named in message and env in message and PASSWORD not in message, message
    assert message.count(". ") == 0 and message.endswith("."), message  # one sentence


@pytest.mark.slow
@pytest.mark.parametrize("bad_setting", BAD_SETTINGS, ids=IDS, indirect=True)
@pytest.mark.parametrize(
    "view", ["views/compare_treatments/page.py", "views/clinic_planner/page.py", "views/price_tables/page.py"]
)
def test_every_page_says_it_and_shows_the_shipped_tables(bad_setting: tuple[str, str], view: str) -> None:
    import streamlit as st

    env, named = bad_setting
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    if view != "views/compare_treatments/page.py":
        at.switch_page(view).run()
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    said = [m.value for m in [*at.warning, *at.error] if env in m.value]
    assert said and all(named in m and PASSWORD not in m for m in said), said
    shown = " ".join(str(m.value) for m in [*at.markdown, *at.caption, *at.warning, *at.error, *at.info])
    assert PASSWORD not in shown
    assert at.dataframe, "the shipped tables are not shown"
    st.cache_resource.clear()


@pytest.mark.parametrize("bad_setting", BAD_SETTINGS[:1] + BAD_SETTINGS[2:3], ids=IDS[:1] + IDS[2:3], indirect=True)
def test_python_m_store_prints_the_one_sentence(bad_setting: tuple[str, str]) -> None:
    env, named = bad_setting
    done = subprocess.run(
        [sys.executable, "-m", "store", "history", "--table", "fx"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and named in done.stderr and PASSWORD not in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


# --- read-only by URL --------------------------------------------------------------------------------------


def test_a_sqlite_url_with_mode_ro_but_no_uri_opens_read_only(tmp_path: Path) -> None:
    """Before the fix: SQLite ignored mode=ro without uri=true, and the save went into the file."""
    file = tmp_path / "store.sqlite"
    TableStore(f"sqlite:///{file}").tables()
    url = f"sqlite:///{file}?mode=ro"
    assert resolve_url(url).query.get("uri") == "true"
    store = TableStore(url)
    current = store.current("fx")
    with pytest.raises(StoreReadOnlyError):
        store.save_table("fx", current.frame, base_version=current.version_no, note="must not land")
    assert TableStore(f"sqlite:///{file}").current("fx").version_no == current.version_no


# --- a damaged store ---------------------------------------------------------------------------------------


def _store_with_history(file: Path) -> TableStore:
    store = TableStore(f"sqlite:///{file}")
    current = store.current("fx")
    store.save_table("fx", current.frame, base_version=current.version_no, note="second")
    store.db.dispose()
    return store


def _damage(file: Path) -> None:
    """Overwrite bytes in the middle of the file (the head of every other page after the first), as a bad disk
    would; the header page stays, so SQLite still opens the file."""
    page = 4096
    with file.open("r+b") as handle:
        for at in range(2 * page, file.stat().st_size - page, 2 * page):
            handle.seek(at)
            handle.write(b"\xde\xad\xbe\xef" * 8)


def test_a_damaged_store_takes_no_save_and_says_where_the_backup_is(tmp_path: Path) -> None:
    """Before the fix: the views fell back to the shipped tables while saves reported success into the file."""
    file = tmp_path / "store.sqlite"
    _store_with_history(file)
    with sqlite3.connect(file) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert health.backups(file), "no backup was taken when the store was first opened"
    _damage(file)
    assert health.quick_check(file) is not None, "the damage is not one SQLite sees"
    store = TableStore(f"sqlite:///{file}")
    with pytest.raises(StoreCorruptError) as caught:
        try:
            current = store.current("fx")
            frame = current.frame
            base = current.version_no
        except StoreError:
            frame, base = TableStore(f"sqlite:///{tmp_path / 'other.sqlite'}").current("fx").frame, None
        store.save_table("fx", frame, base_version=base, note="into a damaged file")
    message = str(caught.value)
    assert "damaged" in message and str(health.backups(file)[0]) in message, message


def test_an_empty_store_file_is_not_a_new_store(tmp_path: Path) -> None:
    """Before the fix: a 0-byte store.sqlite was opened as a new store, its history gone without a word."""
    file = tmp_path / "store.sqlite"
    _store_with_history(file)
    file.write_bytes(b"")
    for wal in tmp_path.glob("store.sqlite-*"):
        wal.unlink()
    with pytest.raises(StoreCorruptError) as caught:
        TableStore(f"sqlite:///{file}").current_versions()
    message = str(caught.value)
    assert "empty (0 bytes)" in message and "backup" in message, message
    assert file.stat().st_size == 0  # nothing was created in its place


def test_a_backup_is_taken_before_a_migration_and_daily_and_rotated(tmp_path: Path) -> None:
    file = tmp_path / "store.sqlite"
    store = _store_with_history(file)
    first = health.backups(file)
    assert len(first) == 1 and "daily" in first[0].name  # before the day's first write
    with sqlite3.connect(file) as connection:  # an older store: one of today's tables is missing
        connection.execute("DROP TABLE costdash_scenarios")
    TableStore(f"sqlite:///{file}").current_versions()
    migration = [b for b in health.backups(file) if "before-migration" in b.name]
    assert len(migration) == 1
    with sqlite3.connect(migration[0]) as copy:  # a whole, readable SQLite copy with the history in it
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM costdash_table_versions").fetchone()[0] >= 2
    old = time.time() - 2 * health.BACKUP_EVERY_S
    for backup in health.backups(file):
        os.utime(backup, (old, old))
    reopened = TableStore(f"sqlite:///{file}")
    reopened.current_versions()
    assert len(health.backups(file)) == 3
    for _ in range(health.KEEP_BACKUPS + 2):
        health.take_backup(file, "test")
    assert len(health.backups(file)) == health.KEEP_BACKUPS
    store.db.dispose()
    reopened.db.dispose()
