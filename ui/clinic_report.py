"""The clinic report (PDF) of the Clinic planner and Real-world payback: the inputs of each device, the key figures
the page shows, the cumulative-cash chart, the profit and loss by year and the assumptions with their sources.

`clinic_report_pdf` is pure: plain figures and frames in, the PDF's bytes out (reportlab; the chart is drawn with
reportlab.graphics, no browser). Every figure is the core's (`DeviceEconomics.summary`,
`ClinicProjection.summary`, `pricing.clinic.pnl`), only formatted here with `ui.formatting`, as the cards are.
`report_device` gathers one device's figures from the core's objects; `report_download` draws the button, which
builds the PDF only when it is clicked.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast
from xml.sax.saxutils import escape

import numpy as np
import numpy.typing as npt
import pandas as pd
import streamlit as st
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from pricing.clinic.device import INPUT_FIELDS, DeviceInputs, LoadedCosts
from pricing.clinic.pnl import monthly_pnl, pnl_by_year
from pricing.clinic.projection import ClinicProjection
from ui.formatting import irr_text, percent
from ui.formatting import pdf_money as money  # Helvetica has no ₩, ₹ or ฿: their codes instead
from ui.palette import OKABE_ITO

PDF_MIME = "application/pdf"
BUTTON_LABEL = "Download report (PDF)"
LENDER_DSCR = 1.25  # the lowest debt service coverage lenders usually ask for (as on the planner's cards)
OVERBOOKED = 1 + 1e-9  # utilisation above this: more sessions than the hours allow

Figures = Mapping[str, float | int | str | None]  # a core summary: figure -> value, None where there is none

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 12 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN
LABEL_WIDTH = 122.0  # points: the first column of the inputs and key-figures tables
GRID = colors.HexColor("#c8c8c8")
HEAD = colors.HexColor("#eeeeee")
GREY = colors.HexColor("#555555")

_STYLES = {
    "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=14, leading=17, spaceAfter=2),
    "h2": ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=9.5, leading=11.5, spaceBefore=4, spaceAfter=2),
    "small": ParagraphStyle("small", fontName="Helvetica", fontSize=7.2, leading=8.8, textColor=GREY),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=7, leading=8),
    "head": ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=7, leading=8),
    # Five or more devices side by side: narrower columns, smaller type, so a word fits on its line.
    "cell_narrow": ParagraphStyle("cell_narrow", fontName="Helvetica", fontSize=6.2, leading=7.2),
    "head_narrow": ParagraphStyle("head_narrow", fontName="Helvetica-Bold", fontSize=6.2, leading=7.2),
    "num": ParagraphStyle("num", fontName="Helvetica", fontSize=7, leading=8, alignment=2),
    "numhead": ParagraphStyle("numhead", fontName="Helvetica-Bold", fontSize=7, leading=8, alignment=2),
    "source": ParagraphStyle("source", fontName="Helvetica", fontSize=6.4, leading=7.6, textColor=GREY),
}

# The table's input columns and the overheads, as the devices table names them, for "changed on the page".
_INPUT_LABELS: dict[str, str] = {
    "device_price": "device price",
    "down_payment": "down payment",
    "residual_value": "resale value",
    "life_years": "life",
    "maintenance_per_year": "maintenance",
    "apr_pct": "APR",
    "term_months": "term",
    "consumables_per_session": "consumables",
    "other_per_session": "other costs",
    "minutes_per_session": "minutes",
    "hourly_rate": "hourly rate",
    "price_per_session": "price charged",
    "sessions_per_month": "sessions a month",
    "discount_rate_pct": "discount rate",
    "hours_per_month": "hours a month",
    "commission_pct": "commission",
    "card_fee_pct": "card fee",
    "room_cost_per_hour": "room cost",
    "room_minutes_per_session": "room minutes",
    "marketing_per_new_patient": "marketing",
    "sessions_per_patient": "sessions per patient",
    "financing_fee_pct": "patient-financing fee",
    "wage_loading": "wage loading",
    "physician_minutes_per_session": "physician minutes",
    "physician_hourly_rate": "physician rate",
    "overhead_per_month": "overhead a month",
}


def _number(value: object) -> float | None:
    """A cell or input as a float (the first of an array); None for an empty cell, text or NaN."""
    try:
        number = float(np.asarray(value, dtype=np.float64).reshape(-1)[0])
    except (TypeError, ValueError, IndexError):
        return None
    return None if math.isnan(number) else number


def _cell_text(value: object) -> str:
    """A text cell of the devices table ('' for an empty one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


@dataclass(frozen=True)
class Provenance:
    """Where a device row's defaults come from (the devices table's source, year, quality and estimate columns),
    and the row's values, to say which inputs were changed on the page."""

    source: str = ""
    year: str = ""
    quality: str = ""
    estimate: str = ""
    values: Mapping[str, float | None] = field(default_factory=dict)

    @classmethod
    def of(cls, row: Mapping[str, Any] | pd.Series[Any]) -> Provenance:
        """From one row of the devices table."""
        get = row.get
        return cls(
            _cell_text(get("source")),
            _cell_text(get("year")),
            _cell_text(get("quality")),
            _cell_text(get("estimate")),
            {name: _number(get(name)) for name in _INPUT_LABELS if name in row},
        )

    @classmethod
    def of_device(cls, devices: pd.DataFrame, device_id: str) -> Provenance:
        """From the row of `device_id` in the devices table indexed by device_id (none when it has no row)."""
        if device_id not in devices.index:
            return cls()
        return cls.of(cast("pd.Series[Any]", devices.loc[device_id]))

    def sources(self) -> list[str]:
        """The sources one by one (the column separates them with '; ')."""
        return [s.strip() for s in re.split(r"\s*;\s+", self.source) if s.strip()]

    def changed(self, inputs: DeviceInputs, loaded: LoadedCosts) -> list[str]:
        """The inputs whose value differs from the table row's (edited on the page, or set by its choices)."""
        out = []
        for name, label in _INPUT_LABELS.items():
            if name not in self.values:
                continue
            used = _number(getattr(inputs if name in INPUT_FIELDS else loaded, name))
            kept = self.values[name]
            if used is None and kept is None:
                continue
            if used is None or kept is None or not math.isclose(used, kept, rel_tol=1e-9, abs_tol=1e-9):
                out.append(label)
        return out


@dataclass(frozen=True, eq=False)
class ReportDevice:
    """One device (or case) of the report: its inputs and overheads, the core's figures, its cumulative cash by
    month 0 .. its life and its P&L by year (None: not shown, as for a reality check), money in its currency."""

    name: str
    inputs: DeviceInputs
    loaded: LoadedCosts
    figures: Figures
    cumulative_cash: npt.NDArray[np.float64]
    by_year: pd.DataFrame | None
    provenance: Provenance | None = None
    colour: str = ""
    reality_check: bool = False

    @property
    def currency(self) -> str:
        return self.inputs.currency


def report_device(
    name: str,
    inputs: DeviceInputs,
    loaded: LoadedCosts,
    projection: ClinicProjection,
    scenario: int = 0,
    *,
    figures: Figures | None = None,
    provenance: Provenance | None = None,
    colour: str = "",
    reality_check: bool = False,
) -> ReportDevice:
    """One device of the report from the core: `projection.summary(scenario)` with `figures` over it (the page's
    own summary, so the report shows what the page shows), the cumulative cash and P&L by year of `pnl`."""
    summary = {**projection.summary(scenario), **(figures or {})}
    by_month = monthly_pnl(projection, scenario)
    return ReportDevice(
        name,
        inputs,
        loaded,
        summary,
        by_month["cumulative_cash"].to_numpy(dtype=np.float64),
        None if reality_check else pnl_by_year(projection, scenario),
        provenance,
        colour,
        reality_check,
    )


# ---------------------------------------------------------------- words for figures (as the planner's cards say)


def months_text(count: float) -> str:
    """'1 month', '32 months'."""
    n = int(count)
    return f"{n} month{'' if n == 1 else 's'}"


def payback_text(payback: object) -> str:
    """The full-cost payback: '32 months', 'not within its life', 'nothing to pay back'."""
    value = _number(payback)
    if value is None:
        return "not within its life"
    return "nothing to pay back" if value == 0 else months_text(value)


def cash_payback_text(cash: object) -> str:
    """Cash out of pocket recovered: 'in 7 months', 'never out of pocket', 'not within its life'."""
    value = _number(cash)
    if value is None:
        return "not within its life"
    return "never out of pocket" if value == 0 else f"in {months_text(value)}"


def sessions_text(sessions: object, decimals: int = 0) -> str:
    """Break-even sessions: '9 sessions', '0.41 sessions', '1 session'; 'n/a' when there are none."""
    value = _number(sessions)
    if value is None:
        return "n/a"
    return f"{value:,.{decimals}f} session{'' if value == 1 else 's'}"


def dscr_text(lowest: object, month: object) -> str:
    """The lowest DSCR and its month: '1.65 (month 1)'; 'no loan' when nothing is paid on a loan or lease."""
    value = _number(lowest)
    if value is None:
        return "no loan"
    when = _number(month)
    return f"{value:,.2f}" + ("" if when is None else f" (month {int(when)})")


def _money_as_entered(amount: float | None, currency: str) -> str:
    """Money as typed: whole amounts without decimals, others with 2."""
    return money(amount, currency, None if amount is None or float(amount).is_integer() else 2)


def _g(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.10g}"


Kpi = tuple[str, Callable[[ReportDevice], str]]


def _delivered(sessions: float | None) -> str:
    """Sessions a month actually delivered: '24.3'."""
    return "n/a" if sessions is None else f"{sessions:,.1f}"


def _f(d: ReportDevice, key: str) -> float | None:
    return _number(d.figures.get(key))


def _overbooked(d: ReportDevice) -> bool:
    return (_f(d, "utilisation") or 0.0) > OVERBOOKED


def _no_margin(d: ReportDevice) -> bool:
    margin = _f(d, "contribution_margin")
    return margin is not None and margin <= 0


def _judged(figure: Callable[[ReportDevice], str]) -> Callable[[ReportDevice], str]:
    """A figure that counts every session: not given when the sessions do not fit in the device's hours."""
    return lambda d: "cannot be judged" if _overbooked(d) else figure(d)


def _break_even(decimals: int, key: str) -> Callable[[ReportDevice], str]:
    return lambda d: "none" if _no_margin(d) else sessions_text(d.figures.get(key), decimals)


KPIS: dict[str, Kpi] = {
    "payback_months": ("Full-cost payback", _judged(lambda d: payback_text(d.figures.get("payback_months")))),
    "cash_payback_months": (
        "Cash out of pocket recovered",
        _judged(lambda d: cash_payback_text(d.figures.get("cash_payback_months"))),
    ),
    "discounted_payback_months": (
        "Discounted payback",
        _judged(lambda d: payback_text(d.figures.get("discounted_payback_months"))),
    ),
    "after_tax_payback_months": (
        "After-tax payback",
        _judged(lambda d: payback_text(d.figures.get("after_tax_payback_months"))),
    ),
    "monthly_payment": ("Monthly payment", lambda d: money(_f(d, "monthly_payment"), d.currency)),
    "full_cost_per_session": (
        "Full cost per session",
        lambda d: (
            "n/a" if not _number(d.inputs.sessions_per_month) else money(_f(d, "full_cost_per_session"), d.currency, 2)
        ),
    ),
    "break_even_sessions_per_month": ("Break-even a month", _break_even(0, "break_even_sessions_per_month")),
    "break_even_sessions_per_day": ("Break-even per open day", _break_even(2, "break_even_sessions_per_day")),
    "npv": ("NPV", _judged(lambda d: money(_f(d, "npv"), d.currency))),
    "after_tax_npv": ("After-tax NPV", _judged(lambda d: money(_f(d, "after_tax_npv"), d.currency))),
    "roi": ("ROI", _judged(lambda d: percent(_f(d, "roi")))),
    "irr_annual_pct": ("IRR (annual)", _judged(lambda d: irr_text(_f(d, "irr_annual_pct")))),
    "min_dscr": (
        "Lowest DSCR",
        _judged(lambda d: dscr_text(d.figures.get("min_dscr"), d.figures.get("min_dscr_month"))),
    ),
    "monthly_profit": ("Profit a month", _judged(lambda d: money(_f(d, "monthly_profit"), d.currency))),
    "average_sessions_per_month": (
        "Sessions a month (delivered)",
        lambda d: _delivered(_f(d, "average_sessions_per_month")),
    ),
    "utilisation": ("Utilisation", lambda d: percent(_f(d, "utilisation"))),
}
# The key figures of each page, in the order its cards (planner) or its comparison table (real-world) show them.
PLANNER_FIGURES: tuple[str, ...] = (
    "payback_months",
    "cash_payback_months",
    "full_cost_per_session",
    "monthly_payment",
    "break_even_sessions_per_month",
    "break_even_sessions_per_day",
    "npv",
    "roi",
    "utilisation",
    "irr_annual_pct",
    "min_dscr",
)
REAL_WORLD_FIGURES: tuple[str, ...] = (
    "payback_months",
    "cash_payback_months",
    "discounted_payback_months",
    "after_tax_payback_months",
    "monthly_payment",
    "full_cost_per_session",
    "break_even_sessions_per_month",
    "break_even_sessions_per_day",
    "npv",
    "after_tax_npv",
    "roi",
    "irr_annual_pct",
    "min_dscr",
    "monthly_profit",
    "average_sessions_per_month",
    "utilisation",
)
_AFTER_TAX = ("after_tax_payback_months", "after_tax_npv")


def financing_text(d: ReportDevice) -> str:
    """'loan, 10 % APR over 48 months', 'cash', 'lease over 36 months', '0 % promotion over 24 months'."""
    i = d.inputs
    kind = str(d.figures.get("financing") or "loan")
    term, apr = _number(i.term_months) or 0.0, _number(i.apr_pct) or 0.0
    if kind == "cash" or term <= 0:
        return "cash (nothing financed)"
    if kind == "lease":
        return f"lease over {months_text(term)}"
    if kind == "promo":
        return f"0 % promotion over {months_text(term)}"
    return f"loan, {apr:g} % APR over {months_text(term)}"


def _life_text(life_years: float | None, months_in_use: float | None) -> str:
    """'5 years', or '5 years (36 months in use)' when fewer months are used (a refurbished unit, a lease returned)."""
    text = f"{_g(life_years)} year{'' if life_years == 1 else 's'}"
    if life_years is not None and months_in_use is not None and round(life_years * 12) != round(months_in_use):
        text += f" ({months_text(months_in_use)} in use)"
    return text


def _input_rows(d: ReportDevice) -> list[str]:
    i, lc, cur = d.inputs, d.loaded, d.currency
    life, residual = _number(i.life_years), _number(i.residual_value)
    room_minutes = _number(lc.room_minutes_per_session)
    physician = _number(lc.physician_minutes_per_session) or 0.0
    cost = _f(d, "cost_of_device")
    price = _number(i.device_price)
    return [
        _money_as_entered(price, cur)
        + ("" if cost is None or price is None or math.isclose(cost, price) else f" (cost {money(cost, cur)})"),
        _money_as_entered(_number(i.down_payment), cur),
        financing_text(d),
        _life_text(life, _f(d, "months_in_use")) + f"; resale {_money_as_entered(residual, cur)}",
        _money_as_entered(_number(i.maintenance_per_year), cur),
        _g(_number(i.sessions_per_month)),
        _money_as_entered(_number(i.price_per_session), cur),
        f"{_money_as_entered(_number(i.consumables_per_session), cur)}; "
        f"{_money_as_entered(_number(i.other_per_session), cur)}",
        f"{_g(_number(i.minutes_per_session))} min at {_money_as_entered(_number(i.hourly_rate), cur)} an hour "
        f"x {_g(_number(lc.wage_loading))}",
        f"{_g(_number(i.hours_per_month))} h; {_g(_number(i.open_days_per_month))} days",
        f"{_g(_number(lc.commission_pct))} %; {_g(_number(lc.card_fee_pct))} %; {_g(_number(lc.financing_fee_pct))} %",
        f"{_money_as_entered(_number(lc.room_cost_per_hour), cur)} an hour x "
        f"{_g(room_minutes if room_minutes is not None else _number(i.minutes_per_session))} min",
        f"{_money_as_entered(_number(lc.marketing_per_new_patient), cur)} a patient, "
        f"{_g(_number(lc.sessions_per_patient))} sessions",
        "none"
        if physician <= 0
        else f"{_g(physician)} min at {_money_as_entered(_number(lc.physician_hourly_rate), cur)} an hour",
        _money_as_entered(_number(lc.overhead_per_month), cur),
        f"{_g(_number(i.discount_rate_pct))} %",
    ]


INPUT_ROW_LABELS: tuple[str, ...] = (
    "Device price",
    "Down payment",
    "Financing",
    "Useful life; resale value",
    "Maintenance a year",
    "Sessions a month (entered)",
    "Price charged per session",
    "Consumables; other a session",
    "Operator time, pay x wage loading",
    "Hours a month; open days",
    "Commission; card; financing fees",
    "Room",
    "Marketing per new patient",
    "Physician time",
    "Fixed overhead a month",
    "Discount rate (for NPV)",
)


# ---------------------------------------------------------------- the chart


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 x 10^k) that cuts `span` into about `ticks` parts."""
    raw = max(span, 1e-9) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))


def _short_money(value: float) -> str:
    """An axis label: '-150k', '0', '1.2M'."""
    if value == 0:
        return "0"
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:,.3g}M"
    if size >= 1e3:
        return f"{value / 1e3:,.4g}k"
    return f"{value:,.0f}"


def _hex(colour: str, fallback: int) -> colors.Color:
    try:
        return colors.HexColor(colour) if colour else colors.HexColor(OKABE_ITO[fallback % len(OKABE_ITO)])
    except (ValueError, TypeError):
        return colors.HexColor(OKABE_ITO[fallback % len(OKABE_ITO)])


def cash_chart(devices: Sequence[ReportDevice], width: float = BODY_WIDTH) -> Drawing:
    """Cumulative cash by month of each device (its currency: the devices must share one), the zero line, each
    full-cost payback marked with a diamond on its line and said in the legend; a reality check dashed."""
    plot_height, left, bottom, row_height = 118.0, 44.0, 22.0, 10.0
    columns = 2
    legend_rows = math.ceil(len(devices) / columns)
    height = bottom + plot_height + 6 + legend_rows * row_height
    drawing = Drawing(width, height)
    values = np.concatenate([d.cumulative_cash for d in devices]) if devices else np.zeros(1)
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    low, high = min(low, 0.0), max(high, 0.0)
    step = _nice_step(high - low)
    y_min, y_max = math.floor(low / step) * step, math.ceil(high / step) * step
    if y_max <= y_min:
        y_max = y_min + step
    x_max = max((len(d.cumulative_cash) - 1 for d in devices), default=12)
    x_max = max(x_max, 1)
    x_step = 3 if x_max <= 24 else 6 if x_max <= 48 else 12

    plot = LinePlot()
    plot.x, plot.y = left, bottom
    plot.width, plot.height = width - left - 10, plot_height
    plot.data = [
        [(float(m), float(v)) for m, v in enumerate(d.cumulative_cash) if math.isfinite(float(v))] or [(0.0, 0.0)]
        for d in devices
    ]
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax, plot.xValueAxis.valueStep = 0, x_max, x_step
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = y_min, y_max, step
    plot.yValueAxis.labelTextFormat = _short_money
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = colors.HexColor("#e3e3e3")
    plot.yValueAxis.gridStrokeWidth = 0.4
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = "Helvetica", 6.5
        axis.strokeColor = GREY
    for k, d in enumerate(devices):
        plot.lines[k].strokeColor = _hex(d.colour, k)
        plot.lines[k].strokeWidth = 1.6
        if d.reality_check:
            plot.lines[k].strokeDashArray = [4, 2.5]
    drawing.add(plot)

    def to_x(month: float) -> float:
        return float(plot.x + month / x_max * plot.width)

    def to_y(value: float) -> float:
        return float(plot.y + (value - y_min) / (y_max - y_min) * plot.height)

    drawing.add(Line(plot.x, to_y(0.0), plot.x + plot.width, to_y(0.0), strokeColor=colors.black, strokeWidth=0.8))
    drawing.add(
        String(
            plot.x + plot.width / 2, 1, "Months from purchase", fontName="Helvetica", fontSize=6.8, textAnchor="middle"
        )
    )
    legend_bottom = plot.y + plot.height + 6
    for k, d in enumerate(devices):
        colour = _hex(d.colour, k)
        payback = None if _overbooked(d) else _f(d, "payback_months")
        if payback is not None and 0 <= payback < len(d.cumulative_cash):
            marker = makeMarker("FilledDiamond", size=6.5)
            marker.x, marker.y = to_x(payback), to_y(float(d.cumulative_cash[int(payback)]))
            marker.fillColor, marker.strokeColor, marker.strokeWidth = colour, colors.black, 0.6
            drawing.add(marker)
        row, column = divmod(k, columns)
        x0 = plot.x + column * (plot.width / columns)
        y0 = legend_bottom + (legend_rows - 1 - row) * row_height + 1
        sample = PolyLine([x0, y0 + 2.5, x0 + 16, y0 + 2.5], strokeColor=colour, strokeWidth=1.8)
        if d.reality_check:
            sample.strokeDashArray = [4, 2.5]
        drawing.add(sample)
        said = "payback cannot be judged" if _overbooked(d) else _legend_payback(payback)
        label = f"{d.name}: {said}"
        room = plot.width / columns - 24
        while len(label) > 8 and _string_width(label) > room:
            label = label[: len(label) - 2].rstrip() + "\u2026"
        drawing.add(String(x0 + 20, y0, label, fontName="Helvetica", fontSize=6.8))
    drawing.add(Rect(0, 0, width, height, strokeColor=None, fillColor=None))
    return drawing


def _legend_payback(payback: float | None) -> str:
    """'full-cost payback 18 months', 'no full-cost payback within its life', 'nothing to pay back'."""
    if payback is None:
        return "no full-cost payback within its life"
    return "nothing to pay back" if payback == 0 else f"full-cost payback {months_text(payback)}"


def _string_width(text: str, size: float = 6.8) -> float:
    return float(stringWidth(text, "Helvetica", size))


# ---------------------------------------------------------------- the document


def _p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escape(text), _STYLES[style])


def _table(rows: list[list[Flowable]], widths: list[float], header_rows: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.3),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


NARROW_FROM = 5  # devices side by side from which the tables use the narrow type


def _device_columns(devices: Sequence[ReportDevice]) -> list[float]:
    label = LABEL_WIDTH if len(devices) < NARROW_FROM else 100.0
    each = (BODY_WIDTH - label) / max(len(devices), 1)
    return [label, *([each] * len(devices))]


def _by_device(label: str, devices: Sequence[ReportDevice], values: Sequence[Sequence[str]]) -> Table:
    """One row per entry of `values` (its label first, then a value per device), under a row of device names."""
    narrow = "_narrow" if len(devices) >= NARROW_FROM else ""
    rows: list[list[Flowable]] = [
        [_p(label, "head" + narrow), *(_p(f"{d.name} ({d.currency})", "head" + narrow) for d in devices)]
    ]
    rows += [[_p(text, "cell" + narrow) for text in row] for row in values]
    return _table(rows, _device_columns(devices))


def inputs_table(devices: Sequence[ReportDevice]) -> Table:
    """Each device's inputs and overheads, one column per device."""
    values = [_input_rows(d) for d in devices]
    return _by_device("Input", devices, [[label, *(v[r] for v in values)] for r, label in enumerate(INPUT_ROW_LABELS)])


