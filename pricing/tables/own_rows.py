"""An owner's own rows in a table: figures they entered, kept beside the sourced defaults and marked as theirs.

An own row is never an estimate: its source says "your figures", its year is the day it was saved, and its
note names the row it started from, so the provenance column tells the owner's figures from the cited ones.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

OWN_SOURCE = "your figures"
OWN_QUALITY = "[own]"
OWN_SUFFIX = "_mine"
OWN_NAME_SUFFIX = " (mine)"


def own_device_id(device_id: str) -> str:
    """The id of a device's own row: 'co2' -> 'co2_mine'; an own row keeps its id.

    >>> own_device_id("co2"), own_device_id("co2_mine")
    ('co2_mine', 'co2_mine')
    """
    return device_id if device_id.endswith(OWN_SUFFIX) else f"{device_id}{OWN_SUFFIX}"


def with_own_devices(
    devices: pd.DataFrame, edited: pd.DataFrame, columns: Sequence[str], saved_on: date
) -> tuple[pd.DataFrame, list[str]]:
    """The devices table with one own row per row of ``edited`` (indexed by device_id, holding ``columns``), and
    the own rows' ids in ``edited``'s order.

    A device's own row (id + '_mine', name + ' (mine)') is added right after it, or replaces the own row saved
    before; an own row that was edited is updated in place. Every other row is left exactly as it was.

    >>> table = pd.DataFrame({"device_id": ["co2", "pen"], "name": ["CO2", "Pen"], "price_per_session": [900.0, 300.0],
    ...     "source": ["dealer", "clinic"], "year": ["2024", "2025"], "quality": ["[dealer]", "[clinic]"],
    ...     "estimate": [True, False], "note": ["", ""]})
    >>> edited = pd.DataFrame({"price_per_session": [1000.0]}, index=["co2"])
    >>> out, ids = with_own_devices(table, edited, ["price_per_session"], date(2026, 12, 5))
    >>> ids, list(out["device_id"]), list(out["price_per_session"]), out.loc[1, "source"], bool(out.loc[1, "estimate"])
    (['co2_mine'], ['co2', 'co2_mine', 'pen'], [900.0, 1000.0, 300.0], 'your figures', False)
    """
    table = devices.reset_index(drop=True).copy()
    own_ids: list[str] = []
    for device_id, values in edited[list(columns)].iterrows():
        source_id = str(device_id)
        own_id = own_device_id(source_id)
        base = table.index[table["device_id"] == source_id]
        if base.empty:
            raise KeyError(f"no device {source_id!r} in the devices table")
        row = table.loc[base[0]].copy()
        row[list(columns)] = values.to_numpy()
        row["device_id"] = own_id
        if own_id != source_id:
            row["name"] = f"{row['name']}{OWN_NAME_SUFFIX}"
            row["note"] = (
                f"Saved from the Clinic planner on {saved_on.isoformat()}, starting from the row '{source_id}'."
            )
        else:
            row["note"] = f"Saved from the Clinic planner on {saved_on.isoformat()}."
        row["source"], row["year"], row["quality"] = OWN_SOURCE, str(saved_on.year), OWN_QUALITY
        row["estimate"] = False if table["estimate"].dtype == bool else "no"
        existing = table.index[table["device_id"] == own_id]
        if not existing.empty:
            table.loc[existing[0]] = row
        else:
            at = int(base[0]) + 1
            table = pd.concat([table.iloc[:at], row.to_frame().T, table.iloc[at:]], ignore_index=True)
        own_ids.append(own_id)
    return table.astype(devices.dtypes.to_dict()), own_ids


# --- own prices (issue 17): a price the owner entered, and the estimated packages that follow it ----------------

OWN_PRICE_SOURCE = "your price"
PRICE_COLUMNS: tuple[str, ...] = ("price_low", "price_typical", "price_high")
DERIVED_PACKAGE_QUALITY = "[EST]"  # a bundle estimated from the single price (e.g. "3 x typical x (1 - 12.5 %)")
_PRICE_KEY = ("region_id", "option_id")
_PACKAGE_KEY = ("region_id", "option_id", "package_sessions")
_FOLLOWS = re.compile(r"^Follows your price \([^)]*\); ")


@dataclass(frozen=True)
class PackageMove:
    """A package whose price follows an own single price: key, currency, price before and after."""

    region_id: str
    option_id: str
    package_sessions: int
    currency: str
    old_price: float
    new_price: float


@dataclass(frozen=True)
class OwnPrices:
    """The prices with the owner's rows marked, the packages with the derived ones moved, and what moved."""

    prices: pd.DataFrame
    packages: pd.DataFrame
    own_keys: tuple[tuple[str, str], ...]  # (region_id, option_id) of the rows marked "your price" now
    moved: tuple[PackageMove, ...]


