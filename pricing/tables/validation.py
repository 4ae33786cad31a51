"""Validating the price tables (schema in `pricing.tables.schema`, prose in `data/README.md`).

Every problem is reported at once as (table, row, column, message); row is the 1-based data row, so
row 1 is the first line under a CSV header. Nothing here raises on bad values: callers get a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa

from pricing.tables.schema import (
    OPTION_FAMILIES,
    SAFETY_TOPICS,
    TABLE_NAMES,
    TABLES,
    TREATED_AREAS,
    ColumnSpec,
    TableSpec,
)

_MAX_ROWS_SHOWN_PER_TABLE = 200
MAX_TEXT_CHARS = 5_000  # any text cell; the longest shipped one (a note) has about 1,100
# Codes and ids appear in links, file names, chart labels and messages: a fixed alphabet keeps them plain.
_ID = (re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,63}"), "must be letters, digits, _ or - (at most 64), e.g. mn_pen")
_CODE = (re.compile(r"[A-Z]{3}"), "must be 3 capital letters, e.g. EUR")
TEXT_FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    "region_id": _ID,
    "option_id": _ID,
    "indication_id": _ID,
    "device_id": _ID,
    "currency": (_CODE[0], "must be a 3-letter ISO 4217 code in capitals, e.g. EUR"),
    "iso3": (_CODE[0], "must be a 3-letter ISO 3166 country code in capitals, e.g. DEU"),
}
# Characters that are invisible yet change what is shown: bidirectional embeddings, overrides and isolates
# (U+202E shows the text after it reversed, in every sentence the name appears in) and C0 controls but tab and
# line breaks.
# The smallest amount above 0 a number cell may hold. Money is quoted in cents; a price of 1e-255 next to one of
# 1e7 makes the Monte Carlo ratio high / typical overflow (P10-P90 became NaN), and an exchange rate of 1e-300
# overflows every conversion. Real rates start near 0.3 units per USD.
SMALLEST_AMOUNT = 0.01
_SMALLEST_NONZERO: dict[str, float] = {"units_per_usd": 1e-4}
_HIDDEN = re.compile(r"[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """One located validation problem. An "error" blocks loading and saving; a "warning" (see `data_warnings`)
    is a figure that is valid but looks wrong, shown beside the tables and never blocking."""

    table: str
    row: int | None
    column: str | None
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = [self.table]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        label = "warning: " if self.severity == "warning" else ""
        return f"{label}{', '.join(where)}: {self.message}"


class TableValidationError(ValueError):
    """Raised by `load_tables` when any table has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        head = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s) in the price tables: {head}{more}")


# --- coercion: text cells to typed columns, with located messages -----------------------------


def _stripped(series: pd.Series) -> pd.Series:
    """The cells as text without surrounding spaces (missing stays missing)."""
    return series.astype(str).str.strip()


def _blank(series: pd.Series, stripped: pd.Series) -> pd.Series:
    return series.isna() | stripped.fillna("").eq("")


def _is_money(spec: ColumnSpec) -> bool:
    """Money columns are the number columns bounded by the schema's money maximum (1e12)."""
    return spec.kind == "number" and spec.maximum == 1e12


def _coerce_column(table: str, spec: ColumnSpec, raw: pd.Series) -> tuple[pd.Series, list[Problem]]:
    numeric = pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw)
    if numeric and spec.kind in ("number", "integer"):
        blank = raw.isna()  # a number is never blank text
    else:
        stripped = _stripped(raw)  # converted once: the slow step at 100,000 rows
        blank = _blank(raw, stripped)
    problems: list[Problem] = []
    if spec.kind in ("number", "integer"):
        values = raw.astype("float64") if numeric else pd.to_numeric(stripped, errors="coerce").astype("float64")
        bad = values.isna() & ~blank
        for idx in raw.index[bad]:
            problems.append(Problem(table, int(idx) + 1, spec.name, f"'{raw[idx]}' is not a number"))
        infinite = np.isinf(values.to_numpy())
        for idx in raw.index[infinite]:
            problems.append(Problem(table, int(idx) + 1, spec.name, "must be a finite number"))
        values = values.where(~np.isinf(values.to_numpy()))
        smallest = _SMALLEST_NONZERO.get(spec.name, SMALLEST_AMOUNT if _is_money(spec) else 0.0)
        for idx in raw.index[(values > 0) & (values < smallest)]:
            floor = f"at least {smallest:g}" if spec.minimum_exclusive else f"0 or at least {smallest:g}"
            problems.append(Problem(table, int(idx) + 1, spec.name, f"{values[idx]:g} is too small: use {floor}"))
        if spec.kind == "integer":
            fractional = values.notna() & (values != values.round())
            for idx in raw.index[fractional]:
                problems.append(Problem(table, int(idx) + 1, spec.name, f"{values[idx]:g} is not a whole number"))
        return values, problems
    text = stripped.astype(object).where(~blank, None)
    problems += _text_problems(table, spec, stripped[~blank])
    if spec.kind == "date":
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        for idx in raw.index[parsed.isna() & ~blank]:
            problems.append(Problem(table, int(idx) + 1, spec.name, f"'{raw[idx]}' is not a date YYYY-MM-DD"))
    if spec.kind == "yesno":
        text = text.map(lambda v: v.lower() if isinstance(v, str) else None).astype(object)
        text[text.isna()] = None  # an empty optional yes/no stays empty (None), as every other text
    return text, problems


