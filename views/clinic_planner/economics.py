"""The Clinic planner's devices that can be computed: their inputs and overheads as edited, the core's economics
and summary of each, and the devices each warning is about."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import pandas as pd

from pricing.clinic.device import DeviceEconomics, DeviceInputs, LoadedCosts, device_economics
from pricing.clinic.projection import ClinicProjection, clinic_projection
from ui.user_text import markdown_text

Summary = dict[str, float | int | str | None]  # DeviceEconomics.summary(): figure -> value, None where none


@dataclass(frozen=True)
class Planned:
    """The computed devices (ids in the table's order) and what the page shows about them."""

    valid: list[str]
    names: dict[str, str]
    names_md: dict[str, str]  # names escaped for Markdown: they show as typed in the devices table
    option_of: dict[str, str]
    inputs: dict[str, DeviceInputs]
    loaded: dict[str, LoadedCosts]  # the row's overheads (an empty cell or a column absent: the no-op default)
    econ: dict[str, DeviceEconomics]
    summaries: dict[str, Summary]  # econ[d].summary(), computed once (it finds the IRR)
    overbooked: list[str]  # more sessions a month than the hours available allow
    no_margin: list[str]  # the price does not cover the variable and loaded cost of a session
    no_sessions: list[str]  # no sessions a month
    by_currency: dict[str, list[str]]

    @classmethod
    def of(cls, devices: pd.DataFrame, edited: pd.DataFrame, valid: list[str], open_days_per_month: float) -> Planned:
        """The devices `valid` with their edited inputs and overheads, the clinic open `open_days_per_month` days
        a month; devices: the devices table indexed by device_id."""
        rows = {d: cast("Mapping[str, object]", edited.loc[d]) for d in valid}  # a row: column -> value
        inputs = {
            d: DeviceInputs.from_mapping(rows[d], currency=str(rows[d]["currency"])).with_values(
                open_days_per_month=float(open_days_per_month)
            )
            for d in valid
        }
        loaded = {d: LoadedCosts.from_mapping(rows[d]) for d in valid}
        econ = {d: device_economics(inputs[d], loaded=loaded[d]) for d in valid}
        names = {d: str(devices["name"][d]) for d in valid}
        by_currency: dict[str, list[str]] = {}
        for d in valid:
            by_currency.setdefault(inputs[d].currency, []).append(d)
        return cls(
            valid=valid,
            names=names,
            names_md={d: markdown_text(name) for d, name in names.items()},
            option_of={d: str(devices.loc[d, "option_id"]) for d in valid},
            inputs=inputs,
            loaded=loaded,
            econ=econ,
            summaries={d: econ[d].summary() for d in valid},
            overbooked=[d for d in valid if float(econ[d].utilisation[0]) > 1],
            no_margin=[d for d in valid if float(econ[d].contribution_margin[0]) <= 0],
            no_sessions=[d for d in valid if float(inputs[d].sessions_per_month) <= 0],
            by_currency=by_currency,
        )

    def projection(self, d: str) -> ClinicProjection:
        """Device d month by month with the same inputs and overheads (flat volume: the figures of `econ[d]`)."""
        return clinic_projection(self.inputs[d], loaded=self.loaded[d])


def figure(summary: Mapping[str, float | int | str | None], key: str) -> float | None:
    """One number of `DeviceEconomics.summary()` (None where there is none)."""
    value = summary[key]
    if isinstance(value, str):
        raise TypeError(f"{key} is not a figure: {value!r}")
    return value
