"""Specification of the clinic extensions of pricing.clinic.device: `clinic_projection`, `LoadedCosts`, the scenario
comparison (pricing.clinic.scenarios) and the `clinic` command's projection flags.

Worked examples (W is test_device's example: 60,000 device, 12,000 down, 48,000 at 0 % over 48 months = 1,000 a
month, residual 6,000 after 60 months, maintenance 200 a month, variable cost 45, price 245 -> margin 200,
20 sessions a month, fixed cost 1,100 a month; cash flow -12,000, then 2,800 (months 1..48), 3,800, and 9,800 in
month 60; cash payback 5; operating cash 3,800 a month reaches the full cost 60,000 in month 16: full-cost
payback 16):
- R, a ramp: W with a 2-month ramp from 50 % -> sessions 10, 15, then 20: month 1 = 10 x 200 - 200 - 1,000
  = 800, month 2 = 1,800, then 2,800; cumulative -9,400 in month 2, -1,000 in month 5, +1,800 in month 6 ->
  cash payback 6; operating cash 1,800 + 2,800 + 14 x 3,800 = 57,800 in month 16, 61,600 in month 17 ->
  full-cost payback 17; sessions 10 + 15 + 58 x 20 = 1,185 over 60 months, average 19.75.
- N, no-shows: W with 20 % no-shows -> 16 delivered; profit 16 x 200 - 1,100 = 2,100 a month; break-even
  ceil(1,100 / 200) = 6 delivered, ceil(5.5 / 0.8 = 6.875) = 7 booked.
- C, capacity: W at 100 sessions with the cap, 40 hours at 30 minutes -> 40 x 60 / 30 = 80 delivered, utilisation
  80 x 30 / 60 / 40 = 1.0.
- L, loaded costs: price 500, 10 % commission, 3 % card fee, room 60 an hour for 90 minutes, 300 of marketing per
  new patient over 3 sessions: 50 + 15 + 90 + 100 = 255 a session. W with 10 %, 3 %, 30 an hour for its 30
  minutes and 300 over 3 sessions: 24.50 + 7.35 + 15 + 100 = 146.85 -> margin 245 - 45 - 146.85 = 53.15,
  break-even ceil(1,100 / 53.15 = 20.7) = 21.
- E, a lease: W leased (K = 60,000 - 12,000 = 48,000, R = 6,000, 48 months, MF 0.0025, buy):
  42,000 / 48 + 54,000 x 0.0025 = 875 + 135 = 1,010 a month; lease charge 48 x 135 = 6,480; fixed cost
  900 + 6,480 / 60 + 200 = 1,208; cash flow months 1..47: 4,000 - 200 - 1,010 = 2,790; month 48: 2,790 - 6,000
  buyout = -3,210; months 49..59: 3,800; month 60: 9,800.
- F, refurbished with sales tax: W refurbished, 10 % sales tax, 5,000 recertification, 3 years of life:
  cost 60,000 x 1.1 + 5,000 = 71,000; financed 71,000 - 12,000 = 59,000 over 48 months = 1,229.17 a month;
  depreciation (71,000 - 6,000) / 36 = 1,805.56 a month; the loan runs past the 36-month life: 36 payments,
  and in month 36 the 59,000 - 36 x 1,229.17 = 14,750 still owed.
- D, deferral: W with the first payment 3 months late (0 %, nothing accrues): months 1..3 = 3,800,
  cumulative -600 in month 3, +2,200 in month 4 -> cash payback 4; full-cost payback 16 as W (no interest).
- S, scenarios: W at 20, 10 and 30 sessions, 0 % discount -> NPV 174,000; -12,000 + 48 x 800 + 12 x 1,800
  + 6,000 = 54,000; -12,000 + 48 x 4,800 + 12 x 5,800 + 6,000 = 294,000; vs the first: 0, -120,000, +120,000.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.cli import main
from pricing.clinic.device import (ECONOMICS_SUMMARY_KEYS, ECONOMICS_WHOLE_KEYS, DeviceInputs, LoadedCosts,
                                   device_economics, loaded_cost_parts, summary_figures)
from pricing.clinic.payback import cash_payback_months
from pricing.clinic.projection import PROJECTION_SUMMARY_KEYS, clinic_projection, discount_factors
from pricing.clinic.financing import Acquisition, Financing
from pricing.clinic.scenarios import (COMPARISON_FIGURES, ClinicScenario, compare_scenarios, reality_check_cases,
                               volume_cases)
from pricing.clinic.tax import TaxSettings
from pricing.clinic.volume import VolumeProfile

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
W = {
    "device_price": 60_000.0, "down_payment": 12_000.0, "residual_value": 6_000.0, "life_years": 5.0,
    "maintenance_per_year": 2_400.0, "apr_pct": 0.0, "term_months": 48.0, "consumables_per_session": 20.0,
    "other_per_session": 5.0, "minutes_per_session": 30.0, "hourly_rate": 40.0, "price_per_session": 245.0,
    "sessions_per_month": 20.0, "discount_rate_pct": 0.0, "hours_per_month": 40.0,
}
ECONOMICS_FIELDS = ("monthly_payment", "total_interest", "depreciation_per_month", "interest_per_month",
                    "maintenance_per_month", "variable_cost_per_session", "consumables_per_session",
                    "labour_per_session", "loaded_cost_per_session", "overhead_per_month", "fixed_cost_per_month",
                    "full_cost_per_session", "contribution_margin", "monthly_profit", "break_even_sessions_per_month",
                    "break_even_sessions_per_day", "full_cost_of_device", "payback_months", "cash_payback_months",
                    "loan_paid_off_month", "min_dscr", "min_dscr_month", "npv", "roi", "utilisation", "life_months",
                    "operating_cash_flows", "payments", "cash_flows", "cumulative_cash")
# The IRR is compared on a few scenarios only (one root-finding per scenario, slow over 30-year lives).
SUMMARY_KEYS = tuple(key for key in ECONOMICS_SUMMARY_KEYS if key != "irr_annual_pct")


def one(x) -> float:
    arr = np.asarray(x)
    assert arr.shape == (1,)
    return float(arr[0])


def w(device, **overrides):
    return device(**{**W, **overrides})


def summary_without_irr(result, k: int) -> dict:
    return summary_figures(result, result.currency, SUMMARY_KEYS, ECONOMICS_WHOLE_KEYS, k)


def assert_same_economics(new, old, irr: bool = False):
    """Every figure device_economics has, equal to 1e-9 (relative; absolute 1e-9 x the largest amount of money:
    total interest = payments - financed loses digits to cancellation, so the scale includes the payments of a
    loan of up to 360 months), every payback included: both call pricing.clinic.payback. Summaries are rounded
    to 6 decimals, so two figures equal to that tolerance can round one unit (1e-6) apart. irr: the IRR too."""
    scale = max(1.0, float(np.nanmax(np.abs(old.cash_flows))), 360 * float(np.nanmax(np.abs(old.monthly_payment))))
    for name in ECONOMICS_FIELDS + (("irr_annual_pct",) if irr else ()):
        mine, theirs = getattr(new, name), getattr(old, name)
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-9 * scale, equal_nan=True, err_msg=name)
    for k in range(len(old.life_months)):
        new_summary, old_summary = summary_without_irr(new, k), summary_without_irr(old, k)
        assert [v is None for v in new_summary.values()] == [v is None for v in old_summary.values()]
        for key in ("total_interest", "full_cost_of_device"):
            pair = new_summary.pop(key), old_summary.pop(key)
            assert pair[0] == pytest.approx(pair[1], rel=1e-9, abs=2e-6 + 1e-9 * scale), key
        assert new_summary == pytest.approx(old_summary, rel=1e-9, abs=2e-6)
GOLDEN_OUTPUT = {
    "W_json": (
        '{"currency": "USD", "monthly_payment": 1000.0, "total_interest": 0.0, "depreciation_per_mo'
        'nth": 900.0, "variable_cost_per_session": 45.0, "fixed_cost_per_month": 1100.0, "full_cost'
        '_per_session": 100.0, "contribution_margin": 200.0, "break_even_sessions_per_month": 6, "p'
        'ayback_months": 16, "npv": 139551.522776, "roi": 2.9, "utilisation": 0.25, "full_cost_of_d'
        'evice": 60000.0, "cash_payback_months": 5, "loan_paid_off_month": 48, "irr_annual_pct": 11'
        '38.73295, "min_dscr": 3.8, "min_dscr_month": 1, "break_even_sessions_per_day": 0.272727}\n'
    ),
    "W_text": (
        'currency                       USD\nmonthly_payment                1,000.00\ntotal_interest '
        '                0.00\ndepreciation_per_month         900.00\nvariable_cost_per_session      '
        '45.00\nfixed_cost_per_month           1,100.00\nfull_cost_per_session          100.00\ncontri'
        'bution_margin            200.00\nbreak_even_sessions_per_month  6\npayback_months           '
        '      16\nnpv                            139,551.52\nroi                            2.90\nuti'
        'lisation                    0.25\nfull_cost_of_device            60,000.00\ncash_payback_mon'
        'ths            5\nloan_paid_off_month            48\nirr_annual_pct                 1,138.73'
        '\nmin_dscr                       3.80\nmin_dscr_month                 1\nbreak_even_sessions_'
        'per_day    0.27\n'
    ),
    "README_json": (
        '{"currency": "USD", "monthly_payment": 3423.948764, "total_interest": 29349.540657, "depre'
        'ciation_per_month": 1875.0, "variable_cost_per_session": 79.2875, "fixed_cost_per_month": '
        '3364.159011, "full_cost_per_session": 157.523756, "contribution_margin": 870.7125, "break_'
        'even_sessions_per_month": 4, "payback_months": 5, "npv": 1678606.652968, "roi": 13.630591,'
        ' "utilisation": 0.186416, "full_cost_of_device": 179349.540657, "cash_payback_months": 1, '
        '"loan_paid_off_month": 48, "irr_annual_pct": 115773991.433071, "min_dscr": 10.642869, "min'
        '_dscr_month": 1, "break_even_sessions_per_day": 0.181818}\n'
    ),
    "README_text": (
        'currency                       USD\nmonthly_payment                3,423.95\ntotal_interest '
        '                29,349.54\ndepreciation_per_month         1,875.00\nvariable_cost_per_sessio'
        'n      79.29\nfixed_cost_per_month           3,364.16\nfull_cost_per_session          157.52'
        '\ncontribution_margin            870.71\nbreak_even_sessions_per_month  4\npayback_months    '
        '             5\nnpv                            1,678,606.65\nroi                            '
        '13.63\nutilisation                    0.19\nfull_cost_of_device            179,349.54\ncash_p'
        'ayback_months            1\nloan_paid_off_month            48\nirr_annual_pct               '
        '  115,773,991.43\nmin_dscr                       10.64\nmin_dscr_month                 1\nbre'
        'ak_even_sessions_per_day    0.18\n'
    ),
    "PEN_json": (
        '{"currency": "EUR", "monthly_payment": 114.017494, "total_interest": 977.339704, "deprecia'
        'tion_per_month": 208.125, "variable_cost_per_session": 50.385, "fixed_cost_per_month": 248'
        '.847488, "full_cost_per_session": 56.172151, "contribution_margin": 249.615, "break_even_s'
        'essions_per_month": 1, "payback_months": 1, "npv": 232845.764172, "roi": 50.42961, "utilis'
        'ation": null, "full_cost_of_device": 5706.776409, "cash_payback_months": 1, "loan_paid_off'
        '_month": 24, "irr_annual_pct": 1.480228881420357e+18, "min_dscr": 4.152405, "min_dscr_mont'
        'h": 24, "break_even_sessions_per_day": 0.045455}\n'
    ),
    "PEN_text": (
        'currency                       EUR\nmonthly_payment                114.02\ntotal_interest   '
        '              977.34\ndepreciation_per_month         208.12\nvariable_cost_per_session      '
        '50.38\nfixed_cost_per_month           248.85\nfull_cost_per_session          56.17\ncontribut'
        'ion_margin            249.62\nbreak_even_sessions_per_month  1\npayback_months              '
        '   1\nnpv                            232,845.76\nroi                            50.43\nutilis'
        'ation                    None\nfull_cost_of_device            5,706.78\ncash_payback_months '
        '           1\nloan_paid_off_month            24\nirr_annual_pct                 1,480,228,88'
        '1,420,357,120.00\nmin_dscr                       4.15\nmin_dscr_month                 24\nbre'
        'ak_even_sessions_per_day    0.05\n'
    ),
    "LOSS_json": (
        '{"currency": "USD", "monthly_payment": 2027.639429, "total_interest": 21658.36573, "deprec'
        'iation_per_month": 2619.047619, "variable_cost_per_session": 341.7875, "fixed_cost_per_mon'
        'th": 3884.722994, "full_cost_per_session": 665.514416, "contribution_margin": -21.7875, "b'
        'reak_even_sessions_per_month": null, "payback_months": null, "npv": -137929.407991, "roi":'
        ' -1.562973, "utilisation": 0.075, "full_cost_of_device": 129446.09767, "cash_payback_month'
        's": null, "loan_paid_off_month": 42, "irr_annual_pct": null, "min_dscr": -0.498831, "min_d'
        'scr_month": 1, "break_even_sessions_per_day": null}\n'
    ),
    "LOSS_text": (
        'currency                       USD\nmonthly_payment                2,027.64\ntotal_interest '
        '                21,658.37\ndepreciation_per_month         2,619.05\nvariable_cost_per_sessio'
        'n      341.79\nfixed_cost_per_month           3,884.72\nfull_cost_per_session          665.5'
        '1\ncontribution_margin            -21.79\nbreak_even_sessions_per_month  None\npayback_months'
        '                 None\nnpv                            -137,929.41\nroi                      '
        '      -1.56\nutilisation                    0.07\nfull_cost_of_device            129,446.10\n'
        'cash_payback_months            None\nloan_paid_off_month            42\nirr_annual_pct      '
        '           None\nmin_dscr                       -0.50\nmin_dscr_month                 1\nbrea'
        'k_even_sessions_per_day    None\n'
    ),
}

W_ARGS = ["clinic", "--device-price", "60000", "--down-payment", "12000", "--residual", "6000",
          "--life-years", "5", "--maintenance-per-year", "2400", "--apr", "0", "--term-months", "48",
          "--consumables", "20", "--other-per-session", "5", "--minutes", "30", "--hourly-rate", "40",
          "--price", "245", "--sessions-per-month", "20", "--discount-rate", "8", "--hours-per-month", "40"]
CLI_CASES = {
    "W": W_ARGS,
    "README": ["clinic", "--device-price", "150000", "--down-payment", "15000", "--residual", "37500",
               "--life-years", "5", "--maintenance-per-year", "12000", "--apr", "10", "--term-months", "48",
               "--consumables", "50", "--other-per-session", "0", "--minutes", "45", "--hourly-rate", "39.05",
               "--price", "950", "--sessions-per-month", "43", "--discount-rate", "8", "--hours-per-month", "173"],
    "PEN": ["clinic", "--device-price", "4995", "--down-payment", "499.5", "--residual", "0", "--life-years", "2",
            "--maintenance-per-year", "0", "--apr", "10", "--term-months", "48", "--consumables", "40",
            "--other-per-session", "0", "--minutes", "30", "--hourly-rate", "20.77", "--price", "300",
            "--sessions-per-month", "43", "--discount-rate", "8", "--currency", "eur"],
    "LOSS": ["clinic", "--device-price", "110000", "--down-payment", "10000", "--residual", "0",
             "--life-years", "3.5", "--maintenance-per-year", "9000", "--apr", "8", "--term-months", "60",
             "--consumables", "300", "--other-per-session", "12.5", "--minutes", "45", "--hourly-rate", "39.05",
             "--price", "320", "--sessions-per-month", "12", "--discount-rate", "12", "--hours-per-month", "120"],
}


class TestDefaultsReproduceDeviceEconomics:
    """Every new input at its default: clinic_projection == device_economics to 1e-9, scenario by scenario."""

    def test_worked_example_w(self, device):
        inputs = w(device, discount_rate_pct=8.0)
        assert_same_economics(clinic_projection(inputs), device_economics(inputs), irr=True)
        projected, economics = clinic_projection(inputs).summary(), device_economics(inputs).summary()
        assert {key: projected[key] for key in economics} == pytest.approx(economics)

    def test_explicit_no_op_settings(self, device):
        """Spelling the defaults out (0-month ramp, flat seasonality, 0 % no-shows, loan, no fees, straight-line,
        0 % tax) changes nothing."""
        inputs = w(device, apr_pct=9.5, term_months=36, discount_rate_pct=8.0)
        explicit = clinic_projection(
            inputs, volume=VolumeProfile(ramp_months=0, ramp_start_pct=40, seasonality=[1.0] * 12, start_month=5,
                                         no_show_pct=0, demand_factor=1.0),
            financing=Financing(kind="loan", balloon=0, deferred_months=0),
            acquisition=Acquisition(sales_tax_pct=0, refurbished=False), loaded=LoadedCosts(0, 0, 0, None, 0, 3),
            tax=TaxSettings("macrs7", 0.0))
        assert_same_economics(explicit, device_economics(inputs))

    def test_many_scenarios_in_one_call(self, device):
        """Eight scenarios at once: loans shorter and longer than the life, cash (term 0 with a down payment),
        no sessions, a negative margin, a free device, a life that rounds (1.04 years), high discount rates."""
        columns = {
            "device_price": np.array([60_000, 110_000, 12_000, 12_000, 60_000, 0, 12_000, 150_000.0]),
            "down_payment": np.array([12_000, 10_000, 2_000, 0, 12_000, 0, 0, 15_000.0]),
            "residual_value": np.array([6_000, 0, 1_000, 0, 6_000, 0, 0, 37_500.0]),
            "life_years": np.array([5, 5, 1, 1.04, 5, 1, 2, 5.0]),
            "apr_pct": np.array([0, 8, 8, 0, 12, 0, 0.01, 10.0]),
            "term_months": np.array([48, 72, 0, 0, 24, 0, 12, 48.0]),
            "price_per_session": np.array([245, 245, 100, 100, 30, 100, 150, 950.0]),
            "sessions_per_month": np.array([20, 20, 10, 0, 20, 10, 25, 43.0]),
            "discount_rate_pct": np.array([8, 25, 0.5, 5, 8, 10, 100, 8.0]),
        }
        inputs = w(device, **columns)
        assert_same_economics(clinic_projection(inputs), device_economics(inputs))

    def test_shipped_devices(self, shipped_tables):
        """Every devices.csv row, vectorised."""
        inputs = DeviceInputs.from_frame(shipped_tables.devices, "USD")
        assert_same_economics(clinic_projection(inputs), device_economics(inputs), irr=True)

    def test_payback_after_a_free_start(self, device):
        """Issue 15's example, once 0 on one path and 68 on the other: 100,000 on a zero-down 8 % 60-month loan
        (2,027.64 a month), 6 sessions a month at 300 (1,800 a month, nothing else), a 7-year life. Cash: 0, then
        -227.64 a month to -13,658.37 in month 60, then +1,800 a month: back above 0 in month 68 (60 + 7.59) on
        both paths. Full cost 100,000 + 21,658.37 interest = 121,658.37; 1,800 m reaches it in month 68 (67.59)."""
        inputs = device(device_price=100_000, down_payment=0, apr_pct=8, term_months=60, life_years=7,
                        sessions_per_month=6, price_per_session=300, discount_rate_pct=8)
        old, new = device_economics(inputs), clinic_projection(inputs)
        assert_same_economics(new, old, irr=True)
        assert one(old.cumulative_cash[:, 60]) == pytest.approx(-(2_027.6394288 - 1_800) * 60)
        assert (one(old.cash_payback_months), one(old.payback_months)) == (68, 68)
        assert one(old.full_cost_of_device) == pytest.approx(121_658.37, abs=0.01)

    @SETTINGS
    @given(st.lists(st.fixed_dictionaries({
        "device_price": st.integers(0, 50_000_000).map(lambda c: c / 100), "down_share": st.floats(0, 1),
        "residual_share": st.floats(0, 1), "life_years": st.floats(0.1, 30),
        "maintenance_per_year": st.floats(0, 50_000), "apr_pct": st.one_of(st.just(0.0), st.floats(0.01, 100)),
        "term_months": st.integers(0, 360).map(float), "consumables_per_session": st.floats(0, 1_000),
        "other_per_session": st.floats(0, 100),
        "minutes_per_session": st.floats(1, 600), "hourly_rate": st.floats(0, 500),
        "price_per_session": st.floats(0, 5_000),
        "sessions_per_month": st.integers(0, 100_000).map(lambda c: c / 100),
        "discount_rate_pct": st.floats(0.01, 100), "hours_per_month": st.floats(1, 744),
    }), min_size=1, max_size=4))
    def test_any_valid_scenarios(self, rows):
        frame = pd.DataFrame(rows)
        frame["down_payment"] = (frame["device_price"] * frame.pop("down_share")).round(2)
        frame["residual_value"] = (frame["device_price"] * frame.pop("residual_share")).round(2)
        inputs = DeviceInputs.from_frame(frame, "USD")
        assert_same_economics(clinic_projection(inputs), device_economics(inputs))

    def test_overheads_in_both(self, device):
        """Every loaded cost and overhead gives the same figures on both paths (W with a 2 % financing fee, a 1.2
        wage loading, 5 physician minutes at 240 an hour and 500 of overhead a month)."""
        loaded = LoadedCosts(10, 3, 30, None, 300, 3, financing_fee_pct=2, wage_loading=1.2,
                             physician_minutes_per_session=5, physician_hourly_rate=240, overhead_per_month=500)
        inputs = w(device, discount_rate_pct=8.0, apr_pct=9)
        assert_same_economics(clinic_projection(inputs, loaded=loaded), device_economics(inputs, loaded), irr=True)


class TestVolumeInTheCashFlow:
    def test_ramp(self, device):
        """R: sessions 10, 15, 20; flows 800, 1,800, 2,800; cash payback 6, full-cost payback 17; average 19.75."""
        p = clinic_projection(w(device), volume=VolumeProfile(ramp_months=2, ramp_start_pct=50))
        np.testing.assert_allclose(p.sessions[0, 1:4], [10, 15, 20])
        np.testing.assert_allclose(p.cash_flows[0, :4], [-12_000, 800, 1_800, 2_800])
        np.testing.assert_allclose(p.cumulative_cash[0, [2, 5, 6]], [-9_400, -1_000, 1_800])
        np.testing.assert_allclose(np.cumsum(p.operating_cash_flows[0])[[16, 17]], [57_800, 61_600])
        assert one(p.cash_payback_months) == 6
        assert one(p.payback_months) == 17
        assert one(p.average_sessions_per_month) == pytest.approx(19.75)
        assert one(p.first_year_sessions) == pytest.approx(10 + 15 + 10 * 20)
        assert one(p.full_cost_per_session) == pytest.approx(45 + 1_100 / 19.75)

    def test_no_shows_and_booked_break_even(self, device):
        """N: 16 delivered, profit 2,100; break-even 6 delivered, 7 booked."""
        p = clinic_projection(w(device), volume=VolumeProfile(no_show_pct=20))
        np.testing.assert_allclose(p.sessions[0, 1:61], 16)
        np.testing.assert_allclose(p.demand_sessions[0, 1:61], 20)
        assert one(p.monthly_profit) == pytest.approx(2_100)
        assert (one(p.break_even_sessions_per_month), one(p.break_even_booked_sessions_per_month)) == (6, 7)

    def test_capacity(self, device):
        """C: 100 booked, 80 delivered, utilisation 1.0."""
        p = clinic_projection(w(device, sessions_per_month=100), volume=VolumeProfile(cap_at_capacity=True))
        assert one(p.capacity_sessions_per_month) == pytest.approx(80)
        np.testing.assert_allclose(p.sessions[0, 1:61], 80)
        assert one(p.utilisation) == pytest.approx(1.0)

    def test_seasonality_moves_cash_not_the_total(self, device):
        """Over whole years (60 months) the undiscounted total (ROI) is unchanged; the months differ."""
        flat = clinic_projection(w(device))
        seasonal = clinic_projection(w(device), volume=VolumeProfile(
            seasonality=(0.7, 0.8, 1, 1.1, 1.2, 1.2, 0.9, 0.8, 1, 1.1, 1.1, 1.1)))
        assert one(seasonal.roi) == pytest.approx(one(flat.roi), rel=1e-12)
        assert seasonal.cash_flows[0, 1] < flat.cash_flows[0, 1]

    def test_reality_check_beside_the_entered_case(self, device):
        """Demand factors [1, 0.5] in one call: 20 and 10 sessions; the half case earns less."""
        p = clinic_projection(w(device), volume=VolumeProfile(demand_factor=np.array([1.0, 0.5])))
        np.testing.assert_allclose(p.average_sessions_per_month, [20, 10])
        assert p.npv[1] < p.npv[0]


class TestLoadedCosts:
    def test_worked_example(self):
        """L: 50 + 15 + 90 + 100 = 255. With a 2 % financing fee (10), 5 physician minutes at 240 an hour (20)
        and a 1.2 wage loading on 30 minutes at 40 an hour (20 x 0.2 = 4): 289."""
        parts = loaded_cost_parts(500, 30, LoadedCosts(10, 3, 60, 90, 300, 3))
        assert {k: float(v[0]) for k, v in parts.items()} == pytest.approx(
            {"commission": 50, "card_fee": 15, "financing_fee": 0, "room": 90, "marketing": 100, "physician": 0,
             "wage_loading": 0, "total": 255})
        fuller = LoadedCosts(10, 3, 60, 90, 300, 3, financing_fee_pct=2, wage_loading=1.2,
                             physician_minutes_per_session=5, physician_hourly_rate=240)
        parts = loaded_cost_parts(500, 30, fuller, hourly_rate=40)
        assert {k: float(parts[k][0]) for k in ("financing_fee", "physician", "wage_loading", "total")} == (
            pytest.approx({"financing_fee": 10, "physician": 20, "wage_loading": 4, "total": 289}))

    def test_overhead_per_month(self, device):
        """W with 500 of overhead a month: fixed cost 1,100 + 500 = 1,600, break-even ceil(1,600 / 200) = 8 a month,
        8 / 22 = 0.36 a day; operating cash 3,800 - 500 = 3,300 -> full-cost payback ceil(60,000 / 3,300 = 18.2)
        = 19."""
        p = clinic_projection(w(device), loaded=LoadedCosts(overhead_per_month=500))
        assert one(p.fixed_cost_per_month) == pytest.approx(1_600)
        assert one(p.break_even_sessions_per_month) == 8
        assert one(p.break_even_sessions_per_day) == pytest.approx(8 / 22)
        np.testing.assert_allclose(p.operating_cash_flows[0, 1:61], 3_300)
        assert one(p.payback_months) == 19

    def test_room_minutes_default_to_the_session(self):
        """No room minutes: the session's 45 minutes at 40 an hour -> 30."""
        assert float(loaded_cost_parts(500, 45, LoadedCosts(room_cost_per_hour=40))["room"][0]) == pytest.approx(30)

    def test_in_the_projection(self, device):
        """L on W: loaded 146.85, margin 53.15, break-even 21."""
        p = clinic_projection(w(device), loaded=LoadedCosts(10, 3, 30, None, 300, 3))
        assert one(p.loaded_cost_per_session) == pytest.approx(146.85)
        assert one(p.contribution_margin) == pytest.approx(53.15)
        assert one(p.break_even_sessions_per_month) == 21
        assert one(p.full_cost_per_session) == pytest.approx(45 + 146.85 + 1_100 / 20)
        assert p.cash_flows[0, 1] == pytest.approx(20 * 53.15 - 200 - 1_000)

    @pytest.mark.parametrize("kwargs", [{"commission_pct": 101}, {"card_fee_pct": -1}, {"room_cost_per_hour": -5},
                                        {"room_minutes_per_session": 0}, {"sessions_per_patient": 0.5},
                                        {"financing_fee_pct": 101}, {"wage_loading": 0.9},
                                        {"physician_minutes_per_session": -1}, {"physician_hourly_rate": np.inf},
                                        {"overhead_per_month": -1}])
    def test_rejects(self, kwargs):
        with pytest.raises(ValueError):
            LoadedCosts(**kwargs)


