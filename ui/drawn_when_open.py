"""Tabs and expanders that draw only what is open: the first paint sends (and the browser draws) one chart instead
of every tab's, and no figure table or sources table until its expander is opened. Opening one reruns the script
(only the fragment it is in, when it is in an `st.fragment`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def lazy_tabs(labels: Sequence[str], key: str) -> Sequence[Any]:
    """`st.tabs` that remember the open tab under `key` and rerun when another is chosen (see `showing`)."""
    return st.tabs(list(labels), key=key, on_change="rerun")


OPEN_SUFFIX = ".open"  # ends the session-state key of every lazy expander (True while it is open)


def open_key(name: str) -> str:
    """The session-state key of whether the lazy expander `name` is open ('compare_sources.open')."""
    return f"{name}{OPEN_SUFFIX}"


def lazy_expander(label: str, name: str, icon: str | None = None) -> Any:
    """`st.expander` (closed at first) that remembers under `open_key(name)` whether it is open and reruns when it
    is opened or closed; draw its content only when `showing` it."""
    return st.expander(label, icon=icon, key=open_key(name), on_change="rerun")


def showing(section: Any) -> bool:
    """Whether a tab or expander is open (None: Streamlit does not track it, so it draws)."""
    return section.open is not False
