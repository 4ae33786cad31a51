"""Downloads: tables as CSV or xlsx (formula-safe, money rounded as shown) and a one-page printable comparison for
a patient."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from babel.numbers import is_currency

from store.exporting import export_csv, export_xlsx
from ui.formatting import days_number, days_range, money, money_frame, money_range

PRINT_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#111;font-size:12px}
h1{font-size:18px;margin:0 0 4px} h2{font-size:14px;margin:16px 0 6px}
table{border-collapse:collapse;width:100%} th,td{border:1px solid #ccc;padding:4px 6px;text-align:left}
th{background:#f3f3f3} td.n{text-align:right;white-space:nowrap} .small{color:#555;font-size:11px}
@page{size:A4;margin:12mm} @media print{body{margin:0}}
"""


@dataclass(frozen=True)
class SummarySection:
    """An extra table for the printable summary: a title, text cells as they should print (an empty table
    prints only the note), and a note."""

    title: str
    table: pd.DataFrame
    note: str = ""


_MONEY_COLUMN = re.compile(r"\(([A-Z]{3})\b")  # 'Median total (USD)', 'Fee (GBP a month)'


def money_columns_of(frame: pd.DataFrame) -> dict[str, str]:
    """The numeric columns of `frame` that hold money, by the currency their name gives: {'P50 (USD)': 'USD'}."""
    found = {}
    for column in frame.columns:
        match = _MONEY_COLUMN.search(str(column))
        if match and is_currency(match.group(1)) and pd.api.types.is_numeric_dtype(frame[column]):
            found[str(column)] = match.group(1)
    return found


def people_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A computed table as people read it and download it: every money column (its name gives the currency)
    rounded to cents, or to whole units where the currency has none (KRW), e.g. 1039.3499999 -> 1039.35. Show
    and export the same frame, so the page, the CSV and the xlsx carry the same figures. Never for the price
    tables' own export, whose typed values must round-trip exactly."""
    rounded = frame
    for column, currency in money_columns_of(frame).items():
        rounded = money_frame(rounded, [column], currency)
    return rounded


def table_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes of a computed table shown, money rounded as on the page, spreadsheet formulas neutralised."""
    return export_csv(people_table(frame))


def table_xlsx(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """.xlsx bytes of a computed table shown, money rounded as on the page, text formulas neutralised."""
    return export_xlsx(people_table(frame), sheet_name=sheet_name)


def _numeric_text(text: str) -> bool:
    """A printed cell that holds a figure (right-aligned): a digit and no word, a note in brackets aside
    ('$1,234', '1.234 €', '3 (2-4)', 'CA$500–900', 'n/a')."""
    core = re.sub(r" \(.*\)$", "", text)
    return text == "n/a" or (any(ch.isdigit() for ch in core) and not re.search(r"[a-z]", core))


def _cell(text: object, numeric: bool = False) -> str:
    return f"<td class='n'>{html.escape(str(text))}</td>" if numeric else f"<td>{html.escape(str(text))}</td>"


def _section_html(section: SummarySection) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in section.table.columns)
    body = "".join(
        "<tr>" + "".join(_cell(v, _numeric_text(str(v))) for v in row) + "</tr>"
        for row in section.table.itertuples(index=False)
    )
    table = f"<table><tr>{head}</tr>{body}</table>" if len(section.table) else ""
    note = f'<div class="small">{html.escape(section.note)}</div>' if section.note else ""
    return f"<h2>{html.escape(section.title)}</h2>{table}{note}\n"


def comparison_summary_html(
    rows: pd.DataFrame,
    *,
    region_name: str,
    indication_name: str,
    currency: str,
    daily_value: float,
    extras_per_visit: float,
    cautions: dict[str, list[str]],
    disclaimer: str,
    as_of: str,
    sections: Sequence[SummarySection] = (),
) -> str:
    """A self-contained HTML page (print it or save as PDF) with the ranked courses and cautions.

    `sections`: further tables printed after the courses (the Compare view's "Beyond the course" parts the
    patient turned on); none by default, which leaves the page as it was.
    """
    head = (
        "<tr><th>Option</th><th>Sessions</th><th>Plan</th><th>Median total</th><th>P10-P90</th>"
        "<th>At typical prices</th><th>Range (low-high)</th><th>Downtime days</th><th>Course weeks</th>"
        "<th>Price source</th></tr>"
    )
    body = []
    r: Any  # one row of the comparison: named numeric fields
    for r in rows.itertuples():
        body.append(
            "<tr>"
            + "".join(
                [
                    _cell(r.option_name),
                    _cell(f"{r.sessions_typical} ({r.sessions_min}-{r.sessions_max})", True),
                    _cell(r.plan_typical),
                    _cell(money(r.p50, currency), True),
                    _cell(money_range(r.p10, r.p90, currency), True),
                    _cell(money(r.total_typical, currency), True),
                    _cell(money_range(r.total_low, r.total_high, currency), True),
                    _cell(
                        f"{days_number(r.downtime_days_typical)} "
                        f"({days_range(r.downtime_days_low, r.downtime_days_high)})",
                        True,
                    ),
                    _cell(f"{r.weeks_typical:.0f}", True),
                    _cell(f"{r.price_quality} {r.price_year}{' (estimate)' if r.price_estimate == 'yes' else ''}"),
                ]
            )
            + "</tr>"
        )
    caution_items = "".join(
        f"<li><b>{html.escape(name)}</b>: {html.escape(' '.join(items))}</li>"
        for name, items in cautions.items()
        if items
    )
    extra = "".join(_section_html(section) for section in sections)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Treatment cost comparison</title>
<style>{PRINT_CSS}</style></head><body>
<h1>Treatment course cost: {html.escape(indication_name)} in {html.escape(region_name)}</h1>
<div class="small">Amounts in {html.escape(currency)}; extras {html.escape(money(extras_per_visit, currency))} per
visit; downtime valued at {html.escape(money(daily_value, currency))} a day. Exchange rates as of {html.escape(as_of)}.
Printed {date.today().isoformat()}.</div>
<h2>Options, cheapest typical total first</h2><table>{head}{"".join(body)}</table>
<div class="small">Typical = typical price x typical sessions; range = lowest price x fewest sessions to highest price x
most sessions; P10-P90 = the middle 80 % of a seeded Monte Carlo simulation. Packages are applied where cheaper.</div>
{extra}<h2>Cautions to discuss with your clinician</h2><ul>{caution_items}</ul>
<p class="small">{html.escape(disclaimer)}</p></body></html>"""
