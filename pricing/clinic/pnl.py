"""A device's monthly profit and loss (P&L) and its yearly roll-up, from a `clinic_projection`.

One scenario of the projection, months 0 .. H (its months in use), money in the projection's currency:

    sessions        = sessions delivered in the month
    revenue         = sessions x price_per_session
    variable_costs  = sessions x variable cost per session (consumables, other, the operator's pay)
    overheads       = sessions x loaded cost per session (commission, fees, room, marketing, physician, wage
                      loading) + overhead_per_month
    maintenance     = maintenance_per_year / 12
    ebitda          = revenue - variable_costs - overheads - maintenance   (the operating cash of payback.py)
    debt_service    = the loan or lease payments of the month (balloon, buyout and the settlement at the end of
                      the life included)
    cash_flow       = ebitda - debt_service; month 0: - the outlay at purchase; month H: + the resale value
    cumulative_cash = running sum of cash_flow

`pnl_by_year` sums every column but cumulative_cash (its value at the year's end) by year: year 1 = months 0 .. 12
(the outlay at purchase falls in the first year), year y = months 12 (y - 1) + 1 .. 12 y; the last year may be
short.

Worked example (tests/pricing/test_payback.py, example W of tests/pricing/test_device.py): month 1 = 20 sessions,
revenue 20 x 245 = 4,900, variable costs 20 x 45 = 900, maintenance 200, EBITDA 3,800, debt service 1,000, cash
flow 2,800, cumulative -12,000 + 2,800 = -9,200. Year 1: revenue 58,800, EBITDA 45,600, debt service 12,000,
cash flow -12,000 + 12 x 2,800 = 21,600; year 5 ends at 174,000 (the sum of all cash flows).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pricing.clinic.projection import ClinicProjection

PNL_COLUMNS: tuple[str, ...] = (
    "month",
    "sessions",
    "revenue",
    "variable_costs",
    "overheads",
    "maintenance",
    "ebitda",
    "debt_service",
    "cash_flow",
    "cumulative_cash",
)
_SUMMED = PNL_COLUMNS[1:-1]


def monthly_pnl(projection: ClinicProjection, scenario: int = 0) -> pd.DataFrame:
    """The P&L of one scenario by month 0 .. H (columns PNL_COLUMNS; see the module docstring).

    >>> from pricing.clinic.device import DeviceInputs
    >>> from pricing.clinic.projection import clinic_projection
    >>> w = DeviceInputs("USD", 60_000, 12_000, 6_000, 5, 2_400, 0, 48, 20, 5, 30, 40, 245, 20, 0, 40)
    >>> pnl = monthly_pnl(clinic_projection(w))
    >>> pnl.iloc[1].tolist()
    [1.0, 20.0, 4900.0, 900.0, 0.0, 200.0, 3800.0, 1000.0, 2800.0, -9200.0]
    >>> len(pnl), float(pnl["cumulative_cash"].iloc[-1])
    (61, 174000.0)
    """
    h = int(projection.life_months[scenario])
    months = np.arange(h + 1)
    sessions = projection.sessions[scenario, : h + 1]
    active = (months >= 1).astype(np.float64)
    cash_flow = projection.cash_flows[scenario, : h + 1]
    return pd.DataFrame(
        {
            "month": months,
            "sessions": sessions,
            "revenue": sessions * projection.price_per_session[scenario],
            "variable_costs": sessions * projection.variable_cost_per_session[scenario],
            "overheads": sessions * projection.loaded_cost_per_session[scenario]
            + active * projection.overhead_per_month[scenario],
            "maintenance": active * projection.maintenance_per_month[scenario],
            "ebitda": projection.operating_cash_flows[scenario, : h + 1],
            "debt_service": projection.payments[scenario, : h + 1],
            "cash_flow": cash_flow,
            "cumulative_cash": np.cumsum(cash_flow),
        },
        columns=list(PNL_COLUMNS),
    )


def pnl_by_year(projection: ClinicProjection, scenario: int = 0) -> pd.DataFrame:
    """The P&L of one scenario by year (year first, then PNL_COLUMNS without month; see the module docstring).

    >>> from pricing.clinic.device import DeviceInputs
    >>> from pricing.clinic.projection import clinic_projection
    >>> w = DeviceInputs("USD", 60_000, 12_000, 6_000, 5, 2_400, 0, 48, 20, 5, 30, 40, 245, 20, 0, 40)
    >>> years = pnl_by_year(clinic_projection(w))
    >>> years[["year", "revenue", "ebitda", "debt_service", "cash_flow", "cumulative_cash"]].iloc[0].tolist()
    [1.0, 58800.0, 45600.0, 12000.0, 21600.0, 21600.0]
    >>> years["cumulative_cash"].tolist()
    [21600.0, 55200.0, 88800.0, 122400.0, 174000.0]
    """
    months = monthly_pnl(projection, scenario)
    year = np.maximum((months["month"].to_numpy() + 11) // 12, 1)
    grouped = months.groupby(year)
    out = grouped[list(_SUMMED)].sum()
    out["cumulative_cash"] = grouped["cumulative_cash"].last()
    return out.rename_axis("year").reset_index()
