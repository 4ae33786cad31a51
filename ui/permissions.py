"""Who may change what: whether this session may save (tables, scenarios, own devices) and who signs a save.

Without any deployment setting the app is a single user's on their own machine: everyone may save.
- ``COSTDASH_READ_ONLY=1`` (also true, yes, on): a public instance. Everything is served, nothing is saved.
- Streamlit's built-in sign-in (``st.login``, OpenID Connect) configured in ``.streamlit/secrets.toml`` (an
  ``[auth]`` section): only signed-in users may save, and a save is signed with their identity (e-mail, else
  name, else the provider's subject id).

The store refuses a write this function refuses too (ui/data.py hands ``save_refusal`` to the store as its write
guard), so a page that forgets to ask still saves nothing.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

READ_ONLY_ENV = "COSTDASH_READ_ONLY"
_TRUE = {"1", "true", "yes", "on"}
READ_ONLY_SENTENCE = (
    "This copy of the dashboard is read-only (the server's COSTDASH_READ_ONLY setting): every figure and export "
    "works, but nothing can be saved here."
)
SIGN_IN_SENTENCE = "Sign in to save: on this server only signed-in users may change the price tables and scenarios."


def read_only_deployment() -> bool:
    """Whether COSTDASH_READ_ONLY asks for a read-only deployment."""
    return os.environ.get(READ_ONLY_ENV, "").strip().lower() in _TRUE


def sign_in_configured() -> bool:
    """Whether ``st.login`` is configured (an ``[auth]`` section in the app's secrets)."""
    try:
        return bool(st.secrets.get("auth"))
    except (FileNotFoundError, KeyError, OSError):  # no secrets file at all
        return False


def _user() -> Any:
    return st.user


def _identity() -> str | None:
    """The signed-in user's e-mail, else name, else subject id; None when nobody is signed in."""
    user = _user()
    if not user.get("is_logged_in"):
        return None
    for claim in ("email", "name", "sub"):
        value = user.get(claim)
        if value and str(value).strip():
            return str(value).strip()
    return None


def save_refusal() -> str | None:
    """None when this session may save; otherwise one sentence saying why not (shown beside a disabled button)."""
    if read_only_deployment():
        return READ_ONLY_SENTENCE
    if sign_in_configured() and _identity() is None:
        return SIGN_IN_SENTENCE
    return None


def signed_in_author() -> str | None:
    """The signed-in user's identity to record as a version's author, or None when nobody is signed in."""
    if not sign_in_configured():
        return None
    return _identity()


def show_save_notice() -> None:
    """The notice an editing page shows at its top when this session may not save."""
    refusal = save_refusal()
    if refusal is not None:
        st.info(refusal, icon=":material/lock:")
