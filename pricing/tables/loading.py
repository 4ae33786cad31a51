"""Loading the price tables: CSV files (or raw frames) to the nine typed, validated tables.

Nothing is returned unless every table is valid; `TableValidationError` carries every located problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from pricing.tables.schema import TABLE_NAMES, TABLES
from pricing.tables.validation import Problem, TableValidationError, validate_tables


@dataclass(frozen=True)
class PriceTables:
    """The nine validated tables, typed (numbers as float/int, text as str)."""

    options: pd.DataFrame
    indications: pd.DataFrame
    sessions: pd.DataFrame
    regions: pd.DataFrame
    prices: pd.DataFrame
    packages: pd.DataFrame
    devices: pd.DataFrame
    fx: pd.DataFrame
    safety: pd.DataFrame
    efficacy: pd.DataFrame  # chance of a good result per option and indication (pricing.patient.efficacy)

    def as_dict(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def units_per_usd(self) -> pd.Series:
        """Units of each currency for 1 USD, indexed by ISO code."""
        return self.fx.set_index("currency")["units_per_usd"]


def _finalise(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns as int64 once they are known to be valid."""
    spec = TABLES[name]
    out = frame.copy()
    for column in spec.columns:
        if column.kind == "integer":
            out[column.name] = out[column.name].astype("int64")
        elif column.kind not in ("number",):
            out[column.name] = out[column.name].astype(object).where(out[column.name].notna(), "")
    return out


def tables_from_frames(raw: Mapping[str, pd.DataFrame]) -> PriceTables:
    """Validate raw tables and return them typed; raises TableValidationError listing every problem."""
    typed, problems = validate_tables(raw)
    if problems:
        raise TableValidationError(problems)
    return PriceTables(**{name: _finalise(name, typed[name]) for name in TABLE_NAMES})


def read_table_csv(path: Path) -> pd.DataFrame:
    """Read one CSV as text cells (typing is the validator's job); OSError when ``path`` is not a regular file."""
    if path.exists() and not path.is_file():  # a named pipe (or a device) would block the read for ever
        raise OSError("not a regular file")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def read_raw_tables(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read `<folder>/<table>.csv` for every table, reporting missing or unreadable files."""
    raw: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in TABLE_NAMES:
        path = Path(folder) / f"{name}.csv"
        try:
            raw[name] = read_table_csv(path)
        except FileNotFoundError:
            problems.append(Problem(name, None, None, f"file not found: {path}"))
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as exc:
            problems.append(Problem(name, None, None, f"cannot read {path.name}: {exc}".splitlines()[0]))
    return raw, problems


DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def load_tables(folder: Path | str = DEFAULT_DATA_DIR) -> PriceTables:
    """Read and validate the nine CSV tables in a folder; raises TableValidationError on any problem."""
    raw, problems = read_raw_tables(Path(folder))
    if problems:
        raise TableValidationError(problems)
    return tables_from_frames(raw)
