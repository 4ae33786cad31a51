"""Persistence of the dashboard's data tables and scenarios.

SQLite by default (``$COSTDASH_DATA_DIR/store.sqlite``), PostgreSQL when
``$COSTDASH_DATABASE_URL`` is set. Every save is a new version; see
:class:`TableStore`, :class:`ScenarioStore` and :class:`ShortLinkStore`. Import and export of CSV and
.xlsx files live in :mod:`store.importing` and :mod:`store.exporting`; the
import modes (update, append, replace) and their preview in
:mod:`store.import_modes`; the command line (`python -m store`) in :mod:`store.cli`.
"""

from store.diffing import CellChange, DiffCounts, RowChange, TableDiff
from store.engine import Database, default_sqlite_path, resolve_url
from store.errors import (
    ConflictError,
    DefaultsMissingError,
    DuplicateNameError,
    ImportRejectedError,
    InvalidRequestError,
    NotFoundError,
    NotOwnerError,
    StoreCorruptError,
    StoreError,
    StoreFault,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
)
from store.exporting import export_csv, export_xlsx, neutralise
from store.importing import CellProblem, ImportReport, ImportResult, import_table
from store.scenarios import ScenarioInfo, ScenarioStore
from store.schema_columns import (
    TABLE_COLUMNS,
    TABLE_KEYS,
    TABLE_NAMES,
    Kind,
    column_kinds,
    column_names,
)
from store.short_links import ShortLink, ShortLinkStore
from store.versions import TableStore, TableVersion, VersionInfo

__all__ = [
    "TABLE_COLUMNS",
    "TABLE_KEYS",
    "TABLE_NAMES",
    "CellChange",
    "CellProblem",
    "ConflictError",
    "Database",
    "DefaultsMissingError",
    "DiffCounts",
    "DuplicateNameError",
    "ImportRejectedError",
    "ImportReport",
    "ImportResult",
    "InvalidRequestError",
    "Kind",
    "NotFoundError",
    "NotOwnerError",
    "RowChange",
    "ScenarioInfo",
    "ScenarioStore",
    "ShortLink",
    "ShortLinkStore",
    "StoreCorruptError",
    "StoreError",
    "StoreFault",
    "StoreFullError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
    "TableDiff",
    "TableStore",
    "TableVersion",
    "VersionInfo",
    "column_kinds",
    "column_names",
    "default_sqlite_path",
    "export_csv",
    "export_xlsx",
    "import_table",
    "neutralise",
    "resolve_url",
]
