"""Tabs that draw only the open one: the first paint sends (and the browser draws) one chart instead of every
tab's, and switching tabs reruns only the fragment the tabs are in (put them in an `st.fragment`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def lazy_tabs(labels: Sequence[str], key: str) -> Sequence[Any]:
    """`st.tabs` that remember the open tab under `key` and rerun when another is chosen (see `showing`)."""
    return st.tabs(list(labels), key=key, on_change="rerun")


def showing(tab: Any) -> bool:
    """Whether a tab is open (None: Streamlit does not track it, so every tab draws)."""
    return tab.open is not False
