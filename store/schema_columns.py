"""Column names, kinds and keys of the nine data tables, as the store and importer need them.

Derived from the one declared schema, `pricing.tables.schema.TABLES` (prose: data/README.md).
"""

from __future__ import annotations

from pricing.tables.schema import TABLE_NAMES as _SCHEMA_TABLE_NAMES
from pricing.tables.schema import TABLES, ColumnKind

Kind = ColumnKind
Columns = tuple[tuple[str, Kind], ...]

TABLE_COLUMNS: dict[str, Columns] = {
    name: tuple((column.name, column.kind) for column in TABLES[name].columns) for name in _SCHEMA_TABLE_NAMES
}

# Key columns per table; an empty tuple means rows are matched by position.
TABLE_KEYS: dict[str, tuple[str, ...]] = {name: TABLES[name].key for name in _SCHEMA_TABLE_NAMES}

TABLE_NAMES: tuple[str, ...] = tuple(TABLE_COLUMNS)


def column_names(table: str) -> list[str]:
    """The expected columns of ``table`` in their documented order."""
    return [name for name, _ in TABLE_COLUMNS[table]]


def column_kinds(table: str) -> dict[str, Kind]:
    """Map of column name to kind for ``table``."""
    return dict(TABLE_COLUMNS[table])
