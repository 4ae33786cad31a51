"""Two editors at once: conflicts, forced saves, a real two-process race, a crash mid-save."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from store import ConflictError, Database, TableStore

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("crash_worker.py")


def bump(frame: pd.DataFrame, amount: float) -> pd.DataFrame:
    return frame.assign(price_typical=frame["price_typical"] + amount)


def test_second_editor_gets_a_conflict_naming_who_when_and_which(
    store: TableStore, store_url: str, defaults_dir: Path
) -> None:
    other = TableStore(Database(store_url), defaults_dir=defaults_dir, author="bob")
    mine, theirs = store.current("prices"), other.current("prices")
    other.save_table("prices", bump(theirs.frame, 1), base_version=theirs.version_no)
    with pytest.raises(ConflictError) as caught:
        store.save_table("prices", bump(mine.frame, 2), base_version=mine.version_no)
    error = caught.value
    assert (error.table, error.version_no, error.author, error.base_version) == ("prices", 2, "bob", 1)
    assert str(error).startswith("bob saved version 2 of prices at ") and "\n" not in str(error)
    assert store.current("prices").version_no == 2  # nothing was written
    forced = store.save_table("prices", bump(mine.frame, 2), base_version=mine.version_no, force=True)
    assert forced.version_no == 3 and forced.rows_changed == 3
    other.db.dispose()


def test_restore_and_reset_check_the_base_version_when_given(store: TableStore) -> None:
    store.save_table("prices", bump(store.current("prices").frame, 1), base_version=1)
    with pytest.raises(ConflictError):
        store.restore("prices", 1, base_version=1)
    with pytest.raises(ConflictError):
        store.reset_to_defaults("prices", base_version=1)
    assert store.restore("prices", 1, base_version=2).version_no == 3


def test_a_lost_insert_race_is_reported_as_a_conflict(store: TableStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unique (table, version) constraint catches a writer that read a stale latest version."""
    frame = store.current("prices").frame
    store.save_table("prices", bump(frame, 1), base_version=1)
    stale_row, real_latest = store._row("prices", 1), TableStore._latest

    def stale_latest(conn, table, *, content):  # the write path reads with content
        return stale_row if content else real_latest(conn, table, content=content)

    monkeypatch.setattr(TableStore, "_latest", staticmethod(stale_latest))
    with pytest.raises(ConflictError) as caught:
        store.save_table("prices", bump(frame, 2), base_version=1)
    assert caught.value.version_no == 2
    monkeypatch.undo()
    assert [v.version_no for v in store.history("prices")] == [2, 1]


def test_a_forced_save_that_loses_the_insert_race_tries_again(
    store: TableStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = store.current("prices").frame
    store.save_table("prices", bump(frame, 1), base_version=1)
    stale_rows, real_latest = [store._row("prices", 1)], TableStore._latest

    def stale_once(conn, table, *, content):
        return stale_rows.pop() if content and stale_rows else real_latest(conn, table, content=content)

    monkeypatch.setattr(TableStore, "_latest", staticmethod(stale_once))
    assert store.save_table("prices", bump(frame, 2), base_version=1, force=True).version_no == 3


def _race(url: str, defaults_dir: str, barrier, results, name: str) -> None:
    store = TableStore(Database(url), defaults_dir=defaults_dir, author=name)
    current = store.current("prices")
    barrier.wait(timeout=30)
    try:
        info = store.save_table("prices", bump(current.frame, 1), base_version=current.version_no, note=name)
        results.put(("saved", info.version_no))
    except ConflictError as error:
        results.put(("conflict", error.version_no))
    except Exception as error:  # reported to the parent, which fails the test
        results.put(("error", repr(error)))


def test_two_processes_saving_at_once_never_both_get_the_next_version(
    store: TableStore, store_url: str, defaults_dir: Path
) -> None:
    """The racers also open the empty store together: tables and defaults are created exactly once."""
    context = multiprocessing.get_context("fork")
    racers = 3
    barrier, results = context.Barrier(racers), context.Queue()
    processes = [
        context.Process(target=_race, args=(store_url, str(defaults_dir), barrier, results, f"p{i}"))
        for i in range(racers)
    ]
    for process in processes:
        process.start()
    outcomes = sorted(results.get(timeout=30) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    assert outcomes == [("conflict", 2)] * (racers - 1) + [("saved", 2)], outcomes
    assert [(v.version_no, v.action) for v in store.history("prices")] == [(2, "save"), (1, "defaults")]


@pytest.mark.slow
def test_a_crash_in_the_middle_of_a_save_leaves_the_previous_version_intact(
    store: TableStore, store_url: str, defaults_dir: Path, tmp_path: Path
) -> None:
    rows, marker = 20_000, tmp_path / "inside-transaction"
    store.current("prices")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), store_url, str(defaults_dir), str(marker), str(rows)], env=env
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), f"the worker ended early with code {worker.returncode}"
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)

    reopened = TableStore(Database(store_url), defaults_dir=defaults_dir)
    latest = reopened.current("prices")
    assert latest.version_no == 3 and latest.info.note == "iteration 2"
    assert len(latest.frame) == rows and set(latest.frame["price_low"]) == {2.0}
    assert [v.version_no for v in reopened.history("prices")] == [3, 2, 1]
    if reopened.db.is_sqlite:
        with reopened.db.reading() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    reopened.db.dispose()
