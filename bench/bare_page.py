"""The baseline page for the browser benchmark: a title and one Plotly chart, nothing else.

Run by bench/browser.py with `streamlit run bench/bare_page.py`; a view's time to its last chart is
compared with this page's time, measured in the same run.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), key="bare_chart")
