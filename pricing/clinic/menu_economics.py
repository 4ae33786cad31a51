"""Menu economics: several treatments sharing rooms and staff, which one earns most, which to push.

Per service i (vectorised over services; money in `currency`, times in minutes and hours):
    cost_per_session_i          = variable cost (consumables + other + operator pay) + loaded cost (LoadedCosts)
    contribution_per_session_i  = price_i - cost_per_session_i
    room_hours_per_session_i    = room_minutes_i / 60
    contribution_per_room_hour_i = contribution_per_session_i / room_hours_per_session_i
    room_hours_i                = sessions_i x room_hours_per_session_i          (a month)
    contribution_i              = sessions_i x contribution_per_session_i         (a month)
    allocated_shared_i          = shared_fixed_cost_per_month x room_hours_i / sum of room_hours
    profit_i                    = contribution_i - own fixed cost_i - allocated_shared_i (a month)
    profit_per_session_i        = profit_i / sessions_i;  profit_per_room_hour_i = profit_i / room_hours_i
Whole menu: profit = sum of contributions - sum of own fixed costs - shared fixed costs; room utilisation =
sum of room hours / (rooms x room_hours_per_month); staff utilisation = sum of sessions x provider minutes / 60
/ staff_hours_per_month (when given).
Which service to push: rank 1 = the highest contribution per room-hour. When rooms are the constraint, one more
room-hour given to that service adds the most profit; fixed costs (own device, rent) do not change with one
more session, so they do not enter the ranking (they are in profit_per_room_hour, the average).

Worked example (tests/pricing/test_clinic_menu.py): two services in one room of 100 hours a month, shared fixed
costs 3,000 a month.
  RF microneedling: price 750, cost 300, 90 room minutes, 20 a month, own device 2,000 a month:
    contribution 450 a session, 300 per room-hour; 30 room hours; 9,000 a month.
  Microneedling pen: price 300, cost 60, 60 room minutes, 40 a month, own device 250 a month:
    contribution 240 a session, 240 per room-hour; 40 room hours; 9,600 a month.
  Shared 3,000 split by room hours 30 : 40 -> 1,285.71 and 1,714.29; profit 9,000 - 2,000 - 1,285.71 = 5,714.29
  (285.71 a session, 190.48 a room-hour) and 9,600 - 250 - 1,714.29 = 7,635.71 (190.89 a session, 190.89 a
  room-hour). Menu profit 18,600 - 2,250 - 3,000 = 13,350 a month; room utilisation 70 / 100 = 0.7.
  Push RF microneedling first (300 > 240 per room-hour) although the pen earns more in the month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.clinic.device import DeviceInputs, LoadedCosts, device_economics, loaded_cost_parts


@dataclass(frozen=True)
class MenuService:
    """One treatment on the menu; money in the menu's currency.

    cost_per_session: variable + loaded cost of one session; room_minutes_per_session: the room's time
    (numbing included); provider_minutes_per_session: the operator's time (staff hours); sessions_per_month:
    the mix; own_fixed_cost_per_month: the service's own device (depreciation + finance + maintenance), 0 when
    it has none or its cost is in the shared fixed costs.
    """

    name: str
    price_per_session: float
    cost_per_session: float
    room_minutes_per_session: float
    sessions_per_month: float
    own_fixed_cost_per_month: float = 0.0
    provider_minutes_per_session: float | None = None

    @classmethod
    def from_device(
        cls,
        name: str,
        inputs: DeviceInputs,
        loaded: LoadedCosts = LoadedCosts(),
        room_minutes_per_session: float | None = None,
        sessions_per_month: float | None = None,
    ) -> MenuService:
        """A service from a device's inputs (scalar): cost = variable + loaded cost, own fixed cost =
        device_economics' fixed_cost_per_month (the loaded costs' overhead_per_month included), provider minutes =
        minutes_per_session; room minutes default to the loaded costs' room minutes, else the session's minutes;
        sessions default to the device's."""
        economics = device_economics(inputs, loaded)
        a = inputs.arrays()
        parts = loaded_cost_parts(a["price_per_session"], a["minutes_per_session"], loaded, a["hourly_rate"])
        room: float | npt.NDArray[np.float64] = (
            room_minutes_per_session
            if room_minutes_per_session is not None
            else loaded.room_minutes_per_session
            if loaded.room_minutes_per_session is not None
            else float(a["minutes_per_session"][0])
        )
        return cls(
            name=name,
            price_per_session=float(a["price_per_session"][0]),
            cost_per_session=float(economics.variable_cost_per_session[0] + parts["total"][0]),
            room_minutes_per_session=float(room),
            sessions_per_month=float(a["sessions_per_month"][0] if sessions_per_month is None else sessions_per_month),
            own_fixed_cost_per_month=float(economics.fixed_cost_per_month[0]),
            provider_minutes_per_session=float(a["minutes_per_session"][0]),
        )


@dataclass(frozen=True)
class MenuEconomics:
    """services: one row per service (columns in SERVICE_COLUMNS), in the order given; totals: the whole menu
    (money a month in `currency`); push_first: the service ranked 1."""

    currency: str
    services: pd.DataFrame
    totals: dict[str, float]
    push_first: str


