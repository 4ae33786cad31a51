"""Specification of the efficacy table (data/efficacy.csv, pricing.tables.efficacy_checks) and of the cost per good
outcome (pricing.patient.efficacy): located validation problems, hand-worked figures, the shipped defaults."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.patient.efficacy import (
    cost_per_good_draws,
    cost_per_good_outcome,
    draw_p_good,
    efficacy_for,
    indication_definition,
    outcome_rank_order,
)
from pricing.tables.efficacy_checks import efficacy_problems
from pricing.tables.loading import tables_from_frames
from pricing.tables.validation import Problem, TableValidationError, validate_table

# --- the shipped table ---------------------------------------------------------------------------------------


def test_shipped_table_covers_every_option_and_indication(shipped_tables):
    """8 options x 7 indications = 56 rows; Part D D8: 39 valued cells + 8 not found + 2 not used = 49 cells of
    7 modalities, and the MN row counts twice (pen and roller): 45 used, 9 not found, 2 not used; 4 grade D."""
    efficacy = shipped_tables.efficacy
    assert len(efficacy) == 56
    assert efficacy["status"].value_counts().to_dict() == {"used": 45, "not found": 9, "not used": 2}
    assert (efficacy["grade"] == "D").sum() == 4
    used = efficacy[efficacy["status"] == "used"]
    assert used[["p_good_low", "p_good_typical", "p_good_high"]].notna().all().all()
    assert efficacy.loc[efficacy["status"] != "used", "p_good_typical"].isna().all()
    assert (used["estimate"] == "yes").all()


@pytest.mark.parametrize(
    ("option_id", "indication_id", "low", "typical", "high", "grade"),
    [
        ("mn_pen", "acne_scars", 0.20, 0.45, 0.65, "B"),  # D1 MN
        ("mn_roller", "acne_scars", 0.20, 0.45, 0.65, "B"),  # the same MN row
        ("co2", "acne_scars", 0.35, 0.50, 0.70, "B"),  # D1 Fractional CO2
        ("mn_prp", "stretch_marks", 0.35, 0.55, 0.75, "D"),  # D3, borrowed
        ("co2", "surgical_scars", 0.25, 0.45, 0.70, "B"),  # D6, lowered in the second pass
        ("rf_mn", "hair_loss", 0.10, 0.35, 0.65, "C"),  # D7
    ],
)
def test_shipped_values_are_part_d(shipped_tables, option_id, indication_id, low, typical, high, grade):
    row = shipped_tables.efficacy.set_index(["option_id", "indication_id"]).loc[(option_id, indication_id)]
    assert (row["p_good_low"], row["p_good_typical"], row["p_good_high"]) == (low, typical, high)
    assert row["grade"] == grade
    assert "efficacy.md Part D" in row["source"]


def test_not_found_and_not_used_cells_carry_no_number(shipped_tables):
    table = shipped_tables.efficacy.set_index(["option_id", "indication_id"])
    assert table.loc[("co2", "pigmentation"), "status"] == "not used"
    assert table.loc[("th_1927", "stretch_marks"), "status"] == "not found"
    assert np.isnan(table.loc[("co2", "pigmentation"), "p_good_typical"])


# --- validation: located by row and column -------------------------------------------------------------------


def _problems(raw_tables, row: int, column: str, value: str) -> list[Problem]:
    raw_tables["efficacy"].loc[row, column] = value
    with pytest.raises(TableValidationError) as info:
        tables_from_frames(raw_tables)
    return [p for p in info.value.problems if p.table == "efficacy"]


def test_probability_above_one_is_located(raw_tables):
    """Row index 6 is the 7th data row (co2, acne scars: 0.35 / 0.50 / 0.70): a high of 1.5 is out of bounds."""
    problems = _problems(raw_tables, 6, "p_good_high", "1.5")
    assert Problem("efficacy", 7, "p_good_high", "must be at most 1") in problems


def test_negative_probability_is_located(raw_tables):
    problems = _problems(raw_tables, 6, "p_good_low", "-0.1")
    assert Problem("efficacy", 7, "p_good_low", "must be at least 0") in problems


def test_low_above_typical_is_located(raw_tables):
    problems = _problems(raw_tables, 6, "p_good_low", "0.6")
    assert [(p.row, p.column) for p in problems] == [(7, "p_good_typical")]
    assert "p_good_low <= p_good_typical <= p_good_high" in problems[0].message


def test_used_row_without_a_probability_is_located(raw_tables):
    problems = _problems(raw_tables, 6, "p_good_typical", "")
    assert problems == [
        Problem("efficacy", 7, "p_good_typical", "is empty: a used row needs its low, typical and high probability")
    ]


def test_not_found_row_with_a_number_is_located(raw_tables):
    row = int(raw_tables["efficacy"].index[raw_tables["efficacy"]["status"] == "not found"][0])
    problems = _problems(raw_tables, row, "p_good_typical", "0.4")
    assert problems == [
        Problem("efficacy", row + 1, "p_good_typical", "must be empty when status is 'not found' (no number is shown)")
    ]


def test_unknown_status_grade_and_option_are_located(raw_tables):
    raw_tables["efficacy"].loc[2, "status"] = "maybe"
    raw_tables["efficacy"].loc[3, "grade"] = "E"
    raw_tables["efficacy"].loc[4, "option_id"] = "laser_x"
    with pytest.raises(TableValidationError) as info:
        tables_from_frames(raw_tables)
    located = {(p.row, p.column): p.message for p in info.value.problems if p.table == "efficacy"}
    assert located[(3, "status")].startswith("unknown status 'maybe'")
    assert located[(4, "grade")].startswith("unknown grade 'E'")
    assert located[(5, "option_id")] == "unknown option 'laser_x'"


def test_zero_chance_in_a_used_row_is_refused(raw_tables):
    raw_tables["efficacy"].loc[6, "p_good_low"] = "0"
    problems = _problems(raw_tables, 6, "p_good_low", "0")
    assert [(p.row, p.column) for p in problems] == [(7, "p_good_low")]
    assert "more than 0" in problems[0].message


def test_validate_table_alone_checks_bounds_and_order(raw_tables):
    """The Price tables editor checks one table with validate_table: the schema's bounds and order apply."""
    raw_tables["efficacy"].loc[0, "p_good_high"] = "2"
    _, problems = validate_table("efficacy", raw_tables["efficacy"])
    assert Problem("efficacy", 1, "p_good_high", "must be at most 1") in problems


