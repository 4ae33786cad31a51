"""Specification of the command line, `python -m pricing quote|clinic|compare`.

Exit codes: 0 success; 2 bad arguments with exactly one line on stderr; 1 invalid data tables with one
line per located problem. Never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pricing.cli import main
from pricing.clinic.device import DeviceInputs, device_economics
from pricing.tables.schema import TABLE_NAMES

QUOTE_KEYS = {"sessions", "plan", "course_cost", "extras_cost", "downtime_days", "downtime_cost", "total_cost",
              "weeks", "currency"}
QUOTE_EXTRA_KEYS_ALLOWED = {"plan_text"}
CLINIC_KEYS = {"monthly_payment", "total_interest", "depreciation_per_month", "variable_cost_per_session",
               "fixed_cost_per_month", "full_cost_per_session", "contribution_margin",
               "break_even_sessions_per_month", "payback_months", "npv", "roi", "utilisation", "currency",
               "full_cost_of_device", "cash_payback_months", "loan_paid_off_month", "irr_annual_pct", "min_dscr",
               "min_dscr_month", "break_even_sessions_per_day"}
COMPARE_OPTION_KEYS = {"option_id", "name", "family", "typical_outside_band", "band_note", "price_low", "price_typical", "price_high", "sessions_min", "sessions_typical",
                       "sessions_max", "plan_typical", "course_cost_typical", "downtime_days_typical", "total_low",
                       "total_typical", "total_high", "p10", "p50", "p90", "weeks_typical"}

# Worked example W of test_device as clinic flags.
CLINIC_ARGS = ["clinic", "--device-price", "60000", "--down-payment", "12000", "--residual", "6000",
               "--life-years", "5", "--maintenance-per-year", "2400", "--apr", "0", "--term-months", "48",
               "--consumables", "20", "--other-per-session", "5", "--minutes", "30", "--hourly-rate", "40",
               "--price", "245", "--sessions-per-month", "20", "--discount-rate", "8", "--hours-per-month", "40"]
QUOTE_ARGS = ["quote", "--price", "300", "--sessions", "5", "--package", "3:800"]
COMPARE_ARGS = ["compare", "--region", "US", "--indication", "acne_scars", "--draws", "500"]


def run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def run_json(capsys, argv):
    code, out, err = run(capsys, [*argv, "--json"])
    assert (code, err) == (0, "")
    return json.loads(out)


def with_flag(args, flag, value):
    """args with the value after `flag` replaced (or the flag dropped when value is None)."""
    i = args.index(flag)
    return args[:i] + ([] if value is None else [flag, value]) + args[i + 2:]


class TestQuote:
    def test_json_keys(self, capsys):
        payload = run_json(capsys, QUOTE_ARGS)
        assert QUOTE_KEYS <= set(payload)
        assert set(payload) - QUOTE_KEYS <= QUOTE_EXTRA_KEYS_ALLOWED
        for line in payload["plan"]:
            assert set(line) == {"size", "count", "unit_price"}

    def test_json_values(self, capsys):
        """Single 300, 3-pack 800, 5 sessions -> 800 + 2 x 300 = 1,400; extras 5 x 20 = 100; downtime
        5 x 2 = 10 days x 50 = 500; total 2,000; weeks (5 - 1) x 6 = 24."""
        payload = run_json(capsys, [*QUOTE_ARGS, "--extras-per-visit", "20", "--downtime-days", "2",
                                    "--daily-value", "50", "--interval-weeks", "6", "--currency", "gbp"])
        assert payload == {
            "sessions": 5, "plan": [{"size": 3, "count": 1, "unit_price": 800.0},
                                    {"size": 1, "count": 2, "unit_price": 300.0}],
            "plan_text": "1 x 3-pack + 2 single sessions", "course_cost": 1400.0, "extras_cost": 100.0,
            "downtime_days": 10.0, "downtime_cost": 500.0, "total_cost": 2000.0, "weeks": 24.0, "currency": "GBP",
        }

    def test_overbuying_and_defaults(self, capsys):
        """Single 450, 3-pack 800, 2 sessions -> one 3-pack, 800; default interval 4 weeks -> 4 weeks."""
        payload = run_json(capsys, ["quote", "--price", "450", "--sessions", "2", "--package", "3:800"])
        assert payload["plan"] == [{"size": 3, "count": 1, "unit_price": 800.0}]
        assert (payload["course_cost"], payload["total_cost"], payload["weeks"]) == (800.0, 800.0, 4.0)
        assert payload["currency"] == "USD"

    def test_text_output(self, capsys):
        code, out, err = run(capsys, QUOTE_ARGS)
        assert (code, err) == (0, "")
        lines = {line.split()[0]: line.split(None, 1)[1] for line in out.splitlines()}
        assert lines["total_cost"] == "1,400.00"
        assert lines["plan_text"] == "1 x 3-pack + 2 single sessions"


class TestClinic:
    def test_json_keys(self, capsys):
        assert set(run_json(capsys, CLINIC_ARGS)) == CLINIC_KEYS

    def test_values_equal_device_economics(self, capsys):
        """The clinic figures are device_economics(...).summary() of the same inputs (W: break-even 6,
        full-cost payback 16, cash payback 5, utilisation 0.25, ROI 2.9)."""
        payload = run_json(capsys, CLINIC_ARGS)
        inputs = DeviceInputs(currency="USD", device_price=60000, down_payment=12000, residual_value=6000,
                              life_years=5, maintenance_per_year=2400, apr_pct=0, term_months=48,
                              consumables_per_session=20, other_per_session=5, minutes_per_session=30,
                              hourly_rate=40, price_per_session=245, sessions_per_month=20, discount_rate_pct=8,
                              hours_per_month=40)
        expected = device_economics(inputs).summary()
        assert payload == pytest.approx(expected)
        assert (payload["break_even_sessions_per_month"], payload["payback_months"]) == (6, 16)
        assert payload["cash_payback_months"] == 5
        assert (payload["utilisation"], payload["roi"], payload["full_cost_per_session"]) == pytest.approx(
            (0.25, 2.9, 100.0))

    def test_loan_figures(self, capsys):
        """110,000 device, 10,000 down, 8 % over 60 months: payment 2,027.64, interest 21,658.37."""
        args = with_flag(with_flag(with_flag(with_flag(with_flag(CLINIC_ARGS, "--device-price", "110000"),
                                                       "--down-payment", "10000"), "--apr", "8"),
                                   "--term-months", "60"), "--residual", "0")
        payload = run_json(capsys, args)
        assert payload["monthly_payment"] == pytest.approx(2027.64, abs=0.005)
        assert payload["total_interest"] == pytest.approx(21658.37, abs=0.005)

    def test_none_values_are_null(self, capsys):
        """Price 45 = variable cost -> margin 0: no break-even and no payback (JSON null); without
        --hours-per-month there is no utilisation."""
        args = with_flag(with_flag(CLINIC_ARGS, "--price", "45"), "--hours-per-month", None)
        payload = run_json(capsys, args)
        assert payload["break_even_sessions_per_month"] is None
        assert payload["payback_months"] is None
        assert payload["utilisation"] is None
        assert payload["contribution_margin"] == 0.0

    def test_text_output(self, capsys):
        code, out, err = run(capsys, CLINIC_ARGS)
        assert (code, err) == (0, "")
        assert "break_even_sessions_per_month  6" in out
        assert "fixed_cost_per_month           1,100.00" in out


class TestCompare:
    def test_json(self, capsys):
        payload = run_json(capsys, COMPARE_ARGS)
        assert set(payload) == {"region", "indication", "currency", "rank_by", "ranked_by", "options", "unavailable"}
        assert (payload["region"], payload["indication"], payload["currency"]) == ("US", "acne_scars", "USD")
        assert payload["rank_by"] == "p50"
        assert all(set(row) == COMPARE_OPTION_KEYS for row in payload["options"])
        medians = [row["p50"] for row in payload["options"]]
        assert medians == sorted(medians) and len(medians) == 7
        assert [u["option_id"] for u in payload["unavailable"]] == ["th_1927"]

    def test_json_names_and_families_from_the_options_table(self, capsys, shipped_tables):
        """Each option's name and family are those of data/options.csv: microneedling or fractional_laser."""
        payload = run_json(capsys, COMPARE_ARGS)
        options = shipped_tables.options.set_index("option_id")
        for row in payload["options"]:
            assert row["name"] == options.loc[row["option_id"], "name"]
            assert row["family"] == options.loc[row["option_id"], "family"]
        families = {row["option_id"]: row["family"] for row in payload["options"]}
        assert families["mn_pen"] == "microneedling" and families["co2"] == "fractional_laser"

    def test_json_typical_outside_band_agrees_with_p10_p90(self, capsys):
        """For every option of UK acne scars: true exactly when total_typical is outside [p10, p90], and then a
        note says why (rounded figures: a tie within a cent is not judged)."""
        payload = run_json(capsys, with_flag(COMPARE_ARGS, "--region", "UK"))
        for row in payload["options"]:
            typical, p10, p90 = row["total_typical"], row["p10"], row["p90"]
            if min(abs(typical - p10), abs(typical - p90)) > 0.01:
                assert row["typical_outside_band"] == (typical < p10 or typical > p90), row["option_id"]
            assert bool(row["band_note"]) == row["typical_outside_band"]

    @pytest.mark.parametrize("rank_by, column", [("p50", "p50"), ("typical", "total_typical"),
                                                 ("low", "total_low"), ("high", "total_high")])
    def test_rank_by(self, capsys, rank_by, column):
        payload = run_json(capsys, [*COMPARE_ARGS, "--rank-by", rank_by])
        values = [row[column] for row in payload["options"]]
        assert payload["rank_by"] == rank_by and values == sorted(values)

    def test_display_currency(self, capsys):
        """--currency eur: US mn_pen at 300 USD is 300 x 0.851 = 255.30 EUR."""
        payload = run_json(capsys, [*COMPARE_ARGS, "--currency", "eur"])
        assert payload["currency"] == "EUR"
        pen = next(row for row in payload["options"] if row["option_id"] == "mn_pen")
        assert pen["price_typical"] == pytest.approx(255.3)

    def test_text_output(self, capsys):
        code, out, err = run(capsys, COMPARE_ARGS)
        assert (code, err) == (0, "")
        assert out.startswith("Course cost for acne_scars in US (USD), cheapest first by the median (P50)")
        assert "not compared: th_1927: no course data" in out

    def test_text_output_ranked_by_typical_says_so(self, capsys):
        code, out, err = run(capsys, [*COMPARE_ARGS, "--rank-by", "typical"])
        assert (code, err) == (0, "")
        assert out.startswith("Course cost for acne_scars in US (USD), cheapest first by the total at typical prices")

    def test_modified_data_copy_changes_the_figures(self, capsys, tmp_path, raw_tables, write_tables):
        """US er_yag at 990 instead of 950 a session: 2 singles = 1,980 instead of 1,900."""
        before = run_json(capsys, COMPARE_ARGS)
        prices = raw_tables["prices"]
        prices.loc[(prices["region_id"] == "US") & (prices["option_id"] == "er_yag"), "price_typical"] = "990"
        folder = write_tables(tmp_path / "data", raw_tables)
        after = run_json(capsys, [*COMPARE_ARGS, "--data", str(folder)])
        er_yag = {p["option_id"]: p for p in before["options"]}["er_yag"], \
            {p["option_id"]: p for p in after["options"]}["er_yag"]
        assert er_yag[0]["course_cost_typical"] == 1900.0
        assert er_yag[1]["course_cost_typical"] == 1980.0
        assert er_yag[1]["price_typical"] == 990.0

    def test_broken_data_folder_exits_1_with_located_problems(self, capsys, tmp_path, raw_tables, write_tables):
        raw_tables["prices"].loc[2, "price_low"] = "-5"
        raw_tables["fx"].loc[1, "as_of"] = "soon"
        folder = write_tables(tmp_path / "data", raw_tables)
        code, out, err = run(capsys, [*COMPARE_ARGS, "--data", str(folder)])
        assert code == 1 and out == ""
        assert err.splitlines() == ["error: 2 problem(s) in the tables:",
                                    "  prices, row 3, column price_low: must be at least 0",
                                    "  fx, row 2, column as_of: 'soon' is not a date YYYY-MM-DD"]

    def test_indication_without_any_course(self, capsys, tmp_path, raw_tables, write_tables):
        """A valid copy with a new indication "warts" that no sessions row mentions: exit 0, no options,
        all 8 options listed as not compared."""
        indications = raw_tables["indications"]
        indications.loc[len(indications)] = {**indications.iloc[0].to_dict(), "indication_id": "warts",
                                             "name": "Warts"}
        folder = write_tables(tmp_path / "data", raw_tables)
        payload = run_json(capsys, with_flag([*COMPARE_ARGS, "--data", str(folder)], "--indication", "warts"))
        assert payload["options"] == []
        assert len(payload["unavailable"]) == 8

    def test_missing_data_folder_exits_2_with_one_line(self, capsys, tmp_path):
        code, out, err = run(capsys, [*COMPARE_ARGS, "--data", str(tmp_path / "nowhere")])
        assert code == 2 and out == ""
        assert len(err.splitlines()) == 1 and err.startswith("error: argument --data: folder '")
        assert err.rstrip().endswith("does not exist")

    def test_data_that_is_a_file_exits_2_with_one_line(self, capsys, data_dir):
        code, out, err = run(capsys, [*COMPARE_ARGS, "--data", str(data_dir / "fx.csv")])
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1 and "argument --data" in err and "is not a folder" in err

    def test_unreadable_data_folder_exits_2_with_one_line(self, capsys, tmp_path, monkeypatch):
        """A folder whose listing is refused (as chmod 000 does for a normal user; the tests may run as root)."""
        from pathlib import Path

        folder = tmp_path / "locked"
        folder.mkdir()
        real_iterdir = Path.iterdir

        def refuse(self):
            if self == folder:
                raise PermissionError(13, "Permission denied")
            return real_iterdir(self)

        monkeypatch.setattr(Path, "iterdir", refuse)
        code, out, err = run(capsys, [*COMPARE_ARGS, "--data", str(folder)])
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1 and "argument --data" in err and "cannot be read" in err

    def test_empty_data_folder_is_invalid_tables_exit_1(self, capsys, tmp_path):
        """A readable folder without the tables: each missing file is a located problem (exit 1)."""
        code, out, err = run(capsys, [*COMPARE_ARGS, "--data", str(tmp_path)])
        assert code == 1 and out == ""
        lines = err.splitlines()
        assert len(lines) == 1 + len(TABLE_NAMES) and lines[0] == f"error: {len(TABLE_NAMES)} problem(s) in the tables:"
        assert all("file not found" in line for line in lines[1:])


