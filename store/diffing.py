"""Row-by-row comparison of two versions of a table, matched by the table's key."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from store.frames import JsonValue, TableContent

POSITION_KEY = ("row",)  # key name shown when rows are matched by position


class CellChange(NamedTuple):
    """One changed cell: column, value before, value after."""

    column: str
    old: JsonValue
    new: JsonValue


class RowChange(NamedTuple):
    """A row present in both versions whose cells differ."""

    key: tuple[JsonValue, ...]
    cells: tuple[CellChange, ...]


class DiffCounts(NamedTuple):
    """How many rows were added, changed and removed."""

    added: int
    changed: int
    removed: int


@dataclass(frozen=True)
class TableDiff:
    """Changes from an old version to a new one.

    Rows are matched by ``key_columns`` (or by 1-based position, shown as
    ``("row",)``); a key that occurs more than once gets its occurrence number
    appended. Cells are compared on the columns both versions have.
    """

    key_columns: tuple[str, ...]
    added: tuple[dict[str, JsonValue], ...]
    removed: tuple[dict[str, JsonValue], ...]
    changed: tuple[RowChange, ...]
    columns_added: tuple[str, ...]
    columns_removed: tuple[str, ...]

    @property
    def counts(self) -> DiffCounts:
        return DiffCounts(len(self.added), len(self.changed), len(self.removed))

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.columns_added or self.columns_removed)


def _keyed_rows(
    content: TableContent, key_columns: tuple[str, ...]
) -> dict[tuple[JsonValue, ...], tuple[JsonValue, ...]]:
    """Rows by key (a repeated key gets its repeat count appended); by 1-based position when ``key_columns`` is
    empty."""
    positions = [content.columns.index(name) for name in key_columns]
    seen: Counter[tuple[JsonValue, ...]] = Counter()
    keyed: dict[tuple[JsonValue, ...], tuple[JsonValue, ...]] = {}
    for number, row in enumerate(content.rows, start=1):
        key = tuple(row[i] for i in positions) if positions else (number,)
        seen[key] += 1
        keyed[key if seen[key] == 1 else (*key, seen[key])] = row
    return keyed


def diff_contents(old: TableContent, new: TableContent, key_columns: tuple[str, ...]) -> TableDiff:
    """The changes that turn ``old`` into ``new``."""
    usable = all(c in old.columns and c in new.columns for c in key_columns)
    keys = key_columns if usable else ()
    old_rows, new_rows = _keyed_rows(old, keys), _keyed_rows(new, keys)
    pairs = [(c, old.columns.index(c), i) for i, c in enumerate(new.columns) if c in old.columns]
    same_layout = old.columns == new.columns
    changed = []
    for key, row in new_rows.items():
        before = old_rows.get(key)
        if before is None or (same_layout and before == row):
            continue
        cells = tuple(CellChange(c, before[i], row[j]) for c, i, j in pairs if before[i] != row[j])
        if cells:
            changed.append(RowChange(key, cells))
    return TableDiff(
        key_columns=keys or POSITION_KEY,
        added=tuple(dict(zip(new.columns, row, strict=True)) for key, row in new_rows.items() if key not in old_rows),
        removed=tuple(dict(zip(old.columns, row, strict=True)) for key, row in old_rows.items() if key not in new_rows),
        changed=tuple(changed),
        columns_added=tuple(c for c in new.columns if c not in old.columns),
        columns_removed=tuple(c for c in old.columns if c not in new.columns),
    )


def added_counts(content: TableContent) -> DiffCounts:
    """Counts for a first version: every row is added."""
    return DiffCounts(len(content.rows), 0, 0)