class TestFinancingInTheProjection:
    def test_lease(self, device):
        """E: 1,010 a month, charge 6,480, fixed 1,208; flows 2,790, -3,210 in month 48, 3,800, 9,800."""
        p = clinic_projection(w(device), financing=Financing(kind="lease", lease_money_factor=0.0025,
                                                             lease_residual_value=6_000))
        assert one(p.monthly_payment) == pytest.approx(1_010)
        assert one(p.total_interest) == pytest.approx(6_480)
        assert one(p.fixed_cost_per_month) == pytest.approx(1_208)
        flows = p.cash_flows[0]
        assert flows[0] == -12_000
        np.testing.assert_allclose(flows[1:48], 2_790)
        assert flows[48] == pytest.approx(-3_210)
        np.testing.assert_allclose(flows[49:60], 3_800)
        assert flows[60] == pytest.approx(9_800)
        assert p.financing[0] == "lease"

    def test_refurbished_with_sales_tax(self, device):
        """F: cost 71,000; 1,229.17 a month; depreciation 1,805.56; 36 months in use; the loan runs past them:
        12 x 1,229.17 = 14,750 still owed is paid in month 36."""
        p = clinic_projection(w(device), acquisition=Acquisition(sales_tax_pct=10, refurbished=True,
                                                                 recertification_fee=5_000, refurbished_life_years=3))
        assert one(p.cost_of_device) == pytest.approx(71_000)
        assert one(p.monthly_payment) == pytest.approx(59_000 / 48)
        assert one(p.depreciation_per_month) == pytest.approx(65_000 / 36)
        assert one(p.months_in_use) == 36 and p.cash_flows.shape == (1, 37)
        np.testing.assert_allclose(p.payments[0, 1:36], 59_000 / 48)
        assert p.payments[0, 36] == pytest.approx(59_000 / 48 + 14_750)
        assert one(p.loan_paid_off_month) == 36
        assert one(p.roi) == pytest.approx(p.cash_flows.sum() / 71_000)

    def test_deferral(self, device):
        """D: months 1..3 = 3,800; cash payback 4; full-cost payback 16 (no interest); last payment month 51."""
        p = clinic_projection(w(device), financing=Financing(deferred_months=3))
        np.testing.assert_allclose(p.cash_flows[0, 1:4], 3_800)
        assert one(p.cash_payback_months) == 4
        assert one(p.payback_months) == 16
        assert one(p.loan_paid_off_month) == 51

    def test_cash_versus_loan(self, device):
        """Paying cash: -60,000 in month 0, then 3,800 a month; no finance cost."""
        p = clinic_projection(w(device), financing=Financing(kind="cash"))
        assert p.cash_flows[0, 0] == -60_000
        np.testing.assert_allclose(p.cash_flows[0, 1:60], 3_800)
        assert one(p.total_interest) == 0


