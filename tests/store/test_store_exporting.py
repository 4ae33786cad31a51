"""Export: formula-like text is neutralised in CSV and .xlsx; numbers stay numbers; files import back."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from store import TableStore, export_csv, export_xlsx, import_table

DANGEROUS = ['=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def frame_with_dangerous_text() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "option_id": ["co2"] * len(DANGEROUS),
            "topic": ["side_effect"] * len(DANGEROUS),
            "text": DANGEROUS,
            "price": [-5.5, 0.0, 1200.0, float("nan"), 3.0, 4.0],
        }
    )


def test_csv_neutralises_formula_text_and_keeps_numbers() -> None:
    data = export_csv(frame_with_dangerous_text())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert back["text"].tolist() == ["'" + value for value in DANGEROUS]
    assert back["price"].tolist()[:3] == ["-5.5", "0.0", "1200.0"]  # numbers are written bare, never quoted
    assert export_csv(frame_with_dangerous_text(), bom=False).startswith(b"option_id,")


def test_xlsx_neutralises_formula_text_and_keeps_numbers() -> None:
    sheet = load_workbook(io.BytesIO(export_xlsx(frame_with_dangerous_text(), sheet_name="safety"))).active
    assert sheet.title == "safety" and sheet.freeze_panes == "A2"
    texts = [sheet.cell(row=r, column=3) for r in range(2, 2 + len(DANGEROUS))]
    assert all(cell.data_type == "s" for cell in texts)
    # XML reading turns a stored CR into LF
    assert [cell.value for cell in texts] == ["'" + value.replace("\r", "\n") for value in DANGEROUS]
    prices = [sheet.cell(row=r, column=4).value for r in range(2, 2 + len(DANGEROUS))]
    assert prices == [-5.5, 0, 1200, None, 3, 4]
    assert sheet.cell(row=2, column=4).data_type == "n"


def test_exports_import_back_unchanged(store: TableStore) -> None:
    frame = store.current("prices").frame
    frame.loc[0, "note"] = "=cost*2"
    for data in (export_csv(frame), export_xlsx(frame, sheet_name="prices")):
        result = import_table("prices", data)
        assert result.report.ok, result.report.messages()
        pd.testing.assert_frame_equal(result.frame, frame)


@pytest.mark.parametrize("value", ["plain", "a=b", "", "'already quoted"])
def test_harmless_text_is_left_alone(value: str) -> None:
    data = export_csv(pd.DataFrame({"text": [value]}), bom=False)
    assert data.decode().split("\r\n")[1].strip('"') == value