class TestCurrencyFromTheExchangeRateTable:
    """Issue 16 item 6: --currency takes only currencies of data/fx.csv (exit 2, one line naming the flag and the
    known codes)."""

    KNOWN = "USD, GBP, CAD, AUD, EUR, INR, SGD, KRW, THB, AED, MXN, BRL"

    @pytest.mark.parametrize("argv", [[*QUOTE_ARGS, "--currency", "XYZ"], [*COMPARE_ARGS, "--currency", "XYZ"]],
                             ids=["quote", "compare"])
    def test_unknown_currency_exits_2_naming_the_flag_and_the_known_codes(self, capsys, argv, shipped_tables):
        code, out, err = run(capsys, argv)
        assert (code, out) == (2, "")
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: argument --currency: unknown currency 'XYZ'")
        assert lines[0].endswith("known: " + ", ".join(shipped_tables.fx["currency"]))

    def test_quote_in_a_known_currency(self, capsys):
        assert run_json(capsys, [*QUOTE_ARGS, "--currency", "gbp"])["currency"] == "GBP"

    def test_quote_reads_the_codes_of_its_data_folder(self, capsys, tmp_path, raw_tables, write_tables):
        """A data copy whose fx table lacks EUR: EUR is refused there, still known in the shipped data."""
        raw_tables["fx"] = raw_tables["fx"][raw_tables["fx"]["currency"] != "EUR"]
        folder = write_tables(tmp_path / "data", raw_tables)
        code, _, err = run(capsys, [*QUOTE_ARGS, "--currency", "EUR", "--data", str(folder)])
        assert code == 2 and "unknown currency 'EUR'" in err and "EUR" not in err.split("known: ")[1]

    def test_quote_missing_data_folder_exits_2(self, capsys, tmp_path):
        code, out, err = run(capsys, [*QUOTE_ARGS, "--data", str(tmp_path / "nowhere")])
        assert (code, out) == (2, "") and len(err.splitlines()) == 1 and "argument --data" in err

    def test_quote_folder_without_an_fx_table_exits_1_located(self, capsys, tmp_path):
        code, out, err = run(capsys, [*QUOTE_ARGS, "--data", str(tmp_path)])
        assert (code, out) == (1, "")
        assert err.splitlines()[1].startswith("  fx: file not found")


