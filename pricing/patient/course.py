"""A patient's course of treatment: sessions bought, extras, downtime and their cost, per option.

Vectorised over rows (one row per option and region). For each row, three bands:
- low     = price_low,     sessions_min,     downtime_days_min per session
- typical = price_typical, sessions_typical, downtime_days_typical per session
- high    = price_high,    sessions_max,     downtime_days_max per session
course_cost = cheapest way to buy at least the sessions from singles and packages; package prices
scale with the band (package price x band price / typical price), so the cheapest plan is the same
plan at every price level. extras_cost = extras_per_visit x sessions; downtime_days = days per
session x sessions; downtime_cost = downtime_days x daily_value; total = course + extras + downtime
cost; weeks = (sessions - 1) x interval_weeks. Money is in the row's `currency`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.patient.packages import PurchasePlan, cheapest_cost_table, plan_from_choices

BANDS: tuple[str, ...] = ("low", "typical", "high")
SESSION_COLUMN = {"low": "sessions_min", "typical": "sessions_typical", "high": "sessions_max"}
DOWNTIME_COLUMN = {"low": "downtime_days_min", "typical": "downtime_days_typical", "high": "downtime_days_max"}
PRICE_COLUMN = {"low": "price_low", "typical": "price_typical", "high": "price_high"}
COURSE_INPUT_COLUMNS: tuple[str, ...] = (
    *PRICE_COLUMN.values(),
    *SESSION_COLUMN.values(),
    *DOWNTIME_COLUMN.values(),
    "interval_weeks",
    "currency",
)


@dataclass(frozen=True)
class PatientCosts:
    """What a patient adds per visit and per day off, in `currency`."""

    currency: str
    extras_per_visit: float = 0.0
    daily_value_of_downtime: float = 0.0


@dataclass(frozen=True)
class PackageArrays:
    """Packages aligned to course rows: sizes (R, P) and prices (R, P), price inf where a row has fewer."""

    sizes: npt.NDArray[np.int64]
    prices: npt.NDArray[np.float64]

    @staticmethod
    def empty(rows: int) -> PackageArrays:
        return PackageArrays(np.zeros((rows, 0), dtype=np.int64), np.zeros((rows, 0)))

    @staticmethod
    def from_frame(row_keys: pd.DataFrame, packages: pd.DataFrame, key: list[str]) -> PackageArrays:
        """Pad `packages` (columns key + package_sessions, package_price) to the rows of `row_keys`."""
        if packages.empty:
            return PackageArrays.empty(len(row_keys))
        rows = row_keys[key].reset_index(drop=True).assign(_row=lambda f: np.arange(len(f)))
        joined = packages.merge(rows, on=key, how="inner")
        if joined.empty:
            return PackageArrays.empty(len(row_keys))
        joined["_slot"] = joined.groupby("_row").cumcount()
        width = int(joined["_slot"].max()) + 1
        sizes = np.ones((len(row_keys), width), dtype=np.int64)
        prices = np.full((len(row_keys), width), np.inf)
        sizes[joined["_row"], joined["_slot"]] = joined["package_sessions"].astype(np.int64)
        prices[joined["_row"], joined["_slot"]] = joined["package_price"].astype(np.float64)
        return PackageArrays(sizes, prices)


@dataclass(frozen=True)
class CourseCostTable:
    """Cheapest cost at the typical price of buying n = 0..N sessions per row (see packages.py)."""

    cost: npt.NDArray[np.float64]
    choice: npt.NDArray[np.int64]
    packages: PackageArrays

    def cost_at(self, sessions: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Typical-price course cost per row at the given session counts (same leading shape)."""
        rows = np.arange(self.cost.shape[0]).reshape((-1,) + (1,) * (np.ndim(sessions) - 1))
        return self.cost[rows, sessions]


