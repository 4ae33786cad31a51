"""Cost per good outcome: what a course costs for each patient who gets a good result.

The efficacy table (`data/efficacy.csv`, shared/reference/efficacy.md Part D) gives, per option and indication,
the probability of a good result after a typical course as low / typical / high, with one definition of "good"
per indication, a grade (A-D; D = borrowed from a related cell, indicative only) and a status ("used"; "not
found" or "not used": no number). Every probability is an estimate read from study abstracts.

cost_per_good_outcome = course total / P(good), in the course's currency, per Monte Carlo draw: the course
totals of `pricing.patient.uncertainty.draw_totals` (price, sessions and downtime drawn) divided by P(good)
drawn from a triangular distribution on (p_good_low, p_good_typical, p_good_high), independently, from its own
stream spawned from the same seed (same seed, same figures). P10 / P50 / P90 are the percentiles of those
ratios; "at typical" is total_typical / p_good_typical. Options without a used row have no figure and are not
ranked on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.patient.uncertainty import DEFAULT_SEED, triangular_from_uniform

P_COLUMNS: tuple[str, ...] = ("p_good_low", "p_good_typical", "p_good_high")
EFFICACY_STREAM = 20  # spawn key of the P(good) stream: never one of the course draws' block streams
INDICATIVE_ONLY = "indicative only"
_NO_ROW = "no efficacy data"
STATUS_WORDS: dict[str, str] = {
    "not found": "no efficacy data: no study of it for this indication was found",
    "not used": "no efficacy data: not used for this indication in the sources",
    _NO_ROW: "no efficacy data: the efficacy table has no row for it",
}


def efficacy_for(efficacy: pd.DataFrame, indication_id: str, option_ids: Sequence[str]) -> pd.DataFrame:
    """One row per option (in the order given) with its efficacy for the indication.

    Columns: option_id, status ("used", "not found", "not used", or "no efficacy data" without a row),
    p_good_low/typical/high (NaN unless used), definition, grade, indicative_only (grade D), has_efficacy (used
    with three probabilities above 0), efficacy_note (why there is no figure, in words; "" with one), source,
    year, quality, estimate, note.
    """
    rows = efficacy[efficacy["indication_id"] == indication_id].drop_duplicates("option_id").set_index("option_id")
    out = rows.reindex(list(option_ids)).rename_axis("option_id").reset_index()
    out["status"] = out["status"].where(out["status"].notna(), _NO_ROW)
    for column in P_COLUMNS:
        out[column] = pd.to_numeric(out[column], errors="coerce").where(out["status"].eq("used"))
    for column in ("definition", "grade", "source", "year", "quality", "estimate", "note"):
        out[column] = out[column].where(out[column].notna(), "").astype(str)
    probabilities = out[list(P_COLUMNS)].to_numpy(np.float64)
    out["has_efficacy"] = out["status"].eq("used").to_numpy() & (probabilities > 0).all(axis=1)
    out["indicative_only"] = out["has_efficacy"] & out["grade"].eq("D")
    out["efficacy_note"] = [
        "" if has else STATUS_WORDS.get(status, f"no efficacy data ({status})")
        for has, status in zip(out["has_efficacy"], out["status"], strict=True)
    ]
    return out


def indication_definition(efficacy: pd.DataFrame, indication_id: str) -> str:
    """What "good" means for the indication (the most common definition of its rows; "" when none)."""
    definitions = efficacy.loc[efficacy["indication_id"] == indication_id, "definition"].astype(str)
    definitions = definitions[definitions.str.strip() != ""]
    return str(definitions.mode().iloc[0]) if len(definitions) else ""


def draw_p_good(
    low: npt.ArrayLike, typical: npt.ArrayLike, high: npt.ArrayLike, draws: int, seed: int = DEFAULT_SEED
) -> npt.NDArray[np.float64]:
    """P(good) draws, shape (rows, draws): triangular on (low, typical, high) per row; NaN rows stay NaN.

    Drawn from the stream SeedSequence(seed, spawn_key=(EFFICACY_STREAM,)), so they are reproducible and
    independent of the course draws of the same seed.

    >>> draw_p_good([0.45], [0.45], [0.45], draws=3).tolist()
    [[0.45, 0.45, 0.45]]
    """
    lows, typicals, highs = (np.asarray(x, dtype=np.float64).reshape(-1) for x in (low, typical, high))
    missing = np.isnan(lows) | np.isnan(typicals) | np.isnan(highs)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(EFFICACY_STREAM,)))
    u = rng.random((len(lows), draws))
    out = triangular_from_uniform(
        u, np.where(missing, 0.0, lows), np.where(missing, 0.0, typicals), np.where(missing, 0.0, highs)
    ).astype(np.float64)
    out[missing] = np.nan
    return out


def cost_per_good_draws(totals: npt.NDArray[np.float64], p_good: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Cost per good outcome per draw: totals / p_good (same shape; NaN where P(good) is NaN or 0).

    >>> cost_per_good_draws(np.array([[900.0, 1200.0]]), np.array([[0.45, 0.6]])).round(2).tolist()
    [[2000.0, 2000.0]]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = totals / p_good
    ratio[~np.isfinite(ratio)] = np.nan
    return ratio


def outcome_percentiles(ratios: npt.NDArray[np.float64]) -> pd.DataFrame:
    """P10, P50 and P90 of each row of cost-per-good-outcome draws (NaN for a row without efficacy)."""
    out = np.full((ratios.shape[0], 3), np.nan)
    has = ~np.isnan(ratios).all(axis=1) if ratios.size else np.zeros(ratios.shape[0], dtype=bool)
    if has.any():
        out[has] = np.nanpercentile(ratios[has], [10, 50, 90], axis=1).T
    return pd.DataFrame(out, columns=["cpg_p10", "cpg_p50", "cpg_p90"])


def cost_per_good_outcome(
    rows: pd.DataFrame,
    totals: npt.NDArray[np.float64],
    efficacy: pd.DataFrame,
    indication_id: str,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Cost per good outcome of each course row, in the rows' currency, in the rows' order.

    rows: a comparison's rows (`CourseComparison.rows`: option_id, total_typical, p50, currency, ...); totals:
    its simulated totals (`CourseComparison.draws`), one row per course, reused as they are. Returns rows'
    region_id, option_id, currency, p50 and total_typical with efficacy_for's columns and
    cost_per_good_typical (= total_typical / p_good_typical) and cpg_p10 / cpg_p50 / cpg_p90 (percentiles of
    total / P(good) over the draws); NaN where an option has no efficacy figure.

    Worked example: a course of 900 at every price (one band, fixed sessions) with P(good) 0.45 at low, typical
    and high costs 900 / 0.45 = 2,000 per good outcome at P10, P50 and P90.

    >>> course = pd.DataFrame({"region_id": ["UK"], "option_id": ["mn_pen"], "currency": ["GBP"],
    ...     "p50": [900.0], "total_typical": [900.0]})
    >>> table = pd.DataFrame({"option_id": ["mn_pen"], "indication_id": ["acne_scars"], "status": ["used"],
    ...     "p_good_low": [0.45], "p_good_typical": [0.45], "p_good_high": [0.45], "definition": ["50 %"],
    ...     "grade": ["B"], "source": ["s"], "year": ["2020"], "quality": ["[EST]"], "estimate": ["yes"],
    ...     "note": [""]})
    >>> out = cost_per_good_outcome(course, np.full((1, 5), 900.0), table, "acne_scars")
    >>> out[["cost_per_good_typical", "cpg_p10", "cpg_p50", "cpg_p90"]].round(2).iloc[0].tolist()
    [2000.0, 2000.0, 2000.0, 2000.0]
    """
    draws = totals.shape[1] if totals.ndim == 2 else 0
    found = efficacy_for(efficacy, indication_id, list(rows["option_id"]))
    p_good = draw_p_good(found["p_good_low"], found["p_good_typical"], found["p_good_high"], draws, seed)
    p_good[~found["has_efficacy"].to_numpy()] = np.nan
    percentiles = outcome_percentiles(cost_per_good_draws(totals, p_good))
    base = rows[["region_id", "option_id", "currency", "p50", "total_typical"]].reset_index(drop=True)
    out = pd.concat([base, found.drop(columns="option_id"), percentiles], axis=1)
    typical = out["p_good_typical"].where(out["has_efficacy"])
    out["cost_per_good_typical"] = out["total_typical"] / typical
    return out


def outcome_rank_order(outcomes: pd.DataFrame) -> npt.NDArray[np.intp]:
    """Row positions cheapest per good outcome first (median, P50; ties by the figure at typical values); rows
    without efficacy last, in their order.

    >>> frame = pd.DataFrame({"cpg_p50": [3000.0, np.nan, 2000.0], "cost_per_good_typical": [2900.0, np.nan, 1900.0]})
    >>> outcome_rank_order(frame).tolist()
    [2, 0, 1]
    """
    median = outcomes["cpg_p50"].to_numpy(np.float64)
    typical = outcomes["cost_per_good_typical"].to_numpy(np.float64)
    return np.lexsort((np.nan_to_num(typical, nan=np.inf), np.nan_to_num(median, nan=np.inf)))
