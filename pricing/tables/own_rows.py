"""An owner's own rows in a table: figures they entered, kept beside the sourced defaults and marked as theirs.

An own row is never an estimate: its source says "your figures", its year is the day it was saved, and its
note names the row it started from, so the provenance column tells the owner's figures from the cited ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

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
