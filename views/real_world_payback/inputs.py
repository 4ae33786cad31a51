"""Inputs of the Real-world payback page, returned as the core's settings.

Each widget is bound to the URL under an `rw_` key (so a copied link reproduces the page) and kept for the session;
a kept value that is not valid any more (a hand-edited link, a device no longer chosen) is forgotten before the
widget is drawn. Every default leaves the devices' own figures unchanged (`pricing.clinic.cases`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd
import streamlit as st

from pricing.clinic.cases import MONTH_NAMES, SEASONALITY_PRESETS, PaymentTerms, seasonality_problems
from pricing.clinic.device import DeviceInputs, LoadedCosts
from pricing.clinic.tax import TaxSettings
from pricing.clinic.volume import VolumeProfile
from ui import choices
from ui.user_text import markdown_text

WARN = ":material/warning:"
KIND_LABELS = {"loan": "Loan", "cash": "Cash", "lease": "Lease", "promo": "0 % promo"}
METHOD_LABELS = {
    "straight": "Straight-line",
    "macrs5": "MACRS 5-year",
    "macrs7": "MACRS 7-year",
    "expense": "Expensed in year 1 (Section 179 / bonus)",
}
SEASON_LABELS = {"flat": "Flat", "aesthetic": "Typical aesthetic clinic (estimate)", "custom": "Custom"}
CUSTOM_SEASON_KEY = "rw_season_custom"
REFURBISHED_KEY = "rw_refurb"
OWN = "device's own"


def number(
    container: Any,
    label: str,
    key: str,
    low: float,
    high: float,
    value: float | None,
    step: float,
    help_text: str,
    fmt: str | None = None,
    placeholder: str | None = None,
) -> Any:
    """A number input bound to the URL; a kept value outside low..high is forgotten first (it would raise)."""
    choices.drop_invalid_number(key, low, high)
    return container.number_input(
        label,
        min_value=low,
        max_value=high,
        value=value,
        step=step,
        format=fmt,
        key=key,
        help=help_text,
        placeholder=placeholder,
        **choices.BOUND,
    )


def segmented(container: Any, label: str, labels: Mapping[str, str], key: str, help_text: str) -> str:
    """One of `labels`' keys as segmented buttons bound to the URL; never empty (the first is the default)."""
    options = list(labels)
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    choice = container.segmented_control(
        label,
        options,
        default=options[0],
        format_func=labels.get,
        key=key,
        required=True,
        help=help_text,
        **choices.BOUND,
    )
    return str(choice or options[0])


def pick(
    container: Any, label: str, options: Sequence[Any], key: str, help_text: str, format_func: Callable[[Any], str]
) -> Any:
    """A select box bound to the URL; a kept value that is no longer an option is forgotten."""
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    return container.selectbox(label, list(options), format_func=format_func, key=key, help=help_text, **choices.BOUND)


def months_text(months: float) -> str:
    """'1 month', '19 months'."""
    return f"{int(months)} month{'' if int(months) == 1 else 's'}"


@dataclass(frozen=True)
class VolumeChoice:
    """The volume settings and how to say them."""

    profile: VolumeProfile
    season: str  # a key of SEASON_LABELS actually used (a custom pattern with problems falls back to "flat")
    start_month: int

    def words(self) -> str:
        """'a 6-month ramp-up from 25 %, typical aesthetic-clinic seasonality, 8 % no-shows'."""
        p = self.profile
        ramp = float(p.ramp_months)
        parts = [f"a {int(ramp)}-month ramp-up from {float(p.ramp_start_pct):g} %" if ramp else "no ramp-up"]
        if self.season != "flat":
            parts.append("typical aesthetic-clinic seasonality" if self.season == "aesthetic" else "your seasonality")
        if float(p.no_show_pct):
            parts.append(f"{float(p.no_show_pct):g} % no-shows")
        if bool(p.cap_at_capacity):
            parts.append("capped at capacity")
        return ", ".join(parts)


