"""Tables of the Compare view's "Beyond the course" section: shown with a CSV download, and as printable text."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from ui.export import people_table, table_csv

OPTION_COLUMN_PX = 240  # the longest option name, pinned, still leaves room for a figure on a phone


def months_text(months: float) -> str:
    """'1 month', '12 months', '1.5 months'."""
    return f"{months:g} month{'s' if months != 1 else ''}"


def printable(frame: pd.DataFrame, decimals: int = 0) -> pd.DataFrame:
    """Text cells for the printable summary: numbers with thousands separators, yes/no, n/a for missing."""

    def cell(value: object) -> str:
        if isinstance(value, (bool, np.bool_)):
            return "yes" if value else "no"
        if isinstance(value, (int, np.integer)):
            return f"{value:,}"
        if isinstance(value, (float, np.floating)):
            return "n/a" if np.isnan(value) else f"{value:,.{decimals}f}"
        return str(value)

    return frame.map(cell)


def show_table(
    frame: pd.DataFrame,
    currency: str,
    file_name: str,
    key: str,
    decimals: int = 0,
    csv: pd.DataFrame | None = None,
    column_help: Mapping[str, str] | None = None,
) -> None:
    """A table (option names pinned, money columns with thousands separators) and its CSV download (`csv`
    when the download holds more than is shown, e.g. low and high as numbers); money rounded as downloaded."""
    frame = people_table(frame)
    config: dict[str, ColumnConfig] = {"Option": st.column_config.TextColumn(pinned=True, width=OPTION_COLUMN_PX)}
    money_format = f"%,.{decimals}f" if decimals else "localized"  # "%,.0f" prints no separators
    config |= {
        c: st.column_config.NumberColumn(format=money_format)
        for c in frame.columns
        if f"({currency})" in c and pd.api.types.is_numeric_dtype(frame[c])
    }
    config |= {c: st.column_config.Column(help=h) for c, h in (column_help or {}).items()}
    st.dataframe(frame, hide_index=True, width="stretch", key=f"{key}_table", column_config=config)
    st.download_button(
        "Download table (CSV)",
        table_csv(frame if csv is None else csv),
        file_name,
        "text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )
