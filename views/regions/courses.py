"""The Regions page's figures: one option's course in every region, priced by the core with a draw budget."""

from __future__ import annotations

import pandas as pd

from pricing.patient.compare import CourseComparison, course_rows
from pricing.patient.course import PatientCosts
from pricing.patient.uncertainty import DEFAULT_DRAWS
from ui.data import LoadedTables, priced_courses
from views.regions.sidebar import RegionChoices

DRAW_BUDGET = 2_000_000  # ...but at most this many in all, so that thousands of regions stay quick
MIN_DRAWS = 500


def draws_per_region(regions: int) -> int:
    """Monte Carlo draws per region: DEFAULT_DRAWS (as on Compare), fewer when there are so many regions that they
    would be slow."""
    return max(MIN_DRAWS, min(DEFAULT_DRAWS, DRAW_BUDGET // max(regions, 1)))


def regional_courses(
    loaded: LoadedTables, chosen: RegionChoices, region_ids: list[str], draws: int
) -> tuple[CourseComparison | None, pd.DataFrame]:
    """The chosen option's courses in every region (None when no region has both a price and a course), and the
    regions left out with the reason. Raises KeyError or ValueError when the tables cannot give the figures."""
    # course_rows names every region left out; it is checked first because there is nothing to price
    # when no region has both a price and a course.
    available, unavailable = course_rows(loaded.tables, region_ids, [chosen.option], chosen.indication, chosen.currency)
    result = (
        priced_courses(
            loaded,
            region_ids,
            [chosen.option],
            chosen.indication,
            PatientCosts(chosen.currency, chosen.extras, chosen.daily_value),
            draws,
        )
        if len(available)
        else None
    )
    return result, unavailable
