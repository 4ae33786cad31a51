"""Treatment cost-comparison dashboard: microneedling vs fractional lasers, for patients and clinics.

Run: streamlit run app.py. This file only declares the pages; each view lives in views/.
"""

import time

import streamlit as st

from ui.accessibility import page_fixes
from ui.choices import drop_unusable_link_values
from ui.short_links import restore_short_link

_started = time.perf_counter()

st.set_page_config(page_title="Microneedling vs fractional laser: costs", page_icon="💉", layout="wide")

PAGES = {
    "Patients": [
        st.Page(
            "views/compare_treatments/page.py",
            title="Compare treatments",
            icon=":material/compare_arrows:",
            url_path="start",  # served at /; the name only tells it apart from the /compare page below
            default=True,
        ),
        # The same page at /compare, out of the menu: a typed or shared /compare?... link opens it (the default
        # page answers only at /, and "Page not found" was all /compare gave).
        st.Page(
            "views/compare_treatments/page.py",
            title="Compare treatments",
            icon=":material/compare_arrows:",
            url_path="compare",
            visibility="hidden",
        ),
        st.Page("views/regions/page.py", title="Regions", icon=":material/public:", url_path="regions"),
    ],
    "Clinics": [
        st.Page("views/clinic_planner/page.py", title="Clinic planner", icon=":material/calculate:", url_path="clinic"),
        st.Page(
            "views/real_world_payback/page.py",
            title="Real-world payback",
            icon=":material/trending_up:",
            url_path="real-world",
        ),
    ],
    "Data": [
        st.Page(
            "views/price_tables/page.py", title="Price tables", icon=":material/table_edit:", url_path="price-tables"
        ),
        st.Page(
            "views/method_and_sources/page.py",
            title="Method and sources",
            icon=":material/menu_book:",
            url_path="about",
        ),
    ],
}

restore_short_link()  # ?s=<id>: the kept view's query parameters, before any widget reads the URL
drop_unusable_link_values()  # a link's inf or 1e999 would stop the page before its own checks run
page_fixes()  # the sidebar menu read as lists by screen readers (Streamlit draws it as one broken list)
st.navigation(PAGES, position="sidebar").run()
# Script time of this run, read by bench/app_reruns.py (a finished run only; st.stop() skips it).
st.session_state["_script_seconds"] = time.perf_counter() - _started
