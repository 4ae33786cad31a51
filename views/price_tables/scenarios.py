"""Scenarios: a named set of the dashboard's choices (the bound widget values), and a link that shares it.

The choices are the values of the widget keys every view binds to the URL (region, indication,
currency, options, ...). A scenario saves those present in the session; loading one writes them back
into the session. A shared link opens the Compare view (the app's default page, at its root URL) with
its choices as query parameters in the form Streamlit's ``bind="query-params"`` reads: a select
widget's value as the label it shows (its ``format_func``: "Acne scars", "Fractional CO2 laser",
"Local (GBP)"), a list as repeated parameters, 5.0 as 5. A value the page cannot match is dropped
by Streamlit, so the labels must be exactly the Compare view's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from pricing.tables.loading import PriceTables
from ui.choices import LOCAL_CURRENCY, TYPED_MONEY_CURRENCY_KEY
from ui.clinic_edits import EDITED_FIELDS, QUERY_KEY, VALUES_KEY, apply_edits, clean_edits, edits_to_query
from ui.short_links import FALLBACK_BASE_URL
from ui.user_text import markdown_text

KEY_LABELS: dict[str, str] = {
    "region": "Region",
    "indication": "Indication",
    "currency": "Display currency",
    "options": "Options compared",
    "downtime_value": "Value of a day of downtime",
    "extras": "Extras per visit",
    "region_option": "Option on the regions map",
    "your_price": "Your price",
    "devices": "Devices (clinic)",
    "target_margin": "Target margin (%)",
    "clinic_open_days": "Open days a month (clinic)",
    VALUES_KEY: "Device edits (clinic)",
}
SCENARIO_KEYS: tuple[str, ...] = tuple(KEY_LABELS)  # the widget keys a scenario keeps, in this order
COMPARE_KEYS: tuple[str, ...] = ("region", "indication", "currency", "options", "downtime_value", "extras")
CLINIC_KEYS: tuple[str, ...] = ("region", "devices", "target_margin", "clinic_open_days", VALUES_KEY)
CLINIC_ONLY_KEYS: tuple[str, ...] = ("devices", "target_margin", "clinic_open_days", VALUES_KEY)
COMPARE_PATH = ""  # Compare treatments is the default page, served at the app's root
CLINIC_PATH = "clinic"  # the Clinic planner's url_path in app.py


def _plain(value: Any) -> Any:
    """A session value as JSON: numpy scalars as numbers, tuples and sets as lists."""
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        value = value.item()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def current_choices(state: Mapping[str, Any]) -> dict[str, Any]:
    """The dashboard's choices present in ``state`` (a session), ready to save as a scenario (no device edits:
    no entry)."""
    return {
        key: _plain(state[key]) for key in SCENARIO_KEYS if key in state and state[key] is not None and state[key] != {}
    }


def apply_choices(state: MutableMapping[str, Any], choices: Mapping[str, Any]) -> list[str]:
    """Write a scenario's choices into ``state``; returns the keys set (unknown keys are ignored). The Clinic
    planner's device edits replace the session's (numbers or empty cells of the editor's columns; anything else
    is left out) and a scenario without them leaves none."""
    applied = []
    state.pop(TYPED_MONEY_CURRENCY_KEY, None)  # its amounts are in its own currency: none is converted on loading
    for key in SCENARIO_KEYS:
        if key == VALUES_KEY:
            continue
        if key in choices and choices[key] is not None:
            value = choices[key]
            state[key] = list(value) if isinstance(value, (list, tuple)) else value
            applied.append(key)
    edits, _ = clean_edits(choices.get(VALUES_KEY), EDITED_FIELDS)
    if edits or state.get(VALUES_KEY):
        apply_edits(state, edits)
        if edits:
            applied.append(VALUES_KEY)
    return applied


def _query_value(value: Any) -> str | list[str]:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return [str(_query_value(v)) for v in value]
    return str(value)


def url_labels(tables: PriceTables, choices: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """How the Compare view shows each choice, for its URL: indication and option names, 'Local (GBP)'."""
    region_currency = tables.regions.set_index("region_id")["currency"].to_dict()
    region = choices.get("region")
    local = {LOCAL_CURRENCY: f"Local ({region_currency[region]})"} if region in region_currency else {}
    return {
        "indication": dict(zip(tables.indications["indication_id"], tables.indications["name"], strict=True)),
        # as the Compare view's pills show them (their labels are Markdown)
        "options": {
            o: markdown_text(n) for o, n in zip(tables.options["option_id"], tables.options["name"], strict=True)
        },
        "currency": local,
        # as the Clinic planner's device picker shows them
        "devices": dict(zip(tables.devices["device_id"], tables.devices["name"], strict=True)),
    }


def share_query(
    choices: Mapping[str, Any],
    labels: Mapping[str, Mapping[str, str]] | None = None,
    keys: tuple[str, ...] = COMPARE_KEYS,
) -> str:
    """'region=UK&options=Fractional+CO2+laser&extras=40': the ``keys`` among the choices, values shown as
    ``labels`` gives them (an empty list as 'options=')."""
    labels = labels or {}
    pairs: list[tuple[str, str]] = []
    for key in keys:
        if key == VALUES_KEY or key not in choices or choices[key] is None:
            continue
        shown = labels.get(key, {})
        raw = choices[key]
        raw = [shown.get(v, v) for v in raw] if isinstance(raw, list) else shown.get(raw, raw)
        value = _query_value(raw)
        if isinstance(value, list):
            pairs += [(key, v) for v in value] if value else [(key, "")]
        else:
            pairs.append((key, value))
    if VALUES_KEY in keys:
        edits, _ = clean_edits(choices.get(VALUES_KEY), EDITED_FIELDS)
        if edits:
            pairs.append((QUERY_KEY, edits_to_query(edits)))
    return urlencode(pairs)


def app_base_url(page_url: str | None, page_path: str) -> str:
    """The app's root URL from the current page's URL ('http://host:8501/price-tables' -> 'http://host:8501/')."""
    if not page_url:
        return FALLBACK_BASE_URL
    parts = urlsplit(page_url)
    path = parts.path.rstrip("/")
    if page_path and (path == f"/{page_path}" or path.endswith(f"/{page_path}")):
        path = path[: -len(page_path)]
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def share_url(
    base_url: str,
    choices: Mapping[str, Any],
    labels: Mapping[str, Mapping[str, str]] | None = None,
    page_path: str = COMPARE_PATH,
) -> str:
    """A link to ``page_path`` (default: the Compare view at the root) with its choices as query parameters: the
    Compare view's, or with ``page_path=CLINIC_PATH`` the Clinic planner's and its device edits."""
    query = share_query(choices, labels, CLINIC_KEYS if page_path == CLINIC_PATH else COMPARE_KEYS)
    return f"{base_url.rstrip('/')}/{page_path}" + (f"?{query}" if query else "")


def describe(choices: Mapping[str, Any]) -> list[dict[str, str]]:
    """Rows 'Choice' / 'Value' for showing a scenario."""
    rows = []
    for key in SCENARIO_KEYS:
        if key in choices:
            value = choices[key]
            if isinstance(value, Mapping):
                shown = edits_to_query(clean_edits(value, EDITED_FIELDS)[0]).replace(",", ", ")
            else:
                shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
            rows.append({"Choice": KEY_LABELS.get(key, key), "Key": key, "Value": shown or "(none)"})
    return rows