def course_cost_table(courses: pd.DataFrame, packages: PackageArrays) -> CourseCostTable:
    """Cheapest typical-price cost for every session count up to each row's sessions_max."""
    max_sessions = int(courses["sessions_max"].max()) if len(courses) else 0
    cost, choice = cheapest_cost_table(
        courses["price_typical"].to_numpy(np.float64), packages.sizes, packages.prices, max_sessions
    )
    return CourseCostTable(cost, choice, packages)


def _band_factor(courses: pd.DataFrame, band: str) -> npt.NDArray[np.float64]:
    typical = courses["price_typical"].to_numpy(np.float64)
    band_price = courses[PRICE_COLUMN[band]].to_numpy(np.float64)
    factor: npt.NDArray[np.float64] = np.divide(band_price, typical, out=np.zeros_like(band_price), where=typical > 0)
    return factor


def band_course_cost(
    courses: pd.DataFrame, table: CourseCostTable, band: str, sessions: npt.NDArray[np.int64] | None = None
) -> npt.NDArray[np.float64]:
    """Course cost in the band; a row whose typical price is 0 pays band price x sessions (no packages)."""
    n = courses[SESSION_COLUMN[band]].to_numpy(np.int64) if sessions is None else sessions
    typical = courses["price_typical"].to_numpy(np.float64)
    singles_only = courses[PRICE_COLUMN[band]].to_numpy(np.float64) * n
    return np.where(typical > 0, _band_factor(courses, band) * table.cost_at(n), singles_only)


def course_totals(courses: pd.DataFrame, table: CourseCostTable, patient: PatientCosts) -> pd.DataFrame:
    """Per row and band: sessions, course_cost, extras_cost, downtime_days, downtime_cost, total, weeks.

    `courses` must hold COURSE_INPUT_COLUMNS with every `currency` equal to `patient.currency`.
    """
    out = pd.DataFrame(index=courses.index)
    interval = courses["interval_weeks"].to_numpy(np.float64)
    for band in BANDS:
        n = courses[SESSION_COLUMN[band]].to_numpy(np.int64)
        course = band_course_cost(courses, table, band)
        extras = patient.extras_per_visit * n
        days = courses[DOWNTIME_COLUMN[band]].to_numpy(np.float64) * n
        downtime_cost = days * patient.daily_value_of_downtime
        out[f"sessions_{band}"] = n
        out[f"course_cost_{band}"] = course
        out[f"extras_cost_{band}"] = extras
        out[f"downtime_days_{band}"] = days
        out[f"downtime_cost_{band}"] = downtime_cost
        out[f"total_{band}"] = course + extras + downtime_cost
        out[f"weeks_{band}"] = (n - 1) * interval
    return out


def plan_descriptions(courses: pd.DataFrame, table: CourseCostTable, band: str = "typical") -> list[str]:
    """The plan in words for each row at the band's session count, e.g. "1 x 3-pack + 2 single sessions"."""
    return [plan.describe() for plan in purchase_plans(courses, table, band)]


def purchase_plans(courses: pd.DataFrame, table: CourseCostTable, band: str = "typical") -> list[PurchasePlan]:
    """PurchasePlan per row for the band's session count, at the band's price level."""
    factor = _band_factor(courses, band)
    plans = []
    for r, (n, single, currency) in enumerate(
        zip(courses[SESSION_COLUMN[band]], courses[PRICE_COLUMN[band]], courses["currency"], strict=True)
    ):
        typical_single = courses["price_typical"].iloc[r]
        if typical_single > 0:
            plan = plan_from_choices(
                int(n),
                float(typical_single),
                table.packages.sizes[r],
                table.packages.prices[r],
                table.choice[r],
                str(currency),
            )
            plans.append(_scaled_plan(plan, float(factor[r])))
        else:
            plans.append(
                plan_from_choices(
                    int(n),
                    float(single),
                    table.packages.sizes[r][:0],
                    table.packages.prices[r][:0],
                    np.full(int(n) + 1, -1),
                    str(currency),
                )
            )
    return plans


def _scaled_plan(plan: PurchasePlan, factor: float) -> PurchasePlan:
    lines = tuple(replace(line, unit_price=line.unit_price * factor) for line in plan.lines)
    return replace(plan, lines=lines, cost=plan.cost * factor)


