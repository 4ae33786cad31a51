"""Clinic scenarios side by side: several named cases computed in one vectorised `clinic_projection` call.

A scenario is a device with its volume, financing, acquisition, loaded costs and tax settings
(`ClinicScenario`); every field of every input is stacked into one array per field, so three cases cost one
call. The comparison table has one row per scenario with its key figures (COMPARISON_FIGURES) and, for each
numeric figure, `<figure>_vs_first` = that figure minus the first scenario's (0 on the first row; NaN where
either has none). Cumulative cash (S, M + 1) is NaN after a scenario's months in use.

Presets: `volume_cases` (conservative / expected / optimistic at 50 %, 100 % and 150 % of the entered demand:
dealer-reported first-year volumes run at about half of vendor cases, devices.md §6) and `reality_check_cases`
(the entered case beside the same case at half the demand).
Example (tests/pricing/test_device_extensions.py): test_device's
example W at 20, 10 and 30 sessions a month -> NPV at 0 %: 174,000, 54,000 and 294,000; vs first: 0,
-120,000 and +120,000 (each session a month is worth 200 x 60 months).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.clinic.device import DeviceInputs, LoadedCosts
from pricing.clinic.financing import Acquisition, Financing
from pricing.clinic.projection import ClinicProjection, clinic_projection
from pricing.clinic.tax import TaxSettings
from pricing.clinic.volume import REALITY_CHECK_DEMAND_FACTOR, VolumeProfile

COMPARISON_FIGURES: tuple[str, ...] = (
    "financing",
    "cost_of_device",
    "monthly_payment",
    "average_sessions_per_month",
    "first_year_sessions",
    "contribution_margin",
    "loaded_cost_per_session",
    "fixed_cost_per_month",
    "full_cost_per_session",
    "monthly_profit",
    "break_even_sessions_per_month",
    "payback_months",
    "discounted_payback_months",
    "npv",
    "roi",
    "after_tax_npv",
    "after_tax_payback_months",
    "utilisation",
    "months_in_use",
)


@dataclass(frozen=True)
class ClinicScenario:
    """One named clinic case: a device (scalar inputs) and how it is used, paid for and taxed."""

    name: str
    inputs: DeviceInputs
    volume: VolumeProfile = field(default_factory=VolumeProfile)
    financing: Financing = field(default_factory=Financing)
    acquisition: Acquisition = field(default_factory=Acquisition)
    loaded: LoadedCosts = field(default_factory=LoadedCosts)
    tax: TaxSettings = field(default_factory=TaxSettings)


@dataclass(frozen=True)
class ScenarioComparison:
    """Scenarios side by side; money in `currency`. table: one row per scenario (name first, then
    COMPARISON_FIGURES and their `_vs_first` differences); cumulative_cash and after_tax_cumulative_cash:
    (S, M + 1) by month 0 .. M; projection: every figure of the single vectorised call."""

    names: tuple[str, ...]
    currency: str
    table: pd.DataFrame
    months: npt.NDArray[np.int64]
    cumulative_cash: npt.NDArray[np.float64]
    after_tax_cumulative_cash: npt.NDArray[np.float64]
    projection: ClinicProjection


_Settings = TypeVar("_Settings", DeviceInputs, VolumeProfile, Financing, Acquisition, LoadedCosts, TaxSettings)


def _stack(items: Sequence[_Settings]) -> _Settings:
    """One dataclass whose every field holds the items' values along a first axis (None -> NaN)."""
    first = items[0]
    stacked: dict[str, Any] = {}  # field values: text, arrays
    for f in fields(first):
        values = [getattr(item, f.name) for item in items]
        if f.name == "currency":
            stacked[f.name] = values[0]
        elif f.name == "seasonality":
            stacked[f.name] = np.stack([np.asarray(v, dtype=np.float64) for v in values])
        elif all(isinstance(v, str) for v in values):
            stacked[f.name] = np.array(values, dtype=np.str_)
        else:
            stacked[f.name] = np.array([np.nan if v is None else v for v in values])
    return replace(first, **stacked)  # every field replaced: a new instance, checked by its __post_init__


def compare_scenarios(scenarios: Sequence[ClinicScenario]) -> ScenarioComparison:
    """Compute every scenario in one `clinic_projection` call and tabulate the key figures (see the module).

    All scenarios must share one currency (convert first) and hold scalar inputs.
    """
    if not scenarios:
        raise ValueError("no scenario to compare")
    names = tuple(s.name for s in scenarios)
    if len(set(names)) != len(names):
        raise ValueError("scenario names must be unique")
    currencies = {s.inputs.currency for s in scenarios}
    if len(currencies) != 1:
        raise ValueError(f"scenarios must share one currency, got {', '.join(sorted(currencies))}")
    projection = clinic_projection(
        _stack([s.inputs for s in scenarios]),
        volume=_stack([s.volume for s in scenarios]),
        financing=_stack([s.financing for s in scenarios]),
        acquisition=_stack([s.acquisition for s in scenarios]),
        loaded=_stack([s.loaded for s in scenarios]),
        tax=_stack([s.tax for s in scenarios]),
    )
    columns: dict[str, object] = {"scenario": list(names)}
    for name in COMPARISON_FIGURES:
        columns[name] = getattr(projection, name)
    table = pd.DataFrame(columns)
    numeric = [n for n in COMPARISON_FIGURES if pd.api.types.is_numeric_dtype(table[n])]
    differences = table[numeric] - table[numeric].iloc[0]
    table = pd.concat([table, differences.add_suffix("_vs_first")], axis=1)
    table["currency"] = projection.currency
    return ScenarioComparison(
        names=names,
        currency=projection.currency,
        table=table,
        months=np.arange(projection.cash_flows.shape[1]),
        cumulative_cash=projection.cumulative_cash,
        after_tax_cumulative_cash=projection.after_tax_cumulative_cash,
        projection=projection,
    )


DEFAULT_VOLUME_CASES: tuple[tuple[str, float], ...] = (("conservative", 0.5), ("expected", 1.0), ("optimistic", 1.5))


def volume_cases(
    base: ClinicScenario, cases: Sequence[tuple[str, float]] = DEFAULT_VOLUME_CASES
) -> list[ClinicScenario]:
    """The base case at several shares of its demand (demand_factor multiplied), named by `cases`.

    Example: base 40 sessions a month -> conservative 20, expected 40, optimistic 60 booked a month.
    """
    return [
        replace(base, name=name, volume=replace(base.volume, demand_factor=base.volume.demand_factor * factor))
        for name, factor in cases
    ]


def reality_check_cases(base: ClinicScenario) -> list[ClinicScenario]:
    """[the entered case, the same at half the demand (named "<name> - reality check (50 % of volume)")]."""
    label = f"{base.name} - reality check ({REALITY_CHECK_DEMAND_FACTOR:.0%} of volume)".replace("%", " %")
    return volume_cases(base, ((base.name, 1.0), (label, REALITY_CHECK_DEMAND_FACTOR)))