class TestPayback:
    def test_simple_and_discounted(self, device):
        """W: full-cost payback 16 (3,800 a month against 60,000). Discounted, the operating cash 3,800 x v^m
        (v = 1 / 1.08^(1/12) = 1 / 1.006434) sums to 57,599.43 by month 16 and 61,006.91 by month 17 -> 17; at
        100 % a year (1.059463 a month) 59,911.11 by month 48, 60,135.28 by month 49 -> 49."""
        p = clinic_projection(w(device, discount_rate_pct=np.array([8.0, 100.0])))
        np.testing.assert_array_equal(p.payback_months, [16, 16])
        np.testing.assert_array_equal(p.discounted_payback_months, [17, 49])

    def test_cash_payback_months(self):
        """[-3,000, 1,000, 1,000, 1,000, 1,000] -> 3; never within 2 months -> NaN."""
        flows = np.array([[-3_000.0, 1_000, 1_000, 1_000, 1_000]])
        assert one(cash_payback_months(flows, np.array([4]))) == 3
        assert math.isnan(one(cash_payback_months(flows, np.array([2]))))

    def test_discount_factors(self):
        """8 %: month 12 -> 1 / 1.08."""
        assert discount_factors(8, 12)[0, 12] == pytest.approx(1 / 1.08)

    @SETTINGS
    @given(st.floats(1, 1e6), st.lists(st.floats(0, 1e5), min_size=1, max_size=120), st.floats(0, 100))
    def test_discounted_payback_never_comes_first(self, outlay, later, rate):
        """With an outlay in month 0 and no negative flow after, discounting can only delay payback."""
        flows = np.array([[-outlay, *later]])
        months = np.array([len(later)])
        simple = one(cash_payback_months(flows, months))
        discounted = one(cash_payback_months(flows * discount_factors(rate, len(later)), months))
        if not math.isnan(discounted):
            assert simple <= discounted


