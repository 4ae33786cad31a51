"""Declared schema of the price tables: columns, kinds, bounds and keys.

One place that says what each table holds; `pricing.tables` builds its validator from it and the
app builds typed editor columns from it. The prose version is `data/README.md`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal["text", "number", "integer", "date", "yesno"]

TABLE_NAMES: tuple[str, ...] = (
    "options",
    "indications",
    "sessions",
    "regions",
    "prices",
    "packages",
    "devices",
    "fx",
    "safety",
    "efficacy",
)
OPTION_FAMILIES: tuple[str, ...] = ("microneedling", "fractional_laser")
SAFETY_TOPICS: tuple[str, ...] = ("skin_type", "contraindication", "side_effect")
TREATED_AREAS: tuple[str, ...] = ("face", "scalp", "body", "face or body")  # sessions.csv treated_area
EFFICACY_STATUSES: tuple[str, ...] = ("used", "not found", "not used")  # efficacy.csv status
EFFICACY_GRADES: tuple[str, ...] = ("A", "B", "C", "D")  # efficacy.csv grade; D = borrowed, indicative only


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its kind, whether it may be empty, and numeric bounds (inclusive unless stated)."""

    name: str
    kind: ColumnKind = "text"
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    minimum_exclusive: bool = False
    help: str = ""


@dataclass(frozen=True)
class TableSpec:
    """A table: its columns in order, its key columns, and (low, typical, high) triples to order."""

    name: str
    label: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    ordered: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


def _money(name: str, help_text: str, required: bool = True) -> ColumnSpec:
    return ColumnSpec(name, "number", required=required, minimum=0, maximum=1e12, help=help_text)


def _percent(name: str, help_text: str) -> ColumnSpec:
    return ColumnSpec(name, "number", required=False, minimum=0, maximum=100, help=help_text)


def _days(name: str) -> ColumnSpec:
    return ColumnSpec(name, "number", minimum=0, maximum=365, help="days of downtime after one session")


def _sessions(name: str) -> ColumnSpec:
    return ColumnSpec(name, "integer", minimum=1, maximum=100, help="sessions in one course")


_PROVENANCE: tuple[ColumnSpec, ...] = (
    ColumnSpec("source", help="URL(s) or reference of the figure"),
    ColumnSpec("year", help="year the source states, or n.d."),
    ColumnSpec("quality", help="quality tag, e.g. [clinic], [paper], [EST]"),
    ColumnSpec("estimate", "yesno", help="yes when a value is an estimate"),
    ColumnSpec("note", required=False, help="method of an estimate, qualifiers"),
)

# Optional overhead columns of the devices table, in CSV order (data/README.md documents their defaults' sources).
_DEVICE_OVERHEADS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "wage_loading",
        "number",
        required=False,
        minimum=1,
        maximum=3,
        help="multiplier on hourly_rate for benefits and payroll tax, e.g. 1.3; empty = 1",
    ),
    ColumnSpec(
        "physician_minutes_per_session",
        "number",
        required=False,
        minimum=0,
        maximum=1440,
        help="physician minutes per session where the device needs one (ablative lasers); empty = 0",
    ),
    _money("physician_hourly_rate", "cost of one physician hour (no wage loading applied); empty = 0", False),
    ColumnSpec(
        "room_minutes_per_session",
        "number",
        required=False,
        minimum=0,
        maximum=1440,
        minimum_exclusive=True,
        help="minutes the patient holds the treatment room, numbing included; empty = not given",
    ),
    _money("room_cost_per_hour", "cost of the treatment room per hour; empty = 0", False),
    _money("marketing_per_new_patient", "marketing cost to win one new patient; empty = 0", False),
    ColumnSpec(
        "sessions_per_patient",
        "number",
        required=False,
        minimum=1,
        maximum=100,
        help="sessions one new patient buys, over which marketing is spread; empty = 1",
    ),
    _percent("commission_pct", "provider commission, percent of the session price; empty = 0"),
    _percent("card_fee_pct", "card processing fee, percent of the price; empty = 0"),
    _percent(
        "financing_fee_pct",
        "patient-financing merchant fee, percent of the price blended over all patients; empty = 0",
    ),
    _money("overhead_per_month", "fixed overhead allocated to the device per month; empty = 0", False),
)


def _group_provenance(prefix: str, what: str) -> tuple[ColumnSpec, ...]:
    """Source, year, estimate and note of one group of a region's columns (all optional)."""
    return (
        ColumnSpec(f"{prefix}_source", required=False, help=f"URL(s) or reference of the {what} figures"),
        ColumnSpec(f"{prefix}_year", required=False, help=f"year the {what} source states, or n.d."),
        ColumnSpec(f"{prefix}_estimate", "yesno", required=False, help=f"yes when a {what} figure is an estimate"),
        ColumnSpec(f"{prefix}_note", required=False, help=f"method of a {what} estimate, what a patient should ask"),
    )


