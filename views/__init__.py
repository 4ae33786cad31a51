"""The pages: one folder per page, each with page.py (the script st.Page runs) and what only it uses."""
