"""Open what the app draws only when opened (ui/drawn_when_open.py), as a person clicking every such expander."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.drawn_when_open import OPEN_SUFFIX


def with_expanders_open(at: AppTest) -> AppTest:
    """Mark every lazy expander the last run drew as open and run again (their tables and downloads are drawn)."""
    for key in [k for k in list(at.session_state.keys()) if k.endswith(OPEN_SUFFIX)]:
        at.session_state[key] = True
    return at.run()