def _months(name: str, maximum: int, help_text: str) -> ColumnSpec:
    # "number", not "integer": the loader types an integer column as int64, which cannot hold an empty cell;
    # pricing.tables.validation.region_financing_problems reports a month count that is not whole.
    return ColumnSpec(name, "number", required=False, minimum=1, maximum=maximum, help=help_text)


# Optional columns of the regions table (issue 16): the extras a patient pays per visit or once, the tax the
# region's prices do or do not include, and the region's own kind of patient financing. Money is in the region's
# currency. Empty = not found (extras and tax) or no such plan (financing); a table kept before they existed has
# none of them. data/README.md documents the defaults' sources.
_REGION_EXTRAS_TAX_FINANCE: tuple[ColumnSpec, ...] = (
    _money("numbing_per_visit", "numbing cream charged per visit beyond the session price; empty = not found", False),
    _money("aftercare_per_visit", "aftercare products charged per visit beyond the session; empty = not found", False),
    _money("consultation_fee", "consultation fee, paid once per course; empty = not found", False),
    ColumnSpec(
        "consultation_credited",
        "yesno",
        required=False,
        help="yes when the consultation fee is credited toward the first treatment",
    ),
    *_group_provenance("extras", "extras"),
    ColumnSpec("tax_name", required=False, help="the tax on a cosmetic treatment: VAT, GST, sales tax, ..."),
    _percent("tax_pct", "rate of that tax on a cosmetic treatment, percent (0 = exempt); empty = not known"),
    ColumnSpec(
        "prices_include_tax",
        "yesno",
        required=False,
        help="yes when the region's prices (prices and packages tables) are stated with the tax; empty = not known",
    ),
    *_group_provenance("tax", "tax"),
    ColumnSpec("finance_name", required=False, help="the region's kind of patient financing, as patients know it"),
    _months(
        "finance_promo_months",
        60,
        "months of a deferred-interest promotion (no interest if paid in full in time); empty = none",
    ),
    _percent("finance_promo_apr_pct", "standard APR charged back when the promotion is not cleared, percent"),
    _money("finance_min_payment", "the issuer's required minimum payment a month on the promotion", False),
    _money("finance_min_purchase", "smallest amount the region's plan is offered on; empty = any", False),
    _months("finance_instalment_months", 120, "months of an instalment plan (fixed monthly payments); empty = none"),
    _percent("finance_instalment_apr_pct", "APR of the instalment plan, percent (0 = interest-free)"),
    *_group_provenance("finance", "financing"),
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "options",
            "Treatment options",
            (
                ColumnSpec("option_id"),
                ColumnSpec("name"),
                ColumnSpec("family"),
                ColumnSpec("modality_key"),
                _days("downtime_days_min"),
                _days("downtime_days_typical"),
                _days("downtime_days_max"),
                *_PROVENANCE,
            ),
            key=("option_id",),
            ordered=(("downtime_days_min", "downtime_days_typical", "downtime_days_max"),),
        ),
        TableSpec(
            "indications",
            "Indications",
            (ColumnSpec("indication_id"), ColumnSpec("name"), *_PROVENANCE),
            key=("indication_id",),
        ),
        TableSpec(
            "sessions",
            "Sessions per indication",
            (
                ColumnSpec("option_id"),
                ColumnSpec("indication_id"),
                _sessions("sessions_min"),
                _sessions("sessions_typical"),
                _sessions("sessions_max"),
                ColumnSpec(
                    "interval_weeks",
                    "number",
                    minimum=0,
                    maximum=104,
                    minimum_exclusive=True,
                    help="weeks between sessions",
                ),
                ColumnSpec(
                    "maintenance_per_year", "number", minimum=0, maximum=52, help="sessions per year after the course"
                ),
                # Scalp and body courses have their own downtime and area (reference corrections, item 8). Optional:
                # a table kept before they existed has none; empty = face, and the option's downtime (options.csv).
                ColumnSpec(
                    "treated_area",
                    required=False,
                    help="what one session treats: face, scalp, body or face or body; empty = face",
                ),
                *(
                    ColumnSpec(
                        f"area_downtime_days_{band}",
                        "number",
                        required=False,
                        minimum=0,
                        maximum=365,
                        help="days of downtime after one session on this area; empty = the option's downtime",
                    )
                    for band in ("min", "typical", "max")
                ),
                *_PROVENANCE,
            ),
            key=("option_id", "indication_id"),
            ordered=(
                ("sessions_min", "sessions_typical", "sessions_max"),
                ("area_downtime_days_min", "area_downtime_days_typical", "area_downtime_days_max"),
            ),
        ),
        TableSpec(
            "regions",
            "Regions",
            (
                ColumnSpec("region_id"),
                ColumnSpec("name"),
                ColumnSpec("currency"),
                ColumnSpec("iso3"),
                *_PROVENANCE,
                *_REGION_EXTRAS_TAX_FINANCE,
            ),
            key=("region_id",),
        ),
        TableSpec(
            "prices",
            "Regional prices",
            (
                ColumnSpec("region_id"),
                ColumnSpec("option_id"),
                _money("price_low", "lowest price of one session"),
                _money("price_typical", "typical price of one session"),
                _money("price_high", "highest price of one session"),
                ColumnSpec("currency"),
                ColumnSpec("unit", required=False),
                *_PROVENANCE,
            ),
            key=("region_id", "option_id"),
            ordered=(("price_low", "price_typical", "price_high"),),
        ),
        TableSpec(
            "packages",
            "Packages",
            (
                ColumnSpec("region_id"),
                ColumnSpec("option_id"),
                ColumnSpec("package_sessions", "integer", minimum=2, maximum=100, help="sessions in the bundle"),
                _money("package_price", "price of the whole bundle"),
                ColumnSpec(
                    "package_expiry_months",
                    "number",
                    required=False,
                    minimum=0,
                    maximum=120,
                    minimum_exclusive=True,
                    help="months from purchase to use the bundle, as the clinic states it; empty = no expiry stated",
                ),
                ColumnSpec("currency"),
                *_PROVENANCE,
            ),
            key=("region_id", "option_id", "package_sessions"),
        ),
        TableSpec(
            "devices",
            "Devices",
            (
                ColumnSpec("device_id"),
                ColumnSpec("option_id"),
                ColumnSpec("name"),
                ColumnSpec("currency"),
                _money("device_price", "purchase price of the device"),
                _money("down_payment", "paid at purchase"),
                _money("residual_value", "resale value at the end of its life"),
                ColumnSpec(
                    "life_years", "number", minimum=0, maximum=30, minimum_exclusive=True, help="useful life, years"
                ),
                _money("maintenance_per_year", "service and repairs per year"),
                ColumnSpec("apr_pct", "number", minimum=0, maximum=100, help="financing APR, percent"),
                ColumnSpec("term_months", "integer", minimum=0, maximum=360, help="loan term, months"),
                _money("consumables_per_session", "tips, cartridges, numbing per session"),
                _money("other_per_session", "other costs per session"),
                ColumnSpec(
                    "minutes_per_session",
                    "number",
                    minimum=0,
                    maximum=1440,
                    minimum_exclusive=True,
                    help="provider minutes per session",
                ),
                _money("hourly_rate", "operator pay per hour"),
                _money("price_per_session", "price the clinic charges per session"),
                ColumnSpec("sessions_per_month", "number", minimum=0, maximum=100000, help="sessions sold per month"),
                ColumnSpec("discount_rate_pct", "number", minimum=0, maximum=100, help="annual discount rate, percent"),
                ColumnSpec(
                    "hours_per_month",
                    "number",
                    minimum=0,
                    maximum=744,
                    minimum_exclusive=True,
                    help="hours the device is available per month",
                ),
                # Overheads of a session and of the device (issue 15). Optional: a table kept before they existed
                # has none of them, and an empty cell is the no-op default (1 for wage_loading, otherwise 0;
                # sessions_per_patient 1).
                *_DEVICE_OVERHEADS,
                *_PROVENANCE,
            ),
            key=("device_id",),
        ),
        TableSpec(
            "fx",
            "Exchange rates",
            (
                ColumnSpec("currency"),
                ColumnSpec(
                    "units_per_usd",
                    "number",
                    minimum=0,
                    maximum=1e7,
                    minimum_exclusive=True,
                    help="units of the currency for 1 USD",
                ),
                ColumnSpec("as_of", "date", help="date of the rate, YYYY-MM-DD"),
                *_PROVENANCE,
            ),
            key=("currency",),
        ),
        TableSpec(
            "safety",
            "Safety notes",
            (
                ColumnSpec("option_id"),
                ColumnSpec("topic"),
                ColumnSpec("text"),
                *_PROVENANCE,
            ),
            key=(),
        ),
        # Chance of a good result per option and indication (issue 20; shared/reference/efficacy.md Part D). A
        # "used" row carries three probabilities 0..1; "not found" and "not used" rows carry none (checked in
        # pricing.tables.efficacy_checks).
        TableSpec(
            "efficacy",
            "Efficacy (chance of a good result)",
            (
                ColumnSpec("option_id"),
                ColumnSpec("indication_id"),
                ColumnSpec("status", help="used, not found (no study found) or not used (not a treatment for it)"),
                *(
                    ColumnSpec(
                        f"p_good_{band}",
                        "number",
                        required=False,
                        minimum=0,
                        maximum=1,
                        help=f"{band} probability (0 to 1) of a good result after a typical course; empty unless used",
                    )
                    for band in ("low", "typical", "high")
                ),
                ColumnSpec("definition", help='what "good" means for the indication, as the studies rate it'),
                ColumnSpec(
                    "grade",
                    required=False,
                    help="A-D: B = RCT or consistent series, C = extrapolated, D = borrowed (indicative only)",
                ),
                *_PROVENANCE,
            ),
            key=("option_id", "indication_id"),
            ordered=(("p_good_low", "p_good_typical", "p_good_high"),),
        ),
    )
}