def volume_inputs() -> VolumeChoice:
    """Ramp-up, seasonality (preset or 12 custom factors), no-shows and the capacity cap."""
    c1, c2, c3, c4 = st.columns(4)
    ramp_months = number(
        c1,
        "Ramp-up (months)",
        "rw_ramp",
        0,
        36,
        0,
        1,
        "Months until volume is full (whole months; 0 = full from month 1). Dealers report 3-6.",
    )
    ramp_start = number(
        c2,
        "Ramp starts at (%)",
        "rw_ramp_start",
        0.0,
        100.0,
        25.0,
        5.0,
        "Share of full volume in month 1, in percent; it rises in a straight line to 100 % after the ramp-up.",
        "%.0f",
    )
    no_show = number(
        c3,
        "No-shows (%)",
        "rw_no_show",
        0.0,
        95.0,
        0.0,
        1.0,
        "Booked sessions that do not happen (no-shows and late cancellations), in percent of bookings; "
        "a scheduling-software vendor reports 5-8 %.",
        "%.1f",
    )
    start_month = pick(
        c4,
        "First month",
        list(range(1, 13)),
        "rw_start_month",
        "Calendar month of month 1 (it places the seasonality).",
        lambda m: MONTH_NAMES[m - 1],
    )
    c5, c6 = st.columns([3, 1], vertical_alignment="bottom")
    season = segmented(
        c5,
        "Seasonality",
        SEASON_LABELS,
        "rw_season",
        "Relative volume of each calendar month, scaled to an average of 1 (it moves sessions between "
        "months, never changes a year's total). The typical pattern is an estimate: busier October to "
        "March, quieter in the summer (northern hemisphere).",
    )
    cap = c6.toggle(
        "Limit to capacity",
        key="rw_cap",
        help="Deliver at most hours available a month x 60 / minutes "
        "per session (devices table); without it, sessions above capacity are counted and flagged.",
        **choices.BOUND,
    )
    factors = SEASONALITY_PRESETS.get(season, SEASONALITY_PRESETS["flat"])
    if season == "custom":
        factors, season = _custom_seasonality()
    profile = VolumeProfile(
        ramp_months=float(ramp_months or 0),
        ramp_start_pct=float(ramp_start or 0.0),
        seasonality=factors,
        start_month=float(start_month),
        no_show_pct=float(no_show or 0.0),
        cap_at_capacity=bool(cap),
    )
    return VolumeChoice(profile, season, int(start_month))


def _custom_seasonality() -> tuple[tuple[float, ...], str]:
    """12 factors from an editor (kept for the session); flat, with a warning, while they cannot be used."""
    edited = st.data_editor(
        pd.DataFrame({"Month": list(MONTH_NAMES), "Factor": [1.0] * 12}),
        key=CUSTOM_SEASON_KEY,
        hide_index=True,
        num_rows="fixed",
        width="stretch",
        column_config={
            "Month": st.column_config.TextColumn(disabled=True),
            "Factor": st.column_config.NumberColumn(
                help="Relative volume of the month (1 = an average month); at least 0, not all 0.",
                min_value=0.0,
                step=0.05,
                format="%.2f",
            ),
        },
    )
    factors = [None if pd.isna(f) else float(f) for f in edited["Factor"]]
    problems = seasonality_problems(factors)
    if problems:
        st.warning(
            "Custom seasonality not used until fixed: " + "; ".join(problems) + ". Flat seasonality is used meanwhile.",
            icon=WARN,
        )
        return SEASONALITY_PRESETS["flat"], "flat"
    return tuple(float(f) for f in factors), "custom"  # type: ignore[arg-type]


@dataclass(frozen=True)
class PaymentChoice:
    """How the devices are paid for, which are bought refurbished, and how to say it (Markdown)."""

    terms: PaymentTerms
    refurbished: frozenset[str]
    refurbished_names_md: tuple[str, ...] = ()

    def words(self) -> str:
        """'with a lease bought out at the end (Fractional CO2 laser refurbished)', 'paid in cash'..."""
        t = self.terms
        if t.kind == "cash":
            words = "paid in cash"
        elif t.kind == "lease":
            words = f"with a lease {'bought out' if t.lease_end == 'buy' else 'returned'} at the end"
        elif t.kind == "promo":
            words = "with 0 % promotional financing"
        elif t.apr_pct is None and t.term_months is None and t.down_payment_pct is None and not t.balloon_pct:
            words = "with a loan as the devices table says"
        else:
            words = "with a loan on your terms"
        if self.refurbished_names_md:
            words += " (" + ", ".join(self.refurbished_names_md) + " refurbished)"
        return words


