"""Checks of the efficacy table that its column bounds cannot express (schema in `pricing.tables.schema`).

The bounds (each probability 0..1) and the order p_good_low <= p_good_typical <= p_good_high come from the
table's `TableSpec`; here: the status and grade vocabularies, a "used" row with all three probabilities (the
lowest above 0, since a cost per good result divides by it) and a grade, a "not found" / "not used" row with no
number, and known options and indications. Every problem is located by row (1 = the first line under the
header) and column.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from pricing.tables.schema import EFFICACY_GRADES, EFFICACY_STATUSES
from pricing.tables.validation import Problem

TABLE = "efficacy"
P_COLUMNS: tuple[str, ...] = ("p_good_low", "p_good_typical", "p_good_high")


def _known(
    frame: pd.DataFrame, column: str, allowed: set[str], what: str, hint: str = "", skip_empty: bool = False
) -> list[Problem]:
    values = frame[column]
    empty = values.isna() | values.astype(str).str.strip().eq("")
    unknown = ~values.isin(allowed) & ~(empty if skip_empty else values.isna())
    return [Problem(TABLE, int(i) + 1, column, f"unknown {what} '{values[i]}'{hint}") for i in frame.index[unknown]]


def efficacy_row_problems(efficacy: pd.DataFrame) -> list[Problem]:
    """Problems between the columns of a typed efficacy table (status, probabilities, grade), by row.

    >>> frame = pd.DataFrame({"option_id": ["mn_pen", "co2"], "indication_id": ["acne_scars"] * 2,
    ...     "status": ["used", "not found"], "p_good_low": [0.2, 0.3], "p_good_typical": [0.45, None],
    ...     "p_good_high": [None, None], "grade": ["B", ""]})
    >>> for problem in efficacy_row_problems(frame):
    ...     print(problem)
    efficacy, row 1, column p_good_high: is empty: a used row needs its low, typical and high probability
    efficacy, row 2, column p_good_low: must be empty when status is 'not found' (no number is shown)
    """
    if efficacy.empty or not {"status", "grade", *P_COLUMNS} <= set(efficacy.columns):
        return []
    hint = f" (use {', '.join(EFFICACY_STATUSES)})"
    problems = _known(efficacy, "status", set(EFFICACY_STATUSES), "status", hint)
    grade_hint = f" (use {', '.join(EFFICACY_GRADES)})"
    problems += _known(efficacy, "grade", set(EFFICACY_GRADES), "grade", grade_hint, skip_empty=True)
    status = efficacy["status"]
    used = status.eq("used")
    probabilities = {c: pd.to_numeric(efficacy[c], errors="coerce") for c in P_COLUMNS}
    for column in P_COLUMNS:
        values = probabilities[column]
        for i in efficacy.index[used & values.isna()]:
            problems.append(
                Problem(TABLE, int(i) + 1, column, "is empty: a used row needs its low, typical and high probability")
            )
        for i in efficacy.index[used & values.eq(0)]:
            problems.append(
                Problem(
                    TABLE,
                    int(i) + 1,
                    column,
                    "must be more than 0 in a used row (a cost per good result divides by it)",
                )
            )
        for i in efficacy.index[status.isin(("not found", "not used")) & values.notna()]:
            problems.append(
                Problem(TABLE, int(i) + 1, column, f"must be empty when status is '{status[i]}' (no number is shown)")
            )
    grade = efficacy["grade"]
    no_grade = grade.isna() | grade.astype(str).str.strip().eq("")
    for i in efficacy.index[used & no_grade]:
        problems.append(Problem(TABLE, int(i) + 1, "grade", "is empty: a used row needs its grade (A-D)"))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def efficacy_problems(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Every problem of the typed efficacy table beyond its column bounds: its rows (`efficacy_row_problems`) and
    unknown options and indications. A table that is missing raises nothing here (validation says so)."""
    efficacy = tables.get(TABLE)
    if efficacy is None or efficacy.empty:
        return []
    problems = efficacy_row_problems(efficacy)
    for name, column, what in (("options", "option_id", "option"), ("indications", "indication_id", "indication")):
        known = tables.get(name)
        if known is not None and column in known and column in efficacy:
            problems += _known(efficacy, column, set(known[column].dropna()), what)
    return problems