BAD_ARGUMENTS = [
    ("negative price", ["quote", "--price", "-5", "--sessions", "3"], "--price"),
    ("negative price with =", ["quote", "--price=-5", "--sessions", "3"], "at least 0"),
    ("text for a number", ["quote", "--price", "abc", "--sessions", "3"], "'abc' is not a number"),
    ("not a whole number", ["quote", "--price", "300", "--sessions", "2.5"], "whole number"),
    ("not finite", ["quote", "--price", "nan", "--sessions", "3"], "finite"),
    ("missing required flag", ["quote", "--price", "300"], "--sessions"),
    ("missing clinic flag", with_flag(CLINIC_ARGS, "--apr", None), "--apr"),
    ("bad --package format", [*QUOTE_ARGS, "--package", "3-800"], "SIZE:PRICE"),
    ("bad --package price", [*QUOTE_ARGS, "--package", "3:cheap"], "not a number"),
    ("--package of one session", [*QUOTE_ARGS, "--package", "1:300"], "at least 2"),
    ("APR over 100", with_flag(CLINIC_ARGS, "--apr", "500"), "percentage"),
    ("zero life", with_flag(CLINIC_ARGS, "--life-years", "0"), "more than 0"),
    ("down payment > device price", with_flag(CLINIC_ARGS, "--down-payment", "70000"), "--down-payment"),
    ("residual > device price", with_flag(CLINIC_ARGS, "--residual", "70000"), "--residual"),
    ("unknown region", with_flag(COMPARE_ARGS, "--region", "XX"), "unknown region 'XX'"),
    ("unknown indication", with_flag(COMPARE_ARGS, "--indication", "warts"), "unknown indication 'warts'"),
    ("unknown currency", [*COMPARE_ARGS, "--currency", "XYZ"], "unknown currency 'XYZ'"),
    ("unknown quote currency", [*QUOTE_ARGS, "--currency", "XYZ"], "argument --currency: unknown currency 'XYZ'"),
    ("unknown --rank-by", [*COMPARE_ARGS, "--rank-by", "median"], "argument --rank-by"),
    ("missing --data folder", [*COMPARE_ARGS, "--data", "/nonexistent-folder"], "argument --data"),
    ("empty --data", [*COMPARE_ARGS, "--data", ""], "argument --data: the folder name is empty"),
    ("--data name too long", [*COMPARE_ARGS, "--data", "9" * 5000], "cannot be read"),
    ("quote --data not a folder", [*QUOTE_ARGS, "--data", "README.md"], "argument --data"),
    ("malformed currency", [*QUOTE_ARGS, "--currency", "dollars"], "3-letter"),
    ("unknown subcommand", ["frobnicate"], "invalid choice"),
    ("no subcommand", [], "required"),
]


