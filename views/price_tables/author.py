"""Who saves: the name kept with each version of a table and shown in the history.

The signed-in identity when there is one (`ui.permissions.signed_in_author`), otherwise the name the person
types once: it is kept for the session (every view) and in this page's link (``?author=...``), so a bookmark
or a reload keeps it. Never the machine's user name.
"""

from __future__ import annotations

import streamlit as st

from store.versions import MAX_AUTHOR_LENGTH, clean_author
from ui.permissions import save_refusal, signed_in_author
from ui.user_text import markdown_text

AUTHOR_KEY = "author"  # also the query parameter


def author_for_save() -> str:
    """The author to record with a save: the signed-in user, else the name typed here ('' when none)."""
    signed = signed_in_author()
    if signed is not None:
        return clean_author(signed)
    return clean_author(st.session_state.get(AUTHOR_KEY))


def refusal() -> str | None:
    """Why this session may not save (read-only deployment, not signed in), or None."""
    return save_refusal()


def show_author() -> None:
    """The name saves are signed with: asked once (kept with the session and the link), or the signed-in user."""
    signed = signed_in_author()
    if signed is not None:
        st.caption(f"Saving as **{markdown_text(signed)}** (signed in).")
        return
    st.text_input(
        "Your name",
        key=AUTHOR_KEY,
        max_chars=MAX_AUTHOR_LENGTH,
        placeholder="e.g. Dr Ana Lopez",
        help="Kept with each version you save, import or restore, and shown in the history; asked once and kept "
        "for this session and in this page's link.",
        bind="query-params",
        persist_state="session",
    )
