"""Saving an owner's edited device rows as their own devices: new rows of the kept devices table, marked as theirs,
next to the sourced defaults they started from."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from pricing.tables.own_rows import with_own_devices
from pricing.tables.validation import validate_table
from store import StoreError
from ui.choices import DEVICES_KEY
from ui.clinic_edits import EDITED_FIELDS, apply_edits, kept_edits
from ui.data import LoadedTables, clear_table_cache, table_store
from ui.permissions import save_refusal, signed_in_author
from ui.user_text import markdown_text

FLASH_KEY = "_clinic_own_devices_flash"  # (kind, message) said once after the save's rerun


def save_own_devices(loaded: LoadedTables, edited: pd.DataFrame) -> None:
    """Save ``edited``'s rows (indexed by device_id) as the owner's own devices, as one new version of the devices
    table; the picker then shows the own rows in place of the ones they came from and the edits are done."""
    frame, own_ids = with_own_devices(loaded.tables.devices, edited, EDITED_FIELDS, date.today())
    _, problems = validate_table("devices", frame)
    if problems:
        st.session_state[FLASH_KEY] = ("error", f"Your devices were not saved: {problems[0]}")
        return
    try:
        table_store().save_table(
            "devices",
            frame,
            base_version=loaded.versions.get("devices", 0),
            note="own devices saved from the Clinic planner: " + ", ".join(own_ids),
            author=signed_in_author(),
        )
    except StoreError as exc:
        st.session_state[FLASH_KEY] = ("error", f"Your devices were not saved: {exc}")
        return
    clear_table_cache()
    renamed = dict(zip(edited.index, own_ids, strict=True))
    st.session_state[DEVICES_KEY] = list(
        dict.fromkeys(renamed.get(d, d) for d in st.session_state.get(DEVICES_KEY, []))
    )
    apply_edits(st.session_state, {})
    st.session_state[FLASH_KEY] = (
        "success",
        f"Saved {len(own_ids)} device row{'s' if len(own_ids) > 1 else ''} as your own ("
        + ", ".join(own_ids)
        + "), marked 'your figures' in the devices table; the sourced rows stay as they were.",
    )


def own_devices_button(loaded: LoadedTables, edited: pd.DataFrame, problems: dict[str, list[str]]) -> None:
    """'Save as my devices' for the edited rows that can be computed, and the outcome of the last save."""
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash is not None:
        (st.success if flash[0] == "success" else st.error)(flash[1])
    changed = [d for d in kept_edits() if d in edited.index and d not in problems]
    if (refusal := save_refusal()) is not None:
        reason = refusal
        st.caption(markdown_text(refusal))
    elif loaded.origin != "store":
        reason = "Not possible now: the kept price tables cannot be used (see the message at the top)."
    elif not changed:
        reason = "Not possible now: change a device's figures in the table first."
    else:
        reason = ""
    st.button(
        "Save as my devices",
        on_click=save_own_devices,
        args=(loaded, edited.loc[changed] if changed else edited.iloc[:0]),
        icon=":material/save:",
        key="clinic_save_own",
        disabled=bool(reason),
        help=reason
        or "Keeps the edited rows as your own devices (e.g. 'Fractional CO2 laser (mine)') in the devices table, "
        "with every column you changed: price, financing, volume, overheads. The sourced rows stay as they were.",
    )
