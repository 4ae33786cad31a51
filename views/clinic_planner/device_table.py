"""The Clinic planner's device table: the chosen devices' inputs, editable for the session, checked by the devices
table's own validation."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from pricing.tables.loading import PriceTables
from pricing.tables.validation import device_row_problems, validate_table
from ui.clinic_edits import (
    EDITED_FIELDS,
    EDITOR_VERSION_KEY,
    apply_edits,
    kept_edits,
    read_link_edits,
    write_link_edits,
)
from ui.user_text import markdown_text
from views.clinic_planner.fields import FIELDS
from views.clinic_planner.texts import VOLUME_NOTE

PROBLEMS_MEMO_KEY = "_clinic_problems_memo"  # (tables, signature of the edited values, problems)


def currency_label(currencies: list[str]) -> str:
    """The one currency of all rows, else 'row currency'."""
    return currencies[0] if len(set(currencies)) == 1 else "row currency"


def _stored_values() -> dict[str, dict[str, float | None]]:
    return kept_edits()


def _reset_edits() -> None:
    apply_edits(st.session_state, {})


def editor_frame(
    devices: pd.DataFrame, selected: list[str], stored: dict[str, dict[str, float | None]]
) -> pd.DataFrame:
    """The chosen devices' inputs and overheads (table values, overridden by this session's edits), indexed by
    device_id; an overhead column the table does not hold (a table kept before it existed) is empty."""
    rows = devices.reindex(columns=["name", "currency", *EDITED_FIELDS]).loc[selected].copy()
    rows = rows.astype({f: "float64" for f in EDITED_FIELDS})
    for device_id, changes in stored.items():
        if device_id in rows.index:
            for field, value in changes.items():
                if field in rows.columns:
                    rows.loc[device_id, field] = np.nan if value is None else value
    return rows


def _same(value: float | None, table_value: Any) -> bool:
    """Whether an edited cell holds the table's value (both empty counts as the same)."""
    if pd.isna(table_value):
        return value is None
    return value is not None and value == float(table_value)


def keep_edits(devices: pd.DataFrame, edited: pd.DataFrame) -> None:
    """Remember, per device, the cells that differ from the table (None for an emptied cell)."""
    stored = _stored_values()
    # An input of the table is never empty; an overhead may be (its default), or absent from an old table.
    table = devices.reindex(columns=list(EDITED_FIELDS))
    for index, row in edited.iterrows():
        device_id = str(index)
        values = {f: None if pd.isna(row[f]) else float(row[f]) for f in EDITED_FIELDS}
        changes = {f: v for f, v in values.items() if not _same(v, table.at[device_id, f])}
        if changes:
            stored[device_id] = changes
        else:
            stored.pop(device_id, None)


def edit_problems(tables: PriceTables, edited: pd.DataFrame) -> dict[str, list[str]]:
    """Problems per device id, each naming the column, found by the devices table's own validation."""
    candidate = tables.devices.set_index("device_id").loc[edited.index].copy()
    candidate[list(EDITED_FIELDS)] = edited[list(EDITED_FIELDS)].to_numpy()
    candidate = candidate.reset_index()
    typed, problems = validate_table("devices", candidate)
    problems += device_row_problems(typed)
    currencies = list(edited["currency"])
    out: dict[str, list[str]] = {}
    for problem in problems:
        if problem.row is None or problem.column not in FIELDS:
            continue
        device_id = str(candidate.loc[problem.row - 1, "device_id"])
        message = problem.message
        for field in sorted(FIELDS, key=len, reverse=True):  # room_minutes_per_session before minutes_per_session
            message = message.replace(field, FIELDS[field].label.format(c=currencies[problem.row - 1]))
        label = FIELDS[problem.column].label.format(c=currencies[problem.row - 1])
        out.setdefault(device_id, []).append(f"column **{label}**: {message}")
    return out


def checked_edits(tables: PriceTables, edited: pd.DataFrame) -> dict[str, list[str]]:
    """`edit_problems`, remembered in the session for these tables and these values (a rerun that changes
    neither, e.g. the target margin, skips the validation)."""
    signature = (list(edited.index), list(edited["currency"]), edited[list(EDITED_FIELDS)].to_numpy().tobytes())
    memo = st.session_state.get(PROBLEMS_MEMO_KEY)
    if memo is not None and memo[0] is tables and memo[1] == signature:
        remembered: dict[str, list[str]] = memo[2]
        return remembered
    problems = edit_problems(tables, edited)
    st.session_state[PROBLEMS_MEMO_KEY] = (tables, signature, problems)
    return problems


def _column_config(label_currency: str) -> dict[str, Any]:
    """The name and currency (read-only), then one number column per device input and overhead."""
    config: dict[str, Any] = {
        "name": st.column_config.TextColumn(
            "Device", disabled=True, pinned=True, width="medium", help="From the devices table."
        ),
        "currency": st.column_config.TextColumn(
            "Currency", disabled=True, width="small", help="Currency of every money column in the row."
        ),
    }
    for field, spec in FIELDS.items():
        config[field] = st.column_config.NumberColumn(
            spec.label.format(c=label_currency),
            help=spec.help.format(c=label_currency),
            min_value=spec.min_value,
            max_value=spec.max_value,
            step=spec.step,
            format=spec.format,
        )
    return config


def device_table(
    tables: PriceTables, devices: pd.DataFrame, selected: list[str]
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The editable table of the chosen devices (`devices`: the devices table indexed by device_id), its reset
    button and an error per device that cannot be computed; returns the edited inputs (indexed by device_id) and
    the problems per device id."""
    st.subheader("Your devices")
    left_out = read_link_edits(EDITED_FIELDS)
    if left_out:
        st.warning(
            "Part of the link's device edits was not used: " + markdown_text(", ".join(left_out)) + ".",
            icon=":material/warning:",
        )
    frame = editor_frame(devices, selected, _stored_values())
    version = st.session_state.get(EDITOR_VERSION_KEY, 0)
    edited = st.data_editor(
        frame,
        key=f"clinic_editor_{version}_{'_'.join(selected)}",
        hide_index=True,
        column_config=_column_config(currency_label(list(frame["currency"]))),
        column_order=["name", "currency", *EDITED_FIELDS],
        num_rows="fixed",
        width="stretch",
    )
    keep_edits(devices, edited)
    write_link_edits()
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(
        "Edits stay for this session, per device. Double-click a cell to change it; each column header explains "
        "its unit. The overhead columns after Hours available (wage loading to overhead per month) add to the cost "
        "of a session or a month; an empty one adds nothing."
    )
    left.caption(VOLUME_NOTE)
    right.button(
        "Reset to table values",
        on_click=_reset_edits,
        icon=":material/restart_alt:",
        width="stretch",
        key="clinic_reset",
        disabled=not _stored_values(),
        help="Forget this session's edits and use the devices table again.",
    )
    problems = checked_edits(tables, edited)
    for device_id, messages in problems.items():
        row = selected.index(device_id) + 1
        st.error(
            f"**{markdown_text(devices['name'][device_id])}** (row {row}) is not computed until fixed:\n\n"
            + "\n".join(f"- {m}" for m in messages),
            icon=":material/error:",
        )
    return edited, problems
