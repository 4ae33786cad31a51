"""The Scenarios tab of the Price tables page: save the dashboard's choices under a name, and list, share,
load, rename or delete the saved ones, kept in the same store as the tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from pricing.tables.loading import PriceTables
from store import ScenarioInfo, ScenarioStore, StoreError
from ui.data import table_store
from ui.permissions import signed_in_author
from ui.table_drafts import PREFIX, session_state
from ui.user_text import markdown_text
from views.price_tables.confirm import confirm_popover
from views.price_tables.context import PageContext
from views.price_tables.drafts import flash
from views.price_tables.scenarios import (
    CLINIC_ONLY_KEYS,
    CLINIC_PATH,
    app_base_url,
    apply_choices,
    current_choices,
    describe,
    share_url,
    url_labels,
)

PAGE_PATH = "price-tables"  # this page's url_path in app.py
NAME_KEY = f"{PREFIX}.scenario.name"
PICK_KEY = f"{PREFIX}.scenario.pick"
NEW_NAME_KEY = f"{PREFIX}.scenario.new_name"
OVERWRITE_KEY = f"{PREFIX}.scenario.overwrite"
T = TypeVar("T")


# --- actions (run as button callbacks, before the page draws) ----------------------------------------


def _scenarios() -> ScenarioStore:
    return ScenarioStore(table_store().db)


def _in_store(failed: str, act: Callable[[ScenarioStore], T], done: Callable[[T], str]) -> None:
    """Run ``act`` on the scenario store, then say ``done`` of its result; when the store refuses or fails,
    say so ("Scenario not ``failed``: ...")."""
    try:
        result = act(_scenarios())
    except StoreError as exc:
        flash("error", f"Scenario not {failed}: {exc}")
        return
    flash("success", done(result))


def _pick(info: ScenarioInfo, typed_key: str, message: str) -> str:
    """Choose the scenario just saved or renamed, and empty the name typed for it."""
    state = session_state()
    state[typed_key] = ""
    state[PICK_KEY] = info.name
    return message


def _unpick(message: str) -> str:
    session_state().pop(PICK_KEY, None)
    return message


def save_scenario() -> None:
    state = session_state()
    name, overwrite = str(state.get(NAME_KEY, "")), bool(state.get(OVERWRITE_KEY))
    _in_store(
        "saved",
        lambda store: store.save(name, current_choices(state), overwrite=overwrite, owner=signed_in_author()),
        lambda info: _pick(info, NAME_KEY, f"Saved scenario '{info.name}'."),
    )


def load_scenario(name: str) -> None:
    _in_store(
        "loaded",
        lambda store: store.load(name),
        lambda choices: (
            f"Loaded scenario '{name}' ({len(apply_choices(session_state(), choices))} choices); "
            "the other views now use them."
        ),
    )


def rename_scenario(name: str) -> None:
    new_name = str(session_state().get(NEW_NAME_KEY, ""))
    _in_store(
        "renamed",
        lambda store: store.rename(name, new_name, owner=signed_in_author()),
        lambda info: _pick(info, NEW_NAME_KEY, f"Renamed '{name}' to '{info.name}'."),
    )


def delete_scenario(name: str) -> None:
    _in_store(
        "deleted",
        lambda store: store.delete(name, owner=signed_in_author()),
        lambda _: _unpick(f"Deleted scenario '{name}'."),
    )


# --- the tab --------------------------------------------------------------------------------------------


def show_scenarios(page: PageContext) -> None:
    st.markdown(
        "A scenario is a named set of the dashboard's choices (region, indication, currency, options, "
        "downtime value, extras and the clinic's choices), kept in the same store as the tables."
    )
    left, right = st.columns(2)
    with left:
        _show_save()
    with right:
        _show_saved(page.loaded.tables)


def _show_save() -> None:
    """The choices in force, and saving them under a name."""
    choices_now = current_choices(session_state())
    st.markdown("#### Save your current choices")
    if choices_now:
        st.dataframe(
            pd.DataFrame(describe(choices_now)),
            hide_index=True,
            width="stretch",
            key=f"{PREFIX}.scenario.now",
        )
    else:
        st.info(
            "No choices yet: pick a region, options and so on in Compare treatments or the Clinic planner first.",
            icon=":material/info:",
        )
    st.text_input(
        "Scenario name",
        key=NAME_KEY,
        max_chars=200,
        placeholder="e.g. UK acne scars, lasers only",
        help="Names are unique, ignoring case and extra spaces.",
    )
    st.checkbox(
        "Replace a scenario with the same name",
        key=OVERWRITE_KEY,
        help="Without this, saving under a name that exists is refused.",
    )
    st.button(
        "Save scenario",
        key=f"{PREFIX}.scenario.save",
        on_click=save_scenario,
        icon=":material/bookmark_add:",
        disabled=not choices_now,
        help="Saves the choices listed above under the name."
        if choices_now
        else "Not possible now: there are no choices to save yet.",
    )


def _show_saved(tables: PriceTables) -> None:
    """The saved scenarios: the chosen one's choices and link, and loading, renaming or deleting it."""
    st.markdown("#### Saved scenarios")
    try:
        saved = _scenarios().list_scenarios()
    except StoreError as exc:
        saved = []
        st.error(str(exc), icon=":material/error:")
    if not saved:
        st.caption("None yet.")
        return
    names_saved = [s.name for s in saved]
    if st.session_state.get(PICK_KEY) not in names_saved:
        st.session_state[PICK_KEY] = names_saved[0]
    times = {s.name: s.updated_at.strftime("%Y-%m-%d %H:%M UTC") for s in saved}
    name: str = st.selectbox(
        "Scenario",
        names_saved,
        key=PICK_KEY,
        format_func=lambda n: f"{n} (saved {times[n]})",
        help="The scenario to load, share, rename or delete.",
    )
    try:
        picked = _scenarios().load(name)
    except StoreError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.dataframe(pd.DataFrame(describe(picked)), hide_index=True, width="stretch", key=f"{PREFIX}.scenario.picked")
    st.markdown(
        "**Share**: this link opens Compare treatments with the scenario's region, "
        "indication, currency, options, downtime value and extras."
    )
    base, labels = app_base_url(st.context.url, PAGE_PATH), url_labels(tables, picked)
    st.code(share_url(base, picked, labels), language=None, wrap_lines=True)
    if any(key in picked for key in CLINIC_ONLY_KEYS):
        st.markdown(
            "This link opens the Clinic planner with the scenario's region, devices, target margin, open days and "
            "device edits."
        )
        st.code(share_url(base, picked, labels, CLINIC_PATH), language=None, wrap_lines=True)
    _show_actions(name)