def test_shipped_tables_have_no_efficacy_problems(shipped_tables):
    assert efficacy_problems(shipped_tables.as_dict()) == []


# --- cost per good outcome -----------------------------------------------------------------------------------


def _efficacy(low: float, typical: float, high: float, grade: str = "B", status: str = "used") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "option_id": ["mn_pen"],
            "indication_id": ["acne_scars"],
            "status": [status],
            "p_good_low": [low],
            "p_good_typical": [typical],
            "p_good_high": [high],
            "definition": ["at least 50 % improvement"],
            "grade": [grade],
            "source": ["s"],
            "year": ["2020"],
            "quality": ["[EST]"],
            "estimate": ["yes"],
            "note": [""],
        }
    )


def _course(total: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"region_id": ["UK"], "option_id": ["mn_pen"], "currency": ["GBP"], "p50": [total], "total_typical": [total]}
    )


def test_fixed_inputs_worked_example():
    """A course of 900 GBP at every draw and P(good) 0.45 at low, typical and high: 900 / 0.45 = 2,000 GBP per good
    outcome at typical and at P10, P50 and P90."""
    out = cost_per_good_outcome(_course(900.0), np.full((1, 1000), 900.0), _efficacy(0.45, 0.45, 0.45), "acne_scars")
    row = out.iloc[0]
    assert row["cost_per_good_typical"] == pytest.approx(2000.0)
    assert (row["cpg_p10"], row["cpg_p50"], row["cpg_p90"]) == pytest.approx((2000.0, 2000.0, 2000.0))


def test_median_of_a_drawn_chance_worked_example():
    """Course fixed at 900; P(good) triangular (0.20, 0.45, 0.65). The median of 900 / p is 900 / median(p) (the
    ratio falls as p rises); median(p) = 0.20 + sqrt(0.45 x 0.25 / 2) = 0.437171 (typical 0.45 is above the
    middle 0.425), so P50 = 900 / 0.437171 = 2,058.70. At typical: 900 / 0.45 = 2,000."""
    out = cost_per_good_outcome(_course(900.0), np.full((1, 200_000), 900.0), _efficacy(0.2, 0.45, 0.65), "acne_scars")
    assert out.at[0, "cpg_p50"] == pytest.approx(2058.70, rel=0.005)
    assert out.at[0, "cost_per_good_typical"] == pytest.approx(2000.0)
    # P10 of the ratio is 900 / P90 of p: p90 = 0.65 - sqrt(0.1 x 0.45 x 0.20) = 0.555132 -> 1,621.24
    assert out.at[0, "cpg_p10"] == pytest.approx(900 / (0.65 - np.sqrt(0.1 * 0.45 * 0.20)), rel=0.005)


