"""Importing CSV and .xlsx files: encodings, separators, number formats, columns, limits."""

from __future__ import annotations

import io
import math
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from store import ImportRejectedError, import_table
from store.cells import parse_number
from store.schema_columns import column_names

PROV = "source,year,quality,estimate,note"
PRICE_HEADER = f"region_id,option_id,price_low,price_typical,price_high,currency,unit,{PROV}"


def price_csv(*rows: str, header: str = PRICE_HEADER, sep: str = ",") -> str:
    return "\n".join([header.replace(",", sep), *rows]) + "\n"


def xlsx_bytes(rows: list[list[object]], title: str = "Sheet1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_clean_csv_is_read_with_expected_columns_and_dtypes() -> None:
    text = price_csv("US,co2,1500,2500,4000,USD,per session,https://x.org,2025,[clinic],no,")
    result = import_table("prices", text.encode())
    assert result.report.ok and result.report.row_count == 1
    assert (result.report.encoding, result.report.separator, result.report.file_format) == ("utf-8", ",", "csv")
    assert list(result.frame.columns) == column_names("prices")
    assert result.frame.loc[0, "price_typical"] == 2500.0 and result.frame["price_typical"].dtype == "float64"


def test_utf8_with_bom() -> None:
    text = price_csv("DE,co2,800,1200,2000,EUR,pro Sitzung – Gesicht,https://x.org,2025,[clinic],no,")
    result = import_table("prices", b"\xef\xbb\xbf" + text.encode())
    assert result.report.ok and result.report.encoding == "utf-8-sig"
    assert result.frame.loc[0, "region_id"] == "DE" and result.frame.loc[0, "unit"] == "pro Sitzung – Gesicht"


def test_latin1_cp1252() -> None:
    text = price_csv("DE,co2,800,1200,2000,EUR,Gesichtsbehandlung für 1 Sitzung €,https://x.org,2025,[clinic],no,")
    result = import_table("prices", text.encode("cp1252"))
    assert result.report.ok and result.report.encoding == "cp1252"
    assert result.frame.loc[0, "unit"] == "Gesichtsbehandlung für 1 Sitzung €"


def test_semicolons_and_decimal_commas() -> None:
    text = price_csv(
        "DE;co2;800,50;1.200;2.000,00;EUR;pro Sitzung;https://x.org;2025;[clinic];nein;",
        "DE;mn_pen;99,90;150;210,5;EUR;pro Sitzung;https://x.org;2025;[clinic];ja;",
        sep=";",
    )
    result = import_table("prices", text.encode())
    assert result.report.ok and result.report.separator == ";"
    assert result.frame["price_low"].tolist() == [800.5, 99.9]
    assert result.frame["price_typical"].tolist() == [
        1200.0,
        150.0,
    ]  # "1.200" groups thousands in a decimal-comma column
    assert result.frame["price_high"].tolist() == [2000.0, 210.5]
    assert result.frame["estimate"].tolist() == ["no", "yes"]


def test_tab_separated_utf16_as_excel_writes_it() -> None:
    text = price_csv("US\tco2\t1500\t2500\t4000\tUSD\tper session\thttps://x.org\t2025\t[clinic]\tno\t", sep="\t")
    result = import_table("prices", "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"))
    assert result.report.ok and result.report.separator == "\t" and result.frame.loc[0, "price_high"] == 4000


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("$1,200", 1200),
        ("1.200,50 EUR", 1200.5),
        ("1 200", 1200),
        ("€ 99,90", 99.9),
        ("₹1,20,000", 120000),
        ("(1,200)", -1200),
        ("12%", 12),
        ("3.673", 3.673),
    ],
)
def test_currency_symbols_codes_and_separators(cell: str, expected: float) -> None:
    text = price_csv(f'US,co2,"{cell}",1,2,USD,per session,https://x.org,2025,[clinic],no,')
    result = import_table("prices", text.encode())
    assert result.report.ok, result.report.messages()
    assert result.frame.loc[0, "price_low"] == pytest.approx(expected)


def test_missing_and_unknown_columns_matched_ignoring_case_and_spaces() -> None:
    header = "Region ID, OPTION_ID ,Price Low,price_typical,Colour,currency,unit,source,year,quality,estimate,note"
    result = import_table("prices", price_csv("US,co2,1,2,red,USD,u,s,2025,q,no,", header=header).encode())
    report = result.report
    assert report.missing_columns == ("price_high",)
    assert report.unknown_columns == ("Colour",)
    assert report.found_columns[0] == "Region ID" and not report.ok
    assert result.frame.loc[0, "region_id"] == "US" and math.isnan(result.frame.loc[0, "price_high"])
    assert "Missing columns (left empty): price_high." in report.messages()


