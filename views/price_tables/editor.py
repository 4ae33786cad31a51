"""The grid of one price table: editor frames, filtered views, edits merged by row identity, typed columns, checks.

Plain functions over DataFrames (no session state, no store access), so the Price tables page stays
a thin shell and the rules are tested directly.

Frames in the editor ("editor frames") hold numbers as float64 (NaN when empty) and text as str or
None, in the schema's column order; their index is a row identity that survives filtering, so an edit
made in a filtered view lands on the same row of the full table and hidden rows are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from pricing.tables.schema import OPTION_FAMILIES, SAFETY_TOPICS, TABLES, ColumnSpec
from pricing.tables.validation import Problem, TableCheck, check_each_table, combine_table_checks, validate_table
from ui.table_drafts import table_label

FILTER_COLUMNS: tuple[str, ...] = ("region_id", "option_id")
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

_STEPS: dict[str, float] = {"units_per_usd": 0.000001, "apr_pct": 0.01, "discount_rate_pct": 0.01}
_MONEY_MAXIMUM = 1e12  # the bound pricing.tables.schema gives every money column
_TEXT_HELP = {
    "region_id": "Region (from the Regions table)",
    "option_id": "Treatment option (from the Treatment options table)",
    "indication_id": "Indication (from the Indications table)",
    "currency": "ISO 4217 currency code (from the Exchange rates table)",
    "family": "Group of the option: microneedling or fractional_laser",
    "topic": "Kind of caution: skin_type, contraindication or side_effect",
    "name": "Display name shown in the app",
    "modality_key": "The reference's key for the modality, e.g. CO2 or MN-pen",
    "unit": "What one price covers, e.g. per session, full face",
    "iso3": "ISO 3166-1 alpha-3 country code, for the world map",
    "device_id": "Identifier of the device, e.g. co2",
    "text": "The caution in plain words",
}
_OWN_KEY_HELP = {
    ("options", "option_id"): "Identifier of the option, e.g. co2; the other tables refer to it",
    ("regions", "region_id"): "Identifier of the region, e.g. US; prices and packages refer to it",
    ("indications", "indication_id"): "Identifier of the indication, e.g. acne_scars; sessions refer to it",
    ("fx", "currency"): "ISO 4217 currency code, e.g. EUR; USD must be present at 1",
}


# --- editor frames ------------------------------------------------------------------------------


def _is_numeric(spec: ColumnSpec) -> bool:
    return spec.kind in ("number", "integer")


def _text_cell(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = str(value)
    return text if text.strip() else None


def _number_cell(value: Any) -> float:
    if value is None or value is pd.NA or (isinstance(value, str) and not value.strip()):
        return np.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return np.nan


def editor_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (stored, canonical dtypes) as an editor frame with row identities 0..n-1."""
    columns: dict[str, pd.Series] = {}
    for spec in TABLES[table].columns:
        raw = frame[spec.name] if spec.name in frame.columns else pd.Series([None] * len(frame), dtype=object)
        values = list(raw)
        if _is_numeric(spec):
            columns[spec.name] = pd.Series([_number_cell(v) for v in values], dtype="float64")
        else:
            columns[spec.name] = pd.Series([_text_cell(v) for v in values], dtype=object)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))


# --- filtering and merging edits back -----------------------------------------------------------


def filter_columns(table: str) -> list[str]:
    """The columns a table can be filtered by (region, option)."""
    return [c for c in FILTER_COLUMNS if c in TABLES[table].column_names]


def filter_view(frame: pd.DataFrame, filters: Mapping[str, Sequence[str]]) -> tuple[pd.DataFrame, list[Any]]:
    """Rows matching every non-empty filter, re-indexed 0..k-1 for the editor, and their row identities."""
    mask = pd.Series(True, index=frame.index)
    for column, wanted in filters.items():
        if wanted and column in frame.columns:
            mask &= frame[column].isin(list(wanted))
    view = frame.loc[mask]
    return view.reset_index(drop=True), list(view.index)


PAGE_ROWS = 500  # rows the grid shows at once: a 50,000-row table opens in the browser in about a second


