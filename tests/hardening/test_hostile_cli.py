"""Every flag of `python -m pricing` gets hostile values: the answer is a figure that is finite, or exit code 2 with
one line naming the flag, never a traceback, a hang, a memory blow-up or `Infinity` in the JSON.

The matrix runs through tests/hardening/cli_driver.py: each case in its own child process (forked after one
import), as `python -m pricing ARGS` runs it, with a time and memory limit. A few cases also run as plain
subprocesses, start to end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hardening.hostile import EMOJI, HTML_NAME, ROOT, RTL_OVERRIDE, SQL_NAME

pytestmark = pytest.mark.slow  # its fixture runs the command line on every hostile flag (about 10 s)

DRIVER = Path(__file__).with_name("cli_driver.py")
QUOTE = ["quote", "--price", "300", "--sessions", "5", "--json"]
CLINIC = ["clinic", "--device-price", "150000", "--down-payment", "15000", "--residual", "37500", "--life-years", "5",
          "--maintenance-per-year", "12000", "--apr", "10", "--term-months", "48", "--consumables", "50",
          "--other-per-session", "0", "--minutes", "45", "--hourly-rate", "39.05", "--price", "950",
          "--sessions-per-month", "43", "--discount-rate", "8", "--hours-per-month", "173", "--json"]
COMPARE = ["compare", "--region", "US", "--indication", "acne_scars", "--draws", "200", "--json"]

NUMBERS = {"empty": "", "nan": "nan", "inf": "inf", "negative": "-1", "zero": "0", "huge": "1e308", "text": "abc",
           "tiny": "1e-320"}
BIG = {"long": "9" * 5000, "html": HTML_NAME, "hundred-million": "100000000"}
TEXTS = {**NUMBERS, **BIG, "sql": SQL_NAME, "rtl": RTL_OVERRIDE, "emoji": EMOJI}
# Flags whose value sizes an array, a loop or a divisor: also tried with 5,000 digits and 1e8.
SIZING_FLAGS = {"--price", "--sessions", "--interval-weeks", "--finance-months", "--promo-months",
                "--membership-included", "--device-price", "--life-years", "--term-months", "--minutes",
                "--sessions-per-month", "--hours-per-month", "--ramp-months", "--deferred-months", "--draws", "--seed"}

# flag -> extra flags it needs to be used at all
QUOTE_FLAGS: dict[str, tuple[str, ...]] = {
    "--price": (), "--sessions": (), "--package": (), "--downtime-days": (), "--daily-value": (),
    "--extras-per-visit": (), "--interval-weeks": (), "--currency": (),
    "--package-expiry-months": ("--package", "3:800"),
    "--membership-fee": (), "--membership-included": ("--membership-fee", "100"),
    "--member-price": ("--membership-fee", "100"), "--member-discount": ("--membership-fee", "100"),
    "--membership-min-months": ("--membership-fee", "100"), "--maintenance-per-year": (),
    "--years": ("--maintenance-per-year", "1"), "--finance-apr": ("--finance-months", "12"), "--finance-months": (),
    "--promo-months": (), "--min-payment": ("--promo-months", "12"), "--promo-payment": ("--promo-months", "12"),
}
CLINIC_FLAGS: dict[str, tuple[str, ...]] = {flag: () for flag in (
    "--device-price", "--down-payment", "--residual", "--life-years", "--maintenance-per-year", "--apr",
    "--term-months", "--consumables", "--other-per-session", "--minutes", "--hourly-rate", "--price",
    "--sessions-per-month", "--discount-rate", "--hours-per-month", "--ramp-months", "--ramp-start-pct",
    "--no-show-pct", "--seasonality", "--start-month", "--financing", "--balloon", "--deferred-months",
    "--deferral-interest", "--sales-tax-pct", "--commission-pct", "--card-fee-pct", "--room-cost-per-hour",
    "--room-minutes", "--marketing-per-new-patient", "--sessions-per-patient", "--depreciation", "--tax-rate-pct",
    "--currency")} | {
    "--lease-money-factor": ("--financing", "lease"), "--lease-apr": ("--financing", "lease"),
    "--lease-residual": ("--financing", "lease"), "--lease-end": ("--financing", "lease"),
    "--recert-fee": ("--refurbished",),
}
COMPARE_FLAGS = ("--region", "--indication", "--currency", "--data", "--daily-value", "--extras-per-visit", "--draws",
                 "--seed")
TEXT_FLAGS = {"--currency", "--package", "--years", "--seasonality", "--financing", "--lease-end",
              "--deferral-interest", "--depreciation", "--region", "--indication", "--data"}
# A comparison loads and checks the tables (about a second each): its text flags get the telling values only.
COMPARE_VALUES = {"--region": ("empty", "html", "rtl"), "--indication": ("long", "sql", "emoji"),
                  "--currency": ("text", "html"), "--data": ("empty", "long", "html"),
                  "--daily-value": ("zero", "nan", "huge", "negative"), "--extras-per-visit": ("inf", "text", "tiny"),
                  "--draws": ("zero", "hundred-million", "long"), "--seed": ("negative", "huge", "long")}


def _with(base: list[str], flag: str, value: str, extra: tuple[str, ...]) -> list[str]:
    argv = list(base)
    if flag in argv:
        argv[argv.index(flag) + 1] = value
    else:
        argv += [flag, value]
    return argv + list(extra)


def _cases() -> list[tuple[str, list[str]]]:
    cases = []
    for command, base, flags in (("quote", QUOTE, QUOTE_FLAGS), ("clinic", CLINIC, CLINIC_FLAGS)):
        for flag, extra in flags.items():
            values = TEXTS if flag in TEXT_FLAGS else {**NUMBERS, **BIG} if flag in SIZING_FLAGS else NUMBERS
            cases += [(f"{command} {flag}={kind}", _with(base, flag, value, extra)) for kind, value in values.items()]
    for flag in COMPARE_FLAGS:
        cases += [(f"compare {flag}={kind}", _with(COMPARE, flag, TEXTS[kind], ())) for kind in COMPARE_VALUES[flag]]
    extra_cases = {
        "quote --package=3:1e308": _with(QUOTE, "--package", "3:1e308", ()),
        "quote --package=size 1": _with(QUOTE, "--package", "1:5", ()),
        "quote --package=no price": _with(QUOTE, "--package", "3:", ()),
        "quote --years=repeated": _with(QUOTE, "--years", "1,1", ("--maintenance-per-year", "1")),
        "clinic --seasonality=11 factors": _with(CLINIC, "--seasonality", ",".join(["1"] * 11), ()),
        "clinic --seasonality=all zero": _with(CLINIC, "--seasonality", ",".join(["0"] * 12), ()),
        "clinic --down-payment above price": _with(CLINIC, "--down-payment", "200000", ()),
        "compare --data=a file": _with(COMPARE, "--data", str(ROOT / "README.md"), ()),
        "compare --data=parent path": _with(COMPARE, "--data", "../../etc/passwd", ()),
        "no command": [],
        "unknown command": ["drop"],
        "unknown flag": [*QUOTE, "--evil", "1"],
    }
    return cases + list(extra_cases.items())


CASES = _cases()


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, object]]:
    """Every case run once, two at a time, keyed by its id."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(DRIVER), "2"], input=json.dumps([argv for _, argv in CASES]),
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600, check=True)
    return {case_id: result for (case_id, _), result in zip(CASES, json.loads(done.stdout), strict=True)}


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