@pytest.mark.parametrize("argv, words", [c[1:] for c in BAD_ARGUMENTS], ids=[c[0] for c in BAD_ARGUMENTS])
def test_bad_arguments_exit_2_with_one_line(capsys, argv, words):
    code, out, err = run(capsys, argv)
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert words in lines[0]


def test_json_flag_does_not_change_errors(capsys):
    code, _, err = run(capsys, ["quote", "--price", "-1", "--sessions", "3", "--json"])
    assert code == 2 and len(err.splitlines()) == 1


class TestSubprocess:
    """The real entry point, `python -m pricing`, in a fresh interpreter."""

    @staticmethod
    def pricing(repo_root, *argv):
        env = {**os.environ, "PYTHONPATH": str(repo_root)}
        return subprocess.run([sys.executable, "-m", "pricing", *argv], cwd=repo_root, env=env,
                              capture_output=True, text=True, timeout=60)

    def test_quote_json(self, repo_root):
        done = self.pricing(repo_root, *QUOTE_ARGS, "--json")
        assert (done.returncode, done.stderr) == (0, "")
        payload = json.loads(done.stdout)
        assert payload["course_cost"] == 1400.0 and payload["plan_text"] == "1 x 3-pack + 2 single sessions"

    def test_bad_argument(self, repo_root):
        done = self.pricing(repo_root, "quote", "--price", "-5", "--sessions", "3")
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.splitlines() == ["error: argument --price: -5 must be at least 0"]

    def test_clinic_at_zero_discount_rate_writes_nothing_on_stderr(self, repo_root):
        done = self.pricing(repo_root, *with_flag(CLINIC_ARGS, "--discount-rate", "0"), "--json")
        assert done.returncode == 0
        assert json.loads(done.stdout)["npv"] == pytest.approx(174_000.0)
        assert done.stderr == ""