def page_count(rows: int, page_rows: int = PAGE_ROWS) -> int:
    """How many pages of `page_rows` rows `rows` rows fill (at least one)."""
    return max(1, -(-rows // page_rows))


def page_label(page: int, rows: int, page_rows: int = PAGE_ROWS) -> str:
    """'Rows 501-1,000 of 50,000' for 0-based `page`."""
    first = page * page_rows + 1
    return f"Rows {first:,}-{min(first + page_rows - 1, rows):,} of {rows:,}"


def page_view(
    view: pd.DataFrame, row_ids: Sequence[Any], page: int, page_rows: int = PAGE_ROWS
) -> tuple[pd.DataFrame, list[Any]]:
    """Rows of 0-based `page` of a filtered view (re-indexed 0..k-1 for the editor) and their row identities."""
    start = page * page_rows
    return view.iloc[start : start + page_rows].reset_index(drop=True), list(row_ids[start : start + page_rows])


def _cell(spec: ColumnSpec, value: Any) -> Any:
    return _number_cell(value) if _is_numeric(spec) else _text_cell(value)


def apply_edits(
    table: str,
    base: pd.DataFrame,
    row_ids: Sequence[Any],
    state: Mapping[str, Any] | None,
    fill: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """``base`` with the editor's pending edits applied, matched by row identity.

    ``state`` is the data editor's edit state for a view of ``base`` whose row at position i has
    identity ``row_ids[i]``: ``edited_rows`` {position: {column: value}}, ``deleted_rows`` [position],
    ``added_rows`` [{column: value}]. Rows outside the view are kept as they are. Added rows get new
    identities after the largest one; cells they leave empty take the value in ``fill`` (the filter's
    region or option when exactly one is chosen).
    """
    result = base.copy()
    if not state:
        return result
    specs = {spec.name: spec for spec in TABLES[table].columns}
    for position, cells in (state.get("edited_rows") or {}).items():
        position = int(position)
        if not 0 <= position < len(row_ids):
            continue
        for column, value in cells.items():
            if column in specs:
                result.at[row_ids[position], column] = _cell(specs[column], value)
    deleted = [row_ids[int(p)] for p in state.get("deleted_rows") or [] if 0 <= int(p) < len(row_ids)]
    result = result.drop(index=deleted)
    added = [row for row in state.get("added_rows") or [] if isinstance(row, Mapping)]
    if added:
        records = []
        for row in added:
            record = {name: _cell(spec, row.get(name)) for name, spec in specs.items()}
            for column, value in (fill or {}).items():
                if column in record and record[column] is None:
                    record[column] = value
            records.append(record)
        result = _appended(result, editor_frame(table, pd.DataFrame.from_records(records, columns=list(specs))), base)
    return result


def has_edits(state: Mapping[str, Any] | None) -> bool:
    """True when an editor's edit state holds any change."""
    return state is not None and any(state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def append_rows(table: str, current: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``current`` (an editor frame) with ``rows`` (any frame of the table) added at the end, new identities."""
    return _appended(current, editor_frame(table, rows), current)


def _appended(frame: pd.DataFrame, extra: pd.DataFrame, numbered_after: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the editor frame ``extra`` at the end, its identities after the largest of ``numbered_after``."""
    start = int(max(numbered_after.index, default=-1)) + 1
    extra.index = pd.RangeIndex(start, start + len(extra))
    return pd.concat([frame, extra]) if len(frame) else extra


# --- marking edited cells -------------------------------------------------------------------------

MARK_COLUMN = "✎ edited"  # a read-only first column of the grid: the cells changed since the loaded version


def _mark_value(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "(empty)"
    if isinstance(value, float):
        return _num(value) if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value) if len(str(value)) <= 24 else f"{str(value)[:23]}…"


def edited_marks(loaded: pd.DataFrame, base: pd.DataFrame) -> pd.Series:
    """Per row of ``base`` (an editor frame, by row identity): the cells that differ from ``loaded``
    ('price_typical 950 → 1,000'), 'new row' for a row ``loaded`` does not have, None for an unchanged row."""
    marks = pd.Series([None] * len(base), index=base.index, dtype=object)
    common = base.index.intersection(loaded.index)
    columns = [c for c in base.columns if c in loaded.columns]
    before, after = loaded.loc[common, columns], base.loc[common, columns]
    differs = (before != after) & ~(before.isna() & after.isna())
    for row_id in common[differs.any(axis=1).to_numpy()]:
        cells = [c for c in columns if differs.at[row_id, c]]
        marks[row_id] = "; ".join(
            f"{c} {_mark_value(before.at[row_id, c])} → {_mark_value(after.at[row_id, c])}" for c in cells
        )
    marks[base.index.difference(loaded.index)] = "new row"
    return marks


def with_marks(view: pd.DataFrame, marks: pd.Series, row_ids: Sequence[Any]) -> pd.DataFrame:
    """The editor's view with MARK_COLUMN first: the marks of its rows (``row_ids``: their identities)."""
    marked = view.copy()
    marked.insert(0, MARK_COLUMN, marks.reindex(list(row_ids)).to_numpy())
    return marked


# --- typed editor columns -------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _bounds(spec: ColumnSpec) -> str:
    """'0 to 365', 'more than 0, up to 30', '0 or more' (money has no practical upper bound)."""
    if spec.minimum is None:
        return "" if spec.maximum is None else f"up to {_num(spec.maximum)}"
    if spec.maximum is None or spec.maximum == _MONEY_MAXIMUM:
        return f"more than {_num(spec.minimum)}" if spec.minimum_exclusive else f"{_num(spec.minimum)} or more"
    if spec.minimum_exclusive:
        return f"more than {_num(spec.minimum)}, up to {_num(spec.maximum)}"
    return f"{_num(spec.minimum)} to {_num(spec.maximum)}"


def _is_money(spec: ColumnSpec) -> bool:
    return spec.kind == "number" and spec.maximum == _MONEY_MAXIMUM


def column_help(table: str, spec: ColumnSpec) -> str:
    """Help text of an editor column: what it holds, its unit, its bounds, whether it may be empty."""
    if spec.kind == "yesno":
        text = "Yes when a value in the row is an estimate rather than a sourced figure"
    else:
        text = (
            _OWN_KEY_HELP.get((table, spec.name))
            or spec.help
            or _TEXT_HELP.get(spec.name)
            or spec.name.replace("_", " ")
        ).rstrip(".")
        if (table, spec.name) == ("safety", "option_id"):
            text += "; 'all' means every option"
        text = text[0].upper() + text[1:]
    if _is_money(spec):
        text += ", in the row's currency"
    if spec.kind == "integer":
        text += ", a whole number"
    if bounds := _bounds(spec):
        text += f" ({bounds})"
    text += "."
    if spec.kind == "date" and "YYYY" not in text:
        text += " Write it as YYYY-MM-DD."
    if spec.name in TABLES[table].key:
        text += " Part of the row's key: no two rows may share it."
    return text + (" Required." if spec.required else " May be left empty.")


def _step(spec: ColumnSpec) -> float:
    if spec.kind == "integer":
        return 1
    return _STEPS.get(spec.name, 0.01)


def _choices(values: Iterable[Any], present: Iterable[Any]) -> list[str]:
    """Allowed values first, then any other value already in the column (so it still shows)."""
    ordered = [str(v) for v in values if v is not None and str(v).strip()]
    extra = sorted({str(v) for v in present if v is not None and str(v).strip()} - set(ordered))
    return list(dict.fromkeys([*ordered, *extra]))


def reference_values(tables: Mapping[str, pd.DataFrame]) -> dict[str, list[str]]:
    """Allowed values of the reference columns, from the tables in force."""

    def column(table: str, name: str) -> list[str]:
        frame = tables.get(table)
        return [] if frame is None or name not in frame else [str(v) for v in frame[name] if _text_cell(v)]

    return {
        "region_id": column("regions", "region_id"),
        "option_id": column("options", "option_id"),
        "indication_id": column("indications", "indication_id"),
        "currency": column("fx", "currency"),
        "family": list(OPTION_FAMILIES),
        "topic": list(SAFETY_TOPICS),
        "estimate": ["yes", "no"],
    }


def column_config(table: str, references: Mapping[str, list[str]], frame: pd.DataFrame | None = None) -> dict[str, Any]:
    """``st.data_editor`` column configuration built from the declared schema.

    Numbers get min/max/step/format and a help text with the unit; reference columns (region, option,
    indication, currency, family, topic) and estimate are select boxes of the allowed values.
    """
    config: dict[str, Any] = {
        MARK_COLUMN: st.column_config.TextColumn(
            MARK_COLUMN,
            disabled=True,
            pinned=True,
            help="The cells you changed in this row since the version you loaded (before → now), kept until you "
            "save or discard them; 'new row' for a row you added.",
        )
    }
    for spec in TABLES[table].columns:
        help_text = column_help(table, spec)
        present: Iterable[Any] = frame[spec.name] if frame is not None and spec.name in frame else []
        if _is_numeric(spec):
            config[spec.name] = st.column_config.NumberColumn(
                spec.name,
                help=help_text,
                min_value=spec.minimum,
                max_value=spec.maximum,
                step=_step(spec),
                format="%d" if spec.kind == "integer" else ("localized" if _is_money(spec) else "plain"),
            )
        elif spec.name in references and (table, spec.name) not in _OWN_KEY_HELP:
            allowed = list(references[spec.name]) + (["all"] if (table, spec.name) == ("safety", "option_id") else [])
            config[spec.name] = st.column_config.SelectboxColumn(
                spec.name, help=help_text, options=_choices(allowed, present)
            )
        elif spec.kind == "date":
            config[spec.name] = st.column_config.TextColumn(spec.name, help=help_text, validate=DATE_PATTERN)
        else:
            config[spec.name] = st.column_config.TextColumn(spec.name, help=help_text)
    return config


# --- checking edits -----------------------------------------------------------------------------------


def edit_problems(
    table: str,
    edited: pd.DataFrame,
    others: Mapping[str, pd.DataFrame],
    baseline: Iterable[Problem] = (),
    checks: Mapping[str, TableCheck] | None = None,
) -> list[Problem]:
    """Problems of the whole set of tables with ``table`` replaced by ``edited``.

    Every problem of ``table`` counts; a problem in another table counts only when it is not in
    ``baseline`` (the problems the kept tables already had), so an edit is blocked by what it breaks
    elsewhere (deleting an option that prices still use) but not by an unrelated old problem.
    ``checks``, when given, are the per-table checks of ``others`` (`check_each_table`), so only the
    edited table is checked again (a 50,000-row prices edit: 0.6 s instead of 1.6 s).
    """
    known_checks = (
        dict(checks)
        if checks is not None
        else check_each_table({name: frame for name, frame in others.items() if name != table})
    )  # the edited one is checked below
    known_checks[table] = validate_table(table, edited.reset_index(drop=True))
    _, problems = combine_table_checks(known_checks)
    known = set(baseline)
    return [p for p in problems if p.table == table or p not in known]


def row_key_text(table: str, frame: pd.DataFrame, row: int | None) -> str:
    """The key values of 1-based ``row`` of ``frame`` ('US / co2'), or '' when there is none."""
    if row is None or not 1 <= row <= len(frame):
        return ""
    record = frame.iloc[row - 1]
    key = TABLES[table].key or tuple(c for c in ("option_id", "topic") if c in frame.columns)
    return " / ".join(str(record[c]) if _text_cell(record[c]) is not None else "(empty)" for c in key)


def problems_table(problems: Sequence[Problem], frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Problems as rows: Table, Row (1-based, in the full table), Key of that row, Column, Problem."""
    records = [
        {
            "Table": table_label(p.table) if p.table in TABLES else p.table,
            "Row": p.row,
            "Key": row_key_text(p.table, frames[p.table], p.row) if p.table in frames and p.table in TABLES else "",
            "Column": p.column or "",
            "Problem": p.message,
        }
        for p in problems
    ]
    frame = pd.DataFrame.from_records(records, columns=["Table", "Row", "Key", "Column", "Problem"])
    frame["Row"] = frame["Row"].astype("Int64")
    return frame