def test_draws_are_reused_not_redrawn(shipped_tables):
    """The figures are the comparison's own course draws divided by P(good) drawn with the same seed."""
    result = compare_courses(shipped_tables, ["UK"], ["mn_pen", "co2"], "acne_scars", PatientCosts("GBP"), draws=5000)
    out = cost_per_good_outcome(result.rows, result.draws, shipped_tables.efficacy, "acne_scars")
    found = efficacy_for(shipped_tables.efficacy, "acne_scars", list(result.rows["option_id"]))
    p_good = draw_p_good(found["p_good_low"], found["p_good_typical"], found["p_good_high"], 5000)
    expected = np.percentile(cost_per_good_draws(result.draws, p_good), 50, axis=1)
    assert out["cpg_p50"].to_numpy() == pytest.approx(expected)


def test_option_without_efficacy_has_no_figure_and_ranks_last():
    efficacy = pd.concat(
        [_efficacy(0.2, 0.45, 0.65), _efficacy(np.nan, np.nan, np.nan, "", "not used").assign(option_id="co2")],
        ignore_index=True,
    )
    rows = pd.concat([_course(3000.0).assign(option_id="co2"), _course(900.0)], ignore_index=True)
    out = cost_per_good_outcome(rows, np.array([[3000.0] * 10, [900.0] * 10]), efficacy, "acne_scars")
    assert np.isnan(out.at[0, "cpg_p50"]) and np.isnan(out.at[0, "cost_per_good_typical"])
    assert out.at[0, "efficacy_note"] == "no efficacy data: not used for this indication in the sources"
    assert outcome_rank_order(out).tolist() == [1, 0]


def test_option_without_a_row_says_so():
    out = efficacy_for(_efficacy(0.2, 0.45, 0.65), "acne_scars", ["er_yag"])
    assert not out.at[0, "has_efficacy"]
    assert out.at[0, "efficacy_note"] == "no efficacy data: the efficacy table has no row for it"


def test_grade_d_is_indicative_only():
    out = efficacy_for(_efficacy(0.2, 0.45, 0.65, grade="D"), "acne_scars", ["mn_pen"])
    assert out.at[0, "indicative_only"]


def test_definition_of_good(shipped_tables):
    assert indication_definition(shipped_tables.efficacy, "acne_scars").startswith("at least 50 % global improvement")
    assert "minoxidil" in indication_definition(shipped_tables.efficacy, "hair_loss")


@settings(max_examples=40, deadline=None)
@given(
    total=st.floats(1.0, 1e6),
    low=st.floats(0.01, 1.0),
    spread=st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)),
)
def test_cost_per_good_is_at_least_the_course_and_finite(total, low, spread):
    """A chance is at most 1, so a cost per good outcome is never below the course total, and never NaN."""
    typical = low + (1.0 - low) * spread[0]
    high = typical + (1.0 - typical) * spread[1]
    out = cost_per_good_outcome(_course(total), np.full((1, 200), total), _efficacy(low, typical, high), "acne_scars")
    figures = out[["cpg_p10", "cpg_p50", "cpg_p90", "cost_per_good_typical"]].to_numpy()
    assert np.isfinite(figures).all()
    assert (figures >= total * (1 - 1e-6)).all()
    assert out.at[0, "cpg_p10"] <= out.at[0, "cpg_p50"] <= out.at[0, "cpg_p90"]


def test_shipped_acne_scars_uk(shipped_tables):
    """Every option offered for acne scars in the UK has a used row: each gets P10 <= P50 <= P90."""
    result = compare_courses(
        shipped_tables, ["UK"], list(shipped_tables.options["option_id"]), "acne_scars", PatientCosts("GBP")
    )
    out = cost_per_good_outcome(result.rows, result.draws, shipped_tables.efficacy, "acne_scars")
    assert out["has_efficacy"].all()
    assert ((out["cpg_p10"] <= out["cpg_p50"]) & (out["cpg_p50"] <= out["cpg_p90"])).all()
    assert (out["cpg_p50"] > out["p50"]).all()