def figures_table(devices: Sequence[ReportDevice], keys: Sequence[str]) -> Table:
    """The key figures of each device (or case), one column each."""
    return _by_device("Key figure", devices, [[KPIS[k][0], *(KPIS[k][1](d) for d in devices)] for k in keys])


def _figure_notes(devices: Sequence[ReportDevice]) -> list[str]:
    """Why a figure is missing or weak, in words: as the page's warnings say it."""
    notes = []
    for d in devices:
        cur = d.currency
        if _no_margin(d):
            notes.append(
                f"{d.name}: the price charged ({money(_number(d.inputs.price_per_session), cur)}) does not cover the "
                "variable and loaded cost of a session, so every session loses money: no break-even, no payback."
            )
        if not _number(d.inputs.sessions_per_month):
            notes.append(f"{d.name}: no sessions a month, so there is no cost per session and it never pays back.")
            continue
        if _overbooked(d):
            notes.append(
                f"{d.name}: {_g(_number(d.inputs.sessions_per_month))} sessions a month need "
                f"{percent(_f(d, 'utilisation'))} of the hours available, so its payback, NPV and ROI would count "
                "sessions that cannot fit."
            )
            continue
        lowest = _f(d, "min_dscr")
        if lowest is not None and lowest < LENDER_DSCR:
            notes.append(
                f"{d.name}: lowest DSCR {lowest:,.2f} in month {d.figures.get('min_dscr_month')}, below the "
                f"{LENDER_DSCR:g} lenders usually ask for."
            )
        term, life = _number(d.inputs.term_months) or 0.0, _f(d, "months_in_use")
        if (_f(d, "monthly_payment") or 0.0) > 0 and life is not None and round(term) > life and not d.reality_check:
            notes.append(
                f"{d.name}: the {'lease' if d.figures.get('financing') == 'lease' else 'loan'} runs "
                f"{months_text(term)}, past the device's {months_text(life)} in use: the balance left is repaid in "
                f"month {int(life)}, the life's last month."
            )
    return notes


