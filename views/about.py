"""Method and sources: how every figure is computed, and where the default data comes from."""

import streamlit as st

from ui.content import text

st.title("Method and sources")
st.markdown(text("disclaimer"))
st.markdown(text("methodology"))
