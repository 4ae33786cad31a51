"""Versioned data tables: every save, restore and reset adds a version; nothing is overwritten."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, exc, func, insert, select

from store.db_tables import AnyRow
from store.db_tables import table_versions as tv
from store.diffing import DiffCounts, TableDiff, added_counts, diff_contents
from store.engine import Database
from store.errors import (
    ConflictError,
    DefaultsMissingError,
    InvalidRequestError,
    NotFoundError,
)
from store.frames import (
    TableContent,
    conform_frame,
    content_from_json,
    content_to_frame,
    content_to_json,
    frame_to_content,
    read_default_csv,
)
from store.schema_columns import TABLE_KEYS, TABLE_NAMES

DEFAULT_DEFAULTS_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULTS_NOTE = "shipped defaults"
DEFAULTS_AUTHOR = "costdash"
_INFO_COLUMNS = [column for column in tv.c if column.name != "content"]
_SAVE_ATTEMPTS = 3
MAX_AUTHOR_LENGTH = 200  # the author column's width


@dataclass(frozen=True)
class _Pending:
    """One new version about to be written."""

    table: str
    content: TableContent
    base_version: int | None
    action: str
    source: int | None = None


@dataclass(frozen=True)
class VersionInfo:
    """One entry of a table's history; counts are against the previous version by key."""

    table: str
    version_no: int
    saved_at: datetime
    author: str
    note: str
    action: str  # "defaults", "save", "restore" or "reset"
    source_version: int | None  # the version a restore copied
    row_count: int
    rows_added: int
    rows_changed: int
    rows_removed: int


@dataclass(frozen=True)
class TableVersion:
    """A version's entry and its content as a DataFrame."""

    info: VersionInfo
    frame: pd.DataFrame

    @property
    def version_no(self) -> int:
        return self.info.version_no


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _info(values: Mapping[Any, Any]) -> VersionInfo:
    return VersionInfo(
        table=values["table_name"],
        version_no=values["version_no"],
        saved_at=_utc(values["saved_at"]),
        author=values["author"],
        note=values["note"],
        action=values["action"],
        source_version=values["source_version"],
        row_count=values["row_count"],
        rows_added=values["rows_added"],
        rows_changed=values["rows_changed"],
        rows_removed=values["rows_removed"],
    )


def _conflict(latest: AnyRow, base_version: int | None) -> ConflictError:
    return ConflictError(latest.table_name, latest.version_no, latest.author, _utc(latest.saved_at), base_version)


def _check_table(table: str) -> None:
    if table not in TABLE_NAMES:
        raise InvalidRequestError(f"There is no data table called {table!r}.")


