"""Compare view, "Beyond the course" (AppTest): off by default with the course figures unchanged; each part, once
turned on, shows exactly the core's figures for the same inputs; bad inputs give a warning, never an exception."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui.export
from pricing.patient.compare import CourseComparison, compare_courses
from pricing.patient.course import PatientCosts, region_extras, region_extras_table
from pricing.patient.financing import (
    APR_WARNING,
    CARECREDIT_MIN_PURCHASE_USD,
    DeferredInterestPlan,
    deferred_interest_frame,
    financing_table,
    minimum_payment_warning,
)
from pricing.patient.maintenance import maintenance_table
from pricing.patient.membership import Membership, membership_table
from pricing.patient.package_terms import package_terms_risk
from pricing.tables.loading import load_tables
from ui.export import SummarySection, comparison_summary_html
from ui.formatting import money, money_range
from views.compare_treatments.beyond_course import stated_expiry
from views.compare_treatments.beyond_keys import PART_KEYS
from views.compare_treatments.beyond_tables import printable

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (about 2 s)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ALL_OPTIONS = ["mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "th_1927", "co2", "er_yag"]


@pytest.fixture
def summaries(monkeypatch: pytest.MonkeyPatch) -> list[tuple[SummarySection, ...]]:
    """The `sections` of every printable summary the view builds (the view calls it through `ui.export`)."""
    seen: list[tuple[SummarySection, ...]] = []

    def recording(*args, sections=(), **kwargs):
        seen.append(tuple(sections))
        return comparison_summary_html(*args, sections=sections, **kwargs)

    monkeypatch.setattr(ui.export, "comparison_summary_html", recording)
    return seen


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def _turn_on(at: AppTest, *keys: str) -> AppTest:
    for key in keys:
        at.toggle(key=key).set_value(True)
    at.run()
    assert not at.exception
    return at


def _course(
    region: str = "US", currency: str = "USD", extras: float = 0.0, daily_value: float = 0.0
) -> CourseComparison:
    return compare_courses(
        load_tables(), [region], ALL_OPTIONS, "acne_scars", PatientCosts(currency, extras, daily_value), draws=1_000
    )


# A column only each part's table has (AppTest gives a dataframe no key to find it by).
PART_COLUMN = {
    "b_exp": "Sessions at risk",
    "b_mnt": "Sessions a year",
    "b_mem": "As a member (USD)",
    "b_ext": "With extras and tax (USD)",
    "b_pay": "Course cost financed (USD)",
}


def _shown(at: AppTest, part: str) -> bool:
    return any(PART_COLUMN[part] in frame.value.columns for frame in at.dataframe)


def _table(at: AppTest, part: str) -> pd.DataFrame:
    return next(frame.value for frame in at.dataframe if PART_COLUMN[part] in frame.value.columns)


def _in_order_of(shown: pd.DataFrame, course: CourseComparison) -> pd.DataFrame:
    """A part's table in the order of `course` (the page ranks with more Monte Carlo draws than `_course`, so
    options whose medians are close may swap places)."""
    assert sorted(shown["Option"]) == sorted(course.rows["option_name"])
    return shown.set_index("Option").loc[list(course.rows["option_name"])].reset_index()


def _warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


# --- defaults ---------------------------------------------------------------------------------------------


def test_every_part_is_off_by_default_and_nothing_beyond_the_course_is_shown(summaries) -> None:
    at = _app()
    assert not at.exception
    assert [at.toggle(key=k).value for k in PART_KEYS] == [False] * 5
    assert len(at.get("plotly_chart")) == 2  # the open chart tab's, and the cost per good result
    assert not any(_shown(at, part) for part in PART_KEYS)  # no part's table
    assert not any(m.value.startswith("#####") for m in at.markdown)  # no part is drawn
    assert summaries and summaries[-1] == ()


def test_turning_every_part_on_leaves_the_course_figures_unchanged() -> None:
    at = _app()
    before = at.dataframe[0].value
    _turn_on(at, *PART_KEYS)
    pd.testing.assert_frame_equal(at.dataframe[0].value, before)
    assert len(at.get("plotly_chart")) == 3  # and the maintenance chart


def test_summary_without_sections_is_the_page_it_was() -> None:
    rows = _course().rows
    kwargs = dict(
        region_name="United States",
        indication_name="Acne scars",
        currency="USD",
        daily_value=0.0,
        extras_per_visit=0.0,
        cautions={},
        disclaimer="d",
        as_of="2026-11-01",
    )
    plain = comparison_summary_html(rows, **kwargs)
    assert comparison_summary_html(rows, sections=(), **kwargs) == plain
    section = SummarySection(
        "Paying over time", pd.DataFrame({"Option": ["Pen"], "Interest (USD)": ["140.67"]}), "a note"
    )
    extended = comparison_summary_html(rows, sections=[section], **kwargs)
    assert "<h2>Paying over time</h2>" in extended and "<td class='n'>140.67</td>" in extended
    assert extended.index("Paying over time") < extended.index("Cautions to discuss")


# --- package expiry ---------------------------------------------------------------------------------------


def test_stated_expiry_reads_the_packages_table() -> None:
    packages = load_tables().packages
    assert stated_expiry(packages, "US", "mn_pen") == {3: 12.0, 5: 12.0, 6: 12.0}  # correction 9: 12 months
    own = packages[(packages["region_id"] == "US") & (packages["option_id"] == "mn_pen")]
    assert len(own) == 3 and own["package_expiry_months"].notna().all()
    blank = packages.assign(package_expiry_months=float("nan"))
    assert stated_expiry(blank, "US", "mn_pen") == {}  # an empty expiry is left out (none stated)


def test_package_expiry_override_shows_the_core_risk(summaries) -> None:
    at = _turn_on(_app(), "b_exp")
    at.number_input(key="b_exp_m").set_value(3.0).run()
    assert not at.exception
    course = _course()
    expected = {}
    for row, plan in zip(course.rows.itertuples(), course.plans, strict=True):
        risk = package_terms_risk(plan, row.interval_weeks, 3.0)
        if risk.sessions_at_risk or risk.sessions_unneeded:
            expected[row.option_name] = risk
    shown = _table(at, "b_exp").set_index("Option")
    assert expected and set(shown.index) == set(expected)
    for name, risk in expected.items():
        assert shown.loc[name, "Sessions at risk"] == risk.sessions_at_risk
        assert shown.loc[name, "Value at risk (USD)"] == round(risk.value_at_risk)
        assert shown.loc[name, "Visits at risk"] == (", ".join(map(str, risk.at_risk_visits)) or "-")
        assert shown.loc[name, "Sessions bought, not needed"] == risk.sessions_unneeded
        assert shown.loc[name, "Expiry"] == "3 months (yours)"
    assert [s.title for s in summaries[-1]] == ["Package expiry and sessions bought but not needed"]


def test_package_expiry_from_the_table_shows_nothing_when_nothing_is_at_risk() -> None:
    at = _turn_on(_app(), "b_exp")
    course, packages = _course(), load_tables().packages
    risks = [
        package_terms_risk(plan, row.interval_weeks, stated_expiry(packages, "US", row.option_id))
        for row, plan in zip(course.rows.itertuples(), course.plans, strict=True)
    ]
    assert all(r.sessions_at_risk == 0 and r.sessions_unneeded == 0 for r in risks)
    assert not _shown(at, "b_exp")
    assert any("No session of these plans" in s.value for s in at.success)


# --- maintenance ------------------------------------------------------------------------------------------


def test_maintenance_totals_are_the_core_figures_with_the_patients_costs() -> None:
    at = _app()
    at.sidebar.number_input(key="extras").set_value(40.0)
    _turn_on(at, "b_mnt")
    course = _course(extras=40.0)
    figures = maintenance_table(course.rows, (1, 3, 5), PatientCosts("USD", 40.0, 0.0))
    shown = _in_order_of(_table(at, "b_mnt"), course)
    for years, label in ((1, "1 year"), (3, "3 years"), (5, "5 years")):
        expected = [
            f"{money(t, 'USD')} ({money_range(lo, hi, 'USD')})"
            for t, lo, hi in zip(
                figures[f"total_{years}y_typical"],
                figures[f"total_{years}y_low"],
                figures[f"total_{years}y_high"],
                strict=True,
            )
        ]
        assert shown[f"Over {label} (USD)"].tolist() == expected
    assert shown["Sessions a year"].tolist() == figures["maintenance_per_year"].tolist()
    assert shown["Estimate?"].tolist() == course.rows["sessions_estimate"].tolist()


def test_maintenance_with_one_horizon_and_with_none() -> None:
    at = _turn_on(_app(), "b_mnt")
    at.pills(key="b_mnt_y").set_value([3]).run()
    assert not at.exception
    assert [c for c in _table(at, "b_mnt").columns if c.startswith("Over")] == ["Over 3 years (USD)"]
    at.pills(key="b_mnt_y").set_value([]).run()
    assert not at.exception
    assert any("at least one number of years" in w for w in _warnings(at))


# --- membership -------------------------------------------------------------------------------------------


def test_membership_is_off_at_fee_zero_and_says_none_found_includes_a_session() -> None:
    at = _turn_on(_app(), "b_mem")
    assert any("Enter a monthly fee" in i.value for i in at.info)
    assert any("No membership found includes a microneedling or laser session" in c.value for c in at.caption)
    assert not _shown(at, "b_mem")


def test_membership_figures_are_the_cores(summaries) -> None:
    at = _turn_on(_app(), "b_mem")
    at.number_input(key="b_fee").set_value(99.0)
    at.number_input(key="b_mdisc").set_value(20.0)
    at.number_input(key="b_mterm").set_value(6).run()
    assert not at.exception
    course = _course()
    figures = membership_table(course.rows, Membership("USD", 99.0, discount_pct=20.0, minimum_term_months=6))
    shown = _in_order_of(_table(at, "b_mem"), course)
    assert shown["As a member (USD)"].tolist() == figures["membership_cost"].round(0).tolist()
    assert shown["Without, cheapest plan (USD)"].tolist() == figures["non_member_cost"].round(0).tolist()
    assert shown["Saving (USD)"].tolist() == figures["membership_saving"].round(0).tolist()
    assert shown["Months paid"].tolist() == figures["membership_months"].tolist()
    assert shown["Pays for itself"].tolist() == [
        "never pays" if pd.isna(n) else f"from {n} session{'s' if n != 1 else ''}"
        for n in figures["membership_break_even_sessions"]
    ]
    assert "Sessions included" not in shown.columns
    assert [s.title for s in summaries[-1]] == ["Membership: $99 a month, 20 % off, 6 months minimum"]


def test_membership_with_included_sessions_and_a_member_price() -> None:
    at = _turn_on(_app(), "b_mem")
    at.number_input(key="b_fee").set_value(150.0)
    at.number_input(key="b_incl").set_value(1.0)
    at.number_input(key="b_mprice").set_value(200.0).run()
    assert not at.exception
    course = _course()
    figures = membership_table(course.rows, Membership("USD", 150.0, 1.0, 200.0))
    shown = _in_order_of(_table(at, "b_mem"), course)
    assert shown["Sessions included"].tolist() == figures["membership_included_sessions"].tolist()
    assert shown["As a member (USD)"].tolist() == figures["membership_cost"].round(0).tolist()


# --- extras and tax ---------------------------------------------------------------------------------------


def _in_region(region: str) -> AppTest:
    at = _app()
    if region != "US":
        at.session_state["region"] = region
        at.run()
    return at


@pytest.mark.parametrize(
    "region, currency, sentence",
    [
        ("US", "USD", "No sales tax is added to the treatment (0 %)"),
        ("UK", "GBP", "Prices are stated with 20 % VAT included."),
        ("DE", "EUR", "Prices are stated with 19 % USt (VAT) included."),
    ],
)
def test_extras_and_tax_are_the_regions(region, currency, sentence, summaries) -> None:
    at = _turn_on(_in_region(region), "b_ext")
    tables = load_tables()
    extras = region_extras(tables.regions, region, currency)
    course = _course(region, currency)
    text = "\n".join(m.value for m in at.markdown)
    assert sentence in text and extras.tax_note[:40] in text
    shown = next(f.value for f in at.dataframe if f"With extras and tax ({currency})" in f.value.columns)
    shown = _in_order_of(shown, course)
    figures = region_extras_table(course.rows, extras)
    assert shown[f"With extras and tax ({currency})"].tolist() == figures["with_tax_typical"].round(0).tolist()
    assert shown[f"Consultation ({currency})"].tolist() == figures["consultation"].round(0).tolist()
    assert summaries[-1][0].title.startswith("Extras and tax")


def test_uk_consultation_is_added_once_and_us_consultation_is_credited() -> None:
    """UK: the 35 GBP consultation (not credited) is added to every course once; US: the 75 USD one is credited."""
    uk = _turn_on(_in_region("UK"), "b_ext")
    shown = next(f.value for f in uk.dataframe if "With extras and tax (GBP)" in f.value.columns)
    assert (shown["With extras and tax (GBP)"] - shown["Course cost (GBP)"] == 35).all()
    assert "consultation: £35.00 once" in "\n".join(m.value for m in uk.markdown)
    us = _turn_on(_in_region("US"), "b_ext")
    shown = next(f.value for f in us.dataframe if "With extras and tax (USD)" in f.value.columns)
    assert (shown["With extras and tax (USD)"] == shown["Course cost (USD)"]).all()
    assert "credited toward the first treatment" in "\n".join(m.value for m in us.markdown)


# --- paying over time -------------------------------------------------------------------------------------

US_PROMO = DeferredInterestPlan(12, 29.99, 30.0, CARECREDIT_MIN_PURCHASE_USD)


def test_us_default_is_the_promotion_with_both_warnings(summaries) -> None:
    """US: the region's own plan, a 12-month deferred-interest promotion at 29.99 %, no instalment plan; the
    unconfirmed APR and the required minimum that does not clear are both warned of, in words."""
    at = _turn_on(_app(), "b_pay")
    assert (at.number_input(key="b_n").value, at.segmented_control(key="b_promo").value) == (0, 12)
    assert at.number_input(key="b_promo_apr").value == 29.99
    course = _course()
    figures = financing_table(course.rows, None, US_PROMO)
    shown = _in_order_of(_table(at, "b_pay"), course)
    assert not any(c.startswith("Monthly,") for c in shown.columns)
    assert shown["Promotion: a month to clear (USD)"].tolist() == figures["promo_minimum_payment"].round(2).tolist()
    assert (
        shown["Interest if not cleared (USD)"].tolist() == figures["promo_deferred_interest_if_late"].round(2).tolist()
    )
    assert (
        shown["Interest at the required minimum (USD)"].tolist()
        == figures["promo_interest_at_required_minimum"].round(2).tolist()
    )
    warnings = _warnings(at)
    assert any(APR_WARNING[1:] in w for w in warnings)
    assert any("Paying only the required minimum of $30.00 a month does not clear" in w for w in warnings)
    first = course.rows.iloc[0]
    words = minimum_payment_warning(float(first["course_cost_typical"]), US_PROMO, "USD")
    assert words and any(words in m.value for m in at.markdown)
    assert any("Deferred-interest promotion (CareCredit type)" in m.value for m in at.markdown)
    assert [s.title for s in summaries[-1]] == [
        "Paying over time (United States): 12-month promotion at 29.99 % standard APR"
    ]


def test_a_payment_below_what_clears_the_promotion_shows_the_interest_charged() -> None:
    at = _turn_on(_app(), "b_pay")
    at.number_input(key="b_promo_apr").set_value(27.99)
    at.segmented_control(key="b_promo").set_value(6)
    at.number_input(key="b_pay_amt").set_value(50.0).run()
    assert not at.exception
    assert not any(APR_WARNING[1:] in w for w in _warnings(at))
    course = _course()
    outcome = deferred_interest_frame(
        course.rows["course_cost_typical"].to_numpy(),
        DeferredInterestPlan(6, 27.99, 30.0, CARECREDIT_MIN_PURCHASE_USD),
        50.0,
    )
    shown = _in_order_of(_table(at, "b_pay"), course)
    assert shown["Cleared at your payment?"].tolist() == ["yes" if c else "no" for c in outcome["cleared_in_time"]]
    assert shown["Interest at your payment (USD)"].tolist() == outcome["interest_charged"].round(2).tolist()
    assert shown["Paid in all at your payment (USD)"].tolist() == outcome["total_paid"].round(2).tolist()
    text = "\n".join(m.value for m in at.markdown)
    assert f"{money(outcome['interest_charged'].iloc[0], 'USD', 2)} is charged" in text


def test_uk_default_is_interest_free_instalments_not_the_us_plan(summaries) -> None:
    at = _turn_on(_in_region("UK"), "b_pay")
    assert (at.number_input(key="b_n").value, at.number_input(key="b_apr").value) == (6, 0.0)
    assert at.segmented_control(key="b_promo").value is None
    shown = next(f.value for f in at.dataframe if "Course cost financed (GBP)" in f.value.columns)
    course = _course("UK", "GBP")
    shown = _in_order_of(shown, course)
    assert shown["Monthly, 6 months (GBP)"].tolist() == (course.rows["course_cost_typical"] / 6).round(2).tolist()
    assert (shown["Interest (GBP)"] == 0).all()
    assert not any("Promotion" in c for c in shown.columns)
    assert not any(APR_WARNING[1:] in w for w in _warnings(at))
    assert any("0 % interest-free instalments" in m.value for m in at.markdown)
    assert summaries[-1][-1].title == "Paying over time (United Kingdom): instalments over 6 months at 0 % APR"


def test_germany_has_no_plan_by_default_and_can_try_one() -> None:
    at = _turn_on(_in_region("DE"), "b_pay")
    assert any("No patient-financing plan was found for Germany" in i.value for i in at.info)
    assert not any("Course cost financed" in c for f in at.dataframe for c in f.value.columns)
    at.segmented_control(key="b_promo").set_value(12).run()
    assert not at.exception
    assert any("A US-style deferred-interest promotion was not found in Germany" in c.value for c in at.caption)
    assert any("Course cost financed (EUR)" in f.value.columns for f in at.dataframe)


def test_changing_region_brings_the_new_regions_plan() -> None:
    """US (promotion) -> UK: the inputs set for the US are forgotten, so the UK's own plan shows."""
    at = _turn_on(_app(), "b_pay")
    at.number_input(key="b_n").set_value(24).run()
    at.session_state["region"] = "UK"
    at.run()
    assert not at.exception
    assert (at.number_input(key="b_n").value, at.segmented_control(key="b_promo").value) == (6, None)


