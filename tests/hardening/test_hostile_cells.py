"""Every cell of every table gets hostile values: each is either refused with a problem at its table, row and
column, or kept exactly as typed; the figures from any valid table are finite and never negative.

The checks run on the validator every path shares (editor, import, store, command line `--data`), so a cell
that passes here passes everywhere and a cell refused here is refused everywhere.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardening.hostile import HOSTILE_TEXT, is_missing
from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.tables.schema import TABLES, ColumnSpec
from pricing.tables.loading import tables_from_frames
from pricing.tables.validation import MAX_TEXT_CHARS, SMALLEST_AMOUNT, TEXT_FORMATS, Problem, TableValidationError, cross_table_problems, validate_table, validate_tables

# Cells that must name a row of another table (or a fixed word list); the table's own key may be anything valid.
REFERENCES = {
    ("sessions", "option_id"), ("prices", "option_id"), ("packages", "option_id"), ("devices", "option_id"),
    ("safety", "option_id"), ("prices", "region_id"), ("packages", "region_id"), ("sessions", "indication_id"),
    ("regions", "currency"), ("prices", "currency"), ("packages", "currency"), ("devices", "currency"),
    ("options", "family"), ("safety", "topic"),
}
# A problem with the order low <= typical <= high is reported on the middle column; down payment and residual
# against the device price on the former two.
RELATED = {
    **{c: ("price_low", "price_typical", "price_high") for c in ("price_low", "price_typical", "price_high")},
    **{c: ("sessions_min", "sessions_typical", "sessions_max")
       for c in ("sessions_min", "sessions_typical", "sessions_max")},
    **{c: ("downtime_days_min", "downtime_days_typical", "downtime_days_max")
       for c in ("downtime_days_min", "downtime_days_typical", "downtime_days_max")},
    "device_price": ("device_price", "down_payment", "residual_value"),
}
HIDDEN = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\x00", "\x1b")


def _number(value: object) -> float | None:
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except ValueError:
        return None
    return number


def _number_ok(spec: ColumnSpec, value: object) -> bool:
    """What the schema accepts in a number cell (ignoring order rules between cells)."""
    if is_missing(value):
        return not spec.required
    number = _number(value)
    if number is None or not math.isfinite(number):
        return False
    if spec.kind == "integer" and not number.is_integer():
        return False
    if spec.minimum is not None and (number < spec.minimum or (spec.minimum_exclusive and number == spec.minimum)):
        return False
    if 0 < number < (1e-4 if spec.name == "units_per_usd" else SMALLEST_AMOUNT if spec.maximum == 1e12 else 0):
        return False
    return spec.maximum is None or number <= spec.maximum


def _text_ok(table: str, spec: ColumnSpec, value: object) -> bool:
    """What the schema accepts in a text cell; hostile values are never a known id, so references fail."""
    text = str(value).strip() if not is_missing(value) else ""
    if not text:
        return not spec.required
    if len(text) > MAX_TEXT_CHARS or any(c in text for c in HIDDEN) or (table, spec.name) in REFERENCES:
        return False
    if spec.name in TEXT_FORMATS and not TEXT_FORMATS[spec.name][0].fullmatch(text):
        return False
    if spec.kind == "yesno":
        return text.lower() in ("yes", "no")
    if spec.kind == "date":
        return bool(pd.to_datetime(pd.Series([text]), format="%Y-%m-%d", errors="coerce").notna().all())
    return True


def _located(problems: list[Problem], table: str, row: int, column: str) -> bool:
    columns = {column, *RELATED.get(column, ())}
    return any(p.table == table and p.row == row and (p.column in columns or (p.column or "").startswith(column))
               for p in problems)


CELLS = [(table, spec.name) for table, table_spec in TABLES.items() for spec in table_spec.columns]
VALUES = list(HOSTILE_TEXT.items()) + [("hidden-nul", "a\x00b"), ("tab-newline", "a\tb\nc")]


@pytest.fixture(scope="module")
def shipped_typed(shipped_raw) -> dict[str, pd.DataFrame]:
    return {name: validate_table(name, frame)[0] for name, frame in shipped_raw.items()}


@pytest.mark.parametrize(("table", "column"), CELLS, ids=[f"{t}.{c}" for t, c in CELLS])
def test_every_hostile_cell_is_refused_where_it_is_or_kept_as_typed(shipped_raw, shipped_typed, table: str,
                                                                    column: str) -> None:
    spec = TABLES[table].column(column)
    others = {name: frame for name, frame in shipped_typed.items() if name != table}
    rows = len(shipped_raw[table])
    for start in range(0, len(VALUES), rows):
        chunk = VALUES[start:start + rows]
        frame = shipped_raw[table].astype(object).copy()
        for i, (_, value) in enumerate(chunk):
            frame.at[i, column] = value
        before = frame.copy()
        typed, problems = validate_table(table, frame)
        problems += cross_table_problems({**others, table: typed})
        pd.testing.assert_frame_equal(frame, before)  # checking never changes what it checks
        for i, (kind, value) in enumerate(chunk):
            ok = _number_ok(spec, value) if spec.kind in ("number", "integer") else _text_ok(table, spec, value)
            located = _located(problems, table, i + 1, column)
            if not ok:
                assert located, f"{table} row {i + 1} {column} = {kind}: no problem there; got {problems[:3]}"
            elif not any(p.table == table and p.row == i + 1 for p in problems):
                kept = typed.at[i, column]
                if spec.kind in ("number", "integer"):
                    assert (pd.isna(kept) if is_missing(value) else kept == _number(value)), (kind, kept)
                else:
                    expected = None if is_missing(value) else str(value).strip()
                    expected = expected.lower() if expected and spec.kind == "yesno" else expected
                    assert kept == expected, (kind, kept)


def test_every_message_is_one_located_sentence(shipped_raw) -> None:
    """Problems name their table, row and column and are one line (a 6,000-character name is not echoed)."""
    raw = {name: frame.astype(object).copy() for name, frame in shipped_raw.items()}
    raw["regions"].at[0, "name"] = "x" * 6_000
    raw["regions"].at[1, "region_id"] = "<b>" * 2_000
    raw["prices"].at[0, "price_low"] = "1e308"
    raw["fx"].at[0, "units_per_usd"] = "inf"
    raw["options"].at[0, "name"] = "a\u202eb"
    _, problems = validate_tables(raw)
    for problem in problems:
        text = str(problem)
        assert "\n" not in text and len(text) < 300, text
        assert problem.table in TABLES


def test_duplicate_keys_and_missing_columns_are_located(shipped_raw) -> None:
    raw = {name: frame.copy() for name, frame in shipped_raw.items()}
    raw["prices"] = pd.concat([raw["prices"], raw["prices"].iloc[[0]]], ignore_index=True)
    raw["fx"] = raw["fx"].drop(columns=["as_of"])
    _, problems = validate_tables(raw)
    duplicate_rows = {p.row for p in problems if p.table == "prices" and "duplicate key" in p.message}
    assert duplicate_rows == {1, len(raw["prices"])}
    assert Problem("fx", None, "as_of", "column is missing") in problems
    with pytest.raises(TableValidationError):
        tables_from_frames(raw)


# --- properties: any valid table gives finite, non-negative figures; any invalid cell a located problem ---------

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])
PATIENT_CURRENCIES = ("USD", "EUR", "KRW")


def _money(maximum: float = 1e12) -> st.SearchStrategy[float]:
    """Any amount the schema accepts, edges included: 0, one cent and the 1e12 bound."""
    return st.one_of(st.sampled_from([0.0, SMALLEST_AMOUNT, maximum]), st.floats(SMALLEST_AMOUNT, maximum))


def _amounts(rng: np.random.Generator, regime: str, size: int, maximum: float = 1e12) -> np.ndarray:
    """Valid amounts: all at an edge (0, a cent, the maximum), spread over every magnitude, or a mix of both."""
    edges = np.array([0.0, SMALLEST_AMOUNT, maximum])
    spread = np.where(rng.random(size) < 0.1, 0.0, 10 ** rng.uniform(-2, np.log10(maximum), size))
    if regime in ("0", "cent", "max"):
        return np.full(size, edges[["0", "cent", "max"].index(regime)])
    return spread if regime == "spread" else np.where(rng.random(size) < 0.5, rng.choice(edges, size), spread)


REGIMES = st.sampled_from(["0", "cent", "max", "spread", "mixed"])


@st.composite
def valid_tables(draw, shipped: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The shipped tables with prices, packages, sessions, downtime and rates replaced by random valid values.

    Hypothesis picks the regime of each kind of value (edges, every magnitude, a mix) and a seed; numpy draws
    the cells, so one example costs a few milliseconds to build.
    """
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    raw = {name: frame.astype(object) for name, frame in shipped.items()}
    prices = raw["prices"]
    band = np.sort(_amounts(rng, draw(REGIMES), 3 * len(prices)).reshape(-1, 3), axis=1)
    prices[["price_low", "price_typical", "price_high"]] = band
    raw["packages"]["package_price"] = _amounts(rng, draw(REGIMES), len(raw["packages"]))
    sessions = raw["sessions"]
    counts = np.sort(rng.integers(1, draw(st.sampled_from([1, 2, 10, 100])) + 1, (len(sessions), 3)), axis=1)
    sessions[["sessions_min", "sessions_typical", "sessions_max"]] = counts
    sessions["interval_weeks"] = rng.uniform(1e-3, 104, len(sessions))
    options = raw["options"]
    days = np.sort(_amounts(rng, draw(REGIMES), 3 * len(options), 365.0).reshape(-1, 3), axis=1)
    options[["downtime_days_min", "downtime_days_typical", "downtime_days_max"]] = days
    fx = raw["fx"]
    fx["units_per_usd"] = np.where(fx["currency"] == "USD", 1.0, 10 ** rng.uniform(-4, 7, len(fx)))
    return raw