class TestScenarios:
    def base(self, device, **overrides):
        return ClinicScenario("expected", w(device, **overrides))

    def test_worked_example(self, device):
        """S: NPV 174,000, 54,000, 294,000; vs first 0, -120,000, +120,000; one call, arrays (3, 61)."""
        cases = [ClinicScenario(name, w(device, sessions_per_month=n))
                 for name, n in (("expected", 20), ("conservative", 10), ("optimistic", 30))]
        c = compare_scenarios(cases)
        assert list(c.table["scenario"]) == ["expected", "conservative", "optimistic"]
        np.testing.assert_allclose(c.table["npv"], [174_000, 54_000, 294_000])
        np.testing.assert_allclose(c.table["npv_vs_first"], [0, -120_000, 120_000])
        assert c.cumulative_cash.shape == (3, 61) and c.projection.cash_flows.shape == (3, 61)
        assert c.table["currency"].eq("USD").all() and c.currency == "USD"
        assert set(COMPARISON_FIGURES) <= set(c.table.columns)

    def test_mixed_cases_equal_separate_projections(self, device):
        """A CO2 laser on a lease, RF microneedling bought with a loan and a pen for cash, each with its own
        volume, costs and tax: the one-call table equals three separate projections; cumulative cash is NaN
        after a case's months in use."""
        cases = [
            ClinicScenario("CO2 laser", w(device, device_price=150_000, down_payment=0, residual_value=37_500,
                                          price_per_session=950, term_months=36, apr_pct=9),
                           volume=VolumeProfile(ramp_months=4, no_show_pct=6),
                           financing=Financing(kind="lease", lease_residual_value=30_000, deferred_months=3),
                           tax=TaxSettings("macrs5", 25)),
            ClinicScenario("RF microneedling", w(device, device_price=100_000, down_payment=10_000, apr_pct=10,
                                                 residual_value=25_000, price_per_session=750),
                           loaded=LoadedCosts(commission_pct=10, card_fee_pct=3),
                           tax=TaxSettings("macrs7", 25)),
            ClinicScenario("pen", w(device, device_price=4_995, down_payment=0, residual_value=0, life_years=2,
                                    price_per_session=300),
                           financing=Financing(kind="cash"),
                           volume=VolumeProfile(seasonality=(0.8,) * 6 + (1.2,) * 6, start_month=4)),
        ]
        c = compare_scenarios(cases)
        for k, case in enumerate(cases):
            single = clinic_projection(case.inputs, case.volume, case.financing, case.acquisition, case.loaded,
                                       case.tax)
            for name in ("npv", "after_tax_npv", "payback_months", "monthly_payment", "average_sessions_per_month"):
                np.testing.assert_allclose(c.table[name][k], getattr(single, name)[0], rtol=1e-12, equal_nan=True)
            life = int(single.life_months[0])
            np.testing.assert_allclose(c.cumulative_cash[k, :life + 1], single.cumulative_cash[0], rtol=1e-12)
            assert np.isnan(c.cumulative_cash[k, life + 1:]).all()
        assert list(c.table["financing"]) == ["lease", "loan", "cash"]
        assert c.table["months_in_use"].tolist() == [60, 60, 24]

    def test_reality_check_cases(self, device):
        """[entered, half the demand], named."""
        cases = reality_check_cases(self.base(device))
        assert [c.name for c in cases] == ["expected", "expected - reality check (50 % of volume)"]
        c = compare_scenarios(cases)
        np.testing.assert_allclose(c.table["average_sessions_per_month"], [20, 10])

    def test_volume_cases(self, device):
        """conservative / expected / optimistic at 50, 100 and 150 % of the demand: 10, 20, 30 sessions."""
        c = compare_scenarios(volume_cases(self.base(device)))
        assert list(c.names) == ["conservative", "expected", "optimistic"]
        np.testing.assert_allclose(c.table["average_sessions_per_month"], [10, 20, 30])

    def test_rejects_mixed_currencies_and_duplicates(self, device):
        with pytest.raises(ValueError, match="currency"):
            compare_scenarios([self.base(device), ClinicScenario("eu", w(device, currency="EUR"))])
        with pytest.raises(ValueError, match="unique"):
            compare_scenarios([self.base(device), self.base(device)])
        with pytest.raises(ValueError, match="no scenario"):
            compare_scenarios([])


