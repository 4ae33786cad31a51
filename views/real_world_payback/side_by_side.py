"""Cases side by side on the Real-world payback page: one table of key figures with the differences from the first
case coloured, the other figures, a CSV of all, and one cumulative-cash chart with payback marked.

The figures are those of `pricing.clinic.scenarios.compare_scenarios` (one vectorised projection for all the
cases); this module only picks, names, formats and draws them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from pricing.clinic.scenarios import ClinicScenario, ScenarioComparison, compare_scenarios
from ui.charts.clinic import CashLine, cumulative_cash
from ui.charts.common import show_chart
from ui.export import table_csv
from ui.user_text import markdown_text
from views.real_world_payback.columns import COLUMNS, DIFFERENCES, KEY_FIGURES
from views.real_world_payback.inputs import WARN

OVERBOOKED = 1 + 1e-9  # utilisation above this: more sessions than the hours allow


@dataclass(frozen=True)
class Case:
    """One row of a comparison: its scenario, a unique key, the option whose colour it wears, its line dash."""

    key: str
    option_id: str
    scenario: ClinicScenario
    dash: str = "solid"
    labelled: bool = True  # its payback labelled on the cash chart (a reality check's is not, to keep it legible)


@dataclass(frozen=True)
class Compared:
    """Cases in one currency and their comparison (row i is cases[i])."""

    cases: list[Case]
    comparison: ScenarioComparison

    def figure(self, name: str, row: int) -> float:
        """One figure of the projection (a ClinicProjection field) for one row."""
        return float(getattr(self.comparison.projection, name)[row])

    def overbooked(self) -> set[int]:
        """Rows whose average sessions need more hours than the device has."""
        return {i for i in range(len(self.cases)) if self.figure("utilisation", i) > OVERBOOKED}


def compare(cases: list[Case]) -> Compared:
    """All the cases in one `compare_scenarios` call (they must share a currency)."""
    return Compared(cases, compare_scenarios([c.scenario for c in cases]))


DIFFERENCE_HELP = "This case minus the first case of the table; blue = better than the first, orange = worse."
BETTER, WORSE = "background-color: #d6eaf8", "background-color: #fde2c4"  # blue / orange: colour-blind safe
STYLER_FORMAT = {"months": "{:,.0f}", "money": "{:,.0f}", "share": "{:.0%}", "sessions": "{:,.1f}", "count": "{:,.0f}"}
COLUMN_FORMAT = {"months": "%d", "money": "accounting", "share": "percent", "sessions": "%.1f", "count": "%d"}


def difference_header(figure: str, currency: str) -> str:
    """'NPV (USD)' -> 'NPV vs first (USD)'; 'ROI' -> 'ROI vs first'."""
    header = COLUMNS[figure].header.format(c=currency)
    return header.replace(" (", " vs first (", 1) if "(" in header else f"{header} vs first"


def comparison_frame(compared: Compared, figures: Sequence[str], blank: Set[int] = frozenset()) -> pd.DataFrame:
    """The figures with readable headers (units in them), then their differences from the first case; rows in
    `blank` (overbooked: figures that count sessions that do not fit) lose their figures."""
    table, cur = compared.comparison.table, compared.comparison.currency
    hidden = sorted(blank)
    out: dict[str, Any] = {"Case": list(compared.comparison.names)}
    for figure in figures:
        values = table[figure].to_numpy(copy=True)
        if hidden and COLUMNS[figure].kind != "text":
            values = values.astype(np.float64)
            values[hidden] = np.nan
        out[COLUMNS[figure].header.format(c=cur)] = values
        if figure in DIFFERENCES and len(table) > 1:  # each difference beside its figure, where it is seen
            diff = table[f"{figure}_vs_first"].to_numpy(dtype=np.float64, copy=True)
            diff[hidden] = np.nan
            out[difference_header(figure, cur)] = diff
    return pd.DataFrame(out)


def _help(frame: pd.DataFrame, currency: str, formatted: bool = True) -> dict[str, Any]:
    """Hover help of every column; with `formatted`, number formats too (not for a Styler, which has its own)."""
    config: dict[str, Any] = {"Case": st.column_config.TextColumn(pinned=True, help="Device and case.")}
    for figure, column in COLUMNS.items():
        header = column.header.format(c=currency)
        if header in frame.columns:
            fmt = COLUMN_FORMAT.get(column.kind) if formatted else None
            config[header] = (
                st.column_config.NumberColumn(format=fmt, help=column.help)
                if fmt
                else st.column_config.Column(help=column.help)
            )
        if figure in DIFFERENCES and difference_header(figure, currency) in frame.columns:
            config[difference_header(figure, currency)] = st.column_config.Column(help=DIFFERENCE_HELP)
    return config


def _styled(frame: pd.DataFrame, currency: str) -> Any:
    """Numbers formatted by kind; each difference blue where the case does better than the first, orange worse."""
    formats: dict[Any, str | Callable[[object], str] | None] = {
        COLUMNS[f].header.format(c=currency): STYLER_FORMAT[COLUMNS[f].kind]
        for f in COLUMNS
        if COLUMNS[f].header.format(c=currency) in frame.columns and COLUMNS[f].kind in STYLER_FORMAT
    }
    styler = frame.style.format(formats, na_rep="none")
    for figure, better in DIFFERENCES.items():
        header = difference_header(figure, currency)
        if header not in frame.columns:
            continue
        sign = -1.0 if better == "lower" else 1.0

        def colour(values: pd.Series, sign: float = sign) -> list[str]:
            return [BETTER if v * sign > 1e-9 else WORSE if v * sign < -1e-9 else "" for v in values.fillna(0.0)]

        styler = styler.format("{:+,.0f}", subset=[header], na_rep="none").apply(colour, subset=[header])
    return styler


def cash_lines(compared: Compared, after_tax: bool = False, skip: Set[int] = frozenset()) -> list[CashLine]:
    """Cumulative cash (before or after tax) of each case not in `skip`, over its months in use, payback marked."""
    projection = compared.comparison.projection
    cumulative = compared.comparison.after_tax_cumulative_cash if after_tax else compared.comparison.cumulative_cash
    payback = projection.after_tax_payback_months if after_tax else projection.payback_months
    lines = []
    for i, case in enumerate(compared.cases):
        if i in skip:
            continue
        months, pay = int(projection.life_months[i]), float(payback[i])
        lines.append(
            CashLine(
                case.key + ("_tax" if after_tax else ""),
                case.option_id,
                case.scenario.name + (", after tax" if after_tax else ""),
                np.arange(months + 1),
                cumulative[i, : months + 1],
                None if math.isnan(pay) else int(pay),
                "dot" if after_tax else case.dash,
                case.labelled and not after_tax,
            )
        )
    return lines


def side_by_side(compared: Compared, colours: Mapping[str, str], file_stub: str, key: str) -> None:
    """The key figures with their differences from the first case, the other figures (expander), a CSV of all,
    and the cumulative-cash chart; overbooked cases get a warning in place of their figures and line."""
    cur = compared.comparison.currency
    blank = compared.overbooked()
    frame = comparison_frame(compared, KEY_FIGURES, blank)
    st.dataframe(
        _styled(frame, cur),
        hide_index=True,
        width="stretch",
        key=f"{key}_table",
        column_config=_help(frame, cur, formatted=False),
    )
    others = [f for f in COLUMNS if f not in KEY_FIGURES]
    more_figures = st.expander(
        "More figures: financing, cost of the device, margin, fixed cost", key=f"{key}_more_open", on_change="rerun"
    )
    if more_figures.open is not False:  # drawn only when opened (opening it reruns the page)
        more = comparison_frame(compared, others, blank)
        more_figures.dataframe(
            more, hide_index=True, width="stretch", key=f"{key}_more", column_config=_help(more, cur)
        )
    everything = comparison_frame(compared, list(COLUMNS), blank).assign(Currency=cur)
    st.download_button(
        f"Download the comparison ({cur}, CSV)",
        table_csv(everything),
        f"real-world-{file_stub}-{cur}.csv",
        "text/csv",
        icon=":material/download:",
        key=f"{key}_csv",
    )
    if blank:
        st.warning(
            "No figures and no line for "
            + ", ".join(markdown_text(compared.cases[i].scenario.name) for i in sorted(blank))
            + ": more sessions than the hours available allow. Turn on *Limit to capacity* (Volume tab) or "
            "lower the sessions.",
            icon=WARN,
        )
    lines = cash_lines(compared, skip=blank)
    if lines:
        show_chart(cumulative_cash(lines, colours, cur), key=f"{key}_cash")
    never = [markdown_text(line.name) for line in lines if line.payback_month is None]
    if never:
        st.warning(", ".join(never) + ": no payback within the months in use at these figures.", icon=WARN)
