"""Import an uploaded CSV or Excel (.xlsx) file as one data table, with a report of what was found.

CSV text may be UTF-8 (with or without BOM), UTF-16 with BOM or Latin-1/cp1252;
the separator (comma, semicolon or tab) is sniffed from the header line.
Header names match the expected columns, or their friendly labels ("Region",
"Typical (GBP)"), ignoring case, spaces and underscores (:mod:`store.spreadsheets`);
with the tables in force given, options, regions and indications may be named by
id or by name in any case, and currency codes in any case. Cells are read by column kind (see :mod:`store.cells`); an
ambiguous number such as "1.200" follows the decimal mark its column shows,
else the one the file's other number columns show, else a comma in a
semicolon-separated file. Cells that cannot be read are left empty and
reported with their 1-based data row (the position in the resulting frame;
blank lines are skipped). Missing columns are added empty, unknown ones dropped.

Limits, checked before the work they bound: MAX_BYTES of file (a file object is read no further than that),
MAX_UNPACKED_BYTES of workbook once unzipped (a 100 KB .xlsx can unpack to gigabytes of cells), MAX_ROWS rows
and MAX_COLUMNS values in a row.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO
from xml.parsers import expat

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from store.cells import CellError, decimal_hint, parse_cell
from store.errors import ImportRejectedError
from store.frames import conform_frame
from store.schema_columns import TABLE_COLUMNS, Kind
from store.spreadsheets import currency_code, header_names, normal_header, reference_lookup, resolve_reference

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 6 * MAX_BYTES  # an .xlsx holding MAX_BYTES of CSV-like data unzips to about 6 times that
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000  # a table has at most a few dozen
SEPARATORS = (",", ";", "\t")
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_NUMERIC = ("number", "integer")
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class CellProblem:
    """A cell that could not be read: 1-based data row (0: the header), column name, why."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    """What an import found compared with what the table expects."""

    table: str
    file_format: str  # "csv" or "xlsx"
    encoding: str | None
    separator: str | None
    expected_columns: tuple[str, ...]
    found_columns: tuple[str, ...]
    missing_columns: tuple[str, ...]
    unknown_columns: tuple[str, ...]
    row_count: int
    problems: tuple[CellProblem, ...]

    @property
    def ok(self) -> bool:
        """True when every expected column was found and every cell could be read."""
        return not self.missing_columns and not self.problems

    def messages(self) -> list[str]:
        """The report as short sentences for the page."""
        lines = [f"Read {self.row_count} rows from a {self.file_format.upper()} file{self._how()}."]
        if self.missing_columns:
            lines.append("Missing columns (left empty): " + ", ".join(self.missing_columns) + ".")
        if self.unknown_columns:
            lines.append("Unknown columns (ignored): " + ", ".join(self.unknown_columns) + ".")
        lines += [f"Row {p.row}, {p.column}: {p.message}." for p in self.problems]
        return lines

    def _how(self) -> str:
        if self.separator is None:
            return ""
        return f" ({self.encoding}, {_SEPARATOR_NAMES[self.separator]}-separated)"


@dataclass(frozen=True)
class ImportResult:
    """The imported table (expected columns, in order, canonical dtypes) and its report."""

    frame: pd.DataFrame
    report: ImportReport


@dataclass(frozen=True)
class _Grid:
    header: list[Any]
    rows: list[list[Any]]
    file_format: str
    encoding: str | None = None
    separator: str | None = None


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name of CSV bytes."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _sniff_separator(text: str) -> str:
    """The separator that splits the header line into the most fields (comma on a tie)."""
    header = next((line for line in text.splitlines() if line.strip()), "")

    def fields(separator: str) -> int:
        try:
            return len(next(csv.reader([header], delimiter=separator), []))
        except csv.Error:  # e.g. one field longer than the csv module's limit: not this separator
            return 1

    return max(SEPARATORS, key=fields)


def _is_blank(row: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _limited(rows: Iterator[list[Any]], max_rows: int) -> list[list[Any]]:
    """Non-blank rows (header first); ImportRejectedError past ``max_rows`` data rows or MAX_COLUMNS values."""
    kept: list[list[Any]] = []
    for row in rows:
        if len(row) > MAX_COLUMNS:
            which = f"Data row {len(kept)}" if kept else "The header row"
            raise ImportRejectedError(
                f"{which} of the file has more than {MAX_COLUMNS:,} values; a table has a few dozen columns at most."
            )
        if _is_blank(row):
            continue
        if len(kept) > max_rows:
            raise ImportRejectedError(f"The file has more than {max_rows:,} rows, the most one import can take.")
        kept.append(row)
    if not kept:
        raise ImportRejectedError("The file has no header row and no data.")
    return kept


def _read_csv(data: bytes, max_rows: int) -> _Grid:
    text, encoding = _decode(data)
    separator = _sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        rows = _limited(reader, max_rows)
    except csv.Error as error:
        raise ImportRejectedError(f"Line {reader.line_num} of the file cannot be read as CSV ({error}).") from None
    return _Grid(rows[0], rows[1:], "csv", encoding, separator)


def _xlsx_rows(data: bytes, table: str, max_rows: int) -> list[list[Any]]:
    """Rows of the sheet named like ``table`` (any case), else of the first sheet."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = next((ws for ws in workbook.worksheets if ws.title.strip().lower() == table), workbook.worksheets[0])
        return _limited((list(row) for row in sheet.iter_rows(values_only=True)), max_rows)
    finally:
        workbook.close()


def _check_sheet_shape(archive: zipfile.ZipFile, path: str, max_rows: int) -> None:
    """Refuse a sheet with a row wider than MAX_COLUMNS cells or more than ``max_rows`` + 1 rows, by a streaming
    count of its XML elements that stops at the first row too many and keeps nothing: openpyxl reads a whole
    sheet to find its size when the sheet does not state it, and builds every cell of a row at once (a 100 KB
    workbook with one row of two million cells took 1.2 GB and over a minute)."""
    counts = {"rows": 0, "width": 0}

    def start(name: str, _attributes: Any) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            counts["rows"] += 1
            counts["width"] = 0
            if counts["rows"] > max_rows + 1:
                raise ImportRejectedError(f"The file has more than {max_rows:,} rows, the most one import can take.")
        elif local == "c":
            counts["width"] += 1
            if counts["width"] > MAX_COLUMNS:
                raise ImportRejectedError(
                    f"Row {counts['rows']} of the sheet has more than {MAX_COLUMNS:,} cells; a "
                    "table has a few dozen columns at most."
                )

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with archive.open(path) as sheet:
        parser.ParseFile(sheet)


def _check_workbook(data: bytes, max_rows: int) -> None:
    """Refuse a workbook whose parts unzip to more than MAX_UNPACKED_BYTES (the sizes its directory declares,
    which unzipping enforces: a part longer than declared is an error) or that has a sheet of the wrong shape."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportRejectedError(
                f"The workbook unpacks to {unpacked / 1_048_576:,.0f} MB, more than the "
                f"{MAX_UNPACKED_BYTES / 1_048_576:g} MB an import can take; save it as CSV "
                "or split it."
            )
        for name in archive.namelist():
            if _SHEET_PART.fullmatch(name):
                _check_sheet_shape(archive, name, max_rows)


def _read_xlsx(data: bytes, table: str, max_rows: int) -> _Grid:
    try:
        _check_workbook(data, max_rows)
        rows = _xlsx_rows(data, table, max_rows)
    except ImportRejectedError:
        raise
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        IndexError,
        OSError,
        ValueError,
        SyntaxError,
        expat.ExpatError,
    ):
        raise ImportRejectedError("The file is not a readable Excel (.xlsx) workbook.") from None
    return _Grid(rows[0], rows[1:], "xlsx")


def _too_large(size: float, max_bytes: int) -> ImportRejectedError:
    return ImportRejectedError(
        f"The file is {size / 1_048_576:.1f} MB, more than the {max_bytes / 1_048_576:g} MB an import can take."
    )


def _read_limited(file: BinaryIO, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of an open binary file; ImportRejectedError (naming its size) if it holds more."""
    data = file.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return data
    try:
        size = os.fstat(file.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        size = max_bytes + 1
    raise _too_large(size, max_bytes)


def _read_grid(data: bytes, table: str, max_bytes: int, max_rows: int) -> _Grid:
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    if not data.strip():
        raise ImportRejectedError("The file is empty.")
    if data.startswith(_XLS_MAGIC):
        raise ImportRejectedError("Old Excel (.xls) files cannot be read; save the sheet as .xlsx or CSV.")
    if data.startswith(_XLSX_MAGIC):
        return _read_xlsx(data, table, max_rows)
    return _read_csv(data, max_rows)


def _match_columns(header: list[Any], table: str) -> tuple[dict[str, int], list[str], list[CellProblem]]:
    """Expected column -> position in the file, unknown header names, duplicate-column problems."""
    expected = header_names(table)
    positions: dict[str, int] = {}
    unknown: list[str] = []
    problems: list[CellProblem] = []
    for index, raw in enumerate(header):
        name = expected.get(normal_header(raw))
        if name is None:
            if not _is_blank([raw]):
                unknown.append(str(raw).strip())
        elif name in positions:
            problems.append(CellProblem(0, name, "the column appears twice; the first one was used"))
        else:
            positions[name] = index
    return positions, unknown, problems


def _file_hint(grid: _Grid, table: str, positions: dict[str, int]) -> str | None:
    """The decimal mark the file's number cells show, else a comma for semicolon files."""
    numeric = [positions[name] for name, kind in TABLE_COLUMNS[table] if kind in _NUMERIC and name in positions]
    hint = decimal_hint(row[i] for row in grid.rows for i in numeric if i < len(row))
    return hint or ("," if grid.separator == ";" else None)


def _read_column(
    values: list[Any], name: str, kind: Kind, file_hint: str | None
) -> tuple[list[Any], list[CellProblem]]:
    """Parsed cells of one column; a column's own decimal mark wins over the file's."""
    hint = (decimal_hint(values) or file_hint) if kind in _NUMERIC else None
    parsed: list[Any] = []
    problems: list[CellProblem] = []
    for number, value in enumerate(values, start=1):
        try:
            parsed.append(parse_cell(value, kind, hint))
        except CellError as error:
            parsed.append(None)
            problems.append(CellProblem(number, name, str(error)))
    return parsed, problems


def _extra_value_problems(grid: _Grid) -> list[CellProblem]:
    width = len(grid.header)
    return [
        CellProblem(number, "", f"the row has more values than the header has columns; {len(row) - width} ignored")
        for number, row in enumerate(grid.rows, start=1)
        if not _is_blank(row[width:])
    ]


def _resolve_references(
    table: str, name: str, values: list[Any], tables: Mapping[str, pd.DataFrame]
) -> tuple[list[Any], list[CellProblem]]:
    """A text column's cells with ids named by id or name resolved (and currency codes in capitals)."""
    if name == "currency":
        return [currency_code(v) if isinstance(v, str) else v for v in values], []
    lookup = reference_lookup(table, name, tables)
    if lookup is None:
        return values, []
    what = name.removesuffix("_id")
    resolved: list[Any] = []
    problems: list[CellProblem] = []
    for number, value in enumerate(values, start=1):
        text = str(value or "")
        found = "all" if table == "safety" and text.strip().lower() == "all" else resolve_reference(text, lookup)
        if found is None:
            problems.append(CellProblem(number, name, f'there is no {what} "{text[:40]}" (by id or by name)'))
            found = text
        resolved.append(found)
    return resolved, problems


def import_table(
    table: str,
    data: bytes | BinaryIO,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    references: Mapping[str, pd.DataFrame] | None = None,
) -> ImportResult:
    """Read CSV or .xlsx ``data`` (bytes, or a binary file read no further than ``max_bytes``) as ``table``;
    ImportRejectedError if the file cannot be used at all. ``references``, the tables in force, lets options,
    regions and indications be given by name (an unknown one is a located problem)."""
    if table not in TABLE_COLUMNS:
        raise ImportRejectedError(f"There is no data table called {table!r}.")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        data = _read_limited(data, max_bytes)
    grid = _read_grid(bytes(data), table, max_bytes, max_rows)
    positions, unknown, problems = _match_columns(grid.header, table)
    file_hint = _file_hint(grid, table, positions)
    columns: dict[str, list[Any]] = {}
    for name, kind in TABLE_COLUMNS[table]:
        index = positions.get(name)
        raw = [row[index] if index is not None and index < len(row) else None for row in grid.rows]
        columns[name], column_problems = _read_column(raw, name, kind, file_hint) if index is not None else (raw, [])
        problems += column_problems
        if index is not None and kind == "text":
            columns[name], column_problems = _resolve_references(table, name, columns[name], references or {})
            problems += column_problems
    problems += _extra_value_problems(grid)
    expected = tuple(name for name, _ in TABLE_COLUMNS[table])
    report = ImportReport(
        table=table,
        file_format=grid.file_format,
        encoding=grid.encoding,
        separator=grid.separator,
        expected_columns=expected,
        found_columns=tuple(str(h).strip() for h in grid.header if not _is_blank([h])),
        missing_columns=tuple(name for name in expected if name not in positions),
        unknown_columns=tuple(unknown),
        row_count=len(grid.rows),
        problems=tuple(
            sorted(problems, key=lambda p: (p.row, expected.index(p.column) if p.column in expected else -1))
        ),
    )
    return ImportResult(conform_frame(table, pd.DataFrame(columns, columns=list(expected))), report)