def run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


class TestClinicCommand:
    @pytest.mark.parametrize("case", sorted(CLI_CASES))
    @pytest.mark.parametrize("mode", ["json", "text"])
    def test_without_new_flags_the_output_is_byte_for_byte_unchanged(self, capsys, case, mode):
        """Golden output captured from the command before the projection flags existed; re-captured when payback
        became the full-cost payback and the paybacks, IRR and DSCR keys came (issue 15)."""
        code, out, _ = run(capsys, CLI_CASES[case] + (["--json"] if mode == "json" else []))
        assert code == 0
        assert out == GOLDEN_OUTPUT[f"{case}_{mode}"]

    def test_unchanged_through_python_m_pricing(self, repo_root):
        result = subprocess.run([sys.executable, "-m", "pricing", *W_ARGS, "--json"], cwd=repo_root,
                                capture_output=True, text=True, check=False)
        assert (result.returncode, result.stdout, result.stderr) == (0, GOLDEN_OUTPUT["W_json"], "")

    @pytest.mark.parametrize("case", sorted(CLI_CASES))
    def test_a_no_op_flag_keeps_every_old_value(self, capsys, case):
        """--no-show-pct 0 switches to the projection: the old keys keep their values, new keys follow."""
        code, out, _ = run(capsys, [*CLI_CASES[case], "--no-show-pct", "0", "--json"])
        payload = json.loads(out)
        old = json.loads(GOLDEN_OUTPUT[f"{case}_json"])
        assert code == 0
        assert list(payload) == ["currency", *PROJECTION_SUMMARY_KEYS]
        assert {k: payload[k] for k in old} == pytest.approx(old, rel=1e-9, abs=2e-6)

    def test_ramp_and_reality_check(self, capsys):
        """R through the flags: cash payback 6, full-cost payback 17; --reality-check adds the half-volume case
        (10.0 sessions, rounded 9.875 with the ramp: (5 + 7.5 + 58 x 10) / 60)."""
        code, out, _ = run(capsys, [*W_ARGS, "--ramp-months", "2", "--ramp-start-pct", "50", "--reality-check",
                                    "--json"])
        payload = json.loads(out)
        assert code == 0 and (payload["cash_payback_months"], payload["payback_months"]) == (6, 17)
        assert payload["average_sessions_per_month"] == pytest.approx(19.75)
        assert payload["reality_check_average_sessions_per_month"] == pytest.approx(9.875)
        assert payload["reality_check_npv"] < payload["npv"]

    def test_lease_loaded_costs_and_tax(self, capsys):
        """E and L through the flags. Loaded, W loses money (20 x 53.15 - 200 - 1,010 < 0), so a 25 % tax is a
        saving against the practice's other income: the after-tax NPV is above the pre-tax one."""
        code, out, _ = run(capsys, [*W_ARGS, "--financing", "lease", "--lease-money-factor", "0.0025",
                                    "--lease-residual", "6000", "--commission-pct", "10", "--card-fee-pct", "3",
                                    "--room-cost-per-hour", "30", "--marketing-per-new-patient", "300",
                                    "--sessions-per-patient", "3", "--depreciation", "macrs5", "--tax-rate-pct", "25",
                                    "--json"])
        payload = json.loads(out)
        assert code == 0
        assert (payload["financing"], payload["depreciation_method"]) == ("lease", "macrs5")
        assert payload["monthly_payment"] == pytest.approx(1_010)
        assert payload["loaded_cost_per_session"] == pytest.approx(146.85)
        assert payload["income_tax_total"] < 0
        assert payload["after_tax_npv"] > payload["npv"]

    def test_refurbished_and_capacity(self, capsys):
        args = [*W_ARGS, "--refurbished", "--recert-fee", "5000", "--sales-tax-pct", "10", "--cap-at-capacity",
                "--json"]
        args[args.index("--sessions-per-month") + 1] = "100"
        payload = json.loads(run(capsys, args)[1])
        assert payload["cost_of_device"] == pytest.approx(71_000)
        assert payload["average_sessions_per_month"] == pytest.approx(80)

    @pytest.mark.parametrize("extra, message", [
        (["--lease-apr", "6"], "--lease-apr needs --financing lease"),
        (["--financing", "lease", "--lease-apr", "6", "--lease-money-factor", "0.002"], "not both"),
        (["--recert-fee", "5000"], "--recert-fee needs --refurbished"),
        (["--financing", "cash", "--balloon", "100"], "--balloon needs"),
        (["--balloon", "90000"], "balloon must not exceed"),
        (["--seasonality", "1,1,1"], "12 comma-separated"),
        (["--financing", "hire"], "not one of"),
        (["--start-month", "13"], "between 1 and 12"),
        (["--no-show-pct", "120"], "percentage"),
        (["--sessions-per-patient", "0.5"], "at least 1"),
    ])
    def test_bad_flags_exit_2_with_one_line(self, capsys, extra, message):
        code, out, err = run(capsys, [*W_ARGS, *extra])
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1 and message in err

    def test_cap_needs_hours(self, capsys):
        args = W_ARGS[:W_ARGS.index("--hours-per-month")] + ["--cap-at-capacity"]
        code, _, err = run(capsys, args)
        assert code == 2 and "--hours-per-month" in err

    def test_lease_needs_a_term(self, capsys):
        args = list(W_ARGS)
        args[args.index("--term-months") + 1] = "0"
        code, _, err = run(capsys, [*args, "--financing", "lease"])
        assert code == 2 and "--term-months" in err