def test_text_in_a_number_cell_is_reported_with_row_and_column() -> None:
    text = price_csv(
        "US,co2,1500,2500,4000,USD,u,s,2025,q,no,",
        "",  # a blank line is skipped, not counted
        "US,mn_pen,about 200,350,seven hundred,USD,u,s,2025,q,maybe,",
    )
    result = import_table("prices", text.encode())
    problems = [(p.row, p.column, p.message) for p in result.report.problems]
    assert problems == [
        (2, "price_low", 'expected a number, found "about 200"'),
        (2, "price_high", 'expected a number, found "seven hundred"'),
        (2, "estimate", 'expected "yes" or "no", found "maybe"'),
    ]
    assert math.isnan(result.frame.loc[1, "price_low"]) and result.frame.loc[1, "price_typical"] == 350


def test_integers_and_dates_are_checked() -> None:
    packages = "region_id,option_id,package_sessions,package_price,currency,source,year,quality,estimate,note\n"
    result = import_table("packages", (packages + "US,co2,3.5,6000,USD,s,2025,q,no,\n").encode())
    assert [(p.row, p.column) for p in result.report.problems] == [(1, "package_sessions")]
    fx = (
        "currency,units_per_usd,as_of,source,year,quality,estimate,note\n"
        'EUR,"0,925",30.06.2025,s,2025,q,no,\n'
        "GBP,0.79,June,s,2025,q,no,\n"
    )
    result = import_table("fx", fx.encode())
    assert result.frame["as_of"].tolist() == ["2025-06-30", ""] and result.frame["units_per_usd"].tolist() == [
        0.925,
        0.79,
    ]
    assert [(p.row, p.column) for p in result.report.problems] == [(2, "as_of")]


def test_too_large_by_bytes_and_by_rows() -> None:
    with pytest.raises(ImportRejectedError, match=r"more than the 5 MB"):
        import_table("prices", b"x" * (5 * 1024 * 1024 + 1))
    rows = ["US,co2,1,2,3,USD,u,s,2025,q,no,"] * 11
    with pytest.raises(ImportRejectedError, match="more than 10 rows"):
        import_table("prices", price_csv(*rows).encode(), max_rows=10)
    assert import_table("prices", price_csv(*rows[:10]).encode(), max_rows=10).report.row_count == 10
    with pytest.raises(ImportRejectedError, match="more than 10 rows"):
        import_table("prices", xlsx_bytes([[c] for c in ["region_id", *"ABCDEFGHIJK"]]), max_rows=10)


def test_empty_and_unreadable_files() -> None:
    with pytest.raises(ImportRejectedError, match="empty"):
        import_table("prices", b"  \n")
    with pytest.raises(ImportRejectedError, match="not a readable Excel"):
        import_table("prices", b"PK\x03\x04 broken zip")
    with pytest.raises(ImportRejectedError, match=r"\.xls"):
        import_table("prices", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)


def test_extra_values_beyond_the_header_are_reported() -> None:
    result = import_table("prices", price_csv("US,co2,1,2,3,USD,u,s,2025,q,no,,surplus").encode())
    assert [(p.row, p.column) for p in result.report.problems] == [(1, "")]


def test_xlsx_with_typed_and_text_cells() -> None:
    header = column_names("fx")
    data = xlsx_bytes([["Other"], ["ignored"]], title="notes")  # a workbook whose first sheet is not the table
    assert import_table("fx", data).report.missing_columns  # reads the first sheet when none is named "fx"
    workbook_rows = [
        header,
        ["EUR", 0.925, datetime(2025, 6, 30), "s", 2025, "q", False, None],
        ["GBP", "0,79 GBP", "2025-06-30", "s", "c.2025", "q", "yes", "'=1+1"],
    ]
    result = import_table("fx", xlsx_bytes(workbook_rows, title="FX"))
    assert result.report.ok and result.report.file_format == "xlsx"
    assert result.frame["units_per_usd"].tolist() == [0.925, 0.79]
    assert result.frame["as_of"].tolist() == ["2025-06-30", "2025-06-30"]
    assert result.frame["year"].tolist() == ["2025", "c.2025"] and result.frame["estimate"].tolist() == ["no", "yes"]
    assert result.frame.loc[1, "note"] == "=1+1"  # the export's neutralising quote is taken off again


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.sampled_from(["us", "de", "space", "plain"]),
    st.sampled_from(["", "$", "€ ", " EUR"]),
)
def test_formatted_numbers_read_back(value, style, currency) -> None:
    whole, fraction = f"{value:.2f}".split(".")
    grouped = f"{int(whole):,}"
    written = {
        "us": f"{grouped}.{fraction}",
        "de": f"{grouped.replace(',', '.')},{fraction}",
        "space": f"{grouped.replace(',', ' ')}.{fraction}",
        "plain": f"{whole}.{fraction}",
    }[style]
    cell = f"{currency}{written}" if currency.strip() != "EUR" else f"{written}{currency}"
    assert parse_number(cell) == pytest.approx(float(value))