def is_derived_package(quality: object) -> bool:
    """Whether a package row was estimated from the single price (its quality is only "[EST]"), so it follows that
    price; a package with a source of its own (a clinic's bundle) keeps its price.

    >>> is_derived_package("[EST]"), is_derived_package("[clinic] (GitHub copy); expiry [EST]")
    (True, False)
    """
    return str(quality or "").strip().upper() == DERIVED_PACKAGE_QUALITY


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number


def _price_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Low, typical and high of each row as floats (NaN where a cell is empty or not a number)."""
    numbers: pd.DataFrame = frame[list(PRICE_COLUMNS)].apply(pd.to_numeric, errors="coerce").astype("float64")
    return numbers


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _yes_no(estimate: pd.Series, yes: bool) -> bool | str:
    return yes if estimate.dtype == bool else ("yes" if yes else "no")


def with_own_prices(
    old_prices: pd.DataFrame, new_prices: pd.DataFrame, packages: pd.DataFrame, saved_on: date
) -> OwnPrices:
    """Mark the prices the owner changed as theirs and move the packages derived from them.

    A row of ``new_prices`` is the owner's when one of its prices (low, typical, high) differs from the row with
    the same region and option in ``old_prices`` (or the row is new) while its source and quality were left as
    they were (or its source already says "your price"): its source becomes "your price", quality "[own]",
    estimate "no", year the date it was saved, and its note says what it was before. A row whose source the
    owner changed keeps what they wrote.

    Packages of the same region, option and currency whose quality is only "[EST]" (estimated from the single
    price) follow a changed typical price by the same ratio: ``package_price x new typical / old typical``,
    rounded to cents; packages with a source of their own stay as they are. Money is in each row's currency.

    Worked example: the typical price of US / co2 goes from 1,000 to 1,200 USD; its estimated 3-pack 2,625 (3 x
    1,000 x (1 - 12.5 %)) becomes 2,625 x 1.2 = 3,150, and a clinic's sourced 3-pack 2,550 stays.

    >>> prov = {"source": "s", "year": "2025", "quality": "[clinic]", "estimate": "no", "note": ""}
    >>> old = pd.DataFrame([{"region_id": "US", "option_id": "co2", "price_low": 800.0, "price_typical": 1000.0,
    ...     "price_high": 1500.0, "currency": "USD", **prov}])
    >>> new = old.assign(price_typical=1200.0)
    >>> packs = pd.DataFrame([{"region_id": "US", "option_id": "co2", "package_sessions": 3, "package_price": p,
    ...     "currency": "USD", **prov, "quality": q} for p, q in ((2625.0, "[EST]"), (2550.0, "[clinic]"))])
    >>> out = with_own_prices(old, new, packs, date(2026, 5, 14))
    >>> out.prices.loc[0, ["source", "quality", "estimate", "year"]].tolist()
    ['your price', '[own]', 'no', '2026-05-14']
    >>> out.packages["package_price"].tolist(), [(m.package_sessions, m.old_price, m.new_price) for m in out.moved]
    ([3150.0, 2550.0], [(3, 2625.0, 3150.0)])
    """
    prices = new_prices.copy()
    moved_packages = packages.copy()
    keys = pd.MultiIndex.from_arrays([prices["region_id"].astype(str), prices["option_id"].astype(str)])
    old_keyed = old_prices.set_axis(
        pd.MultiIndex.from_arrays([old_prices["region_id"].astype(str), old_prices["option_id"].astype(str)])
    )
    old_keyed = old_keyed[~old_keyed.index.duplicated()]  # first row of a key wins
    new_numbers = _price_numbers(prices).to_numpy()
    old_numbers = _price_numbers(old_keyed).reindex(keys).to_numpy()
    same = ((new_numbers == old_numbers) | (np.isnan(new_numbers) & np.isnan(old_numbers))).all(axis=1)
    old_positions = old_keyed.index.get_indexer(keys)  # -1: a new row
    known = old_positions >= 0
    own_keys: list[tuple[str, str]] = []
    ratios: dict[tuple[str, str, str], tuple[float, float]] = {}
    for position in np.flatnonzero(~(known & same)):  # only rows whose prices changed, or new rows
        index = prices.index[int(position)]
        row = prices.iloc[int(position)]
        key = (str(row["region_id"]), str(row["option_id"]))
        new_values = [float(v) for v in new_numbers[position]]
        if known[position]:
            old = old_keyed.iloc[int(old_positions[position])]
            old_values = [float(v) for v in old_numbers[position]]
            marked = _text(row["source"]) == OWN_PRICE_SOURCE  # marked already (an import taken into the editor)
            if not marked and any(_text(row[c]) != _text(old[c]) for c in ("source", "quality")):
                continue  # the owner gave the row a source of their own
            was = " / ".join(f"{v:,.2f}" for v in old_values)
            note = f"Your price, entered on {saved_on.isoformat()}; before: {was} {_text(old['currency'])} "
            note += f"({_text(old['quality'])}, {_text(old['year'])})."
            if _text(old["currency"]) == _text(row["currency"]) and old_values[1] > 0 and new_values[1] > 0:
                ratios[(*key, _text(row["currency"]))] = (old_values[1], new_values[1])
        elif _text(row["source"]).strip() and _text(row["source"]) != OWN_PRICE_SOURCE:
            continue  # a new row that cites its source
        else:
            note = f"Your price, entered on {saved_on.isoformat()}."
        prices.loc[index, ["source", "year", "quality", "note"]] = [
            OWN_PRICE_SOURCE,
            saved_on.isoformat(),
            OWN_QUALITY,
            note,
        ]
        prices.loc[index, "estimate"] = _yes_no(prices["estimate"], False)
        own_keys.append(key)
    moved: list[PackageMove] = []
    package_keys = zip(
        moved_packages["region_id"].astype(str),
        moved_packages["option_id"].astype(str),
        moved_packages["currency"].astype(str),
        strict=True,
    )
    follows = np.array([k in ratios for k in package_keys], dtype=bool)
    derived = moved_packages["quality"].map(is_derived_package).to_numpy(dtype=bool)
    for index in moved_packages.index[follows & derived]:
        row = moved_packages.loc[index]
        ratio = ratios[(str(row["region_id"]), str(row["option_id"]), _text(row["currency"]))]
        old_price = _number(row["package_price"])
        if math.isnan(old_price):
            continue
        new_price = round(old_price * ratio[1] / ratio[0], 2)
        moved_packages.loc[index, "package_price"] = new_price
        kept_note = _FOLLOWS.sub("", _text(row["note"]))
        factor = f"x {ratio[1]:,.2f} / {ratio[0]:,.2f}"
        moved_packages.loc[index, "note"] = f"Follows your price ({saved_on.isoformat()}, {factor}); {kept_note}"
        sessions = _number(row["package_sessions"])
        moved.append(
            PackageMove(
                str(row["region_id"]),
                str(row["option_id"]),
                int(sessions) if not math.isnan(sessions) else 0,
                _text(row["currency"]),
                old_price,
                new_price,
            )
        )
    return OwnPrices(
        prices.astype(new_prices.dtypes.to_dict()),
        moved_packages.astype(packages.dtypes.to_dict()),
        tuple(own_keys),
        tuple(moved),
    )
