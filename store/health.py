"""The SQLite store file's health: checked when it is opened, and copied to rotating backups.

- A store file of 0 bytes is not a new store: it is a store whose content is gone (a failed copy, a full disk),
  and opening it as new would hide that its history is lost; it is refused in one sentence.
- ``PRAGMA quick_check`` runs when the file is opened (a few milliseconds for the store's few MB). A damaged file
  may still answer some reads, but a write into it could be lost or make it worse, so writes are refused with
  one sentence that says where the newest backup is.
- A backup (SQLite's online backup API: a consistent copy even while others write) is taken before the store's
  tables are created or changed on open (a migration) and at most once a day while the store is written to; the
  newest ``KEEP_BACKUPS`` are kept in ``backups/`` beside the store file.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

BACKUP_FOLDER = "backups"
KEEP_BACKUPS = 7
BACKUP_EVERY_S = 24 * 3600


def backup_folder(store_file: Path) -> Path:
    return store_file.parent / BACKUP_FOLDER


def backups(store_file: Path) -> list[Path]:
    """The backups of ``store_file``, newest first (their names sort by time)."""
    folder = backup_folder(store_file)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{store_file.stem}-*.sqlite"), reverse=True)


def newest_backup_words(store_file: Path) -> str:
    """Where to go back to, in words: the newest backup, or that there is none."""
    found = backups(store_file)
    if not found:
        return f"no backup was found in {backup_folder(store_file)}"
    return f"the newest backup is {found[0]}"


def _read_only(store_file: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{store_file.resolve().as_uri()}?mode=ro", uri=True, timeout=5)


def quick_check(store_file: Path) -> str | None:
    """None when ``PRAGMA quick_check`` finds the file sound, else its first finding (one line)."""
    try:
        connection = _read_only(store_file)
    except sqlite3.Error as error:
        return str(error)
    try:
        rows = connection.execute("PRAGMA quick_check").fetchmany(3)
    except sqlite3.Error as error:
        return str(error)
    finally:
        connection.close()
    findings = [str(row[0]) for row in rows]
    return None if findings == ["ok"] else (findings[0].splitlines()[0] if findings else "no answer")


def take_backup(store_file: Path, reason: str, keep: int = KEEP_BACKUPS) -> Path:
    """Copy ``store_file`` with SQLite's backup API to ``backups/<stem>-<UTC time>-<reason>.sqlite``; keep the newest
    ``keep``. Raises sqlite3.Error or OSError when it cannot (the caller decides whether that stops it)."""
    folder = backup_folder(store_file)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{store_file.stem}-{stamp}-{reason}.sqlite"
    source = _read_only(store_file)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    for old in backups(store_file)[keep:]:
        old.unlink(missing_ok=True)
    return target


def backup_is_due(store_file: Path, every_s: float = BACKUP_EVERY_S) -> bool:
    """Whether the newest backup is older than ``every_s`` seconds (or there is none)."""
    found = backups(store_file)
    if not found:
        return True
    try:
        return time.time() - found[0].stat().st_mtime > every_s
    except OSError:
        return True


def table_names(store_file: Path) -> set[str]:
    """The tables the file holds now (empty when it cannot be read)."""
    try:
        connection = _read_only(store_file)
    except sqlite3.Error:
        return set()
    try:
        return {str(row[0]) for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return set()
    finally:
        connection.close()
