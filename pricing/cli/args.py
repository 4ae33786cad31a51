"""What every command shares: its error, the bounds of its flags and the parsers of one flag's value."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from pricing.patient.packages import Package
from pricing.tables.schema import TABLES

# Upper bounds of the flags: the price tables' own bounds (pricing.tables.schema), so the command line accepts what the
# tables accept and nothing so large that a figure overflows to infinity or a plan needs gigabytes.
MONEY = float(TABLES["prices"].column("price_typical").maximum or 0)  # any amount of money
SESSIONS = float(TABLES["sessions"].column("sessions_max").maximum or 0)  # sessions in a course or a package
DOWNTIME_DAYS = float(TABLES["options"].column("downtime_days_max").maximum or 0)
INTERVAL_WEEKS = float(TABLES["sessions"].column("interval_weeks").maximum or 0)
MAINTENANCE_SESSIONS = float(TABLES["sessions"].column("maintenance_per_year").maximum or 0)
EXPIRY_MONTHS = float(TABLES["packages"].column("package_expiry_months").maximum or 0)
LIFE_YEARS = float(TABLES["devices"].column("life_years").maximum or 0)
TERM_MONTHS = float(TABLES["devices"].column("term_months").maximum or 0)  # any loan, lease or plan term
MINUTES = float(TABLES["devices"].column("minutes_per_session").maximum or 0)
SESSIONS_PER_MONTH = float(TABLES["devices"].column("sessions_per_month").maximum or 0)
HOURS_PER_MONTH = float(TABLES["devices"].column("hours_per_month").maximum or 0)


def _device_maximum(column: str, default: float) -> float:
    """The devices table's upper bound of an optional column, or `default` while the table has no such column."""
    spec = next((c for c in TABLES["devices"].columns if c.name == column), None)
    return default if spec is None or spec.maximum is None else float(spec.maximum)


WAGE_LOADING = _device_maximum("wage_loading", 10.0)
PHYSICIAN_MINUTES = _device_maximum("physician_minutes_per_session", MINUTES)
OPEN_DAYS_PER_MONTH = _device_maximum("open_days_per_month", 31.0)
MAX_YEARS = 100.0  # years after the course for maintenance totals
MAX_SEASONAL_FACTOR = 1e6
MAX_SESSIONS_PER_PATIENT = 1000.0
MAX_DRAWS = 200_000  # ten times the app's 20,000; more only costs memory
TINY = 1e-9


class ArgumentError(Exception):
    """A bad command-line value; its message is printed as one line."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ArgumentError(message)


def short(text: str) -> str:
    """A command-line value as a message shows it: at most 40 characters."""
    return f"{text[:40]}..." if len(text) > 40 else text


def shown(text: str) -> str:
    return f"'{short(text)}'"


def number_flag(
    minimum: float = 0.0, *, integer: bool = False, above: bool = False, maximum: float | None = None
) -> Callable[[str], float]:
    """A parser of one numeric flag: finite, at least (or above) `minimum`, at most `maximum`.

    A non-zero value smaller than TINY is refused too: dividing by it overflows (1e-320 sessions a month).
    """

    def parse(text: str) -> float:
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{shown(text)} is not a {'whole ' if integer else ''}number") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{shown(text)} is not a finite number")
        if value < minimum or (above and value == minimum):
            raise argparse.ArgumentTypeError(
                f"{short(text)} must be {'more than' if above else 'at least'} {minimum:g}"
            )
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(f"{short(text)} must be at most {maximum:g}")
        if value and abs(value) < TINY:
            raise argparse.ArgumentTypeError(f"{short(text)} is too small to compute with; use 0 or at least {TINY:g}")
        return value

    return parse


def percent_flag(text: str) -> float:
    value = number_flag()(text)
    if value > 100:
        raise argparse.ArgumentTypeError(f"{short(text)} must be a percentage between 0 and 100")
    return value


def package_flag(text: str) -> Package:
    size, sep, price = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"{shown(text)} should be SIZE:PRICE, e.g. 3:800")
    return Package(int(number_flag(2, integer=True, maximum=SESSIONS)(size)), money_flag(price))


def years_flag(text: str) -> tuple[int, ...]:
    years = tuple(int(number_flag(1, integer=True, maximum=MAX_YEARS)(part.strip())) for part in text.split(","))
    if len(set(years)) != len(years):
        raise argparse.ArgumentTypeError(f"{shown(text)} repeats a year")
    return years


def currency_flag(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a 3-letter ISO currency code")
    return code


def known_currency(flag: str, code: str, known: Sequence[str]) -> str:
    """`code` when the exchange-rate table has it; else an ArgumentError naming `flag` and the known codes."""
    if code not in known:
        raise ArgumentError(
            f"argument {flag}: unknown currency {shown(code)}, not in the exchange-rate table; "
            f"known: {', '.join(known)}"
        )
    return code


def data_folder_flag(text: str) -> Path:
    """A folder that exists and can be read (its tables are checked when they are loaded)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the folder name is empty")
    folder = Path(text)
    try:
        if not folder.exists():
            raise argparse.ArgumentTypeError(f"folder {shown(text)} does not exist")
        if not folder.is_dir():
            raise argparse.ArgumentTypeError(f"{shown(text)} is not a folder")
        next(folder.iterdir(), None)
    except OSError as exc:  # a name too long, a folder without read permission
        raise argparse.ArgumentTypeError(f"folder {shown(text)} cannot be read ({exc.strerror or exc})") from None
    return folder


def money_flag(text: str) -> float:
    return number_flag(maximum=MONEY)(text)


def seasonality_flag(text: str) -> tuple[float, ...]:
    factors = tuple(number_flag(maximum=MAX_SEASONAL_FACTOR)(part.strip()) for part in text.split(","))
    if len(factors) != 12 or sum(factors) <= 0:
        raise argparse.ArgumentTypeError(f"{shown(text)} should be 12 comma-separated factors >= 0, January first")
    return factors


def month_flag(text: str) -> int:
    value = int(number_flag(1, integer=True)(text))
    if value > 12:
        raise argparse.ArgumentTypeError(f"{short(text)} must be a month between 1 and 12")
    return value


def choice_flag(options: Sequence[str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in options:
            raise argparse.ArgumentTypeError(f"{shown(text)} is not one of {', '.join(options)}")
        return text

    return parse


def needs(args: argparse.Namespace, given: str, flags: tuple[str, ...]) -> None:
    """Raise when a flag that only refines `given` is used without it."""
    if getattr(args, given.lstrip("-").replace("-", "_")) is None:
        for flag in flags:
            value = getattr(args, flag.lstrip("-").replace("-", "_"))
            if value is not None and value is not False:
                raise ArgumentError(f"{flag} needs {given}")


def given(args: argparse.Namespace, name: str) -> bool:
    value = getattr(args, name)
    return value is not None and value is not False
