"""Is this quote fair? A clinic's quote for sessions of an option against the region's simulated prices.

A quote is a price per session times sessions, or a package (sessions and its price), in a currency. It is set
against the region's distribution of what the same number of sessions costs: the Monte Carlo course totals of
`pricing.patient.uncertainty.draw_totals` (price drawn triangular on the region's low / typical / high, packages
applied) with sessions fixed at the quote's, no extras and no downtime (a quote is what the clinic charges).

- share_dearer = the share of simulated courses that cost more than the quote (a direct count over the draws):
  "cheaper than about 70 % of clinics in the region"; share_cheaper likewise.
- A quote below the region's course at its low price, or above it at its high price, is outside every draw: it
  is said in words ("below the lowest price found in the region") instead of a percentile of 0 or 100.
- A quote more than ABSURD_FACTOR times above that high, or below that low divided by it, is refused as a
  probable typo (QuoteError).
- Cost per good outcome at the quoted price = quote total / P(good), with P10-P90 over the P(good) draws of
  `pricing.patient.efficacy.draw_p_good`.

Money is in the quote's currency throughout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.currency import conversion_factor
from pricing.money_text import money, money_range
from pricing.patient.compare import CourseComparison, PreparedCourses, course_rows, package_arrays, price_courses
from pricing.patient.course import CourseCostTable, PackageArrays, PatientCosts, course_cost_table
from pricing.patient.efficacy import (
    cost_per_good_draws,
    draw_p_good,
    efficacy_for,
    indication_definition,
    outcome_percentiles,
)
from pricing.patient.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED, draw_totals
from pricing.tables.loading import PriceTables

ABSURD_FACTOR = 20.0
Position = Literal["inside", "below", "above"]


class QuoteError(ValueError):
    """A quote that cannot be checked; its message is one sentence a patient can act on."""


@dataclass(frozen=True)
class Quote:
    """What a clinic quoted: `total` for `sessions` sessions, in `currency`; kind "per session" or "package"."""

    total: float
    sessions: int
    currency: str
    kind: Literal["per session", "package"]

    @property
    def per_session(self) -> float:
        return self.total / self.sessions

    def describe(self, option_name: str) -> str:
        """The quote in words, e.g. "£750 for 3 sessions of Microneedling (pen) (£250 a session)"."""
        if self.kind == "package":
            return f"{money(self.total, self.currency)} for a {self.sessions}-session package of {option_name}"
        plural = "s" if self.sessions != 1 else ""
        return (
            f"{money(self.total, self.currency)} for {self.sessions} session{plural} of {option_name} "
            f"({money(self.per_session, self.currency)} a session)"
        )


def per_session_quote(price_per_session: float, sessions: int, currency: str) -> Quote:
    """A quote of a price per session for `sessions` sessions (total = price x sessions)."""
    _check_amount(price_per_session, "price per session")
    _check_sessions(sessions)
    return Quote(float(price_per_session) * int(sessions), int(sessions), currency, "per session")


def package_quote(sessions: int, package_price: float, currency: str) -> Quote:
    """A quote of a package: `sessions` sessions for `package_price` in all."""
    _check_amount(package_price, "package price")
    _check_sessions(sessions)
    return Quote(float(package_price), int(sessions), currency, "package")


def _check_amount(amount: float, what: str) -> None:
    if not np.isfinite(amount) or amount <= 0:
        raise QuoteError(f"The {what} must be an amount above 0, not {amount:g}.")


def _check_sessions(sessions: int) -> None:
    if int(sessions) != sessions or sessions < 1:
        raise QuoteError(f"The number of sessions must be a whole number of at least 1, not {sessions:g}.")


@dataclass(frozen=True)
class QuotePosition:
    """Where an amount sits among simulated prices: shares of draws above and below it, and whether it is
    outside the range [low, high] altogether."""

    share_dearer: float
    share_cheaper: float
    position: Position
    low: float
    high: float

    def words(self, where: str = "the region", currency: str = "") -> str:
        """The position in words, e.g. "cheaper than about 70 % of clinics in the region".

        >>> QuotePosition(0.7, 0.3, "inside", 500.0, 1500.0).words()
        'cheaper than about 70 % of clinics in the region'
        >>> QuotePosition(0.1, 0.9, "inside", 500.0, 1500.0).words()
        'dearer than about 90 % of clinics in the region'
        >>> QuotePosition(1.0, 0.0, "below", 500.0, 1500.0).words()
        'below the lowest price found in the region'
        """
        if self.position == "below":
            return f"below the lowest price found in {where}" + (f" ({money(self.low, currency)})" if currency else "")
        if self.position == "above":
            return f"above the highest price found in {where}" + (
                f" ({money(self.high, currency)})" if currency else ""
            )
        if self.share_dearer >= self.share_cheaper:
            return f"cheaper than about {rounded_pct(self.share_dearer)} % of clinics in {where}"
        return f"dearer than about {rounded_pct(self.share_cheaper)} % of clinics in {where}"


def rounded_pct(share: float) -> int:
    """A share as a whole percent kept within 1..99: "about 100 %" would read as a certainty."""
    return int(min(99, max(1, round(100 * share))))


def quote_position(draws: npt.ArrayLike, amount: float, low: float, high: float) -> QuotePosition:
    """Where `amount` sits among the simulated `draws` (same currency), by direct count.

    share_dearer = share of draws > amount; share_cheaper = share of draws < amount. position is "below" when
    the amount is under `low` (the course at the low price), "above" when over `high`, else "inside".

    >>> quote_position([100.0, 200.0, 300.0, 400.0], 250.0, 100.0, 400.0)
    QuotePosition(share_dearer=0.5, share_cheaper=0.5, position='inside', low=100.0, high=400.0)
    """
    values = np.asarray(draws, dtype=np.float64).ravel()
    dearer = float(np.count_nonzero(values > amount)) / max(len(values), 1)
    cheaper = float(np.count_nonzero(values < amount)) / max(len(values), 1)
    position: Position = "below" if amount < low else "above" if amount > high else "inside"
    return QuotePosition(dearer, cheaper, position, float(low), float(high))


@dataclass(frozen=True)
class QuoteCheck:
    """The answer to "is this quote fair?" (money in `quote.currency`).

    regions: per region offering the option, the same sessions' course at typical prices (total_typical), its
    P10 / P50 / P90 and plan, cheapest median first; row `region_id` is the quote's region. outcome: cost per good
    outcome at the quoted price (at_typical, p10, p50, p90; NaN without efficacy), with definition, grade,
    indicative_only and efficacy_note.
    """

    region_id: str
    region_name: str
    option_id: str
    option_name: str
    indication_id: str
    quote: Quote
    position: QuotePosition
    regions: pd.DataFrame
    outcome: dict[str, object]

    def sentence(self) -> str:
        """The answer in one sentence (amounts rounded to whole units)."""
        row = self.regions[self.regions["region_id"] == self.region_id].iloc[0]
        median, p10, p90 = (float(row[c]) for c in ("p50", "p10", "p90"))
        typical = float(row["total_typical"])
        cur = self.quote.currency
        plural = "s" if self.quote.sessions != 1 else ""
        return (
            f"{self.quote.describe(self.option_name)} is {self.position.words(place(self.region_name), cur)}: the same "
            f"{self.quote.sessions} session{plural} cost {money(median, cur)} there at the median "
            f"(P10-P90 {money_range(p10, p90, cur)}; {money(typical, cur)} at typical prices)."
        )


def place(region_name: str) -> str:
    """A region's name as a sentence uses it: "the United Kingdom", "Germany".

    >>> place("United Kingdom"), place("Germany")
    ('the United Kingdom', 'Germany')
    """
    return (
        f"the {region_name}" if region_name.split(" ")[0] in ("United", "Netherlands", "Philippines") else region_name
    )


def _same_sessions_rows(rows: pd.DataFrame, sessions: int) -> pd.DataFrame:
    fixed = rows.copy()
    for column in ("sessions_min", "sessions_typical", "sessions_max"):
        fixed[column] = np.int64(sessions)
    return fixed


def _lookup(frame: pd.DataFrame, column: str, value: str, what: str) -> pd.Series:
    found = frame[frame[column] == value]
    if found.empty:
        known = ", ".join(map(str, frame[column]))
        raise QuoteError(f"Unknown {what} '{value}'; one of: {known}.")
    return found.iloc[0]


def price_same_sessions(
    tables: PriceTables, rows: pd.DataFrame, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> CourseComparison:
    """The Monte Carlo of `price_courses` for course rows whose sessions are fixed (no extras, no downtime value):
    the distribution a quote for those sessions is set against. Rows in their currency (all the same)."""
    currency = str(rows["currency"].iloc[0]) if len(rows) else "USD"
    prepared = PreparedCourses(
        currency,
        "",
        rows,
        pd.DataFrame(columns=["region_id", "option_id", "reason"]),
        course_cost_table(rows, package_arrays(tables, rows, currency)),
    )
    return price_courses(prepared, PatientCosts(currency), draws=draws, seed=seed)


def check_quote(
    tables: PriceTables,
    region_id: str,
    indication_id: str,
    option_id: str,
    quote: Quote,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> QuoteCheck:
    """Check `quote` for `option_id` and `indication_id` in `region_id` against every region's simulated price of
    the same sessions (see the module). Raises QuoteError with one sentence on bad input: an unknown region,
    option, indication or currency, an option without a course for the indication or a price in the region,
    sessions outside the option's range, or an amount ABSURD_FACTOR times outside the region's range."""
    region = _lookup(tables.regions, "region_id", region_id, "region")
    option = _lookup(tables.options, "option_id", option_id, "option")
    indication = _lookup(tables.indications, "indication_id", indication_id, "indication")
    if quote.currency not in set(tables.fx["currency"]):
        raise QuoteError(
            f"Unknown currency '{quote.currency}': not in the exchange-rate table ({', '.join(tables.fx['currency'])})."
        )
    course = tables.sessions[
        (tables.sessions["option_id"] == option_id) & (tables.sessions["indication_id"] == indication_id)
    ]
    if course.empty:
        offered = tables.sessions.loc[tables.sessions["indication_id"] == indication_id, "option_id"]
        raise QuoteError(
            f"{option['name']} has no course for {str(indication['name']).lower()} in the tables; options for it: "
            f"{', '.join(offered)}."
        )
    fewest, most = int(course["sessions_min"].iloc[0]), int(course["sessions_max"].iloc[0])
    if not fewest <= quote.sessions <= most:
        raise QuoteError(
            f"A course of {option['name']} for {str(indication['name']).lower()} takes {fewest} to {most} sessions "
            f"in the tables; a quote for {quote.sessions} is outside that range."
        )
    region_ids = list(tables.regions["region_id"])
    rows, _ = course_rows(tables, region_ids, [option_id], indication_id, quote.currency)
    if region_id not in set(rows["region_id"]):
        raise QuoteError(f"The tables have no price of {option['name']} in {region['name']}.")
    rows = _same_sessions_rows(rows, quote.sessions)
    # The quote's region is drawn on its own, so its figures do not depend on which other regions are listed.
    own = price_same_sessions(tables, rows[rows["region_id"] == region_id].reset_index(drop=True), draws, seed)
    low, high = (float(own.rows[c].iloc[0]) for c in ("total_low", "total_high"))
    if quote.total > ABSURD_FACTOR * high or quote.total < low / ABSURD_FACTOR:
        side = (
            f"more than {ABSURD_FACTOR:g} times the highest price"
            if quote.total > high
            else f"less than 1/{ABSURD_FACTOR:g} of the lowest price"
        )
        raise QuoteError(
            f"A quote of {money(quote.total, quote.currency, 2)} for {quote.sessions} sessions is {side} found in "
            f"{region['name']} ({money_range(low, high, quote.currency)}): check the amount and its currency."
        )
    position = quote_position(own.draws[0], quote.total, low, high)
    others = price_same_sessions(tables, rows[rows["region_id"] != region_id].reset_index(drop=True), draws, seed)
    columns = ["region_id", "region_name", "currency", "plan_typical", "total_low", "total_typical", "total_high"]
    columns += ["p10", "p50", "p90"]
    regions = pd.concat([own.rows[columns], others.rows[columns]], ignore_index=True)
    regions = regions.iloc[np.lexsort((regions["total_typical"].to_numpy(), regions["p50"].to_numpy()))]
    regions = regions.reset_index(drop=True)
    return QuoteCheck(
        region_id=region_id,
        region_name=str(region["name"]),
        option_id=option_id,
        option_name=str(option["name"]),
        indication_id=indication_id,
        quote=quote,
        position=position,
        regions=regions,
        outcome=quoted_outcome(tables.efficacy, indication_id, option_id, quote.total, draws, seed),
    )


def quoted_outcome(
    efficacy: pd.DataFrame, indication_id: str, option_id: str, amount: float, draws: int, seed: int = DEFAULT_SEED
) -> dict[str, object]:
    """Cost per good outcome of paying `amount` for the course: amount / P(good) at typical (at_typical) and its
    P10 / P50 / P90 over the P(good) draws; NaN figures and an efficacy_note without a used efficacy row.

    >>> table = pd.DataFrame({"option_id": ["co2"], "indication_id": ["acne_scars"], "status": ["used"],
    ...     "p_good_low": [0.5], "p_good_typical": [0.5], "p_good_high": [0.5], "definition": ["50 %"],
    ...     "grade": ["B"], "source": [""], "year": [""], "quality": [""], "estimate": ["yes"], "note": [""]})
    >>> out = quoted_outcome(table, "acne_scars", "co2", 1500.0, draws=10)
    >>> out["at_typical"], out["p10"], out["p90"]
    (3000.0, 3000.0, 3000.0)
    """
    found = efficacy_for(efficacy, indication_id, [option_id]).iloc[0]
    p_good = draw_p_good([found["p_good_low"]], [found["p_good_typical"]], [found["p_good_high"]], draws, seed)
    if not found["has_efficacy"]:
        p_good[:] = np.nan
    percentiles = outcome_percentiles(cost_per_good_draws(np.full((1, draws), float(amount)), p_good)).iloc[0]
    typical = float(found["p_good_typical"]) if found["has_efficacy"] else float("nan")
    return {
        "at_typical": float(amount) / typical if found["has_efficacy"] else float("nan"),
        "p10": float(percentiles["cpg_p10"]),
        "p50": float(percentiles["cpg_p50"]),
        "p90": float(percentiles["cpg_p90"]),
        "p_good_low": float(found["p_good_low"]),
        "p_good_typical": typical,
        "p_good_high": float(found["p_good_high"]),
        "definition": str(found["definition"]) or indication_definition(efficacy, indication_id),
        "grade": str(found["grade"]),
        "indicative_only": bool(found["indicative_only"]),
        "status": str(found["status"]),
        "efficacy_note": str(found["efficacy_note"]),
        "source": str(found["source"]),
    }


def session_price_draws(
    tables: PriceTables,
    region_id: str,
    option_id: str,
    currency: str,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> tuple[npt.NDArray[np.float64], float, float] | None:
    """Simulated prices of one session of the option in the region (triangular on its low / typical / high, the
    same draws as a course of one session), converted to `currency`, with the low and high price; None when the
    region has no price for the option. For the clinic side: where an owner's price sits (`quote_position`)."""
    prices = tables.prices
    row = prices[(prices["region_id"] == region_id) & (prices["option_id"] == option_id)]
    if row.empty:
        return None
    factor = float(conversion_factor(str(row["currency"].iloc[0]), currency, tables.units_per_usd())[0])
    one = pd.DataFrame(
        {
            "price_low": [float(row["price_low"].iloc[0]) * factor],
            "price_typical": [float(row["price_typical"].iloc[0]) * factor],
            "price_high": [float(row["price_high"].iloc[0]) * factor],
            **{c: [1] for c in ("sessions_min", "sessions_typical", "sessions_max")},
            **{c: [0.0] for c in ("downtime_days_min", "downtime_days_typical", "downtime_days_max")},
        }
    )
    table: CourseCostTable = course_cost_table(one, PackageArrays.empty(1))
    drawn = draw_totals(one, table, PatientCosts(currency), draws=draws, seed=seed)[0]
    return drawn, float(one["price_low"].iloc[0]), float(one["price_high"].iloc[0])


def options_for_indication(tables: PriceTables, indication_id: str) -> Sequence[str]:
    """Options with a course for the indication, in the options table's order."""
    offered = set(tables.sessions.loc[tables.sessions["indication_id"] == indication_id, "option_id"])
    return [o for o in tables.options["option_id"] if o in offered]