def payment_inputs(devices: Sequence[str], names: Mapping[str, str], label_currency: str) -> PaymentChoice:
    """The way of paying with only its own inputs, sales tax, and which devices are bought refurbished."""
    kind = segmented(
        st,
        "How you pay",
        KIND_LABELS,
        "rw_pay",
        "Loan: the device's down payment, APR and term (devices table) unless set here. Cash: the whole "
        "cost at purchase. Lease: a payment of (cost - down - residual) / term + (cost - down + "
        "residual) x money factor. 0 % promo: a loan at 0 % APR.",
    )
    down_pct = apr = term = lease_apr = money_factor = None
    balloon = residual = deferred = 0.0
    accrues, lease_end = True, "buy"
    c1, c2, c3 = st.columns(3)
    if kind != "cash":
        down_pct = number(
            c1,
            "Down payment (% of cost)",
            "rw_down",
            0.0,
            100.0,
            None,
            5.0,
            "Paid at purchase, in percent of the cost of the device (price + sales tax + "
            "recertification). Empty: the device's own down payment (devices table).",
            "%.1f",
            OWN,
        )
        term = number(
            c2,
            "Term (months)",
            "rw_term",
            0.0,
            360.0,
            None,
            6.0,
            "Months of payments (whole months). Empty: the device's own loan term (devices table).",
            "%.0f",
            OWN,
        )
    if kind == "loan":
        apr = number(
            c3,
            "APR (%)",
            "rw_apr",
            0.0,
            100.0,
            None,
            0.5,
            "Loan annual percentage rate, in percent. Empty: the device's own (devices table).",
            "%.2f",
            OWN,
        )
    if kind == "lease":
        lease_apr = number(
            c3,
            "Lease rate, APR (%)",
            "rw_lease_apr",
            0.0,
            100.0,
            None,
            0.5,
            "The lease's rate as an APR, in percent; money factor = APR / 2400. Empty: the device's loan APR.",
            "%.2f",
            OWN,
        )
        c4, c5, c6 = st.columns(3)
        money_factor = number(
            c4,
            "Money factor",
            "rw_money_factor",
            0.0,
            0.05,
            None,
            0.0005,
            "The lease's money factor as the lessor quotes it (0.0025 = 6 % APR); when given, it is "
            "used instead of the rate.",
            "%.5f",
            "from the rate",
        )
        residual = (
            number(
                c5,
                "Residual (% of cost)",
                "rw_residual",
                0.0,
                100.0,
                0.0,
                5.0,
                "Left to pay (buy) or handed back (return) at the end of the lease, in percent of the cost; "
                "0 for a $1-buyout lease.",
                "%.1f",
            )
            or 0.0
        )
        lease_end = segmented(
            c6,
            "At the end",
            {"buy": "Buy it", "return": "Return it"},
            "rw_lease_end",
            "Buy: the residual is paid with the last payment and the device is kept for its life "
            "(resale value at the end). Return: the projection ends with the lease, no resale.",
        )
    if kind in ("loan", "promo"):
        balloon = (
            number(
                st.columns(3)[0],
                "Balloon (% of amount financed)",
                "rw_balloon",
                0.0,
                100.0,
                0.0,
                5.0,
                "Left to pay with the last payment, in percent of the amount financed; lowers the monthly payment.",
                "%.1f",
            )
            or 0.0
        )
    if kind != "cash":
        c7, c8 = st.columns([1, 2], vertical_alignment="bottom")
        deferred = (
            number(
                c7,
                "Deferred first payments (months)",
                "rw_deferred",
                0,
                24,
                0,
                1,
                "Months after purchase before the first payment (whole months).",
            )
            or 0
        )
        accrues = c8.toggle(
            "Interest accrues while deferred",
            value=True,
            key="rw_accrues",
            help="On: the balance grows at the rate during the deferral (the usual equipment-finance "
            "case). Off: the interest is waived.",
            **choices.BOUND,
        )
    st.markdown("**Buying the device**")
    c9, c10 = st.columns([1, 2])
    sales_tax = (
        number(
            c9,
            "Sales tax (% of price)",
            "rw_sales_tax",
            0.0,
            30.0,
            0.0,
            0.5,
            "Sales tax on the device, in percent of its price; added to its cost, financed and depreciated with it.",
            "%.2f",
        )
        or 0.0
    )
    kept = st.session_state.get(REFURBISHED_KEY)
    if kept is not None and any(d not in devices for d in kept):
        st.session_state[REFURBISHED_KEY] = [d for d in kept if d in devices]
    refurbished = frozenset(
        c10.multiselect(
            "Bought refurbished",
            list(devices),
            format_func=lambda d: names.get(d, d),
            key=REFURBISHED_KEY,
            help="Devices bought used and recertified: their price, a recertification fee and a shorter life below.",
            **choices.BOUND,
        )
    )
    price_pct, fee, life_cut = 100.0, 0.0, 0.0
    if refurbished:
        c11, c12, c13 = st.columns(3)
        price_pct = (
            number(
                c11,
                "Refurbished price (% of new)",
                "rw_refurb_price",
                10.0,
                100.0,
                50.0,
                5.0,
                "A refurbished unit's price, in percent of the new price in the devices table (a dealer's "
                "pre-owned example: 45,000 against 90,000 USD new).",
                "%.0f",
            )
            or 100.0
        )
        fee = (
            number(
                c12,
                f"Recertification fee ({label_currency})",
                "rw_recert",
                0.0,
                1e7,
                20_000.0,
                1_000.0,
                f"The maker's fee to recertify a used device, in {label_currency}: 15,000-25,000 USD for a "
                "laser, sometimes 50,000 or more.",
                "%.0f",
            )
            or 0.0
        )
        life_cut = (
            number(
                c13,
                "Shorter life (years)",
                "rw_life_cut",
                0.0,
                30.0,
                2.0,
                0.5,
                "A refurbished unit's life is the device's life less this many years (its age).",
                "%.1f",
            )
            or 0.0
        )
    terms = PaymentTerms(
        kind=kind,
        down_payment_pct=down_pct,
        apr_pct=apr,
        term_months=term,
        lease_money_factor=money_factor,
        lease_apr_pct=lease_apr,
        lease_residual_pct=float(residual),
        lease_end=lease_end,
        balloon_pct=float(balloon),
        deferred_months=float(deferred),
        deferral_interest_accrues=bool(accrues),
        sales_tax_pct=float(sales_tax),
        refurbished_price_pct=float(price_pct),
        recertification_fee=float(fee),
        life_reduction_years=float(life_cut),
    )
    return PaymentChoice(terms, refurbished, tuple(markdown_text(names[d]) for d in devices if d in refurbished))


