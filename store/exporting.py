"""Export a table as CSV or .xlsx bytes that a spreadsheet opens without running anything.

Text cells that begin with ``= + - @`` (also after leading spaces or line feeds), a tab or a carriage
return get a leading single quote, so they are never taken as formulas, and so does text that starts with
quotes before such text, so that importing the file gives back exactly the text exported
(`store.cells.needs_neutralising`); numbers stay numbers.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from store.cells import NEUTRALISING_PREFIX, needs_neutralising
from store.frames import jsonable


def neutralise(value: Any) -> Any:
    """``value`` with a leading quote if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and needs_neutralising(value):
        return NEUTRALISING_PREFIX + value
    return value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [name for name in frame.columns if not pd.api.types.is_numeric_dtype(frame[name])]


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell neutralised."""
    result = frame.copy()
    for name in _text_columns(result):
        result[name] = result[name].map(neutralise)
    return result


def export_csv(frame: pd.DataFrame, *, bom: bool = True) -> bytes:
    """UTF-8 CSV bytes (with a BOM by default, so Excel reads accents and currency signs)."""
    text = neutralised(frame).to_csv(index=False, lineterminator="\r\n")  # RFC 4180; quotes a lone CR
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    cell = jsonable(neutralise(value))
    return ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell


def export_xlsx(frame: pd.DataFrame, *, sheet_name: str = "data") -> bytes:
    """.xlsx bytes with one sheet: a frozen header row, then one row per table row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    sheet.append([str(name) for name in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_xlsx_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
