import streamlit as st

st.title('regions')
st.info('This view is being built.')
