"""The Clinic planner's device edits, kept where an owner expects them back: in the session (Real-world payback
reads them too), in a saved scenario and in the page's link.

The edits are ``{device_id: {field: value, None for an emptied cell}}``, only the cells that differ from the
devices table. In a link they travel as one query parameter, ``edits=co2.sessions_per_month:6,co2.commission_pct:``
(an empty value is an emptied cell). Whatever comes from outside (a link, a saved scenario) is checked by
`clean_edits` before a widget sees it: unknown devices or fields and values that are not finite numbers are left
out and named, never raised.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, MutableMapping
from dataclasses import fields
from typing import Any

import streamlit as st

from pricing.clinic.device import INPUT_FIELDS, LoadedCosts
from pricing.tables.schema import TABLES

VALUES_KEY = "clinic_device_values"  # {device_id: {input or overhead field: edited value, None if emptied}}
EDITOR_VERSION_KEY = "clinic_editor_version"  # bumped to redraw the editor from VALUES_KEY
QUERY_KEY = "edits"  # the link's query parameter
_APPLIED_KEY = "_clinic_edits_in_link"  # the link text last read or written, so a rerun does not re-read it

Edits = dict[str, dict[str, float | None]]

# The devices table's overhead columns (LoadedCosts fields, in the table's column order): optional, an empty cell
# is LoadedCosts' no-op default.
OVERHEAD_FIELDS: tuple[str, ...] = tuple(
    c for c in TABLES["devices"].column_names if c in {f.name for f in fields(LoadedCosts)}
)
# Every column of a device the planner's editor shows (and an edit may change), in its order.
EDITED_FIELDS: tuple[str, ...] = (*INPUT_FIELDS, *OVERHEAD_FIELDS)


def _number(value: Any) -> float | None:
    """A finite float, None for an empty cell; ValueError otherwise (inf, NaN, text, true/false)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def clean_edits(raw: Any, fields: Collection[str]) -> tuple[Edits, list[str]]:
    """The usable part of ``raw`` (from a link or a saved scenario) and a description of each part left out.

    >>> raw = {"co2": {"sessions_per_month": 6, "apr_pct": "inf", "colour": 1}}
    >>> clean_edits(raw, ["sessions_per_month", "apr_pct"])
    ({'co2': {'sessions_per_month': 6.0}}, ['co2.apr_pct (not a number: inf)', 'co2.colour (no such column)'])
    """
    if not isinstance(raw, Mapping):
        return {}, [] if raw in (None, "", {}) else ["the edits (not a table of devices)"]
    kept: Edits = {}
    left_out: list[str] = []
    for device_id, changes in raw.items():
        if not isinstance(changes, Mapping):
            left_out.append(f"{device_id} (not a set of columns)")
            continue
        for field, value in changes.items():
            if field not in fields:
                left_out.append(f"{device_id}.{field} (no such column)")
                continue
            try:
                kept.setdefault(str(device_id), {})[str(field)] = _number(value)
            except (TypeError, ValueError):
                left_out.append(f"{device_id}.{field} (not a number: {value})")
    return kept, left_out


def edits_to_query(edits: Mapping[str, Mapping[str, float | None]]) -> str:
    """'co2.sessions_per_month:6,co2.commission_pct:' (values as short as they are exact; '' when no edit).

    >>> edits_to_query({"co2": {"sessions_per_month": 6.0, "commission_pct": None}, "mn_pen": {"apr_pct": 7.25}})
    'co2.sessions_per_month:6,co2.commission_pct:,mn_pen.apr_pct:7.25'
    """
    parts = []
    for device_id, changes in edits.items():
        for field, value in changes.items():
            shown = "" if value is None else (str(int(value)) if float(value).is_integer() else repr(float(value)))
            parts.append(f"{device_id}.{field}:{shown}")
    return ",".join(parts)


def edits_from_query(text: str) -> dict[str, dict[str, str]]:
    """The link's text as ``{device_id: {field: value text}}``, before `clean_edits` checks it; a part without
    the 'device.field:value' shape is kept under the device '?' so that it is named as left out.

    >>> edits_from_query("co2.sessions_per_month:6,co2.commission_pct:,junk")
    {'co2': {'sessions_per_month': '6', 'commission_pct': ''}, '?': {'junk': ''}}
    """
    parsed: dict[str, dict[str, str]] = {}
    for part in filter(None, text.split(",")):
        key, colon, value = part.partition(":")
        device_id, dot, field = key.partition(".")
        if not (colon and dot and device_id and field):
            parsed.setdefault("?", {})[part] = ""
            continue
        parsed.setdefault(device_id, {})[field] = value
    return parsed


def kept_edits() -> Edits:
    """This session's edits (the dict itself: the planner updates it in place)."""
    stored: Edits = st.session_state.setdefault(VALUES_KEY, {})
    return stored


def apply_edits(state: MutableMapping[str, Any] | Any, edits: Edits) -> None:
    """Make ``edits`` the session's edits (``state``: a session state) and redraw the editor from them."""
    state[VALUES_KEY] = edits
    state[EDITOR_VERSION_KEY] = int(state.get(EDITOR_VERSION_KEY, 0)) + 1


def read_link_edits(fields: Collection[str]) -> list[str]:
    """Take the link's edits into the session when the link carries ones this session has not read yet; returns
    what was left out of them (to say so on the page)."""
    text = st.query_params.get(QUERY_KEY)
    if text is None or text == st.session_state.get(_APPLIED_KEY):
        return []
    edits, left_out = clean_edits(edits_from_query(text), fields)
    apply_edits(st.session_state, edits)
    st.session_state[_APPLIED_KEY] = text
    return left_out


def write_link_edits() -> None:
    """Put this session's edits into the link (or take them out when there are none)."""
    text = edits_to_query(kept_edits())
    if text:
        if st.query_params.get(QUERY_KEY) != text:
            st.query_params[QUERY_KEY] = text
    elif QUERY_KEY in st.query_params:
        del st.query_params[QUERY_KEY]
    st.session_state[_APPLIED_KEY] = text or None