SERVICE_COLUMNS: tuple[str, ...] = (
    "service",
    "sessions_per_month",
    "price_per_session",
    "cost_per_session",
    "contribution_per_session",
    "room_hours_per_session",
    "contribution_per_room_hour",
    "room_hours_per_month",
    "revenue_per_month",
    "contribution_per_month",
    "own_fixed_cost_per_month",
    "allocated_shared_cost_per_month",
    "profit_per_month",
    "profit_per_session",
    "profit_per_room_hour",
    "push_rank",
    "currency",
)


def menu_economics(
    services: Sequence[MenuService],
    currency: str,
    shared_fixed_cost_per_month: float = 0.0,
    rooms: float = 1.0,
    room_hours_per_month: float = 173.0,
    staff_hours_per_month: float | None = None,
) -> MenuEconomics:
    """Profit per treatment, per room-hour and per month for each service and the whole menu (see the module).

    room_hours_per_month is per room (default 173 = 8 h x 5 days x 52 / 12, devices.md §9); shared fixed costs
    (rent, reception, staff not paid per session) are allocated by room hours used.
    """
    if not services:
        raise ValueError("the menu needs at least one service")
    if len({s.name for s in services}) != len(services):
        raise ValueError("service names must be unique")
    price = np.array([s.price_per_session for s in services], dtype=np.float64)
    cost = np.array([s.cost_per_session for s in services], dtype=np.float64)
    room_minutes = np.array([s.room_minutes_per_session for s in services], dtype=np.float64)
    sessions = np.array([s.sessions_per_month for s in services], dtype=np.float64)
    own_fixed = np.array([s.own_fixed_cost_per_month for s in services], dtype=np.float64)
    provider = np.array(
        [np.nan if s.provider_minutes_per_session is None else s.provider_minutes_per_session for s in services],
        dtype=np.float64,
    )
    if (
        (room_minutes <= 0).any()
        or (sessions < 0).any()
        or not np.isfinite(np.r_[price, cost, room_minutes, sessions, own_fixed]).all()
    ):
        raise ValueError("room minutes must be > 0, sessions >= 0 and every figure finite")

    contribution = price - cost
    room_hours_each = room_minutes / 60.0
    per_room_hour = contribution / room_hours_each
    room_hours = sessions * room_hours_each
    used = room_hours.sum()
    share = room_hours / used if used > 0 else np.full(len(services), 1.0 / len(services))
    allocated = shared_fixed_cost_per_month * share
    monthly_contribution = sessions * contribution
    profit = monthly_contribution - own_fixed - allocated
    with np.errstate(divide="ignore", invalid="ignore"):
        profit_per_session = np.where(sessions > 0, profit / sessions, np.nan)
        profit_per_room_hour = np.where(room_hours > 0, profit / room_hours, np.nan)
    order = np.argsort(-per_room_hour, kind="stable")
    rank = np.empty(len(services), dtype=np.int64)
    rank[order] = np.arange(1, len(services) + 1)

    table = pd.DataFrame(
        {
            "service": [s.name for s in services],
            "sessions_per_month": sessions,
            "price_per_session": price,
            "cost_per_session": cost,
            "contribution_per_session": contribution,
            "room_hours_per_session": room_hours_each,
            "contribution_per_room_hour": per_room_hour,
            "room_hours_per_month": room_hours,
            "revenue_per_month": sessions * price,
            "contribution_per_month": monthly_contribution,
            "own_fixed_cost_per_month": own_fixed,
            "allocated_shared_cost_per_month": allocated,
            "profit_per_month": profit,
            "profit_per_session": profit_per_session,
            "profit_per_room_hour": profit_per_room_hour,
            "push_rank": rank,
            "currency": currency,
        },
        columns=list(SERVICE_COLUMNS),
    )
    total_sessions = sessions.sum()
    total_profit = float(monthly_contribution.sum() - own_fixed.sum() - shared_fixed_cost_per_month)
    available = rooms * room_hours_per_month
    staff_hours = float(np.nansum(sessions * provider) / 60.0)
    totals = {
        "revenue_per_month": float((sessions * price).sum()),
        "contribution_per_month": float(monthly_contribution.sum()),
        "fixed_cost_per_month": float(own_fixed.sum() + shared_fixed_cost_per_month),
        "profit_per_month": total_profit,
        "sessions_per_month": float(total_sessions),
        "profit_per_session": total_profit / total_sessions if total_sessions > 0 else float("nan"),
        "room_hours_used": float(used),
        "room_hours_available": float(available),
        "room_utilisation": float(used / available) if available > 0 else float("nan"),
        "profit_per_room_hour": total_profit / used if used > 0 else float("nan"),
        "staff_hours_used": staff_hours,
        "staff_utilisation": (staff_hours / staff_hours_per_month if staff_hours_per_month else float("nan")),
    }
    return MenuEconomics(
        currency=currency, services=table, totals=totals, push_first=str(table.loc[int(order[0]), "service"])
    )
