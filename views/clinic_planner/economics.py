"""The Clinic planner's devices that can be computed: their inputs as edited, the core's economics of each, and
the devices each warning is about."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import pandas as pd

from pricing.clinic.device import DeviceEconomics, DeviceInputs, device_economics
from ui.user_text import markdown_text


@dataclass(frozen=True)
class Planned:
    """The computed devices (ids in the table's order) and what the page shows about them."""

    valid: list[str]
    names: dict[str, str]
    names_md: dict[str, str]  # names escaped for Markdown: they show as typed in the devices table
    option_of: dict[str, str]
    inputs: dict[str, DeviceInputs]
    econ: dict[str, DeviceEconomics]
    overbooked: list[str]  # more sessions a month than the hours available allow
    no_margin: list[str]  # the price does not cover the variable cost of a session
    no_sessions: list[str]  # no sessions a month
    by_currency: dict[str, list[str]]

    @classmethod
    def of(cls, devices: pd.DataFrame, edited: pd.DataFrame, valid: list[str]) -> Planned:
        """The devices `valid` with their edited inputs; devices: the devices table indexed by device_id."""
        rows = {d: cast("Mapping[str, object]", edited.loc[d]) for d in valid}  # a row: column -> value
        inputs = {d: DeviceInputs.from_mapping(rows[d], currency=str(rows[d]["currency"])) for d in valid}
        econ = {d: device_economics(inputs[d]) for d in valid}
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
            econ=econ,
            overbooked=[d for d in valid if float(econ[d].utilisation[0]) > 1],
            no_margin=[d for d in valid if float(econ[d].contribution_margin[0]) <= 0],
            no_sessions=[d for d in valid if float(inputs[d].sessions_per_month) <= 0],
            by_currency=by_currency,
        )


def figure(summary: Mapping[str, float | int | str | None], key: str) -> float | None:
    """One number of `DeviceEconomics.summary()` (None where there is none)."""
    value = summary[key]
    if isinstance(value, str):
        raise TypeError(f"{key} is not a figure: {value!r}")
    return value
