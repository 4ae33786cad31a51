"""The baseline page for the browser benchmark: a title, a select box and one Plotly chart, nothing else.

Run by bench/browser.py with `streamlit run bench/bare_page.py`; a view's time to settled is compared with this
page's time to its chart drawn, and a view's control change with this page redrawing its chart after the select
box changes, both measured in the same run.
"""

import plotly.graph_objects as go
import streamlit as st

SERIES = {"First": [3, 1, 2], "Second": [1, 2, 3], "Third": [2, 3, 1]}

st.title("Bare page")
chosen = st.selectbox("Series", list(SERIES), key="bare_series")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=SERIES[chosen])), key="bare_chart")