_PNL_HEADERS = (
    ("year", "Year"),
    ("sessions", "Sessions"),
    ("revenue", "Revenue"),
    ("variable_costs", "Variable costs"),
    ("overheads", "Overheads"),
    ("maintenance", "Mainte\u00adnance"),
    ("ebitda", "EBITDA"),
    ("debt_service", "Debt service"),
    ("cash_flow", "Cash flow"),
    ("cumulative_cash", "Cumulative cash"),
)


def _pnl_number(key: str, value: float) -> str:
    if key == "year":
        return f"{int(value)}"
    if key == "sessions":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:,.0f}"


def pnl_table(devices: Sequence[ReportDevice]) -> Table:
    """The P&L by year of each device, under a row with its name and currency."""
    widths = [26.0, 40.0, *([(BODY_WIDTH - 66.0) / 8] * 8)]
    rows: list[list[Flowable]] = [[_p(h, "head" if k == "year" else "numhead") for k, h in _PNL_HEADERS]]
    spans = []
    for d in devices:
        if d.by_year is None:
            continue
        spans.append(len(rows))
        rows.append([_p(f"{d.name} ({d.currency})", "head"), *([_p("")] * (len(_PNL_HEADERS) - 1))])
        for _, year in d.by_year.iterrows():
            rows.append(
                [_p(_pnl_number(k, float(year[k])), "cell" if k == "year" else "num") for k, _h in _PNL_HEADERS]
            )
    table = _table(rows, widths)
    for r in spans:
        table.setStyle(
            TableStyle([("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f7f7f7"))])
        )
    return table


