"""Twenty editors at once against one SQLite file: half on the same table, half on other tables and scenarios,
as separate processes and as threads sharing one store (which is how the Streamlit server serves its sessions).

No lost update: every editor appends its own mark to one cell of what it loaded and saves on the version it
loaded; a conflict makes it reload and try again, as the Price tables view offers. At the end the cell holds
every mark of every save that succeeded, in version order, versions are 1..n without a gap, each saved version
holds exactly what its editor saved, and SQLite's integrity check passes.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from hardening.hostile import DATA
from store import ConflictError, Database, ScenarioStore, StoreLockedError, TableStore

EDITORS = 20
SAVES_EACH = 3
SHARED = "prices"
OWN_TABLES = ("options", "indications", "sessions", "regions", "packages", "devices", "fx", "safety")
DEADLINE_S = 120


def _mark_cell(table: str) -> tuple[str, int]:
    return "note", 0


RETRIES = multiprocessing.get_context("fork").Value("i", 0)  # conflicts and busy answers, over all editors


def _edit(store: TableStore, table: str, mark: str) -> tuple[int, str]:
    """Load the newest version, append ``mark`` to its first note, save on it; reload and retry on a conflict."""
    column, row = _mark_cell(table)
    deadline = time.monotonic() + DEADLINE_S
    while True:
        current = store.current(table)
        frame = current.frame.copy()
        frame.loc[row, column] = f"{frame.loc[row, column]}|{mark}"
        try:
            info = store.save_table(table, frame, base_version=current.version_no, note=mark)
            return info.version_no, frame.loc[row, column]
        except (ConflictError, StoreLockedError):
            with RETRIES.get_lock():
                RETRIES.value += 1
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _editor(url: str, name: str, table: str) -> list[tuple[str, int, str, str]]:
    """One editor's saves: (table, version, mark, the cell it saved)."""
    store = TableStore(Database(url, busy_timeout_ms=10_000), defaults_dir=DATA, author=name)
    done = []
    for i in range(SAVES_EACH):
        mark = f"{name}#{i}"
        if table == "scenarios":
            ScenarioStore(store.db).save(f"Scenario of {name}", {"mark": mark, "region": "US"}, overwrite=True)
            done.append(("scenarios", i + 1, mark, mark))
        else:
            version, cell = _edit(store, table, mark)
            done.append((table, version, mark, cell))
    store.db.dispose()
    return done


def _assignments() -> list[tuple[str, str]]:
    """Ten editors on the shared table, the others on their own tables and on scenarios."""
    others = [*OWN_TABLES, "scenarios", "scenarios"]
    return [(f"e{i}", SHARED if i < EDITORS // 2 else others[i - EDITORS // 2]) for i in range(EDITORS)]


def _process_editor(url: str, name: str, table: str, results: Any) -> None:
    try:
        results.put(("ok", _editor(url, name, table)))
    except BaseException as error:  # reported to the parent, which fails the test
        results.put(("error", f"{name}: {error!r}"))


def _check(path: Path, url: str, saves: list[tuple[str, int, str, str]]) -> None:
    store = TableStore(Database(url), defaults_dir=DATA)
    for table in {t for t, *_ in saves if t != "scenarios"}:
        history = store.history(table)
        numbers = sorted(v.version_no for v in history)
        assert numbers == list(range(1, len(numbers) + 1)), (table, numbers)
        mine = sorted((version, mark, cell) for t, version, mark, cell in saves if t == table)
        assert len(mine) == len(numbers) - 1  # every version after the shipped defaults is one editor's save
        for version, mark, cell in mine:  # each version holds exactly what its editor saved
            saved = store.get_version(table, version)
            column, row = _mark_cell(table)
            assert saved.info.note == mark and saved.frame.loc[row, column] == cell
        final = store.current(table).frame.loc[0, "note"]
        assert final.split("|")[1:] == [mark for _, mark, _ in mine]  # no lost update, in version order
    scenarios = {s.name for s in ScenarioStore(store.db).list_scenarios()}
    assert {f"Scenario of {name}" for name, table in _assignments() if table == "scenarios"} <= scenarios
    store.db.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.slow
def test_twenty_processes_editing_the_same_and_different_tables(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    url = f"sqlite:///{path}"
    RETRIES.value = 0
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=_process_editor, args=(url, name, table, results))
                 for name, table in _assignments()]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=DEADLINE_S * 2) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    errors = [detail for kind, detail in outcomes if kind == "error"]
    assert not errors, errors
    saves = [save for _, done in outcomes for save in done]
    assert len(saves) == EDITORS * SAVES_EACH
    assert RETRIES.value > 0, "no editor ever met another's save: the test did not test concurrency"
    _check(path, url, saves)


@pytest.mark.slow
def test_twenty_threads_sharing_one_store_like_the_server(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    url = f"sqlite:///{path}"
    shared = TableStore(Database(url, busy_timeout_ms=10_000), defaults_dir=DATA)
    saves: list[tuple[str, int, str, str]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(name: str, table: str) -> None:
        try:
            done = []
            for i in range(SAVES_EACH):
                mark = f"{name}#{i}"
                if table == "scenarios":
                    ScenarioStore(shared.db).save(f"Scenario of {name}", {"mark": mark}, overwrite=True)
                    done.append(("scenarios", i + 1, mark, mark))
                else:
                    version, cell = _edit(shared, table, mark)
                    done.append((table, version, mark, cell))
            with lock:
                saves.extend(done)
        except BaseException as error:
            with lock:
                errors.append(f"{name}: {error!r}")

    threads = [threading.Thread(target=run, args=assignment) for assignment in _assignments()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE_S * 2)
    assert not errors, errors
    assert len(saves) == EDITORS * SAVES_EACH
    shared.db.dispose()
    _check(path, url, saves)


@pytest.mark.parametrize("editors", [2])
def test_a_conflict_names_who_saved_first_and_keeps_both_versions(tmp_path: Path, editors: int) -> None:
    """The building block of the tests above, once, slowly: the second editor is told, and nothing is lost."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    alice = TableStore(Database(url), defaults_dir=DATA, author="alice")
    bob = TableStore(Database(url), defaults_dir=DATA, author="bob")
    mine, theirs = alice.current(SHARED), bob.current(SHARED)
    bob.save_table(SHARED, theirs.frame.assign(note="bob"), base_version=theirs.version_no)
    with pytest.raises(ConflictError, match="^bob saved version 2 of prices"):
        alice.save_table(SHARED, mine.frame.assign(note="alice"), base_version=mine.version_no)
    forced = alice.save_table(SHARED, mine.frame.assign(note="alice"), base_version=mine.version_no, force=True)
    assert forced.version_no == 3
    assert set(alice.get_version(SHARED, 2).frame["note"]) == {"bob"}
    assert pd.Series(alice.current(SHARED).frame["note"]).eq("alice").all()
    alice.db.dispose()
    bob.db.dispose()
