"""Choices shared by several views, kept for the whole session and mirrored in the URL.

Streamlit's `bind="query-params"` writes a widget's value to the URL (the widget key is the query
parameter) and `persist_state="session"` keeps it when the user moves to another view. A widget's
value equal to its default is left out of the URL, so defaults here are fixed values; the guessed
region is set as a value, never as the default, so a copied link always names its region.

Streamlit reads a bound widget's value from the link itself and stops the page with an OverflowError when a
whole-number widget is given `inf`; `drop_unusable_link_values` (app.py, before any page) forgets every link value
that is a number but not a finite one within LINK_NUMBER_LIMIT, and `drop_invalid_number` (before each number
widget) forgets a kept or linked value outside the widget's own bounds, so no widget ever sees one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from pricing.currency import UnknownCurrencyError, conversion_factor
from pricing.locales import round_money
from pricing.tables.loading import PriceTables
from ui.formatting import money
from ui.user_text import markdown_text

REGION_KEY = "region"
INDICATION_KEY = "indication"
CURRENCY_KEY = "currency"
LOCAL_CURRENCY = "local"
DEFAULT_INDICATION = "acne_scars"
DEVICES_KEY = "devices"  # the Clinic planner and Real-world payback share it: the chosen devices follow you
DEFAULT_DEVICES = ("rf_mn", "co2", "mn_pen")
BOUND: dict[str, Any] = {"bind": "query-params", "persist_state": "session"}
LINK_NUMBER_LIMIT = 1e15  # above every number widget's maximum (money stops at 1e12)

_LOCALE_REGION = {"GB": "UK"}

# Money a person types on the patient pages, in the display currency (widget key -> what it is). When the display
# currency changes (picked, or a region with another local currency), convert_typed_money converts them all.
TYPED_MONEY_KEYS: dict[str, str] = {
    "downtime_value": "value of a day of downtime",
    "extras": "extras per visit",
    "your_price": "your price per session",
    "b_fee": "membership fee a month",
    "b_mprice": "member price a session",
    "b_minpay": "required minimum payment a month",
    "b_pay_amt": "your payment a month",
}
TYPED_MONEY_CURRENCY_KEY = "_typed_money_currency"  # the currency the typed amounts are in
MAX_TYPED_AMOUNT = 1e9  # the most any typed amount may be, in any currency (1e9 KRW is about 700,000 USD)


def guess_region(tables: PriceTables) -> str:
    """The region from the browser's locale (en-GB -> UK, de-DE -> DE), else the first region (US)."""
    regions = list(tables.regions["region_id"])
    locale = (st.context.locale or "") if hasattr(st, "context") else ""
    country = locale.replace("_", "-").split("-")[-1].upper() if "-" in locale.replace("_", "-") else ""
    country = _LOCALE_REGION.get(country, country)
    return country if country in regions else ("US" if "US" in regions else regions[0])


def _keep_region() -> None:
    if st.session_state.get(REGION_KEY) is None:
        st.session_state[REGION_KEY] = st.session_state.get("_last_region")
    st.session_state["_last_region"] = st.session_state[REGION_KEY]


def region_picker(tables: PriceTables, container: Any = st.sidebar) -> str:
    """One-click region pills; starts on the link's region, else the guessed one, and never ends up empty.

    The region is written to the URL on every run (not left out when it equals a default), because the
    guess differs between people and a copied link must name the region it shows.
    """
    regions = tables.regions.set_index("region_id")["name"]
    if st.session_state.get(REGION_KEY) not in regions.index:
        linked = str(st.query_params.get(REGION_KEY, "")).upper()
        st.session_state[REGION_KEY] = linked if linked in regions.index else guess_region(tables)
    st.session_state.setdefault("_last_region", st.session_state[REGION_KEY])
    container.pills(
        "Region",
        list(regions.index),
        key=REGION_KEY,
        on_change=_keep_region,
        help="Where you would be treated (prices in its currency). "
        + ", ".join(f"{k} = {markdown_text(v)}" for k, v in regions.items()),
        persist_state="session",
    )
    region = str(st.session_state[REGION_KEY] or st.session_state["_last_region"])
    st.query_params[REGION_KEY] = region
    return region


def indication_picker(tables: PriceTables, container: Any = st.sidebar) -> str:
    names = tables.indications.set_index("indication_id")["name"]
    if st.session_state.get(INDICATION_KEY) not in names.index:
        st.session_state.pop(INDICATION_KEY, None)
    default = DEFAULT_INDICATION if DEFAULT_INDICATION in names.index else names.index[0]
    return str(
        container.selectbox(
            "Indication",
            list(names.index),
            index=list(names.index).index(default),
            format_func=lambda i: names.get(i, i),
            key=INDICATION_KEY,
            help="What you want treated; sets the sessions needed and the interval.",
            **BOUND,
        )
    )


def device_picker(device_names: Any, help_text: str, container: Any = st.sidebar) -> list[str]:
    """Devices to compare (ids), from ``device_names`` (a Series: device_id -> name); kept ids no longer in the
    devices table (a restored or edited table) are dropped first."""
    ids = list(device_names.index)
    kept = st.session_state.get(DEVICES_KEY)
    if kept is not None and any(d not in ids for d in kept):
        st.session_state[DEVICES_KEY] = [d for d in kept if d in ids]
    return list(
        container.multiselect(
            "Devices to compare",
            ids,
            default=[d for d in DEFAULT_DEVICES if d in ids],
            format_func=lambda d: device_names.get(d, d),
            key=DEVICES_KEY,
            help=help_text,
            **BOUND,
        )
    )