def sources_part(devices: Sequence[ReportDevice]) -> list[Flowable]:
    """Per device: year, quality, estimate, the inputs changed from the devices table and its sources (numbers into
    one list of every source, each once)."""
    numbered: dict[str, int] = {}
    rows: list[list[Flowable]] = [
        [_p(h, "head") for h in ("Device", "Year", "Quality", "Estimate", "Changed from the table", "Sources")]
    ]
    for d in devices:
        if d.reality_check:
            continue
        p = d.provenance or Provenance()
        refs = [numbered.setdefault(s, len(numbered) + 1) for s in p.sources()]
        changed = p.changed(d.inputs, d.loaded) if p.values else []
        rows.append(
            [
                _p(d.name),
                _p(p.year or "n/a"),
                _p(p.quality or "n/a"),
                _p(p.estimate or "n/a"),
                _p(", ".join(changed) if changed else "none"),
                _p(", ".join(f"[{n}]" for n in refs) if refs else "none given"),
            ]
        )
    out: list[Flowable] = [
        _table(rows, [92.0, 44.0, 120.0, 36.0, 110.0, BODY_WIDTH - 402.0]),
        Spacer(1, 3),
        _p(
            "Defaults come from the devices table (Price tables page), where each row's note says how each figure "
            "was chosen. \u201cChanged from the table\u201d lists the inputs this report uses in place of the row's "
            "(edited on the page or set by its choices).",
            "small",
        ),
    ]
    if numbered:
        out.append(Spacer(1, 2))
        out.extend(Paragraph(f"[{n}] {escape(s)}", _STYLES["source"]) for s, n in numbered.items())
    return out