@pytest.mark.slow
@SETTINGS
@given(data=st.data())
def test_random_valid_tables_give_finite_non_negative_ordered_figures(shipped_raw, data) -> None:
    raw = data.draw(valid_tables(shipped_raw))
    tables = tables_from_frames(raw)
    region = data.draw(st.sampled_from(list(tables.regions["region_id"])))
    indication = data.draw(st.sampled_from(list(tables.indications["indication_id"])))
    currency = data.draw(st.sampled_from(PATIENT_CURRENCIES))
    patient = PatientCosts(currency, data.draw(_money(1e6)), data.draw(_money(1e6)))
    rows = compare_courses(tables, [region], list(tables.options["option_id"]), indication, patient, draws=200).rows
    figures = rows[[f"total_{b}" for b in ("low", "typical", "high")] + ["p10", "p50", "p90",
                                                                         "course_cost_typical"]].to_numpy(float)
    assert np.isfinite(figures).all(), rows.to_dict("records")
    assert (figures >= 0).all()
    tolerance = 1e-9 * np.abs(figures).max(initial=1.0)
    assert (rows["total_low"] <= rows["total_typical"] + tolerance).all()
    assert (rows["total_typical"] <= rows["total_high"] + tolerance).all()
    assert (rows["p10"] <= rows["p50"] + tolerance).all() and (rows["p50"] <= rows["p90"] + tolerance).all()