def spend_schedule(
    sessions: int,
    interval_weeks: float,
    plan_lines: list[tuple[int, int, float]],
    extras_per_visit: float,
    downtime_cost_per_session: float,
) -> pd.DataFrame:
    """Cumulative spend by week over one course at one price level.

    A package is paid at the visit where its first session is used; singles, extras and the value of
    downtime at each visit. plan_lines: (size, count, unit_price), largest bundles used first.
    Returns columns session (1..n), week ((session-1) x interval), paid, cumulative.

    Example: 5 sessions every 4 weeks bought as a 3-pack at 800 and 2 singles at 300, 20 of extras a visit:
    the pack is paid at visit 1, the singles at visits 4 and 5.

    >>> schedule = spend_schedule(5, 4.0, [(1, 2, 300.0), (3, 1, 800.0)], 20.0, 0.0)
    >>> schedule["paid"].tolist()
    [820.0, 20.0, 20.0, 320.0, 320.0]
    >>> schedule["week"].tolist()[-1], schedule["cumulative"].tolist()[-1]
    (16.0, 1500.0)
    """
    paid = np.full(sessions, extras_per_visit + downtime_cost_per_session, dtype=np.float64)
    visit = 0
    for size, count, unit_price in sorted(plan_lines, key=lambda line: -line[0]):
        for _ in range(count):
            if visit < sessions:
                paid[visit] += unit_price
            visit += size
    session = np.arange(1, sessions + 1)
    return pd.DataFrame(
        {"session": session, "week": (session - 1) * interval_weeks, "paid": paid, "cumulative": np.cumsum(paid)}
    )


# --- a region's extras and tax (regions table) --------------------------------------------------------------


@dataclass(frozen=True)
class RegionExtras:
    """What a region's clinics charge beyond the session price, and the tax its prices do or do not include.

    Money in `currency` (converted from the region's own). None = not found in the sources (counted as 0 in
    the sums, and said so). The consultation is paid once per course, unless credited toward the first
    treatment. tax_pct: the rate on a cosmetic treatment (0 = exempt); prices_include_tax: whether the prices
    and packages tables state the region's prices with it (None = not known).
    """

    region_id: str
    currency: str
    numbing_per_visit: float | None
    aftercare_per_visit: float | None
    consultation_fee: float | None
    consultation_credited: bool
    extras_source: str
    extras_estimate: bool
    extras_note: str
    tax_name: str
    tax_pct: float | None
    prices_include_tax: bool | None
    tax_source: str
    tax_estimate: bool
    tax_note: str

    @property
    def extras_per_visit(self) -> float:
        """Numbing + aftercare charged per visit (a figure not found counts as 0)."""
        return (self.numbing_per_visit or 0.0) + (self.aftercare_per_visit or 0.0)

    @property
    def consultation_charged(self) -> float:
        """The consultation fee the course adds: 0 when credited toward the treatment or not found."""
        return 0.0 if self.consultation_credited else (self.consultation_fee or 0.0)

    @property
    def tax_added_pct(self) -> float:
        """Percent to add to the region's prices for tax: the rate when prices are stated without it, else 0."""
        return (self.tax_pct or 0.0) if self.prices_include_tax is False else 0.0

    def tax_sentence(self) -> str:
        """Whether the region's prices include tax, in words, e.g. 'Prices are stated with 20 % VAT included.'"""
        name = self.tax_name or "tax"
        rate = f"{self.tax_pct:g} % {name}" if self.tax_pct is not None else name
        if self.tax_pct == 0 and self.prices_include_tax is not None:
            return f"No {name} is added to the treatment (0 %): prices are what you pay."
        if self.prices_include_tax is True:
            return f"Prices are stated with {rate} included."
        if self.prices_include_tax is False:
            return f"Prices are stated before {rate}, which is added when you pay."
        if self.tax_pct is not None:
            return f"Whether prices include {rate} is not known: ask whether it is added."
        return "Whether prices include tax is not known: ask whether any is added."


