"""The cheapest way to buy at least N sessions from single sessions and packages.

A package of `s` sessions for `p` may be bought any number of times, and buying more sessions than
needed is allowed when it is cheaper (a 3-pack for 800 beats 2 singles at 450). Costs are found by
dynamic programming over the number of sessions, vectorised across many price rows at once.
All prices in one row share one currency; the functions never mix rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
SINGLE = -1


@dataclass(frozen=True)
class Package:
    """A bundle: `sessions` sessions for `price` (in the currency of its price row)."""

    sessions: int
    price: float


@dataclass(frozen=True)
class PlanLine:
    """`count` purchases of a unit of `size` sessions at `unit_price` each (size 1 = single session)."""

    size: int
    count: int
    unit_price: float


@dataclass(frozen=True)
class PurchasePlan:
    """How to buy a course: the lines bought, the sessions bought and their cost."""

    sessions_needed: int
    lines: tuple[PlanLine, ...]
    cost: float
    currency: str

    @property
    def sessions_bought(self) -> int:
        return sum(line.size * line.count for line in self.lines)

    def describe(self) -> str:
        """The plan in words, e.g. "1 x 3-pack + 2 single sessions"."""
        if not self.lines:
            return "nothing to buy"
        words = []
        for line in self.lines:
            if line.size == 1:
                words.append(f"{line.count} single session{'s' if line.count != 1 else ''}")
            else:
                words.append(f"{line.count} x {line.size}-pack")
        return " + ".join(words)


def cheapest_cost_table(
    single_price: FloatArray, pack_sizes: IntArray, pack_prices: FloatArray, max_sessions: int
) -> tuple[FloatArray, IntArray]:
    """Cheapest cost of buying at least n sessions, for n = 0..max_sessions, per row.

    single_price: shape (R,); pack_sizes, pack_prices: shape (R, P), a missing package has price inf.
    Returns (cost, choice), each (R, max_sessions + 1): choice[r, n] is the package column bought last
    (SINGLE = -1 for a single session). cost[r, 0] = 0.

    Example: single 300, 3-pack 800 -> cost for 2 sessions = 600 (two singles); for 3 = 800.

    >>> cost, choice = cheapest_cost_table(np.array([300.0]), np.array([[3]]), np.array([[800.0]]), 3)
    >>> cost[0].tolist(), choice[0].tolist()
    ([0.0, 300.0, 600.0, 800.0], [-1, -1, -1, 0])
    """
    single = np.asarray(single_price, dtype=np.float64).reshape(-1)
    width = np.asarray(pack_sizes).size // len(single) if len(single) else 0
    sizes = np.asarray(pack_sizes, dtype=np.int64).reshape(len(single), width)
    prices = np.asarray(pack_prices, dtype=np.float64).reshape(len(single), width)
    rows = np.arange(len(single))
    cost = np.zeros((len(single), max_sessions + 1))
    choice = np.full((len(single), max_sessions + 1), SINGLE, dtype=np.int64)
    for n in range(1, max_sessions + 1):
        best = single + cost[:, n - 1]
        best_choice = np.full(len(single), SINGLE, dtype=np.int64)
        if sizes.shape[1]:
            before = np.maximum(n - sizes, 0)
            candidates = prices + cost[rows[:, None], before]
            pick = np.argmin(candidates, axis=1)
            pick_cost = candidates[rows, pick]
            cheaper = pick_cost < best - 1e-9
            best = np.where(cheaper, pick_cost, best)
            best_choice = np.where(cheaper, pick, SINGLE)
        cost[:, n] = best
        choice[:, n] = best_choice
    return cost, choice


def plan_from_choices(
    sessions: int, single_price: float, sizes: IntArray, prices: FloatArray, choice_row: IntArray, currency: str
) -> PurchasePlan:
    """Rebuild the plan for one row from the `choice` row of `cheapest_cost_table`."""
    counts: dict[int, int] = {}
    n = sessions
    total = 0.0
    while n > 0:
        pick = int(choice_row[n])
        if pick == SINGLE:
            counts[SINGLE] = counts.get(SINGLE, 0) + 1
            total += single_price
            n -= 1
        else:
            counts[pick] = counts.get(pick, 0) + 1
            total += float(prices[pick])
            n = max(n - int(sizes[pick]), 0)
    lines = [PlanLine(int(sizes[j]), c, float(prices[j])) for j, c in counts.items() if j != SINGLE]
    lines.sort(key=lambda line: -line.size)
    if SINGLE in counts:
        lines.append(PlanLine(1, counts[SINGLE], float(single_price)))
    return PurchasePlan(sessions, tuple(lines), total, currency)


def cheapest_plan(single_price: float, packages: list[Package], sessions: int, currency: str) -> PurchasePlan:
    """The cheapest plan for one course: at least `sessions` sessions from singles and packages.

    Example: single 300 USD, 3-pack 800 USD, 5 sessions -> "1 x 3-pack + 2 single sessions", 1,400 USD;
    with a 6-pack at 1,350 USD it is "1 x 6-pack" (one session more, for less).

    >>> plan = cheapest_plan(300, [Package(3, 800)], 5, "USD")
    >>> plan.describe(), plan.cost
    ('1 x 3-pack + 2 single sessions', 1400.0)
    >>> plan = cheapest_plan(300, [Package(3, 800), Package(6, 1_350)], 5, "USD")
    >>> plan.describe(), plan.cost, plan.sessions_bought
    ('1 x 6-pack', 1350.0, 6)
    """
    sizes = np.array([[p.sessions for p in packages]], dtype=np.int64).reshape(1, -1)
    prices = np.array([[p.price for p in packages]], dtype=np.float64).reshape(1, -1)
    _, choice = cheapest_cost_table(np.array([single_price]), sizes, prices, max(sessions, 0))
    return plan_from_choices(max(sessions, 0), single_price, sizes[0], prices[0], choice[0], currency)