def _shown(value: str) -> str:
    return f"'{value[:40]}...'" if len(value) > 40 else f"'{value}'"


def _first_hidden(text: str) -> str:
    """The first character of `text` that `_HIDDEN` matches (called only for text that holds one)."""
    found = _HIDDEN.search(text)
    assert found is not None, "called for a text without a hidden character"
    return found.group()


def _text_problems(table: str, spec: ColumnSpec, text: pd.Series) -> list[Problem]:
    """Text cells that are too long, hide control characters, or (ids and codes) break their format."""
    values = text.dropna().astype(str)
    if values.empty:
        return []
    too_long = values.str.len() > MAX_TEXT_CHARS
    # one search over the whole column first: nearly always nothing is hidden, and then no per-cell search
    anywhere = _HIDDEN.search("\n".join(values.tolist())) is not None  # "\n" itself is allowed text
    hidden = ~too_long & values.str.contains(_HIDDEN) if anywhere else too_long & False
    pattern, rule = TEXT_FORMATS.get(spec.name, (None, ""))
    misformed = (~too_long & ~hidden & ~values.str.fullmatch(pattern)) if pattern is not None else too_long & False
    problems = [
        Problem(
            table, int(i) + 1, spec.name, f"has {len(values[i]):,} characters; at most {MAX_TEXT_CHARS:,} are allowed"
        )
        for i in values.index[too_long]
    ]
    problems += [
        Problem(
            table,
            int(i) + 1,
            spec.name,
            "contains the invisible control character "
            f"U+{ord(_first_hidden(values[i])):04X}, which changes how the text around it "
            "is shown; remove it",
        )
        for i in values.index[hidden]
    ]
    problems += [Problem(table, int(i) + 1, spec.name, f"{_shown(values[i])} {rule}") for i in values.index[misformed]]
    return problems


def coerce_table(name: str, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Return the table with typed columns in schema order, and problems with missing/unknown columns
    or cells that are not of the column's kind (such cells become empty and are reported)."""
    spec = TABLES[name]
    frame = raw.rename(columns=lambda c: str(c).strip()).reset_index(drop=True)
    problems = [
        Problem(name, None, c.name, "column is missing") for c in spec.columns if c.name not in frame and c.required
    ]
    problems += [Problem(name, None, c, "unknown column") for c in frame.columns if c not in spec.column_names]
    typed: dict[str, pd.Series] = {}
    for column in spec.columns:
        source = frame[column.name] if column.name in frame else pd.Series([None] * len(frame), dtype=object)
        typed[column.name], column_problems = _coerce_column(name, column, source)
        problems += column_problems
    return pd.DataFrame(typed, index=pd.RangeIndex(len(frame))), problems


# --- value checks with pandera --------------------------------------------------------------


def _bound_checks(spec: ColumnSpec) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if spec.minimum is not None:
        if spec.minimum_exclusive:
            checks.append(pa.Check.gt(spec.minimum, error=f"must be more than {spec.minimum:g}"))
        else:
            checks.append(pa.Check.ge(spec.minimum, error=f"must be at least {spec.minimum:g}"))
    if spec.maximum is not None:
        checks.append(pa.Check.le(spec.maximum, error=f"must be at most {spec.maximum:g}"))
    return checks


def _column_schema(spec: ColumnSpec) -> pa.Column:
    if spec.kind in ("number", "integer"):
        return pa.Column("float64", _bound_checks(spec), nullable=not spec.required)
    checks = []
    if spec.kind == "yesno":
        checks.append(pa.Check.isin(["yes", "no"], error="must be yes or no"))
    return pa.Column(None, checks, nullable=not spec.required)


def _ordered_check(columns: tuple[str, ...]) -> pa.Check:
    low, mid, high = columns

    def in_order(frame: pd.DataFrame) -> pd.Series:
        ok = (frame[low] <= frame[mid]) & (frame[mid] <= frame[high])
        return ok | frame[[low, mid, high]].isna().any(axis=1)

    return pa.Check(in_order, error=f"must satisfy {low} <= {mid} <= {high}", name=f"order:{mid}")


def _dataframe_schema(spec: TableSpec) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {c.name: _column_schema(c) for c in spec.columns},
        checks=[_ordered_check(cols) for cols in spec.ordered],
        unique=list(spec.key) or None,
        report_duplicates="all",
    )


