"""Who may change what (issue 19): COSTDASH_READ_ONLY=1 serves everything and saves nothing; with st.login
configured (an [auth] section in the secrets) only a signed-in user saves, signed with their identity. The
signed-in user is stubbed with AppTest.user; the secrets with AppTest.secrets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from hardening.hostile import APP
from store import TableStore
from ui.permissions import READ_ONLY_SENTENCE, SIGN_IN_SENTENCE

pytestmark = pytest.mark.slow  # each case runs the app in AppTest

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "id",
    "client_secret": "secret",
    "server_metadata_url": "https://login.example/.well-known/openid-configuration",
}
SIGNED_IN = {"is_logged_in": True, "email": "ana@clinic.example", "name": "Ana Lopez", "sub": "4711"}
SIGNED_OUT = {"is_logged_in": False}


def _app(user: dict[str, Any] | None = None, auth: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if auth:
        at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    return at.run()


def _store(folder: Path) -> TableStore:
    return TableStore(f"sqlite:///{folder / 'store.sqlite'}")


def _try_price_save(at: AppTest) -> AppTest:
    """Edit one US price in the Price tables editor and click Save."""
    at.switch_page("views/price_tables/page.py").run()
    at.selectbox(key="price_tables.table").set_value("prices").run()
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {0: {"price_typical": 333.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    save = next(b for b in at.button if b.key == "price_tables.save.prices")
    if not save.disabled:
        save.click().run()
    return at


def _try_own_devices_save(at: AppTest) -> AppTest:
    """Change a device's price in the Clinic planner and click "Save as my devices"."""
    at.switch_page("views/clinic_planner/page.py").run()
    editor = at.data_editor[0]
    at.session_state[editor.key] = {
        "edited_rows": {0: {"device_price": 123_456.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    button = next(b for b in at.button if b.key == "clinic_save_own")
    if not button.disabled:
        button.click().run()
    return at


def _texts(at: AppTest) -> str:
    return " ".join(e.value for kind in ("info", "warning", "error", "caption", "success") for e in at.get(kind))


def test_read_only_deployment_saves_nothing_and_says_so(app_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COSTDASH_READ_ONLY", "1")
    at = _try_price_save(_app())
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    assert READ_ONLY_SENTENCE in _texts(at)  # the notice on the editing page, and the refusal if it was clicked
    at = _try_own_devices_save(at)
    assert not at.exception
    button = next(b for b in at.button if b.key == "clinic_save_own")
    assert button.disabled and button.help == READ_ONLY_SENTENCE
    assert [v.version_no for v in _store(app_store).history("prices")] == [1]
    assert [v.version_no for v in _store(app_store).history("devices")] == [1]
    assert at.dataframe  # everything is still served


def test_without_a_setting_anyone_saves_as_before(app_store: Path) -> None:
    """The control: a single user on their own machine saves without signing in."""
    at = _try_own_devices_save(_app())
    assert not at.exception
    assert _store(app_store).history("devices")[0].version_no == 2


def test_with_sign_in_configured_a_visitor_not_signed_in_cannot_save(app_store: Path) -> None:
    at = _try_price_save(_app(SIGNED_OUT, auth=True))
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    assert SIGN_IN_SENTENCE in _texts(at)
    at = _try_own_devices_save(at)
    button = next(b for b in at.button if b.key == "clinic_save_own")
    assert button.disabled and button.help == SIGN_IN_SENTENCE
    assert _store(app_store).history("prices")[0].version_no == 1
    assert _store(app_store).history("devices")[0].version_no == 1


def test_a_signed_in_user_saves_under_their_identity(app_store: Path) -> None:
    at = _try_own_devices_save(_app(SIGNED_IN, auth=True))
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    assert SIGN_IN_SENTENCE not in _texts(at)
    newest = _store(app_store).history("devices")[0]
    assert newest.version_no == 2 and newest.author == "ana@clinic.example", newest


def test_the_identity_falls_back_to_the_name_then_the_subject() -> None:
    from ui import permissions

    assert permissions._identity.__doc__  # documented order: e-mail, name, subject
    for user, expected in (
        (SIGNED_IN, "ana@clinic.example"),
        ({"is_logged_in": True, "name": "Ana"}, "Ana"),
        ({"is_logged_in": True, "sub": "4711"}, "4711"),
        (SIGNED_OUT, None),
    ):
        original = permissions._user
        permissions._user = lambda user=user: user  # type: ignore[assignment]
        try:
            assert permissions._identity() == expected
        finally:
            permissions._user = original  # type: ignore[assignment]


def test_a_scenario_records_its_owner_and_only_they_change_it(tmp_path: Path) -> None:
    """Store level: an owned scenario is replaced, renamed or deleted only by its owner; one saved without
    sign-in stays open to everyone (as before owners existed)."""
    from store import NotOwnerError, ScenarioStore

    scenarios = ScenarioStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    scenarios.save("Ana's UK plan", {"region": "UK"}, owner="ana@clinic.example")
    assert scenarios.owner("Ana's UK plan") == "ana@clinic.example"
    assert scenarios.load("Ana's UK plan") == {"region": "UK"}  # the owner is not a choice
    for attempt in (lambda: scenarios.save("Ana's UK plan", {"region": "US"}, overwrite=True, owner="bo@x.example"),
                    lambda: scenarios.rename("Ana's UK plan", "Mine now", owner="bo@x.example"),
                    lambda: scenarios.delete("Ana's UK plan", owner=None)):
        with pytest.raises(NotOwnerError, match="Only ana@clinic.example can"):
            attempt()
    assert scenarios.load("Ana's UK plan") == {"region": "UK"}
    scenarios.rename("Ana's UK plan", "Ana's plan", owner="ana@clinic.example")
    scenarios.save("open", {"region": "DE"})
    scenarios.delete("open", owner="bo@x.example")
    scenarios.delete("Ana's plan", owner="ana@clinic.example")
    assert scenarios.list_scenarios() == []


def test_in_the_app_another_signed_in_user_cannot_delete_a_scenario(app_store: Path) -> None:
    from store import ScenarioStore

    ScenarioStore(f"sqlite:///{app_store / 'store.sqlite'}").save("Ana's", {"region": "UK"}, owner="ana@clinic.example")
    at = _app({**SIGNED_IN, "email": "bo@clinic.example"}, auth=True)
    at.switch_page("views/price_tables/page.py").run()
    at.session_state["price_tables.section"] = "Scenarios"
    at.run()
    at.button(key="price_tables.scenario.delete").click().run()
    assert not at.exception
    assert "Only ana@clinic.example can delete the scenario" in _texts(at).replace("\u2060", "")  # no autolink
    assert [s.name for s in ScenarioStore(f"sqlite:///{app_store / 'store.sqlite'}").list_scenarios()] == ["Ana's"]
