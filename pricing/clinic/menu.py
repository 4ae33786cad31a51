"""Suggested menu prices: a single session and packages that keep a target margin over full cost."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

DEFAULT_PACKAGES: tuple[tuple[int, float], ...] = ((3, 12.5), (6, 17.5))


def suggested_menu(
    full_cost_per_session: float,
    currency: str,
    target_margin_pct: float,
    packages: Sequence[tuple[int, float]] = DEFAULT_PACKAGES,
    regional_typical_price: float | None = None,
) -> pd.DataFrame:
    """Single and package prices that earn `target_margin_pct` percent of the single price over full cost.

    single price = full_cost_per_session / (1 - target margin); a package of n sessions at d % off
    costs n x single x (1 - d) and its margin is 1 - full cost / (package price / n).
    Example: full cost 200 USD, 50 % margin -> single 400 USD; 3-pack at 12.5 % off -> 1,050 USD
    (350 per session, margin 42.9 %). Columns: item, sessions, discount_pct, price, price_per_session,
    margin_pct, regional_typical_per_session, vs_region_pct, currency.

    >>> menu = suggested_menu(200, "USD", 50)
    >>> menu["item"].tolist()
    ['Single session', '3-session package', '6-session package']
    >>> menu["price"].round(2).tolist(), menu["margin_pct"].round(1).tolist()
    ([400.0, 1050.0, 1980.0], [50.0, 42.9, 39.4])
    """
    if not 0 <= target_margin_pct < 100:
        raise ValueError("target margin must be at least 0 % and below 100 %")
    single = full_cost_per_session / (1 - target_margin_pct / 100)
    items = [("Single session", 1, 0.0)] + [(f"{n}-session package", n, d) for n, d in packages]
    sessions = np.array([n for _, n, _ in items], dtype=np.float64)
    discount = np.array([d for _, _, d in items], dtype=np.float64)
    per_session = single * (1 - discount / 100)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = np.where(per_session > 0, (1 - full_cost_per_session / per_session) * 100, np.nan)
    regional = np.nan if regional_typical_price is None else float(regional_typical_price)
    return pd.DataFrame(
        {
            "item": [name for name, _, _ in items],
            "sessions": sessions.astype(int),
            "discount_pct": discount,
            "price": per_session * sessions,
            "price_per_session": per_session,
            "margin_pct": margin,
            "regional_typical_per_session": regional,
            "vs_region_pct": (per_session / regional - 1) * 100 if regional and regional > 0 else np.nan,
            "currency": currency,
        }
    )
