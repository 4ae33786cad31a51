"""Specification of pricing.patient.packages: the cheapest way to buy at least N sessions."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from pricing.patient.packages import SINGLE, Package, PlanLine, PurchasePlan, cheapest_cost_table, cheapest_plan


def lines_of(plan: PurchasePlan) -> list[tuple[int, int, float]]:
    return [(line.size, line.count, line.unit_price) for line in plan.lines]


class TestCheapestPlan:
    def test_three_sessions_take_the_three_pack(self):
        """Single 300, 3-pack 800, 3 sessions: 3 singles = 900 > one 3-pack = 800 -> "1 x 3-pack", 800."""
        plan = cheapest_plan(300, [Package(3, 800)], 3, "USD")
        assert plan.cost == pytest.approx(800)
        assert lines_of(plan) == [(3, 1, 800.0)]
        assert plan.describe() == "1 x 3-pack"
        assert plan.sessions_bought == 3

    def test_five_sessions_pack_plus_singles(self):
        """Single 300, 3-pack 800, 5 sessions: 800 + 2 x 300 = 1,400 beats 2 x 3-pack = 1,600 and
        5 x 300 = 1,500 -> "1 x 3-pack + 2 single sessions", 1,400."""
        plan = cheapest_plan(300, [Package(3, 800)], 5, "USD")
        assert plan.cost == pytest.approx(1400)
        assert lines_of(plan) == [(3, 1, 800.0), (1, 2, 300.0)]
        assert plan.describe() == "1 x 3-pack + 2 single sessions"
        assert plan.sessions_bought == 5
        assert plan.sessions_needed == 5
        assert plan.currency == "USD"

    def test_two_sessions_stay_singles_when_cheaper(self):
        """Single 300, 3-pack 800, 2 sessions: 2 x 300 = 600 < 800 -> "2 single sessions", 600."""
        plan = cheapest_plan(300, [Package(3, 800)], 2, "USD")
        assert plan.cost == pytest.approx(600)
        assert plan.describe() == "2 single sessions"

    def test_overbuying_when_it_is_cheaper(self):
        """Single 450, 3-pack 800, 2 sessions needed: 2 x 450 = 900 > 800, so buy the 3-pack and
        leave one session unused -> "1 x 3-pack", 800, 3 sessions bought."""
        plan = cheapest_plan(450, [Package(3, 800)], 2, "USD")
        assert plan.cost == pytest.approx(800)
        assert plan.describe() == "1 x 3-pack"
        assert plan.sessions_needed == 2
        assert plan.sessions_bought == 3

    def test_bigger_pack_for_one_session_more(self):
        """Docstring example: single 300, 3-pack 800, 6-pack 1,350, 5 sessions: 1,350 < 1,400 ->
        "1 x 6-pack" (one session more, for less)."""
        plan = cheapest_plan(300, [Package(3, 800), Package(6, 1350)], 5, "USD")
        assert plan.cost == pytest.approx(1350)
        assert plan.describe() == "1 x 6-pack"
        assert plan.sessions_bought == 6

    def test_no_packages_means_n_singles(self):
        """No packages, single 250, 4 sessions: 4 x 250 = 1,000, "4 single sessions"."""
        plan = cheapest_plan(250, [], 4, "EUR")
        assert plan.cost == pytest.approx(1000)
        assert lines_of(plan) == [(1, 4, 250.0)]
        assert plan.describe() == "4 single sessions"
        assert plan.currency == "EUR"

    def test_one_single_session_is_singular(self):
        """One session, no packages: "1 single session" (no plural s), cost = the single price 300."""
        plan = cheapest_plan(300, [], 1, "USD")
        assert plan.describe() == "1 single session"
        assert plan.cost == pytest.approx(300)

    def test_zero_sessions_buy_nothing(self):
        """0 sessions: nothing to buy, cost 0."""
        plan = cheapest_plan(300, [Package(3, 800)], 0, "USD")
        assert plan.lines == ()
        assert plan.cost == 0
        assert plan.describe() == "nothing to buy"
        assert plan.sessions_bought == 0

    def test_two_packs_of_the_same_kind(self):
        """Single 300, 3-pack 800, 6 sessions: 2 x 800 = 1,600 < 800 + 3 x 300 = 1,700 -> "2 x 3-pack"."""
        plan = cheapest_plan(300, [Package(3, 800)], 6, "USD")
        assert plan.cost == pytest.approx(1600)
        assert plan.describe() == "2 x 3-pack"
        assert lines_of(plan) == [(3, 2, 800.0)]

    def test_a_tie_keeps_single_sessions(self):
        """Single 300, 3-pack 900, 3 sessions: a tie (900 = 3 x 300); the plan stays with singles."""
        plan = cheapest_plan(300, [Package(3, 900)], 3, "USD")
        assert plan.cost == pytest.approx(900)
        assert plan.describe() == "3 single sessions"

    def test_plan_lines_largest_first_and_cost_adds_up(self):
        """Single 100, 2-pack 150, 5-pack 300, 8 sessions: 5-pack + 2-pack + 1 single = 300 + 150 + 100
        = 550 (vs 2 x 5-pack = 600, 4 x 2-pack = 600); lines are listed largest bundle first."""
        plan = cheapest_plan(100, [Package(2, 150), Package(5, 300)], 8, "USD")
        assert plan.cost == pytest.approx(550)
        assert lines_of(plan) == [(5, 1, 300.0), (2, 1, 150.0), (1, 1, 100.0)]
        assert plan.cost == pytest.approx(sum(c * p for _, c, p in lines_of(plan)))
        assert plan.describe() == "1 x 5-pack + 1 x 2-pack + 1 single session"


class TestPurchasePlan:
    def test_sessions_bought_counts_every_line(self):
        """2 x 3-pack + 1 single = 2 x 3 + 1 x 1 = 7 sessions."""
        plan = PurchasePlan(7, (PlanLine(3, 2, 800.0), PlanLine(1, 1, 300.0)), 1900.0, "USD")
        assert plan.sessions_bought == 7
        assert plan.describe() == "2 x 3-pack + 1 single session"


class TestCheapestCostTable:
    def test_docstring_example_vectorised(self):
        """Single 300, 3-pack 800: cost[n] for n = 0..6 is 0, 300, 600, 800, 1,100, 1,400, 1,600; the
        second row has no package (price inf) and pays 250 x n."""
        cost, choice = cheapest_cost_table(np.array([300.0, 250.0]), np.array([[3], [1]]),
                                           np.array([[800.0], [np.inf]]), 6)
        np.testing.assert_allclose(cost[0], [0, 300, 600, 800, 1100, 1400, 1600])
        np.testing.assert_allclose(cost[1], [250 * n for n in range(7)])
        assert choice[0, 3] == 0  # the 3-pack is bought last for 3 sessions
        assert choice[0, 2] == SINGLE
        assert (choice[1, 1:] == SINGLE).all()

    def test_matches_brute_force_enumeration(self):
        """For 40 random small price rows (up to 3 packages of 2..5 sessions, some missing), the table
        equals the minimum over every combination of package counts, topped up with singles."""
        rng = np.random.default_rng(7)
        max_sessions = 9
        rows, width = 40, 3
        single = rng.integers(50, 400, rows).astype(float)
        sizes = rng.integers(2, 6, (rows, width))
        prices = np.round(sizes * single[:, None] * rng.uniform(0.5, 1.3, (rows, width)))
        prices[rng.random((rows, width)) < 0.25] = np.inf  # rows with fewer packages
        cost, _ = cheapest_cost_table(single, sizes, prices, max_sessions)
        for r in range(rows):
            for n in range(max_sessions + 1):
                assert cost[r, n] == pytest.approx(_brute_force(single[r], sizes[r], prices[r], n)), (r, n)

    def test_zero_rows(self):
        """No price rows at all (nothing to compare): empty tables of shape (0, max_sessions + 1)."""
        cost, choice = cheapest_cost_table(np.zeros(0), np.zeros((0, 0), dtype=np.int64), np.zeros((0, 0)), 3)
        assert cost.shape == choice.shape == (0, 4)

    def test_every_row_is_independent(self):
        """Rows never mix: row 0's result is the same alone or next to another row."""
        alone, _ = cheapest_cost_table(np.array([300.0]), np.array([[3]]), np.array([[800.0]]), 5)
        both, _ = cheapest_cost_table(np.array([300.0, 10.0]), np.array([[3], [2]]),
                                      np.array([[800.0], [1.0]]), 5)
        np.testing.assert_allclose(both[0], alone[0])


def _brute_force(single: float, sizes: np.ndarray, prices: np.ndarray, n: int) -> float:
    usable = [(int(s), float(p)) for s, p in zip(sizes, prices) if math.isfinite(p)]
    best = single * n
    ranges = [range(math.ceil(n / s) + 1) for s, _ in usable]
    for counts in itertools.product(*ranges):
        covered = sum(c * s for c, (s, _) in zip(counts, usable))
        cost = sum(c * p for c, (_, p) in zip(counts, usable)) + max(n - covered, 0) * single
        best = min(best, cost)
    return best