@st.composite
def clinics(draw):
    """Any valid clinic case with every new option drawn."""
    price = draw(st.integers(0, 50_000_000).map(lambda c: c / 100))
    kind = draw(st.sampled_from(["loan", "cash", "lease", "promo"]))
    term = float(draw(st.integers(1 if kind == "lease" else 0, 120)))
    refurbished = draw(st.booleans())
    down = price * draw(st.floats(0, 1))
    inputs = DeviceInputs(
        currency="USD", device_price=price, down_payment=down, residual_value=price * draw(st.floats(0, 1)),
        life_years=draw(st.floats(0.1, 15)), maintenance_per_year=draw(st.floats(0, 50_000)),
        apr_pct=draw(st.one_of(st.just(0.0), st.floats(0.01, 40))), term_months=term,
        consumables_per_session=draw(st.floats(0, 1_000)), other_per_session=draw(st.floats(0, 100)),
        minutes_per_session=draw(st.floats(1, 600)), hourly_rate=draw(st.floats(0, 500)),
        price_per_session=draw(st.floats(0, 5_000)), sessions_per_month=draw(st.floats(0, 500)),
        discount_rate_pct=draw(st.floats(0, 100)), hours_per_month=draw(st.floats(1, 744)))
    cost_factor = 1 + draw(st.floats(0, 0.15))
    volume = VolumeProfile(ramp_months=draw(st.integers(0, 12)), ramp_start_pct=draw(st.floats(0, 100)),
                           seasonality=draw(st.lists(st.floats(0.1, 3), min_size=12, max_size=12)),
                           start_month=draw(st.integers(1, 12)), no_show_pct=draw(st.floats(0, 100)),
                           cap_at_capacity=draw(st.booleans()), demand_factor=draw(st.floats(0, 2)))
    financing = Financing(kind=kind, balloon=max(price - down, 0) * draw(st.floats(0, 0.5)),
                          deferred_months=draw(st.integers(0, 6)), deferral_interest_accrues=draw(st.booleans()),
                          lease_apr_pct=draw(st.floats(0, 30)),
                          lease_residual_value=max(price * cost_factor - down, 0) * draw(st.floats(0, 1)),
                          lease_end=draw(st.sampled_from(["buy", "return"])))
    acquisition = Acquisition(sales_tax_pct=(cost_factor - 1) * 100, refurbished=refurbished,
                              recertification_fee=draw(st.floats(0, 20_000)) if refurbished else 0.0,
                              refurbished_life_years=draw(st.floats(0.5, 5)) if refurbished else None)
    loaded = LoadedCosts(draw(st.floats(0, 40)), draw(st.floats(0, 5)), draw(st.floats(0, 200)),
                         draw(st.one_of(st.none(), st.floats(1, 240))), draw(st.floats(0, 1_000)),
                         draw(st.floats(1, 12)))
    tax = TaxSettings(draw(st.sampled_from(["straight", "macrs5", "macrs7"])), draw(st.floats(0, 60)))
    return inputs, volume, financing, acquisition, loaded, tax