def _footer(made_on: date) -> Callable[[Canvas, Any], None]:
    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 6.5)
        canvas.setFillColor(GREY)
        canvas.drawString(
            MARGIN,
            MARGIN / 2,
            f"Treatment cost dashboard, {made_on.isoformat()}. A cost tool, not financial, tax or medical advice.",
        )
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN / 2, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def clinic_report_pdf(
    title: str,
    context: Sequence[str],
    devices: Sequence[ReportDevice],
    figures: Sequence[str] = PLANNER_FIGURES,
    made_on: date | None = None,
) -> bytes:
    """The report as PDF bytes (A4): title and `context` (sentences saying how the page computed the figures), the
    inputs of each device that is not a reality check, the key figures `figures` (keys of KPIS) of every device,
    the cumulative-cash chart (one per currency), the P&L by year and the assumptions with their sources.

    After-tax figures are left out when no device pays income tax (they equal the ones before tax)."""
    made_on = made_on or date.today()
    entered = [d for d in devices if not d.reality_check]
    taxed = any((_number(d.figures.get("income_tax_total")) or 0.0) != 0 for d in devices)
    keys = [k for k in figures if taxed or k not in _AFTER_TAX]
    story: list[Flowable] = [
        _p(title, "title"),
        _p(
            f"Made on {made_on.day} {made_on:%B %Y}. Money is in each device's currency; every figure is the one "
            "the page shows for these inputs.",
            "small",
        ),
        *(_p(line, "small") for line in context),
        _p("Inputs", "h2"),
        inputs_table(entered),
        _p("Key figures", "h2"),
        figures_table(devices, keys),
        *(_p(note, "small") for note in _figure_notes(devices)),
    ]
    by_currency: dict[str, list[ReportDevice]] = {}
    for d in devices:
        if not _overbooked(d):
            by_currency.setdefault(d.currency, []).append(d)
    for currency, group in by_currency.items():
        story.append(
            KeepTogether(
                [
                    _p(f"Cumulative cash ({currency}); a diamond marks each full-cost payback", "h2"),
                    cash_chart(group),
                ]
            )
        )
    if any(d.by_year is not None for d in devices):
        story += [
            KeepTogether(
                [
                    _p("Profit and loss by year", "h2"),
                    pnl_table(devices),
                ]
            ),
            _p(
                "Year 1 is months 0-12 (the outlay at purchase falls in it). EBITDA = revenue - variable costs - "
                "overheads - maintenance; cash flow = EBITDA - debt service (loan or lease payments), the resale value "
                "in the last month.",
                "small",
            ),
        ]
    story += [_p("Assumptions and their sources", "h2"), *sources_part(devices)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="Treatment cost dashboard",
        subject="Device economics: inputs, key figures, cumulative cash, P&L by year, sources",
        invariant=1,
    )
    footer = _footer(made_on)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def report_download(build: Callable[[], bytes], file_name: str, key: str) -> None:
    """The "Download report (PDF)" button; `build` runs only when it is clicked (Streamlit's deferred download)."""
    st.download_button(
        BUTTON_LABEL,
        data=build,  # no table: every name in the PDF is escaped for reportlab's markup by `_p`
        file_name=file_name,
        mime=PDF_MIME,
        key=key,
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        help="A report of these devices for a bank or a partner: inputs, key figures, cumulative cash, P&L by "
        "year and the sources of the defaults.",
    )