NUMBER_CELLS = [(t, s) for t, spec in TABLES.items() for s in spec.columns if s.kind in ("number", "integer")]


def _bad_number(spec: ColumnSpec) -> st.SearchStrategy[object]:
    """Values a number cell must refuse: text, infinities, below the minimum, above the maximum, fractions."""
    options: list[st.SearchStrategy[object]] = [
        st.sampled_from(["abc", "1,2,3", "--5", "5 USD USD", "<b>", "inf", "-inf", "1e999"]),
        st.text(alphabet=st.characters(categories=["L", "P", "S"]), min_size=1, max_size=8).filter(
            lambda t: _number(t) is None),
    ]
    if spec.minimum is not None:
        below = st.floats(max_value=spec.minimum, exclude_max=not spec.minimum_exclusive, allow_nan=False,
                          allow_infinity=False, min_value=-1e300)
        options.append(below)
    if spec.maximum is not None:
        options.append(st.floats(min_value=spec.maximum, exclude_min=True, allow_nan=False, allow_infinity=False))
    if spec.kind == "integer":
        options.append(st.floats(0.1, 0.9).map(lambda f: (spec.minimum or 0) + 1 + f))
    if spec.maximum == 1e12:  # money: 0 or at least a cent
        options.append(st.floats(5e-324, SMALLEST_AMOUNT, exclude_max=True))
    return st.one_of(options)


@pytest.mark.slow
@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_random_invalid_cells_always_give_a_located_problem(shipped_raw, data) -> None:
    table, spec = data.draw(st.sampled_from(NUMBER_CELLS))
    frame = shipped_raw[table].astype(object).copy()
    row = data.draw(st.integers(0, len(frame) - 1))
    value = data.draw(_bad_number(spec))
    frame.at[row, spec.name] = value
    _, problems = validate_table(table, frame)
    assert any(p.table == table and p.row == row + 1 and p.column == spec.name for p in problems), (
        table, row, spec.name, value, problems[:3])
