"""Method and sources: how every figure is computed, and where the default data comes from."""

import streamlit as st

from ui.content import readme_section, text


def render() -> None:
    """The page: the disclaimer, the README's method and data sections, and where each figure's source is shown."""
    st.title("Method and sources")
    st.markdown(text("disclaimer"))
    st.header("How every figure is computed")
    st.markdown(readme_section("How every figure is computed"))
    st.header("Data and sources")
    st.markdown(readme_section("Data"))
    st.markdown(
        "Each figure's own source, year and quality tag are shown beside it in the views, and every table "
        "can be downloaded with its provenance columns from **Price tables**."
    )
