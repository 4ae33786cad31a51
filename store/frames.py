"""Conversions between DataFrames, stored JSON content and the shipped CSVs.

Stored content is JSON text ``{"columns": [...], "records": [{...}, ...]}``:
the column list keeps the order, each record is one row with JSON values.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from store.errors import DefaultsMissingError, InvalidRequestError
from store.schema_columns import TABLE_COLUMNS

JsonValue = str | int | float | bool | None


@dataclass(frozen=True)
class TableContent:
    """A table as plain values: column names and one tuple of JSON values per row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[JsonValue, ...], ...]


def jsonable(value: Any) -> JsonValue:
    """One cell as a JSON value: missing values become None, numpy scalars plain numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _as_text(value: Any) -> str:
    cell = jsonable(value)
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _as_number(series: pd.Series, integer: bool) -> pd.Series:
    try:
        numbers = pd.to_numeric(series).astype("float64")
    except (ValueError, TypeError):
        return series  # left as found; the caller's validation reports it
    whole = numbers.notna().all() and (numbers % 1 == 0).all()
    return numbers.astype("int64") if integer and whole else numbers


def conform_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with the canonical dtypes of ``table``'s known columns.

    Text, date and yes/no columns become ``str`` with "" for missing; numbers
    become float64; integers int64 (float64 when a value is missing).
    """
    result = frame.copy()
    for name, kind in TABLE_COLUMNS.get(table, ()):
        if name not in result.columns:
            continue
        if kind in ("number", "integer"):
            result[name] = _as_number(result[name], kind == "integer")
        else:
            result[name] = _as_text_column(result[name])
    return result


def _as_text_column(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.StringDtype):
        return series.fillna("").astype("str")
    if pd.api.types.infer_dtype(series, skipna=False) == "string":  # every cell already text: no per-cell work
        return series.astype("str")
    return pd.Series([_as_text(v) for v in series], index=series.index, dtype="str")


def _column_values(series: pd.Series) -> list[JsonValue]:
    """One column as JSON values, vectorised for the common dtypes."""
    if series.dtype.kind == "f":
        values = series.to_numpy()
        return [v if ok else None for v, ok in zip(values.tolist(), np.isfinite(values).tolist(), strict=True)]
    if series.dtype.kind in "iu":
        return series.tolist()
    if isinstance(series.dtype, pd.StringDtype):
        return [v if isinstance(v, str) else None for v in series.tolist()]
    return [jsonable(v) for v in series.tolist()]


def frame_to_content(frame: pd.DataFrame) -> TableContent:
    """The plain values of ``frame``; column names must be unique."""
    columns = tuple(str(name) for name in frame.columns)
    if len(set(columns)) != len(columns):
        raise InvalidRequestError("The table has two columns with the same name; rename one before saving.")
    values = [_column_values(frame.iloc[:, i]) for i in range(len(columns))]
    return TableContent(columns, tuple(zip(*values, strict=True)) if columns else ((),) * len(frame))


def content_to_frame(table: str, content: TableContent) -> pd.DataFrame:
    """A DataFrame of ``content`` with ``table``'s canonical dtypes."""
    frame = pd.DataFrame.from_records(list(content.rows), columns=list(content.columns))
    return conform_frame(table, frame)


def content_to_json(content: TableContent) -> str:
    """JSON text of records with the column order kept."""
    records = [dict(zip(content.columns, row, strict=True)) for row in content.rows]
    return json.dumps({"columns": list(content.columns), "records": records}, ensure_ascii=False, allow_nan=False)


def content_from_json(text: str) -> TableContent:
    """Inverse of :func:`content_to_json`."""
    data = json.loads(text)
    columns = tuple(data["columns"])
    rows = tuple(tuple(record.get(name) for name in columns) for record in data["records"])
    return TableContent(columns, rows)


def read_default_csv(defaults_dir: Path, table: str) -> pd.DataFrame:
    """The shipped ``<table>.csv`` from ``defaults_dir`` with canonical dtypes."""
    path = Path(defaults_dir) / f"{table}.csv"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise DefaultsMissingError(
            f"The shipped defaults for {table} cannot be read from {path}.", detail=str(exc)
        ) from exc
    return conform_frame(table, frame)
