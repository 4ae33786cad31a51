"""Computed tables read the same on the page, in the CSV and in the xlsx: money to cents, or whole units where the
currency has none; the price tables' own export keeps typed values exactly."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from store.exporting import export_csv
from ui.export import _numeric_text, money_columns_of, people_table, table_csv, table_xlsx


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Option": ["Fractional CO2 laser", "Microneedling pen"],
            "Median total (USD)": [1039.3499999, 2.675],
            "Fee (KRW a month)": [1_650_000.4, 99_999.5],
            "Downtime days": [7.25, 1.0],
            "Sessions": [3, 4],
            "Note (USD)": ["typed", "text"],  # a text column is never rounded
        }
    )


def test_money_columns_are_found_by_the_currency_their_name_gives() -> None:
    assert money_columns_of(_frame()) == {"Median total (USD)": "USD", "Fee (KRW a month)": "KRW"}


def test_people_table_rounds_money_to_the_currency_s_minor_unit_only() -> None:
    shown = people_table(_frame())
    assert shown["Median total (USD)"].tolist() == [1039.35, 2.68]
    assert shown["Fee (KRW a month)"].tolist() == [1_650_000.0, 100_000.0]
    assert shown["Downtime days"].tolist() == [7.25, 1.0]  # not money: untouched
    assert shown["Sessions"].tolist() == [3, 4]
    assert _frame()["Median total (USD)"].iloc[0] == 1039.3499999  # the caller's frame is not changed


def test_csv_and_xlsx_carry_the_figures_the_page_shows() -> None:
    shown = people_table(_frame())
    csv = pd.read_csv(io.BytesIO(table_csv(_frame())), encoding="utf-8-sig")
    assert "1039.3499999" not in table_csv(_frame()).decode("utf-8-sig")
    assert csv["Median total (USD)"].tolist() == shown["Median total (USD)"].tolist()
    assert csv["Fee (KRW a month)"].tolist() == shown["Fee (KRW a month)"].tolist()
    sheet = load_workbook(io.BytesIO(table_xlsx(_frame(), sheet_name="t"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Median total (USD)"
    assert [r[1] for r in rows[1:]] == [1039.35, 2.68]
    assert [r[2] for r in rows[1:]] == [1_650_000, 100_000]


def test_the_price_tables_export_keeps_typed_values_exactly() -> None:
    typed = pd.DataFrame({"price_typical": [1039.3499999], "currency": ["USD"]})
    assert "1039.3499999" in export_csv(typed).decode("utf-8-sig")


def test_printed_cells_with_figures_are_right_aligned_in_any_locale() -> None:
    for figure in ("$1,234", "1.234\u00a0€", "₩1,650,000", "CA$500–900", "3 (2-4)", "n/a", "1,234 XYZ"):
        assert _numeric_text(figure), figure
    for words in ("Fractional CO2 laser", "yes", "over 1,000 %", "12 months"):
        assert not _numeric_text(words), words