class TestProperties:
    @SETTINGS
    @given(clinics())
    def test_no_nan_and_no_warning_from_valid_input(self, case):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            p = clinic_projection(*case)
        for name in ("cash_flows", "after_tax_cash_flows", "sessions", "payments", "taxable_income"):
            assert np.isfinite(getattr(p, name)).all(), name
        for name in ("npv", "after_tax_npv", "monthly_payment", "total_interest", "fixed_cost_per_month",
                     "contribution_margin", "monthly_profit", "loaded_cost_per_session", "cost_of_device"):
            assert np.isfinite(getattr(p, name)).all(), name
        summary = p.summary()
        assert list(summary) == ["currency", *PROJECTION_SUMMARY_KEYS]
        json.dumps(summary)

    @SETTINGS
    @given(clinics())
    def test_capacity_and_fewer_sessions_with_ramp_and_no_shows(self, case):
        inputs, volume, financing, acquisition, loaded, tax = case
        p = clinic_projection(*case)
        if volume.cap_at_capacity:
            assert (p.sessions <= one(p.capacity_sessions_per_month) * (1 + 1e-12)).all()
        plain = VolumeProfile(seasonality=volume.seasonality, start_month=volume.start_month,
                              cap_at_capacity=volume.cap_at_capacity, demand_factor=volume.demand_factor)
        q = clinic_projection(inputs, plain, financing, acquisition, loaded, tax)
        assert (p.sessions <= q.sessions + 1e-9 * max(1.0, float(q.sessions.max()))).all()
