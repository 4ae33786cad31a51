"""Specification of pricing.clinic.cases: the Real-world payback page's cases from a device and its settings.

Worked example W is test_device's (tests/pricing/test_device_extensions.py): a 60,000 device, 12,000 down,
48,000 at 0 % over 48 months, resale 6,000 after 5 years, maintenance 2,400 a year, variable cost 45 a session,
price 245, 20 sessions a month, 40 hours a month; full-cost payback month 16 (3,800 a month of operating cash
against 60,000), cash payback month 5.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from pricing.clinic.cases import (MENU_COLUMNS, SEASONALITY_PRESETS, SESSION_COST_PARTS,
                                  TYPICAL_AESTHETIC_SEASONALITY, PaymentTerms, clinic_case, edited_device_inputs,
                                  menu_frame, menu_services, seasonality_problems, session_cost_parts)
from pricing.clinic.device import DeviceInputs, LoadedCosts, device_economics
from pricing.clinic.projection import clinic_projection
from pricing.clinic.scenarios import compare_scenarios
from pricing.clinic.volume import VolumeProfile

W = {
    "device_price": 60_000.0, "down_payment": 12_000.0, "residual_value": 6_000.0, "life_years": 5.0,
    "maintenance_per_year": 2_400.0, "apr_pct": 0.0, "term_months": 48.0, "consumables_per_session": 20.0,
    "other_per_session": 5.0, "minutes_per_session": 30.0, "hourly_rate": 40.0, "price_per_session": 245.0,
    "sessions_per_month": 20.0, "discount_rate_pct": 0.0, "hours_per_month": 40.0,
}


def w(**overrides: float) -> DeviceInputs:
    return DeviceInputs(currency="USD", **{**W, **overrides})


def project(case):
    return compare_scenarios([case]).projection


class TestDefaultsChangeNothing:
    def test_worked_example_w(self):
        projection = project(clinic_case("W", w()))
        old = device_economics(w())
        assert projection.payback_months[0] == old.payback_months[0] == 16
        assert projection.cash_payback_months[0] == old.cash_payback_months[0] == 5
        assert projection.npv[0] == pytest.approx(float(old.npv[0]), rel=1e-12)
        np.testing.assert_allclose(projection.cash_flows[0], old.cash_flows[0], rtol=1e-12)

    def test_every_shipped_device(self, shipped_tables):
        for row in shipped_tables.devices.to_dict("records"):
            inputs = DeviceInputs.from_mapping(row)
            projection, old = project(clinic_case(row["name"], inputs)), device_economics(inputs)
            for name in ("payback_months", "cash_payback_months", "loan_paid_off_month", "min_dscr", "npv", "roi",
                         "monthly_payment", "fixed_cost_per_month", "utilisation"):
                np.testing.assert_allclose(getattr(projection, name), getattr(old, name), rtol=1e-9, equal_nan=True,
                                           err_msg=f"{row['device_id']}: {name}")


class TestPaymentTerms:
    def test_refurbished_worked_example(self):
        laser = w(device_price=150_000.0, residual_value=37_500.0)
        case = clinic_case("CO2", laser, refurbished=True, terms=PaymentTerms(
            down_payment_pct=10.0, sales_tax_pct=7.0, refurbished_price_pct=50.0, recertification_fee=20_000.0,
            life_reduction_years=2.0))
        projection = project(case)
        assert projection.cost_of_device[0] == pytest.approx(100_250.0)
        assert float(case.inputs.down_payment) == pytest.approx(10_025.0)
        assert float(case.inputs.device_price) == pytest.approx(75_000.0)
        assert projection.months_in_use[0] == 36
        assert projection.monthly_payment[0] == pytest.approx(90_225.0 / 48)  # W's loan is at 0 %
        assert float(case.inputs.residual_value) == 37_500.0  # below the refurbished price: kept

    def test_refurbished_resale_at_most_its_price_and_down_payment_scaled(self):
        case = clinic_case("W", w(), refurbished=True, terms=PaymentTerms(refurbished_price_pct=5.0))
        assert float(case.inputs.residual_value) == pytest.approx(3_000.0)
        assert float(case.inputs.down_payment) == pytest.approx(600.0)  # 20 % of the price, as the device's

    def test_fee_and_shorter_life_only_when_refurbished(self):
        case = clinic_case("W", w(), terms=PaymentTerms(recertification_fee=20_000.0, life_reduction_years=2.0))
        assert project(case).cost_of_device[0] == 60_000.0
        assert project(case).months_in_use[0] == 60

    def test_balloon_is_a_share_of_the_amount_financed(self):
        case = clinic_case("W", w(), terms=PaymentTerms(balloon_pct=10.0))
        assert float(case.financing.balloon) == pytest.approx(4_800.0)
        projection = project(case)
        assert projection.monthly_payment[0] == pytest.approx((48_000.0 - 4_800.0) / 48)
        assert projection.payments[0, 48] == pytest.approx(900.0 + 4_800.0)

    def test_lease_worked_example(self):
        # docs/clinic-economics.md: W leased, K 48,000, R 6,000 (10 % of the cost), MF 0.0025 -> 875 + 135 = 1,010.
        case = clinic_case("W", w(), terms=PaymentTerms(kind="lease", lease_residual_pct=10.0,
                                                        lease_money_factor=0.0025))
        projection = project(case)
        assert float(case.financing.lease_residual_value) == pytest.approx(6_000.0)
        assert projection.monthly_payment[0] == pytest.approx(42_000.0 / 48 + 54_000.0 * 0.0025)  # 875 + 135

    def test_overrides_and_the_cash_purchase(self):
        case = clinic_case("W", w(), terms=PaymentTerms(down_payment_pct=0.0, apr_pct=6.0, term_months=36.0))
        assert (float(case.inputs.down_payment), float(case.inputs.apr_pct), float(case.inputs.term_months)) == \
            (0.0, 6.0, 36.0)
        cash = project(clinic_case("W", w(), terms=PaymentTerms(kind="cash")))
        assert cash.cash_flows[0, 0] == -60_000.0 and cash.monthly_payment[0] == 0.0

    @pytest.mark.parametrize(("terms", "refurbished", "words"), [
        (PaymentTerms(kind="lease", lease_residual_pct=90.0), False, "lease residual"),
        (PaymentTerms(kind="lease", term_months=0.0), False, "a lease needs a term"),
        (PaymentTerms(sales_tax_pct=5.0), False, "down payment (70,000) is more than the cost of the device (63,000)"),
        (PaymentTerms(life_reduction_years=5.0), True, "no life left"),
    ], ids=["residual above the amount leased", "lease without term", "down above cost", "no life left"])
    def test_impossible_cases_say_why(self, terms, refurbished, words):
        inputs = w(down_payment=70_000.0) if "down payment" in words else w()  # the table never holds such a row
        with pytest.raises(ValueError, match=re.escape(words)):
            clinic_case("W", inputs, terms=terms, refurbished=refurbished)

    @pytest.mark.parametrize("kwargs", [{"kind": "rent"}, {"balloon_pct": 101.0}, {"refurbished_price_pct": 0.0},
                                        {"deferred_months": -1.0}, {"lease_end": "keep"}])
    def test_rejects_bad_terms(self, kwargs):
        with pytest.raises(ValueError):
            PaymentTerms(**kwargs)


class TestSeasonality:
    def test_presets_have_twelve_factors_with_mean_one(self):
        for factors in SEASONALITY_PRESETS.values():
            assert len(factors) == 12 and sum(factors) == pytest.approx(12.0)
        assert max(TYPICAL_AESTHETIC_SEASONALITY) == 1.2 and min(TYPICAL_AESTHETIC_SEASONALITY) == 0.8

    def test_problems(self):
        assert seasonality_problems(TYPICAL_AESTHETIC_SEASONALITY) == []
        assert seasonality_problems([1.0] * 11) == ["12 factors are needed, one per month (11 given)"]
        assert seasonality_problems([0.0] * 12) == [
            "the factors must not all be 0 (there would be no sessions in any month)"]
        assert seasonality_problems([1.0] * 6 + [None, -1.0] + [1.0] * 4) == [
            "July: a factor must be a number of at least 0", "August: a factor must be a number of at least 0"]


class TestEditedDeviceInputs:
    def test_edits_are_applied(self, shipped_tables):
        devices = shipped_tables.devices.set_index("device_id")
        inputs, problems = edited_device_inputs(devices, ["co2", "mn_pen"], {"co2": {"sessions_per_month": 6.0}})
        assert problems == {}
        assert float(inputs["co2"].sessions_per_month) == 6.0
        assert float(inputs["mn_pen"].sessions_per_month) == float(devices.loc["mn_pen", "sessions_per_month"])

    def test_invalid_edits_name_the_column(self, shipped_tables):
        devices = shipped_tables.devices.set_index("device_id")
        inputs, problems = edited_device_inputs(devices, ["rf_mn", "co2", "mn_pen"], {
            "rf_mn": {"down_payment": 200_000.0}, "mn_pen": {"sessions_per_month": None},
            "er_yag": {"price_per_session": -1.0}})  # a device not chosen is not checked
        assert list(inputs) == ["co2"]
        assert problems["rf_mn"] == ["down_payment: must not exceed device_price"]
        assert len(problems["mn_pen"]) == 1 and problems["mn_pen"][0].startswith("sessions_per_month:")


class TestSessionCostParts:
    def test_worked_example(self):
        loaded = LoadedCosts(commission_pct=10.0, card_fee_pct=3.0, room_cost_per_hour=30.0,
                             marketing_per_new_patient=300.0, sessions_per_patient=3.0)
        projection = clinic_projection(w(), loaded=loaded)
        parts = session_cost_parts(projection)
        assert list(parts) == list(SESSION_COST_PARTS)
        assert list(parts.values()) == pytest.approx([25.0, 20.0, 0.0, 24.5, 7.35, 0.0, 15.0, 100.0, 55.0])
        assert sum(parts.values()) == pytest.approx(float(projection.full_cost_per_session[0]))

    def test_overheads_add_up_too(self):
        """W with a 1.2 wage loading (20 x 0.2 = 4 more operator pay), 5 physician minutes at 240 an hour (20), a 2 %
        financing fee (4.90) and 500 of overhead a month (1,600 / 20 = 80 a session of fixed cost): 25, 24, 20, 0,
        0, 4.90, 0, 0, 80; the parts add up to the full cost per session."""
        loaded = LoadedCosts(financing_fee_pct=2.0, wage_loading=1.2, physician_minutes_per_session=5.0,
                             physician_hourly_rate=240.0, overhead_per_month=500.0)
        projection = clinic_projection(w(), loaded=loaded)
        parts = session_cost_parts(projection)
        assert list(parts.values()) == pytest.approx([25.0, 24.0, 20.0, 0.0, 0.0, 4.9, 0.0, 0.0, 80.0])
        assert sum(parts.values()) == pytest.approx(float(projection.full_cost_per_session[0]))

    def test_no_sessions_no_device_share(self):
        parts = session_cost_parts(clinic_projection(w(sessions_per_month=0.0)))
        assert np.isnan(parts["Device (fixed cost)"])


class TestMenu:
    def test_prefilled_from_the_projected_cases(self):
        cases = [clinic_case("W", w(), volume=VolumeProfile(no_show_pct=20.0)),
                 clinic_case("Pen", w(device_price=5_000.0, down_payment=0.0, residual_value=0.0,
                                      price_per_session=300.0),
                             loaded=LoadedCosts(room_cost_per_hour=60.0, room_minutes_per_session=50.0))]
        projection = compare_scenarios(cases).projection
        frame = menu_frame(cases, projection)
        assert list(frame.columns) == list(MENU_COLUMNS)
        assert list(frame["service"]) == ["W", "Pen"]
        assert list(frame["price_per_session"]) == [245.0, 300.0]
        assert list(frame["cost_per_session"]) == pytest.approx([45.0, 95.0])  # the pen: 45 + 60 x 50 / 60
        assert list(frame["room_minutes_per_session"]) == [30.0, 50.0]
        assert list(frame["sessions_per_month"]) == pytest.approx([16.0, 20.0])
        assert frame["own_fixed_cost_per_month"].iloc[0] == pytest.approx(1_100.0)
        services, problems = menu_services(frame)
        assert problems == [] and [s.name for s in services] == ["W", "Pen"]
        assert services[1].cost_per_session == pytest.approx(95.0)

    def test_rows_that_cannot_be_used(self):
        frame = pd.DataFrame([
            {"service": "Peel", "price_per_session": 150.0, "cost_per_session": 30.0, "room_minutes_per_session": 45.0,
             "sessions_per_month": 30.0, "own_fixed_cost_per_month": None},
            {"service": "Peel", "price_per_session": 150.0, "cost_per_session": 30.0, "room_minutes_per_session": 45.0,
             "sessions_per_month": 30.0, "own_fixed_cost_per_month": 0.0},
            {"service": " ", "price_per_session": None, "cost_per_session": 30.0, "room_minutes_per_session": 0.0,
             "sessions_per_month": -1.0, "own_fixed_cost_per_month": 0.0},
        ])
        services, problems = menu_services(frame)
        assert [s.name for s in services] == ["Peel"] and services[0].own_fixed_cost_per_month == 0.0
        assert problems == [
            "row 2, service: 'Peel' is on the menu twice",
            "row 3, service: needs a name", "row 3, price_per_session: must be a number of at least 0",
            "row 3, room_minutes_per_session: must be more than 0",
            "row 3, sessions_per_month: must be a number of at least 0",
        ]

    def test_text_in_a_number_column_is_named_not_raised(self):
        frame = pd.DataFrame([{"service": "Peel", "price_per_session": "abc", "cost_per_session": "30",
                               "room_minutes_per_session": 45.0, "sessions_per_month": 30.0,
                               "own_fixed_cost_per_month": "lots"}])
        services, problems = menu_services(frame)
        assert services == [] and problems == [
            "row 1, price_per_session: must be a number of at least 0",
            "row 1, own_fixed_cost_per_month: must be a number of at least 0",
        ]
