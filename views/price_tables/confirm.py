"""A button that asks first: a popover with the question and the one button that does it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def confirm_popover(
    where: DeltaGenerator,
    label: str,
    *,
    icon: str,
    help: str,
    question: str,
    confirm: str,
    key: str,
    on_click: Callable[..., None],
    args: tuple[Any, ...],
    confirm_help: str,
    disabled: bool = False,
) -> None:
    """A popover button ``label`` in ``where`` holding ``question`` and the primary button ``confirm``, which
    runs ``on_click(*args)`` as its callback."""
    with where.popover(label, icon=icon, disabled=disabled, help=help):
        st.markdown(question)
        st.button(confirm, key=key, on_click=on_click, args=args, type="primary", help=confirm_help)
