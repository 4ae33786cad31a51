import streamlit as st

st.title('clinic')
st.info('This view is being built.')