def _show_actions(name: str) -> None:
    b1 = b2 = st.container(horizontal=True, vertical_alignment="center")
    b1.button(
        "Load scenario",
        key=f"{PREFIX}.scenario.load",
        on_click=load_scenario,
        args=(name,),
        type="primary",
        icon=":material/upload:",
        help="Sets your choices in every view to the scenario's.",
    )
    b2.page_link(
        "views/compare_treatments/page.py",
        label="Open Compare treatments",
        icon=":material/compare_arrows:",
        help="See the figures for the choices now in force.",
    )
    st.text_input("New name", key=NEW_NAME_KEY, max_chars=200, help="A new name for the chosen scenario.")
    b3 = b4 = st.container(horizontal=True)
    b3.button(
        "Rename",
        key=f"{PREFIX}.scenario.rename",
        on_click=rename_scenario,
        args=(name,),
        icon=":material/edit:",
        disabled=not str(st.session_state.get(NEW_NAME_KEY, "")).strip(),
        help="Gives the chosen scenario the new name typed above.",
    )
    confirm_popover(
        b4,
        "Delete",
        icon=":material/delete:",
        help="Delete the chosen scenario (asks first).",
        question=f"Delete the scenario **{markdown_text(name)}**? This cannot be undone.",
        confirm="Yes, delete it",
        key=f"{PREFIX}.scenario.delete",
        on_click=delete_scenario,
        args=(name,),
        confirm_help="Removes the scenario from the store.",
    )
