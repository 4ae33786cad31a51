"""Volume as it really comes: a ramp-up, seasonality, no-shows and a capacity cap, month by month.

For scenario s and month m = 1 .. H (H = the months the device is in use; month 0 and the months after H
have no sessions), with N = ramp_months and start = ramp_start_pct / 100:

    ramp_share(m) = start + (1 - start) x (m - 1) / N   for m <= N;   1 from month N + 1 on
    season(m)     = f[(start_month - 1 + m - 1) mod 12] / mean(f)    (12 factors, January first, scaled to mean 1)
    demand(m)     = sessions_per_month x demand_factor x ramp_share(m) x season(m)      sessions booked
    capacity      = hours_per_month x 60 / minutes_per_session   (with cap_at_capacity; no hours given: no cap)
    sessions(m)   = min(demand(m) x (1 - no_show_pct / 100), capacity)                 sessions delivered

Worked example (tests/pricing/test_volume.py): 40 sessions a month, a 3-month ramp from 25 %, 10 % no-shows,
a device free 45 hours a month at 60 minutes a session (capacity 45), flat seasonality:
ramp shares 0.25, 0.5, 0.75, 1 -> demand 10, 20, 30, 40 -> delivered 9, 18, 27, 36, 36, ...
With 60 sessions a month instead: 13.5, 27, 40.5, then 60 x 0.9 = 54 is capped at 45 from month 4 on.

Every default (no ramp, flat seasonality, no no-shows, no cap, demand factor 1) leaves `sessions_per_month`
unchanged in every month. The "reality check" (`reality_check`) halves the demand: dealer-reported first-year
volumes are 8-15 treatments a week against vendor cases of 25-30 (devices.md §6, 58 % of projected utilisation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

Number = float | npt.NDArray[np.float64]

FLAT_SEASONALITY: tuple[float, ...] = (1.0,) * 12
REALITY_CHECK_DEMAND_FACTOR = 0.5


@dataclass(frozen=True)
class VolumeProfile:
    """How the entered `sessions_per_month` turns into sessions delivered, month by month (see the module).

    Every field may be a number or an array of scenarios; `seasonality` is 12 factors or (scenarios, 12).
    ramp_months: months of ramp-up (whole months); ramp_start_pct: share of full volume in month 1, percent;
    seasonality: relative volume of January .. December (scaled to mean 1, so it moves sessions between
    months without changing a year's total); start_month: calendar month of month 1 (1 = January);
    no_show_pct: booked sessions that do not happen, percent; cap_at_capacity: limit sessions to
    hours_per_month x 60 / minutes_per_session; demand_factor: multiplies the entered volume (0.5 = reality check).
    """

    ramp_months: Number = 0.0
    ramp_start_pct: Number = 0.0
    seasonality: Sequence[float] | npt.NDArray[np.float64] = field(default=FLAT_SEASONALITY)
    start_month: Number = 1.0
    no_show_pct: Number = 0.0
    cap_at_capacity: bool | npt.NDArray[np.bool_] = False
    demand_factor: Number = 1.0

    def __post_init__(self) -> None:
        season = np.asarray(self.seasonality, dtype=np.float64)
        checks = (
            (season.ndim in (1, 2) and season.shape[-1] == 12, "seasonality needs 12 factors (January first)"),
            (bool(np.all(np.isfinite(season)) and np.all(season >= 0)), "seasonality factors must be >= 0"),
            (bool(np.all(season.sum(axis=-1) > 0)) if season.size else False, "seasonality factors must not all be 0"),
            (_all_within(self.ramp_months, 0, np.inf), "ramp_months must be >= 0"),
            (_all_within(self.ramp_start_pct, 0, 100), "ramp_start_pct must be between 0 and 100"),
            (_all_within(self.start_month, 1, 12) and _all_whole(self.start_month), "start_month must be 1 .. 12"),
            (_all_within(self.no_show_pct, 0, 100), "no_show_pct must be between 0 and 100"),
            (_all_within(self.demand_factor, 0, np.inf), "demand_factor must be >= 0"),
        )
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The per-scenario fields as arrays (seasonality excluded: see `seasonality_factors`)."""
        return {
            "ramp_months": np.asarray(self.ramp_months, dtype=np.float64),
            "ramp_start_pct": np.asarray(self.ramp_start_pct, dtype=np.float64),
            "start_month": np.asarray(self.start_month, dtype=np.float64),
            "no_show_pct": np.asarray(self.no_show_pct, dtype=np.float64),
            "cap_at_capacity": np.asarray(self.cap_at_capacity, dtype=bool),
            "demand_factor": np.asarray(self.demand_factor, dtype=np.float64),
        }


def _all_within(value: object, low: float, high: float) -> bool:
    arr = np.asarray(value, dtype=np.float64)
    return bool(np.all(np.isfinite(arr) | (arr == high)) and np.all((arr >= low) & (arr <= high)))


def _all_whole(value: object) -> bool:
    arr = np.asarray(value, dtype=np.float64)
    return bool(np.all(arr == np.rint(arr)))


def reality_check(volume: VolumeProfile = VolumeProfile()) -> VolumeProfile:
    """The same profile at half the demand (REALITY_CHECK_DEMAND_FACTOR = 0.5): 40 entered -> 20 booked.

    >>> float(reality_check(VolumeProfile(demand_factor=1.5)).demand_factor)
    0.75
    """
    return replace(volume, demand_factor=np.asarray(volume.demand_factor) * REALITY_CHECK_DEMAND_FACTOR)


def ramp_share(
    months: npt.ArrayLike, ramp_months: npt.ArrayLike, ramp_start_pct: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Share of full volume in each month: start + (1 - start) x (m - 1) / N for m <= N, else 1.

    months broadcasts against the per-scenario values (e.g. months (1, M), values (S, 1)).
    Example: N = 3, start 25 % -> months 1..5: 0.25, 0.5, 0.75, 1, 1. N = 0: 1 in every month.

    >>> ramp_share([1, 2, 3, 4, 5], 3, 25).tolist()
    [0.25, 0.5, 0.75, 1.0, 1.0]
    >>> ramp_share([1, 2], 0, 25).tolist()
    [1.0, 1.0]
    """
    m = np.asarray(months, dtype=np.float64)
    n = np.rint(np.asarray(ramp_months, dtype=np.float64))
    start = np.asarray(ramp_start_pct, dtype=np.float64) / 100.0
    share = start + (1.0 - start) * (m - 1.0) / np.where(n > 0, n, 1.0)
    return np.where(m <= n, share, 1.0)


def seasonality_factors(
    seasonality: npt.ArrayLike, start_month: npt.ArrayLike, months: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Factor of each month m >= 1: f[(start_month - 1 + m - 1) mod 12] / mean(f).

    seasonality: 12 factors or (S, 12); start_month: a number or (S,); months: (M,). Returns (S, M).
    Example: factors 0.8 in January and February, 1.2 in July and August, 1 otherwise (mean 1), start in
    July -> months 1, 2, 3: 1.2, 1.2, 1.0; month 7 (January): 0.8.

    >>> factors = [0.8, 0.8, 1, 1, 1, 1, 1.2, 1.2, 1, 1, 1, 1]
    >>> seasonality_factors(factors, 7, [1, 2, 3, 7]).round(6).tolist()
    [[1.2, 1.2, 1.0, 0.8]]
    """
    f = np.atleast_2d(np.asarray(seasonality, dtype=np.float64))
    f = f / f.mean(axis=1, keepdims=True)
    start = np.atleast_1d(np.rint(np.asarray(start_month, dtype=np.float64))).astype(np.int64)
    m = np.atleast_1d(np.asarray(months, dtype=np.int64))
    rows = np.broadcast_shapes((f.shape[0],), start.shape)
    f = np.broadcast_to(f, (*rows, 12))
    calendar = (start.reshape(-1, 1) - 1 + np.maximum(m, 1)[None, :] - 1) % 12
    calendar = np.broadcast_to(calendar, (*rows, len(m)))
    return np.take_along_axis(f, calendar, axis=1)


def capacity_sessions(hours_per_month: npt.ArrayLike, minutes_per_session: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Sessions the device's hours allow: hours_per_month x 60 / minutes_per_session; unknown hours (NaN): no limit.

    Example: 173 hours at 45 minutes -> 173 x 60 / 45 = 230.67 sessions a month.

    >>> capacity_sessions([173, np.nan], 45).round(2).tolist()
    [230.67, inf]
    """
    hours = np.asarray(hours_per_month, dtype=np.float64)
    minutes = np.asarray(minutes_per_session, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        capacity = hours * 60.0 / minutes
    return np.where(np.isnan(hours) | (minutes <= 0), np.inf, capacity)


@dataclass(frozen=True)
class MonthlySessions:
    """Sessions by scenario and month 0 .. M (arrays (S, M + 1); month 0 and months after use are 0), and the
    capacity per month (S,): hours x 60 / minutes, inf without hours; it limits `delivered` only with the cap."""

    demand: npt.NDArray[np.float64]
    delivered: npt.NDArray[np.float64]
    capacity: npt.NDArray[np.float64]


def monthly_sessions(
    sessions_per_month: npt.ArrayLike,
    months_in_use: npt.ArrayLike,
    volume: VolumeProfile,
    hours_per_month: npt.ArrayLike = np.nan,
    minutes_per_session: npt.ArrayLike = 60.0,
    n_months: int | None = None,
) -> MonthlySessions:
    """Demand and delivered sessions month by month (formulas in the module docstring), vectorised.

    sessions_per_month, months_in_use, hours and minutes: numbers or (S,); volume fields likewise.
    n_months: last month column (default: the largest months_in_use).

    The module's worked example (40 a month, 3-month ramp from 25 %, 10 % no-shows, capacity 45), 5 months:

    >>> profile = VolumeProfile(ramp_months=3, ramp_start_pct=25, no_show_pct=10, cap_at_capacity=True)
    >>> booked = monthly_sessions(40, 5, profile, hours_per_month=45, minutes_per_session=60)
    >>> booked.demand.round(6).tolist(), booked.delivered.round(6).tolist()
    ([[0.0, 10.0, 20.0, 30.0, 40.0, 40.0]], [[0.0, 9.0, 18.0, 27.0, 36.0, 36.0]])
    >>> monthly_sessions(60, 5, profile, 45, 60).delivered.round(6).tolist()
    [[0.0, 13.5, 27.0, 40.5, 45.0, 45.0]]
    """
    v = volume.arrays()
    per_scenario = np.broadcast_arrays(
        np.asarray(sessions_per_month, dtype=np.float64),
        np.asarray(months_in_use, dtype=np.float64),
        np.asarray(hours_per_month, dtype=np.float64),
        np.asarray(minutes_per_session, dtype=np.float64),
        *v.values(),
        np.asarray(volume.seasonality, dtype=np.float64)[..., 0],
    )
    sessions, in_use, hours, minutes, *rest, _ = (np.atleast_1d(x) for x in per_scenario)
    f = dict(zip(v, rest, strict=True))
    last = int(np.max(in_use)) if n_months is None else int(n_months)
    months = np.arange(last + 1)
    col = months[None, :]
    share = ramp_share(col, f["ramp_months"][:, None], f["ramp_start_pct"][:, None])
    season = seasonality_factors(volume.seasonality, f["start_month"], months)
    season = np.broadcast_to(season, (len(sessions), last + 1))
    active = (col >= 1) & (col <= in_use[:, None])
    demand = np.where(active, (sessions * f["demand_factor"])[:, None] * share * season, 0.0)
    capacity = capacity_sessions(hours, minutes)
    limit = np.where(f["cap_at_capacity"], capacity, np.inf)
    delivered = np.minimum(demand * (1.0 - f["no_show_pct"] / 100.0)[:, None], limit[:, None])
    return MonthlySessions(demand=demand, delivered=delivered, capacity=capacity)