LOADED_SOURCES = {"table": "From the devices table", "own": "My own figures"}


def loaded_inputs(
    devices: Sequence[str],
    names: Mapping[str, str],
    minutes: Mapping[str, float],
    label_currency: str,
    rows: pd.DataFrame,
) -> dict[str, LoadedCosts]:
    """Each device's loaded costs and overheads: by default its row of the devices table (the figures the Clinic
    planner uses, so both pages show the same payback); or one set of figures typed here for every device (commission,
    card fee, room cost, marketing) with each device's room minutes. rows: the devices table indexed by device_id."""
    source = segmented(
        st,
        "Loaded costs and overheads",
        LOADED_SOURCES,
        "rw_loaded_source",
        "From the devices table: each device's commission, card and patient-financing fees, room, marketing, wage "
        "loading, physician time and fixed overhead, as the Clinic planner uses them (edit them in Price tables). "
        "My own figures: the same commission, card fee, room cost and marketing for every device, typed below.",
    )
    if source != "own":
        return {d: LoadedCosts.from_mapping(cast("pd.Series[Any]", rows.loc[d])) for d in devices}
    return _own_loaded_inputs(devices, names, minutes, label_currency)


def _own_loaded_inputs(
    devices: Sequence[str], names: Mapping[str, str], minutes: Mapping[str, float], label_currency: str
) -> dict[str, LoadedCosts]:
    """Commission, card fee, room cost, marketing (the same for every device) and each device's room minutes."""
    c1, c2, c3 = st.columns(3)
    commission = (
        number(
            c1,
            "Provider commission (% of price)",
            "rw_commission",
            0.0,
            100.0,
            0.0,
            1.0,
            "Paid to the provider per session, in percent of the price charged.",
            "%.1f",
        )
        or 0.0
    )
    card_fee = (
        number(
            c2,
            "Card-processing fee (% of price)",
            "rw_card_fee",
            0.0,
            20.0,
            0.0,
            0.1,
            "Charged by the card processor, in percent of the price charged.",
            "%.2f",
        )
        or 0.0
    )
    room_cost = (
        number(
            c3,
            f"Room cost ({label_currency} per hour)",
            "rw_room_cost",
            0.0,
            1e6,
            0.0,
            5.0,
            f"Rent, utilities and the room's share of overheads, in {label_currency} per hour the room is "
            "taken. Do not also count them in the menu's shared fixed cost.",
            "%.2f",
        )
        or 0.0
    )
    c4, c5 = st.columns(2)
    marketing = (
        number(
            c4,
            f"Marketing per new patient ({label_currency})",
            "rw_marketing",
            0.0,
            1e6,
            0.0,
            10.0,
            f"What it costs to win one new patient (advertising, referral fees), in {label_currency}.",
            "%.2f",
        )
        or 0.0
    )
    per_patient = (
        number(
            c5,
            "Sessions per patient",
            "rw_per_patient",
            1.0,
            100.0,
            3.0,
            1.0,
            "Sessions a new patient buys on average (a course, maintenance); the marketing cost is spread over them.",
            "%.1f",
        )
        or 1.0
    )
    st.markdown("**Room minutes per session** (the patient's time in the room, numbing included)")
    columns = st.columns(min(len(devices), 4))
    out: dict[str, LoadedCosts] = {}
    for i, d in enumerate(devices):
        own = max(float(minutes[d]), 1.0)
        room = (
            number(
                columns[i % len(columns)],
                markdown_text(names[d]),
                f"rw_room_{d}",
                1.0,
                1_440.0,
                own,
                5.0,
                f"Minutes the room is taken by one session of {markdown_text(names[d])}; the devices table's hands-on "
                "time is "
                f"{float(minutes[d]):g}. Used for the room cost and the menu.",
                "%.0f",
            )
            or own
        )
        out[d] = LoadedCosts(
            commission_pct=float(commission),
            card_fee_pct=float(card_fee),
            room_cost_per_hour=float(room_cost),
            room_minutes_per_session=float(room),
            marketing_per_new_patient=float(marketing),
            sessions_per_patient=float(per_patient),
        )
    return out