_SCHEMAS: dict[str, pa.DataFrameSchema] = {name: _dataframe_schema(spec) for name, spec in TABLES.items()}


def _problems_from_pandera(name: str, failures: pd.DataFrame) -> list[Problem]:
    spec = TABLES[name]
    problems: list[Problem] = []
    # pandera's failure cases: one row each, with the row index (None for a whole-table check), column and check
    for index, column, failed in zip(failures["index"], failures["column"], failures["check"], strict=True):
        row = None if pd.isna(index) else int(index) + 1
        check = str(failed)
        if check == "not_nullable":
            problems.append(Problem(name, row, column, "is empty"))
        elif "uniqueness" in check:
            problems.append(
                Problem(
                    name, row, ", ".join(spec.key), "duplicate key: another row has the same " + ", ".join(spec.key)
                )
            )
        elif check.startswith("must satisfy"):
            triple = next(cols for cols in spec.ordered if cols[0] in check)
            problems.append(Problem(name, row, triple[1], check))
        else:
            problems.append(Problem(name, row, column, check))
    return problems


def _value_problems(name: str, typed: pd.DataFrame) -> list[Problem]:
    try:
        _SCHEMAS[name].validate(typed, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _problems_from_pandera(name, errors.failure_cases)
    return []


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def validate_table(name: str, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Coerce and check one table on its own (no cross-table references).

    Returns the typed table and every problem found, ordered by row."""
    if name not in TABLES:
        return raw, [Problem(name, None, None, f"unknown table; expected one of {', '.join(TABLE_NAMES)}")]
    typed, problems = coerce_table(name, raw)
    located = {(p.row, p.column) for p in problems}
    problems += [
        p for p in _value_problems(name, typed) if not (p.message == "is empty" and (p.row, p.column) in located)
    ]
    problems = _dedupe(problems)
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return typed, problems


# --- cross-table references -----------------------------------------------------------------


def _reference_problems(
    table: str, frame: pd.DataFrame, column: str, allowed: Iterable[str], what: str, extra: tuple[str, ...] = ()
) -> list[Problem]:
    known = set(allowed) | set(extra)
    values = frame[column]
    unknown = values.notna() & ~values.isin(known)
    return [Problem(table, int(i) + 1, column, f"unknown {what} '{values[i]}'") for i in frame.index[unknown]]


def cross_table_problems(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Problems with references between typed tables: unknown option, region, indication or currency,
    packages without a single price, and values outside the fixed vocabularies."""
    options = set(tables["options"]["option_id"].dropna())
    regions = set(tables["regions"]["region_id"].dropna())
    indications = set(tables["indications"]["indication_id"].dropna())
    currencies = set(tables["fx"]["currency"].dropna())
    out: list[Problem] = []
    for table in ("sessions", "prices", "packages", "devices"):
        out += _reference_problems(table, tables[table], "option_id", options, "option")
    out += _reference_problems("safety", tables["safety"], "option_id", options, "option", ("all",))
    for table in ("prices", "packages"):
        out += _reference_problems(table, tables[table], "region_id", regions, "region")
    out += _reference_problems("sessions", tables["sessions"], "indication_id", indications, "indication")
    for table in ("regions", "prices", "packages", "devices"):
        out += _reference_problems(table, tables[table], "currency", currencies, "currency (not in fx)")
    out += _reference_problems("options", tables["options"], "family", OPTION_FAMILIES, "family")
    out += _reference_problems("safety", tables["safety"], "topic", SAFETY_TOPICS, "topic")
    if "treated_area" in tables["sessions"]:
        out += _reference_problems("sessions", tables["sessions"], "treated_area", TREATED_AREAS, "treated area")
    if "USD" not in currencies:
        out.append(Problem("fx", None, "currency", "USD is missing (rates are units per 1 USD)"))
    out += base_rate_problems(tables["fx"])
    priced = set(zip(tables["prices"]["region_id"], tables["prices"]["option_id"], strict=True))
    packages = tables["packages"]
    for i, key in zip(packages.index, zip(packages["region_id"], packages["option_id"], strict=True), strict=True):
        if key not in priced and key[0] in regions and key[1] in options:
            out.append(
                Problem(
                    "packages",
                    int(i) + 1,
                    "option_id",
                    f"no single-session price for {key[1]} in {key[0]} (add it to prices first)",
                )
            )
    return out + device_row_problems(tables["devices"]) + region_financing_problems(tables["regions"])


BASE_CURRENCY = "USD"  # every rate is units per 1 USD


def base_rate_problems(fx: pd.DataFrame) -> list[Problem]:
    """The base currency's own rate must be exactly 1 (units per 1 USD): any other value scales every converted
    figure by it without a word. E.g. USD at 1.1 -> a problem at its row, column units_per_usd."""
    out: list[Problem] = []
    rates = pd.to_numeric(fx["units_per_usd"], errors="coerce")
    for i in fx.index[(fx["currency"] == BASE_CURRENCY) & rates.notna() & (rates != 1.0)]:
        out.append(
            Problem(
                "fx",
                int(i) + 1,
                "units_per_usd",
                f"the rate of {BASE_CURRENCY} must be exactly 1 (rates are units per 1 {BASE_CURRENCY}), not "
                f"{_shown(str(fx.at[i, 'units_per_usd']))}",
            )
        )
    return out


def device_row_problems(devices: pd.DataFrame) -> list[Problem]:
    """Checks between columns of a typed devices table: down payment and residual at most the device price."""
    out: list[Problem] = []
    for column in ("down_payment", "residual_value"):
        over = devices[column] > devices["device_price"]
        out += [Problem("devices", int(i) + 1, column, "must not exceed device_price") for i in devices.index[over]]
    return out


TableCheck = tuple[pd.DataFrame, list[Problem]]  # one table typed, and its own problems (validate_table)


def check_each_table(raw: Mapping[str, pd.DataFrame]) -> dict[str, TableCheck]:
    """`validate_table` of each of the nine tables; a missing one is typed empty with a 'table is missing'."""
    checks: dict[str, TableCheck] = {}
    for name in TABLE_NAMES:
        if name in raw:
            checks[name] = validate_table(name, raw[name])
        else:
            checks[name] = (
                pd.DataFrame(columns=TABLES[name].column_names),
                [Problem(name, None, None, "table is missing")],
            )
    return checks


def combine_table_checks(checks: Mapping[str, TableCheck]) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Typed tables and every problem: each table's own, then the references between them (checked only
    when no table or column is missing). Lets a caller re-check one edited table and reuse the rest."""
    typed = {name: checks[name][0] for name in TABLE_NAMES}
    problems = [p for name in TABLE_NAMES for p in checks[name][1]]
    if not any(p.message in ("table is missing", "column is missing") for p in problems):
        # efficacy_checks imports Problem from here, so it is imported when first needed
        from pricing.tables.efficacy_checks import efficacy_problems

        problems += cross_table_problems(typed) + efficacy_problems(typed)
    return typed, _dedupe(problems)


def validate_tables(raw: Mapping[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Coerce and check every table, their references included. Returns typed tables and problems."""
    return combine_table_checks(check_each_table(raw))


# --- warnings: valid figures that look wrong -------------------------------------------------------------

HIGH_OVER_TYPICAL_MAX = 4.0  # a price band whose high is more than this many times its typical is suspect


def _numbers(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """The columns as float64 (cells that are not numbers become NaN and raise no warning)."""
    return pd.DataFrame({c: pd.to_numeric(frame[c], errors="coerce") for c in columns}, index=frame.index)


def price_band_warnings(prices: pd.DataFrame) -> list[Problem]:
    """Price bands that look wrong (prices table, one warning per row and rule):

    - the high is more than 4x the typical (a price by area, for face + neck, or for another treatment read
      as the high of one full-face session);
    - the typical equals the low while the high is above it (a "from" price, which is a minimum, used as the
      typical). A typical strictly below its low is already an error (low <= typical <= high).
    """
    if prices.empty or not {"price_low", "price_typical", "price_high"} <= set(prices.columns):
        return []
    money = _numbers(prices, ("price_low", "price_typical", "price_high"))
    low, typical, high = money["price_low"], money["price_typical"], money["price_high"]
    out = [
        Problem(
            "prices",
            int(i) + 1,
            "price_high",
            f"the high {high[i]:,.0f} is {high[i] / typical[i]:.1f}x the typical {typical[i]:,.0f} (more than "
            f"{HIGH_OVER_TYPICAL_MAX:g}x): is it a price by area, for face and neck, or for another treatment?",
            "warning",
        )
        for i in prices.index[(typical > 0) & (high > HIGH_OVER_TYPICAL_MAX * typical)]
    ]
    out += [
        Problem(
            "prices",
            int(i) + 1,
            "price_typical",
            f"the typical {typical[i]:,.0f} is the lowest price of the band: a 'from' price is a minimum, "
            "not a typical price",
            "warning",
        )
        for i in prices.index[(typical <= low) & (high > low)]
    ]
    return out


def package_price_warnings(packages: pd.DataFrame, prices: pd.DataFrame, fx: pd.DataFrame) -> list[Problem]:
    """Packages whose price per session is below the lowest single-session price of the same region and
    option (converted with the fx table when the currencies differ): a bundle that cheap is suspect."""
    needed = {"region_id", "option_id", "package_sessions", "package_price", "currency"}
    priced = {"region_id", "option_id", "price_low", "currency"}
    if packages.empty or prices.empty or not (needed <= set(packages.columns) and priced <= set(prices.columns)):
        return []
    if not {"currency", "units_per_usd"} <= set(fx.columns):
        fx = pd.DataFrame(columns=["currency", "units_per_usd"])
    rates = (
        pd.Series(pd.to_numeric(fx["units_per_usd"], errors="coerce").to_numpy(), index=fx["currency"])
        .groupby(level=0)
        .first()
    )
    lows = prices.assign(price_low=pd.to_numeric(prices["price_low"], errors="coerce"))[
        ["region_id", "option_id", "price_low", "currency"]
    ].drop_duplicates(["region_id", "option_id"])
    joined = (
        packages[list(needed)]
        .merge(lows, on=["region_id", "option_id"], how="left", suffixes=("", "_single"))
        .set_axis(packages.index)
    )
    per_session = pd.to_numeric(joined["package_price"], errors="coerce") / pd.to_numeric(
        joined["package_sessions"], errors="coerce"
    )
    to_package = joined["currency"].map(rates) / joined["currency_single"].map(rates)
    same = joined["currency"] == joined["currency_single"]
    low_single = joined["price_low"] * to_package.where(~same, 1.0)
    below = per_session < low_single
    return [
        Problem(
            "packages",
            int(i) + 1,
            "package_price",
            f"{per_session[i]:,.2f} {joined.loc[i, 'currency']} a session is below the lowest single price in "
            f"{joined.loc[i, 'region_id']} for {joined.loc[i, 'option_id']} ({low_single[i]:,.2f}): check the bundle",
            "warning",
        )
        for i in packages.index[below.fillna(False).astype(bool)]
    ]


def data_warnings(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Located warnings (severity "warning") over the tables: suspect price bands and packages. Works on typed
    or raw text tables (a cell that is not a number raises none); a missing table raises none."""
    empty = pd.DataFrame()
    prices = tables.get("prices", empty)
    return price_band_warnings(prices) + package_price_warnings(
        tables.get("packages", empty), prices, tables.get("fx", pd.DataFrame(columns=["currency", "units_per_usd"]))
    )


def region_financing_problems(regions: pd.DataFrame) -> list[Problem]:
    """Located problems of the typed regions table's financing columns that its column bounds cannot catch: a
    month count that is not whole, a promotion without its standard APR, an APR or minimum payment without
    the plan it belongs to."""
    problems: list[Problem] = []

    def present(column: str) -> pd.Series:
        return regions[column].notna() if column in regions else pd.Series(False, index=regions.index)

    for column in ("finance_promo_months", "finance_instalment_months"):
        if column in regions:
            months = regions[column]
            for i in regions.index[months.notna() & (months != months.round())]:
                problems.append(
                    Problem("regions", int(i) + 1, column, f"{months[i]:g} is not a whole number of months")
                )
    promo, instalment = present("finance_promo_months"), present("finance_instalment_months")
    for i in regions.index[promo & ~present("finance_promo_apr_pct")]:
        problems.append(
            Problem("regions", int(i) + 1, "finance_promo_apr_pct", "is empty: a promotion needs its standard APR")
        )
    for column in ("finance_promo_apr_pct", "finance_min_payment"):
        for i in regions.index[present(column) & ~promo]:
            problems.append(
                Problem("regions", int(i) + 1, column, "is set but finance_promo_months is empty (no promotion)")
            )
    for i in regions.index[present("finance_instalment_apr_pct") & ~instalment]:
        problems.append(
            Problem(
                "regions",
                int(i) + 1,
                "finance_instalment_apr_pct",
                "is set but finance_instalment_months is empty (no instalment plan)",
            )
        )
    return problems