class TableStore:
    """Current data tables, their history, diffs, restores and resets.

    ``database`` is a :class:`Database`, a URL, or None for the configured
    default. A table with no version yet gets its shipped CSV from
    ``defaults_dir`` as version 1 on first use. ``author`` signs the versions
    saved without one of their own: a person's name, never the machine's
    user name (empty when nobody gave one; the history then says so).
    """

    def __init__(
        self,
        database: Database | str | None = None,
        *,
        defaults_dir: Path | str = DEFAULT_DEFAULTS_DIR,
        author: str | None = None,
    ) -> None:
        self.db = database if isinstance(database, Database) else Database(database)
        self.defaults_dir = Path(defaults_dir)
        self.author = clean_author(author)
        self._seeded: set[str] = set()
        self._seeded_generation = self.db.generation

    # -- reading ---------------------------------------------------------

    def current(self, table: str) -> TableVersion:
        """The newest version of ``table`` (loading the shipped defaults if it has none)."""
        return self._version(self._current_row(table))

    def tables(self, names: tuple[str, ...] = TABLE_NAMES) -> dict[str, TableVersion]:
        """The newest version of each named table."""
        return {name: self.current(name) for name in names}

    def current_versions(self) -> dict[str, int]:
        """Newest version number of every table that has one (no content is read)."""
        newest = func.max(tv.c.version_no).label("newest")
        query = select(tv.c.table_name, newest).group_by(tv.c.table_name)
        with self.db.reading() as conn:
            return {row.table_name: row.newest for row in conn.execute(query)}

    def history(self, table: str) -> list[VersionInfo]:
        """All versions of ``table``, newest first."""
        self._seed(table, required=False)
        query = select(*_INFO_COLUMNS).where(tv.c.table_name == table).order_by(tv.c.version_no.desc())
        with self.db.reading() as conn:
            return [_info(row._mapping) for row in conn.execute(query)]

    def get_version(self, table: str, version_no: int) -> TableVersion:
        """Version ``version_no`` of ``table``; NotFoundError if there is none."""
        return self._version(self._row(table, version_no))

    def diff(self, table: str, version_no: int, against: int | None = None) -> TableDiff:
        """Changes from version ``version_no`` to version ``against`` (default: the current one)."""
        old = content_from_json(self._row(table, version_no).content)
        newer = self._row(table, against) if against is not None else self._current_row(table)
        return diff_contents(old, content_from_json(newer.content), TABLE_KEYS[table])

    # -- writing ---------------------------------------------------------

    def save_table(
        self,
        table: str,
        frame: pd.DataFrame,
        *,
        base_version: int,
        note: str = "",
        author: str | None = None,
        force: bool = False,
    ) -> VersionInfo:
        """Save ``frame`` as a new version of ``table``.

        ``base_version`` is the version the editor loaded; if a newer one exists,
        ConflictError is raised unless ``force`` is true. The caller validates
        ``frame`` first.
        """
        _check_table(table)
        content = frame_to_content(conform_frame(table, frame))
        self._seed(table, required=False)
        return self._write(table, content, base_version, force, note=note, author=author, action="save")

    def save_tables(
        self,
        frames: Mapping[str, tuple[pd.DataFrame, int | None]],
        *,
        note: str = "",
        author: str | None = None,
        force: bool = False,
    ) -> list[VersionInfo]:
        """Save several tables in one transaction: ``frames`` maps a table to (frame, the version it started from;
        None: no check).

        Either every table gets its new version or none does (a conflict on any of them raises ConflictError and
        saves nothing), so an own price and the packages that follow it are never kept apart.
        """
        items = []
        for table, (frame, base_version) in frames.items():
            _check_table(table)
            self._seed(table, required=False)
            items.append(_Pending(table, frame_to_content(conform_frame(table, frame)), base_version, "save"))
        return self._write_many(items, force, note=note, author=author)

    def restore(
        self,
        table: str,
        version_no: int,
        *,
        base_version: int | None = None,
        note: str | None = None,
        author: str | None = None,
        force: bool = False,
    ) -> VersionInfo:
        """Save the content of version ``version_no`` as a new version."""
        content = content_from_json(self._row(table, version_no).content)
        note = note if note is not None else f"restored version {version_no}"
        return self._write(
            table, content, base_version, force, note=note, author=author, action="restore", source=version_no
        )

    def reset_to_defaults(
        self,
        table: str,
        *,
        base_version: int | None = None,
        note: str = "reset to shipped defaults",
        author: str | None = None,
        force: bool = False,
    ) -> VersionInfo:
        """Save the shipped defaults as a new version."""
        _check_table(table)
        content = frame_to_content(read_default_csv(self.defaults_dir, table))
        self._seed(table, required=False)
        return self._write(table, content, base_version, force, note=note, author=author, action="reset")

    # -- internals -------------------------------------------------------

    def _seed(self, table: str, *, required: bool) -> None:
        """Store the shipped defaults as version 1 if ``table`` has no version yet."""
        _check_table(table)
        if self._seeded_generation != self.db.generation:  # reopened (the file may be a new one): look again
            self._seeded.clear()
            self._seeded_generation = self.db.generation
        if table in self._seeded:
            return
        with self.db.reading() as conn:
            empty = self._latest(conn, table, content=False) is None
        if empty:
            try:
                frame = read_default_csv(self.defaults_dir, table)
            except DefaultsMissingError:
                if required:
                    raise
                return
            try:
                content = frame_to_content(frame)
                self._write(table, content, 0, False, note=DEFAULTS_NOTE, author=DEFAULTS_AUTHOR, action="defaults")
            except ConflictError:
                pass  # another process stored them first
        self._seeded.add(table)

    def _write(
        self,
        table: str,
        content: TableContent,
        base_version: int | None,
        force: bool,
        *,
        note: str,
        author: str | None,
        action: str,
        source: int | None = None,
    ) -> VersionInfo:
        """Insert the next version in one transaction; a lost race is a conflict (or a retry with ``force``)."""
        pending = _Pending(table, content, base_version, action, source)
        return self._write_many([pending], force, note=note, author=author)[0]

    def _write_many(self, items: list[_Pending], force: bool, *, note: str, author: str | None) -> list[VersionInfo]:
        """Insert the next version of each item's table in one transaction (all or none)."""
        for _ in range(_SAVE_ATTEMPTS):
            try:
                with self.db.writing() as conn:
                    rows = []
                    for item in items:
                        latest = self._latest(conn, item.table, content=True)
                        if latest is not None and not force and item.base_version not in (None, latest.version_no):
                            raise _conflict(latest, item.base_version)
                        rows.append(
                            self._new_row(
                                item.table,
                                item.content,
                                latest,
                                note=note,
                                author=author,
                                action=item.action,
                                source=item.source,
                            )
                        )
                    for values in rows:
                        conn.execute(insert(tv).values(values))
                return [_info(values) for values in rows]
            except exc.IntegrityError:
                if not force:
                    raise self._conflict_with_any(items) from None
        raise self._conflict_with_any(items)

    def _conflict_with_any(self, items: list[_Pending]) -> ConflictError:
        """The conflict with the first item's table that has a version newer than its base (after a lost race)."""
        for item in items:
            error = self._conflict_with_latest(item.table, item.base_version)
            if error.version_no != item.base_version:
                return error
        return self._conflict_with_latest(items[0].table, items[0].base_version)

    def _new_row(
        self,
        table: str,
        content: TableContent,
        latest: AnyRow | None,
        *,
        note: str,
        author: str | None,
        action: str,
        source: int | None,
    ) -> dict[str, Any]:
        """Column values of the version that follows ``latest``."""
        counts: DiffCounts = (
            diff_contents(content_from_json(latest.content), content, TABLE_KEYS[table]).counts
            if latest is not None
            else added_counts(content)
        )
        return {
            "table_name": table,
            "version_no": (latest.version_no if latest is not None else 0) + 1,
            "saved_at": datetime.now(UTC),
            "author": clean_author(author) if author is not None else self.author,
            "note": note,
            "action": action,
            "source_version": source,
            "row_count": len(content.rows),
            "rows_added": counts.added,
            "rows_changed": counts.changed,
            "rows_removed": counts.removed,
            "content": content_to_json(content),
        }

    def _conflict_with_latest(self, table: str, base_version: int | None) -> ConflictError:
        """The conflict with whatever version is newest now (after a lost insert race)."""
        with self.db.reading() as conn:
            latest = self._latest(conn, table, content=False)
        assert latest is not None  # a lost race means someone stored a version
        return _conflict(latest, base_version)

    @staticmethod
    def _latest(conn: Connection, table: str, *, content: bool) -> AnyRow | None:
        columns = [*_INFO_COLUMNS, tv.c.content] if content else _INFO_COLUMNS
        query = select(*columns).where(tv.c.table_name == table).order_by(tv.c.version_no.desc()).limit(1)
        return conn.execute(query).first()

    def _current_row(self, table: str) -> AnyRow:
        self._seed(table, required=True)
        with self.db.reading() as conn:
            row = self._latest(conn, table, content=True)
        assert row is not None  # _seed stored version 1 or raised
        return row

    def _row(self, table: str, version_no: int) -> AnyRow:
        _check_table(table)
        query = select(*_INFO_COLUMNS, tv.c.content).where(tv.c.table_name == table, tv.c.version_no == version_no)
        with self.db.reading() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise NotFoundError(f"{table} has no version {version_no}.")
        return row

    @staticmethod
    def _version(row: AnyRow) -> TableVersion:
        frame = content_to_frame(row.table_name, content_from_json(row.content))
        return TableVersion(_info(row._mapping), frame)


def clean_author(author: str | None) -> str:
    """An author's name as stored: spaces collapsed, no control characters, at most MAX_AUTHOR_LENGTH characters.

    >>> clean_author("  Dr  Ana\tLopez "), clean_author(None)
    ('Dr Ana Lopez', '')
    """
    text = " ".join("".join(c for c in str(author or "") if c.isprintable() or c.isspace()).split())
    return text[:MAX_AUTHOR_LENGTH]