def _region_cell(row: pd.Series, column: str) -> object:
    return row[column] if column in row.index else None


def _region_money(row: pd.Series, column: str, factor: float) -> float | None:
    value = _region_cell(row, column)
    if value is None or isinstance(value, str) or pd.isna(value):  # type: ignore[call-overload]
        return None
    return float(value) * factor  # type: ignore[arg-type]


def _region_text(row: pd.Series, column: str) -> str:
    value = _region_cell(row, column)
    return value.strip() if isinstance(value, str) else ""


def _region_yes_no(row: pd.Series, column: str) -> bool | None:
    text = _region_text(row, column).lower()
    return True if text == "yes" else False if text == "no" else None


def region_extras(
    regions: pd.DataFrame, region_id: str, currency: str, units_per_display_unit: float = 1.0
) -> RegionExtras:
    """The region's extras and tax from its columns of the regions table; money times `units_per_display_unit`
    (display units per unit of the region's currency, 1 when they are the same) into `currency`.

    Example: the shipped US row: numbing and aftercare included (0), a 75 USD consultation credited toward the
    treatment, prices stated before sales tax at 0 %; the UK row: a 35 GBP consultation, 20 % VAT included.
    """
    row: pd.Series = regions[regions["region_id"] == region_id].iloc[0]
    tax_pct = _region_money(row, "tax_pct", 1.0)
    return RegionExtras(
        region_id=region_id,
        currency=currency,
        numbing_per_visit=_region_money(row, "numbing_per_visit", units_per_display_unit),
        aftercare_per_visit=_region_money(row, "aftercare_per_visit", units_per_display_unit),
        consultation_fee=_region_money(row, "consultation_fee", units_per_display_unit),
        consultation_credited=_region_yes_no(row, "consultation_credited") is True,
        extras_source=_region_text(row, "extras_source"),
        extras_estimate=_region_yes_no(row, "extras_estimate") is True,
        extras_note=_region_text(row, "extras_note"),
        tax_name=_region_text(row, "tax_name"),
        tax_pct=tax_pct,
        prices_include_tax=_region_yes_no(row, "prices_include_tax"),
        tax_source=_region_text(row, "tax_source"),
        tax_estimate=_region_yes_no(row, "tax_estimate") is True,
        tax_note=_region_text(row, "tax_note"),
    )


def region_extras_table(rows: pd.DataFrame, extras: RegionExtras) -> pd.DataFrame:
    """Each course (`CourseComparison.rows`, one region) with the region's extras and tax, per band b:

    visit_extras_b = extras per visit x sessions_b;  consultation = the fee unless credited (once per course);
    with_extras_b = course_cost_b + visit_extras_b + consultation;
    tax_added_b = with_extras_b x tax_added_pct / 100 (only where prices are stated before tax);
    with_tax_b = with_extras_b + tax_added_b.
    The patient's own extras per visit and the value of downtime are not in these figures.
    Example: a US course of 1,400 (5 sessions) with numbing and aftercare included and the 75 USD consultation
    credited stays 1,400; the same course in Canada's table with a 100.01 CAD consultation credited and 13 %
    HST added comes to 1,582.
    """
    out = pd.DataFrame(index=rows.index)
    out["extras_per_visit"] = extras.extras_per_visit
    out["consultation"] = extras.consultation_charged
    for band in BANDS:
        sessions = rows[SESSION_COLUMN[band]].to_numpy(np.float64)
        visit = extras.extras_per_visit * sessions
        with_extras = rows[f"course_cost_{band}"].to_numpy(np.float64) + visit + extras.consultation_charged
        out[f"visit_extras_{band}"] = visit
        out[f"with_extras_{band}"] = with_extras
        out[f"tax_added_{band}"] = with_extras * extras.tax_added_pct / 100.0
        out[f"with_tax_{band}"] = with_extras * (1.0 + extras.tax_added_pct / 100.0)
    return out
