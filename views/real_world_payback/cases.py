"""The Real-world payback page's cases: each device with every setting of the page, beside its reality check,
projected per currency by `pricing.clinic.scenarios.compare_scenarios` (one vectorised projection for all the
cases of a currency); this module only builds, keeps and picks them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from pricing.clinic.cases import PaymentTerms, clinic_case
from pricing.clinic.device import DeviceInputs, LoadedCosts
from pricing.clinic.scenarios import ClinicScenario, reality_check_cases
from pricing.clinic.tax import TaxSettings
from ui.user_text import markdown_text
from views.real_world_payback.inputs import WARN, PaymentChoice, VolumeChoice
from views.real_world_payback.side_by_side import OVERBOOKED, Case, Compared, compare


@dataclass(frozen=True)
class Settings:
    """Every setting of the page: each device's inputs (with the sidebar's sessions and price), the volume, the
    way of paying, each device's loaded costs and tax."""

    inputs: dict[str, DeviceInputs]
    volume: VolumeChoice
    payment: PaymentChoice
    loaded: dict[str, LoadedCosts]
    tax: TaxSettings

    @property
    def tax_rate(self) -> float:
        """The income-tax rate in percent (0: no tax view)."""
        return float(self.tax.income_tax_rate_pct)

    def case(self, d: str, name: str, terms: PaymentTerms | None = None) -> ClinicScenario:
        """Device d with every setting (`terms` in place of the page's way of paying); raises ValueError, in
        words, when it cannot be computed."""
        return clinic_case(
            name,
            self.inputs[d],
            volume=self.volume.profile,
            terms=self.payment.terms if terms is None else terms,
            refurbished=d in self.payment.refurbished,
            loaded=self.loaded[d],
            tax=self.tax,
        )


@dataclass(frozen=True)
class Devices:
    """The chosen devices that can be used (ids in the table's order): names, options and currencies."""

    valid: list[str]
    names: dict[str, str]
    option_of: dict[str, str]
    currency_of: dict[str, str]

    @cached_property
    def names_md(self) -> dict[str, str]:
        """The names escaped for Markdown: they show as typed in the devices table."""
        return {d: markdown_text(n) for d, n in self.names.items()}


@dataclass(frozen=True)
class Projected:
    """The devices that could be computed, each beside its reality check, in one projection per currency."""

    devices: Devices
    computed: list[str]
    base_cases: dict[str, ClinicScenario]
    by_currency: dict[str, list[str]]
    main: dict[str, Compared]
    row_of: dict[str, tuple[int, int]]  # device -> (its row, its reality check's row) in main[its currency]

    @classmethod
    def of(cls, devices: Devices, base_cases: dict[str, ClinicScenario]) -> Projected:
        """Each currency's devices, each beside its reality check, in one projection."""
        computed = [d for d in devices.valid if d in base_cases]
        by_currency: dict[str, list[str]] = {}
        for d in computed:
            by_currency.setdefault(devices.currency_of[d], []).append(d)
        main: dict[str, Compared] = {}
        row_of: dict[str, tuple[int, int]] = {}
        for cur, group in by_currency.items():
            cases: list[Case] = []
            for d in group:
                entered, check = reality_check_cases(base_cases[d])
                # The core's name of the reality check says "(50 % of volume)" too.
                check = replace(check, name=f"{entered.name}, reality check")
                row_of[d] = (len(cases), len(cases) + 1)
                option = devices.option_of[d]
                cases += [Case(d, option, entered), Case(f"{d}_check", option, check, "dash", labelled=False)]
            main[cur] = compare(cases)
        return cls(devices, computed, base_cases, by_currency, main, row_of)

    def figure(self, d: str, name: str, check: bool = False) -> float:
        """A figure of device d's projection (its reality check's with `check`)."""
        return self.main[self.devices.currency_of[d]].figure(name, self.row_of[d][1 if check else 0])

    def is_overbooked(self, d: str, check: bool = False) -> bool:
        """More sessions a month than the device's hours allow (possible only without the capacity cap)."""
        return self.figure(d, "utilisation", check) > OVERBOOKED

    @cached_property
    def overbooked(self) -> list[str]:
        """The devices whose entered volume needs more hours than they have."""
        return [d for d in self.computed if self.is_overbooked(d)]

    @cached_property
    def no_margin(self) -> list[str]:
        """The devices whose price does not cover the cost of a session."""
        return [d for d in self.computed if self.figure(d, "contribution_margin") <= 0]


def base_cases(devices: Devices, settings: Settings, warnings: Any) -> dict[str, ClinicScenario]:
    """Each device's case with every setting; one that cannot be computed is named in a warning in `warnings`
    (a container). Two devices of one name get their ids in their cases' names, to tell them apart."""
    cases: dict[str, ClinicScenario] = {}
    for d in devices.valid:
        try:
            cases[d] = settings.case(d, devices.names[d])
        except ValueError as exc:
            warnings.warning(f"**{devices.names_md[d]}** is not computed: {markdown_text(str(exc))}.", icon=WARN)
    if len({devices.names[d] for d in cases}) < len(cases):
        cases = {d: replace(c, name=f"{c.name} ({d})") for d, c in cases.items()}
    return cases