def currency_picker(tables: PriceTables, region_currency: str, container: Any = st.sidebar) -> str:
    """Display currency; "local" follows the region's own currency."""
    codes = [LOCAL_CURRENCY, *tables.fx["currency"]]
    if st.session_state.get(CURRENCY_KEY) not in codes:
        st.session_state.pop(CURRENCY_KEY, None)
    choice = container.selectbox(
        "Display currency",
        codes,
        index=0,
        key=CURRENCY_KEY,
        format_func=lambda c: f"Local ({region_currency})" if c == LOCAL_CURRENCY else c,
        help="Every amount is converted at the exchange-rate table's rate (units per 1 USD).",
        **BOUND,
    )
    return region_currency if choice == LOCAL_CURRENCY else str(choice)


def _link_number(text: object) -> float | None:
    """The number a link value spells ("inf", "-Infinity", "NaN" and "1e999" included), None for other text."""
    try:
        return float(str(text).strip())
    except ValueError:
        return None


def _drop_link_values(unusable: Callable[[str, float], bool]) -> list[str]:
    """Forget every link value that is a number for which ``unusable(key, number)`` holds; returns their keys.

    Streamlit seeds a bound widget from the link it was opened with (kept apart from ``st.query_params``, which
    cannot delete a bound key), so both are cleaned: the value is never seen and leaves the address bar.
    """
    dropped = []
    with get_session_state().query_params() as params:
        initial: dict[str, list[str]] = getattr(params, "_initial_query_params", {})
        current = {key: params.get_all(key) for key in params}
        for key in sorted(set(initial) | set(current)):
            values = [*initial.get(key, []), *current.get(key, [])]
            numbers = [n for n in map(_link_number, values) if n is not None]
            if any(unusable(key, n) for n in numbers):
                initial.pop(key, None)
                params.remove_param(key)
                dropped.append(key)
    return dropped


def drop_unusable_link_values() -> list[str]:
    """Forget every link value that is a number but not a finite one within +-LINK_NUMBER_LIMIT (inf, -inf,
    Infinity, nan, 1e999, 1e308): no widget takes one. Call it before the page runs (app.py). Returns the keys."""
    return _drop_link_values(lambda _key, n: not (math.isfinite(n) and abs(n) <= LINK_NUMBER_LIMIT))


def drop_invalid_number(key: str, minimum: float, maximum: float) -> None:
    """Forget a kept or linked value of the number widget ``key`` that is not a number from ``minimum`` to
    ``maximum``.

    Call it before the widget is drawn. A loaded scenario writes its values straight into the session, and one
    saved by hand or by an older version may hold "abc" or 1000 for a 0-90 slider: Streamlit would stop the
    page with a traceback; without the value the widget starts at its default. A link's value is checked the
    same way before Streamlit reads it.
    """
    _drop_link_values(lambda k, n: k == key and not (math.isfinite(n) and minimum <= n <= maximum))
    if st.session_state.get(key) is not None and kept_number(key, minimum, maximum) is None:
        st.session_state.pop(key, None)


def kept_number(key: str, minimum: float, maximum: float) -> float | None:
    """The number kept in the session under ``key`` when it is a finite number (not a yes/no) from ``minimum`` to
    ``maximum``, else None."""
    value = st.session_state.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) and minimum <= value <= maximum else None


def region_currency(tables: PriceTables, region_id: str) -> str:
    return str(tables.regions.set_index("region_id").loc[region_id, "currency"])


def convert_typed_money(currency: str, units_per_usd: pd.Series) -> str | None:
    """Convert every typed amount (TYPED_MONEY_KEYS) kept in the session into `currency` when the display
    currency has changed since the last run, rounded to its cents (whole units for KRW), and say so once in a toast.

    Call it before any of those widgets is drawn. The bound widgets then write the converted values to the URL, so a
    link always holds amounts in the currency it names. The first run of a session (a link opened) converts
    nothing: a link's amounts are in its own currency. Returns the message shown, or None.
    """
    before = st.session_state.get(TYPED_MONEY_CURRENCY_KEY)
    st.session_state[TYPED_MONEY_CURRENCY_KEY] = currency
    if before is None or before == currency:
        return None
    try:
        factor = float(conversion_factor(str(before), currency, units_per_usd)[0])
    except UnknownCurrencyError:
        return None
    done, cleared = [], []
    for key, what in TYPED_MONEY_KEYS.items():
        value = kept_number(key, 0.0, MAX_TYPED_AMOUNT)
        if not value:
            continue
        converted = float(round_money(value * factor, currency))
        if converted > MAX_TYPED_AMOUNT:  # the input could not hold it: cleared, and said so
            st.session_state.pop(key, None)
            cleared.append(f"{what} ({money(value, str(before), 2)} is over {money(MAX_TYPED_AMOUNT, currency)})")
            continue
        st.session_state[key] = converted
        done.append(f"{what} {money(value, str(before), 2)} to {money(converted, currency, 2)}")
    if not done and not cleared:
        return None
    message = f"Converted your amounts from {before} to {currency}: " + "; ".join(done) + "." if done else ""
    if cleared:
        message += f"{' ' if message else ''}Cleared, too large in {currency}: " + "; ".join(cleared) + "."
    st.toast(message, icon=":material/currency_exchange:")
    return message
