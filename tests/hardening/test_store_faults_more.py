"""The store under faults tests/store does not already try: it fills up, it disappears or is replaced while the
app runs, another *process* holds its lock, and a saving process is killed at random moments again and again.
Each time the refusal is one sentence and the last saved version is intact and readable.

Already covered in tests/store/test_store_faults.py and test_store_concurrency.py (not repeated here): a lock held
in the same process, read-only stores, a missing or unreadable folder, a corrupt file, an unreachable server, a
kill in the middle of one save (right after its INSERT).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import event, text
from streamlit.testing.v1 import AppTest

from hardening.hostile import APP, ROOT
from store import (
    Database,
    StoreFault,
    StoreFullError,
    StoreLockedError,
    StoreUnavailableError,
    TableStore,
)


def one_sentence(error: BaseException) -> str:
    message = str(error)
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message, message
    assert "sqlite3." not in message and "OperationalError" not in message, message
    return message


def open_store(path: Path, busy_timeout_ms: int = 300) -> TableStore:
    return TableStore(Database(f"sqlite:///{path}", busy_timeout_ms=busy_timeout_ms), author="hardening")


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def bigger(frame: pd.DataFrame, copies: int) -> pd.DataFrame:
    """``frame`` repeated ``copies`` times with distinct keys."""
    out = pd.concat([frame] * copies, ignore_index=True)
    return out.assign(region_id=[f"R{i}" for i in range(len(out))])


def test_a_full_store_refuses_the_save_in_one_sentence_and_keeps_the_last_version(tmp_path: Path) -> None:
    """SQLite's max_page_count makes the file 'full' without a small disk (which root in a sandbox cannot mount)."""
    path = tmp_path / "store.sqlite"
    store = open_store(path)
    first = store.current("prices")
    store.save_table("prices", first.frame.assign(price_low=1.0), base_version=1, note="kept")
    with store.db.reading() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar()
    engine = store.db.engine()
    limit = {"pages": pages + 2}

    def cap(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit['pages']}")

    event.listen(engine, "connect", cap)
    engine.dispose()  # new connections get the cap
    with pytest.raises(StoreFullError) as caught:
        store.save_table("prices", bigger(first.frame, 40), base_version=2, note="does not fit")
    assert "is full" in one_sentence(caught.value)
    kept = store.current("prices")
    assert (kept.version_no, kept.info.note, set(kept.frame["price_low"])) == (2, "kept", {1.0})
    assert [v.version_no for v in store.history("prices")] == [2, 1]
    limit["pages"] = 1_000_000
    engine.dispose()
    assert store.save_table("prices", bigger(first.frame, 40), base_version=2).version_no == 3  # space again
    store.db.dispose()
    assert integrity(path) == "ok"


@pytest.mark.parametrize("how", ["file deleted", "folder deleted", "file replaced"])
def test_a_store_that_disappears_while_running_refuses_instead_of_losing_the_save(tmp_path: Path, how: str) -> None:
    """Before the fix the pooled connection kept writing into the deleted file: the save 'worked' and was gone
    at the next start."""
    folder = tmp_path / "data"
    path = folder / "store.sqlite"
    store = open_store(path)
    frame = store.current("prices").frame
    store.save_table("prices", frame.assign(price_low=1.0), base_version=1)
    if how == "folder deleted":
        shutil.rmtree(folder)
    else:
        for leftover in folder.glob("store.sqlite*"):
            leftover.unlink()
        if how == "file replaced":
            other = open_store(path)
            other.current("prices")
            other.db.dispose()
    with pytest.raises(StoreUnavailableError) as caught:
        store.save_table("prices", frame.assign(price_low=2.0), base_version=2)
    assert "removed or replaced" in one_sentence(caught.value)
    # The next request works on what is there now, and what it says is what a restart sees.
    now = store.current("prices")
    restarted = open_store(path).current("prices")
    assert now.version_no == restarted.version_no == 1
    assert set(restarted.frame["price_low"]) != {2.0}


LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


def test_a_lock_held_by_another_process_is_a_busy_message_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    store = open_store(path, busy_timeout_ms=500)
    frame = store.current("prices").frame
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(StoreLockedError) as caught:
            store.save_table("prices", frame.assign(price_low=9.0), base_version=1)
        assert time.monotonic() - started < 10
        assert "busy" in one_sentence(caught.value)
    finally:
        holder.communicate(timeout=30)  # closing stdin ends the holder, which releases the lock
    assert store.current("prices").version_no == 1
    assert store.save_table("prices", frame.assign(price_low=9.0), base_version=1).version_no == 2
    store.db.dispose()


SAVER = """
import sys
import pandas as pd
from store import Database, TableStore
store = TableStore(Database(sys.argv[1]), defaults_dir=sys.argv[2], author="saver")
current = store.current("prices")
base, frame = current.version_no, current.frame
rows = pd.concat([frame] * 50, ignore_index=True)
rows["region_id"] = [f"R{i}" for i in range(len(rows))]
print("ready", flush=True)
n = 0
while True:
    n += 1
    base = store.save_table("prices", rows.assign(price_low=float(n)), base_version=base, note=f"save {n}").version_no
"""


@pytest.mark.slow
def test_kills_at_random_moments_always_leave_the_last_saved_version_readable(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    url = f"sqlite:///{path}"
    open_store(path).current("prices")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    chance = random.Random(20261122)
    for _ in range(4):
        saver = subprocess.Popen([sys.executable, "-c", SAVER, url, str(ROOT / "data")], env=env,
                                 stdout=subprocess.PIPE, text=True)
        assert saver.stdout is not None and saver.stdout.readline().strip() == "ready"
        time.sleep(chance.uniform(0.05, 0.6))
        saver.send_signal(signal.SIGKILL)
        saver.wait(timeout=30)
        reopened = open_store(path)
        history = reopened.history("prices")
        numbers = [v.version_no for v in history]
        assert numbers == list(range(numbers[0], 0, -1))  # no gap, no duplicate
        latest = reopened.current("prices")
        if latest.version_no > 1:  # each save stores the number in its note and in every price_low
            assert latest.info.note == f"save {int(latest.frame['price_low'].iloc[0])}"
            assert latest.frame["price_low"].nunique() == 1 and len(latest.frame) == latest.info.row_count
        reopened.db.dispose()
        assert integrity(path) == "ok"


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["garbage file", "folder is a file"])
def test_the_views_keep_working_on_the_shipped_tables_when_the_store_is_broken(app_store: Path, fault: str) -> None:
    if fault == "garbage file":
        app_store.mkdir(parents=True)
        (app_store / "store.sqlite").write_bytes(b"this is not a database" * 100)
    else:
        app_store.parent.mkdir(parents=True, exist_ok=True)
        app_store.write_text("a file where the store folder should be")
    for view in ("views/compare_treatments/page.py", "views/regions/page.py", "views/clinic_planner/page.py", "views/price_tables/page.py"):
        at = AppTest.from_file(APP, default_timeout=90).run()
        if view != "views/compare_treatments/page.py":
            at.switch_page(view).run()
        assert not at.exception, (view, [e.value for e in at.exception])
        notices = [w.value for w in at.warning] + [e.value for e in at.error]
        assert any("cannot be read" in n or "cannot be opened" in n or "damaged" in n for n in notices), (view,
                                                                                                         notices)
        if view != "views/price_tables/page.py":
            assert any("shipped defaults" in w.value for w in at.warning), view


def test_faults_are_store_faults_not_driver_errors(tmp_path: Path) -> None:
    """Every fault above is a StoreFault: the views catch that one class and show its sentence."""
    assert issubclass(StoreFullError, StoreFault) and issubclass(StoreUnavailableError, StoreFault)
    assert issubclass(StoreLockedError, StoreFault)
