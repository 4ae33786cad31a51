"""Skin-type cautions and contraindications from the safety table, near the options they concern."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pricing.tables.loading import PriceTables
from ui.user_text import markdown_text

TOPIC_TITLES = {
    "skin_type": "Darker skin (Fitzpatrick IV-VI)",
    "contraindication": "Not for",
    "side_effect": "Side effects",
}


def cautions_by_option(tables: PriceTables, option_ids: list[str]) -> dict[str, list[str]]:
    """Caution sentences per option (its own first, then those for all options)."""
    safety = tables.safety
    return {o: list(safety.loc[safety["option_id"] == o, "text"]) for o in option_ids}


def show_cautions(tables: PriceTables, option_ids: list[str], names: pd.Series) -> None:
    """An expander per option with its skin-type, contraindication and side-effect notes and sources."""
    safety = tables.safety
    general = safety[safety["option_id"] == "all"]
    st.markdown("#### Skin type and safety notes")
    for option_id in option_ids:
        own = safety[safety["option_id"] == option_id]
        with st.expander(f"{markdown_text(names.get(option_id, option_id))}: cautions"):
            for topic, title in TOPIC_TITLES.items():
                items = own[own["topic"] == topic]
                if len(items):
                    st.markdown(f"**{title}**")
                    st.text("\n".join(f"- {i.text} ({i.quality}, {i.year})" for i in items.itertuples()))
            if len(general):
                st.markdown("**For every option**")
                st.text("\n".join(f"- {item.text}" for item in general.itertuples()))