def tax_inputs() -> TaxSettings:
    """Depreciation method and income-tax rate (0 = no tax view)."""
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    method = segmented(
        c1,
        "Depreciation",
        METHOD_LABELS,
        "rw_depreciation",
        "Straight-line: (cost - resale value) spread evenly over the months in use. MACRS 5- or 7-year: "
        "IRS Publication 946 Table A-1 (half-year convention); a practice's equipment is usually "
        "5-year property. Expensed in year 1: the whole cost deducted in the first tax year (US from 2025: "
        "100 % bonus depreciation restored, Section 179 cap 2.5M USD). A leased device is not depreciated: its "
        "payments are deducted.",
    )
    rate = (
        number(
            c2,
            "Income-tax rate (%)",
            "rw_tax_rate",
            0.0,
            60.0,
            0.0,
            1.0,
            "Your marginal income-tax rate, in percent; 0 = no tax view (after-tax figures equal the pre-tax ones).",
            "%.1f",
        )
        or 0.0
    )
    return TaxSettings(depreciation=method, income_tax_rate_pct=float(rate))


def expected_volume(
    devices: Sequence[str], names_md: Mapping[str, str], base: Mapping[str, DeviceInputs]
) -> dict[str, DeviceInputs]:
    """In the sidebar, per device: the sessions a month and the price of a session you expect once volume is full
    (defaults: the devices table, or the Clinic planner's edits); returns each device's inputs with them."""
    inputs: dict[str, DeviceInputs] = {}
    with st.sidebar:
        st.markdown("**Volume you expect** once it is full, before ramp-up, seasonality and no-shows")
        for d in devices:
            own, cur = base[d], base[d].currency
            box = st.container(border=True)
            box.markdown(f"**{names_md[d]}**")
            sessions = number(
                box,
                "Sessions a month",
                f"rw_spm_{d}",
                0.0,
                10_000.0,
                float(own.sessions_per_month),
                1.0,
                "Sessions a month you expect to sell once volume is full (number); from the devices table "
                "or the Clinic planner.",
                "%.1f",
            )
            price = number(
                box,
                f"Price per session ({cur})",
                f"rw_price_{d}",
                0.0,
                1e7,
                float(own.price_per_session),
                10.0,
                f"What you charge for one session, in {cur}; from the devices table or the Clinic planner.",
                "%.2f",
            )
            inputs[d] = own.with_values(
                sessions_per_month=float(sessions or 0.0), price_per_session=float(price or 0.0)
            )
    return inputs
