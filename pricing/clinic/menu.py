"""Suggested menu prices: a single session and packages that keep a target margin over full cost."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pricing.money_text import money

DEFAULT_PACKAGES: tuple[tuple[int, float], ...] = ((3, 12.5), (6, 17.5))


BELOW_MARKET_PCT = 30.0  # a suggestion this far below the region's typical price is flagged in words


def suggested_menu(
    full_cost_per_session: float,
    currency: str,
    target_margin_pct: float,
    packages: Sequence[tuple[int, float]] = DEFAULT_PACKAGES,
    regional_typical_price: float | None = None,
    regional_low_price: float | None = None,
    regional_high_price: float | None = None,
) -> pd.DataFrame:
    """Single and package prices that earn `target_margin_pct` percent of the single price over full cost,
    never below the cost floor, set beside the region's low / typical / high price of one session.

    cost floor = full_cost_per_session (every cost of a session, the device's share included);
    single price = cost floor / (1 - target margin); a package of n sessions at d % off costs
    n x max(single x (1 - d), cost floor), its margin 1 - cost floor / (package price / n).
    vs_region_pct = price per session / region's typical - 1; below_market is True when that is more than
    BELOW_MARKET_PCT (30 %) below. Money in `currency` (the region's prices already converted into it).
    Example: full cost 200 USD, 50 % margin -> single 400 USD; 3-pack at 12.5 % off -> 1,050 USD
    (350 per session, margin 42.9 %). Columns: item, sessions, discount_pct, price, price_per_session,
    cost_floor_per_session, at_cost_floor, margin_pct, regional_low_per_session, regional_typical_per_session,
    regional_high_per_session, vs_region_pct, below_market, currency.

    >>> menu = suggested_menu(200, "USD", 50, regional_typical_price=950)
    >>> menu["item"].tolist()
    ['Single session', '3-session package', '6-session package']
    >>> menu["price"].round(2).tolist(), menu["margin_pct"].round(1).tolist()
    ([400.0, 1050.0, 1980.0], [50.0, 42.9, 39.4])
    >>> menu["vs_region_pct"].round(1).tolist(), menu["below_market"].tolist()
    ([-57.9, -63.2, -65.3], [True, True, True])
    >>> suggested_menu(200, "USD", 10)["price_per_session"].round(2).tolist()  # packages stop at the floor
    [222.22, 200.0, 200.0]
    """
    if not 0 <= target_margin_pct < 100:
        raise ValueError("target margin must be at least 0 % and below 100 %")
    floor = float(full_cost_per_session)
    single = floor / (1 - target_margin_pct / 100)
    items = [("Single session", 1, 0.0)] + [(f"{n}-session package", n, d) for n, d in packages]
    sessions = np.array([n for _, n, _ in items], dtype=np.float64)
    discount = np.array([d for _, _, d in items], dtype=np.float64)
    per_session = np.maximum(single * (1 - discount / 100), floor)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = np.where(per_session > 0, (1 - floor / per_session) * 100, np.nan)
    low, typical, high = (
        np.nan if p is None else float(p) for p in (regional_low_price, regional_typical_price, regional_high_price)
    )
    vs_region = (per_session / typical - 1) * 100 if typical > 0 else np.full_like(per_session, np.nan)
    return pd.DataFrame(
        {
            "item": [name for name, _, _ in items],
            "sessions": sessions.astype(int),
            "discount_pct": discount,
            "price": per_session * sessions,
            "price_per_session": per_session,
            "cost_floor_per_session": floor,
            "at_cost_floor": np.isclose(per_session, floor) & (discount > 0),
            "margin_pct": margin,
            "regional_low_per_session": low,
            "regional_typical_per_session": typical,
            "regional_high_per_session": high,
            "vs_region_pct": vs_region,
            "below_market": np.nan_to_num(vs_region, nan=0.0) < -BELOW_MARKET_PCT,
            "currency": currency,
        }
    )


def market_note(single_price: float, regional_typical: float | None, currency: str, where: str) -> str | None:
    """One sentence when the suggested single price sits more than BELOW_MARKET_PCT below the region's typical
    price (money in `currency`); None otherwise.

    >>> print(market_note(400, 950, "USD", "United States"))  # doctest: +NORMALIZE_WHITESPACE
    The suggested $400 is 58 % below the typical $950 in United States: your costs allow it, but most clinics
    there charge more: check that you mean to undercut the market by that much.
    >>> market_note(900, 950, "USD", "United States") is None
    True
    """
    if regional_typical is None or not regional_typical > 0:
        return None
    below = (1 - single_price / regional_typical) * 100
    if below <= BELOW_MARKET_PCT:
        return None
    return (
        f"The suggested {money(single_price, currency)} is {below:.0f} % below the typical "
        f"{money(regional_typical, currency)} in {where}: your costs allow it, but most clinics there charge more: "
        "check that you mean to undercut the market by that much."
    )
