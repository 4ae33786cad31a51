"""Which device inputs move a clinic's monthly profit most: a one-at-a-time sensitivity (the tornado)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pricing.clinic.device import DeviceInputs, LoadedCosts, device_economics

SENSITIVITY_INPUTS: dict[str, str] = {
    "price_per_session": "Price charged per session",
    "sessions_per_month": "Sessions per month",
    "consumables_per_session": "Consumables per session",
    "other_per_session": "Other cost per session",
    "minutes_per_session": "Minutes per session",
    "hourly_rate": "Operator hourly rate",
    "device_price": "Device price (with down payment and residual)",
    "maintenance_per_year": "Maintenance per year",
    "apr_pct": "Financing APR",
    "life_years": "Useful life",
}


def profit_sensitivity(
    inputs: DeviceInputs, change_pct: float = 20.0, loaded: LoadedCosts = LoadedCosts()
) -> pd.DataFrame:
    """Monthly profit when each input moves down and up by `change_pct` percent, one at a time, with the
    device's overheads `loaded` held as they are (so the base is the profit the planner shows).

    monthly profit = sessions_per_month x contribution_margin - fixed_cost_per_month (money in
    inputs.currency; both carry the overheads). Device price moves with its down payment and residual
    value (both are set as shares of the price). Returns rows sorted by swing = |profit_high - profit_low|,
    largest first, with columns input, label, value_low, value_high, profit_low, profit_high, base_profit, swing.
    """
    base = inputs.arrays()
    names = list(SENSITIVITY_INPUTS)
    factors = np.array([1 - change_pct / 100, 1 + change_pct / 100])
    scenario = {k: np.repeat(v[:1], 1 + 2 * len(names)) for k, v in base.items()}
    linked = {"device_price": ("device_price", "down_payment", "residual_value")}
    for i, name in enumerate(names):
        for j, factor in enumerate(factors):
            for column in linked.get(name, (name,)):
                scenario[column][1 + 2 * i + j] = base[column][0] * factor
    profit = device_economics(inputs.with_values(**scenario), loaded=loaded).monthly_profit
    low, high = profit[1::2], profit[2::2]
    out = pd.DataFrame(
        {
            "input": names,
            "label": [SENSITIVITY_INPUTS[n] for n in names],
            "value_low": [base[n][0] * factors[0] for n in names],
            "value_high": [base[n][0] * factors[1] for n in names],
            "profit_low": low,
            "profit_high": high,
            "base_profit": profit[0],
            "swing": np.abs(high - low),
        }
    )
    return out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