def _money_keys(payload: object) -> dict[str, float]:
    if not isinstance(payload, dict):
        return {}
    return {k: v for k, v in payload.items() if isinstance(v, float) and k.endswith(("_cost", "_price", "fees"))}


@pytest.mark.parametrize("case_id", [case_id for case_id, _ in CASES])
def test_a_hostile_flag_gives_a_finite_answer_or_one_line_naming_it(results, case_id: str) -> None:
    result = results[case_id]
    stderr, stdout = str(result["stderr"]), str(result["stdout"])
    assert result["signal"] is None, f"killed by signal {result['signal']} after {result['seconds']} s (a hang?)"
    assert "Traceback" not in stderr and "Error:" not in stderr.replace("error:", ""), stderr[-500:]
    if result["code"] == 0:
        payload = _strict_json(stdout)  # no Infinity or NaN
        assert stderr == "", stderr  # no RuntimeWarning either
        assert all(v >= 0 for v in _money_keys(payload).values()), payload
        return
    lines = stderr.splitlines()
    if result["code"] == 1:  # invalid tables in --data: one line per problem, each naming its table
        assert "--data" in case_id and lines[0].startswith("error: ") and len(lines) >= 2
        assert all(line.startswith("  ") and ": " in line for line in lines[1:])
        return
    assert result["code"] == 2 and stdout == ""
    assert len(lines) == 1 and lines[0].startswith("error: ") and len(lines[0]) < 400, lines
    flag = case_id.split(" ")[1].split("=")[0] if " " in case_id else ""
    if flag.startswith("--"):
        words = flag.lstrip("-").replace("-", " ")
        assert flag in lines[0] or words in lines[0] or flag.lstrip("-") in lines[0], (flag, lines[0])


@pytest.mark.parametrize(("argv", "code", "first_words"), [
    (["quote", "--price", "1e308", "--sessions", "3"], 2, "error: argument --price: 1e308 must be at most"),
    (["quote", "--price", "300", "--sessions", "100000000"], 2, "error: argument --sessions: 100000000 must be at"),
    (["compare", "--region", HTML_NAME, "--indication", "acne_scars", "--draws", "100"], 2, "error: unknown region"),
])
def test_plain_subprocess_answers_exactly_like_the_driver(argv: list[str], code: int, first_words: str) -> None:
    """Start to end, no fork: the interpreter's own exit handling, quickly (a hang was the old answer)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pricing", *argv], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert done.returncode == code and done.stdout == ""
    assert done.stderr.startswith(first_words) and len(done.stderr.splitlines()) == 1, done.stderr
