import streamlit as st

st.title('price_tables')
st.info('This view is being built.')