def test_zero_months_and_no_promotion_show_nothing_and_never_raise() -> None:
    at = _turn_on(_app(), "b_pay")
    at.number_input(key="b_n").set_value(12).run()
    assert not at.exception
    assert "Monthly, 12 months (USD)" in _table(at, "b_pay").columns
    at.number_input(key="b_n").set_value(0)
    at.segmented_control(key="b_promo").set_value(None).run()
    assert not at.exception
    assert not _shown(at, "b_pay")


def test_other_currencies_and_every_part_on_never_raise(summaries) -> None:
    at = _app()
    at.session_state["region"] = "KR"
    at.run()
    _turn_on(at, *PART_KEYS)
    at.number_input(key="b_fee").set_value(50_000.0)
    at.number_input(key="b_exp_m").set_value(1.0).run()
    assert not at.exception
    titles = [s.title for s in summaries[-1]]
    assert len(titles) == 4 and not any(t.startswith("Paying over time") for t in titles)  # Korea: no plan found
    assert all(isinstance(s.table, pd.DataFrame) for s in summaries[-1])


def test_printable_cells() -> None:
    frame = pd.DataFrame({"a": [1234.5], "b": [3], "c": [True], "d": [float("nan")], "e": ["x"]})
    assert printable(frame).iloc[0].tolist() == ["1,234", "3", "yes", "n/a", "x"]
    assert printable(frame, 2).iloc[0, 0] == "1,234.50"
