"""The factor method's arithmetic: shares add up to the total to the fen (largest remainder)."""

import random
from fractions import Fraction

import pytest

from guanai.funds import allocation


def test_a_single_factor_splits_in_proportion():
    assert allocation.allocate(100_00, {"kids": {"a": 1, "b": 3}}, {"kids": 1}) == {"a": 25_00, "b": 75_00}


def test_weights_mix_the_factors():
    values = {"kids": {"a": 10, "b": 30}, "homes": {"a": 1, "b": 0}}
    # a: 0.6 * 1/4 + 0.4 * 1 = 0.55
    assert allocation.scores(values, {"kids": 60, "homes": 40}) == {"a": Fraction(11, 20), "b": Fraction(9, 20)}
    assert allocation.allocate(1_000_000, values, {"kids": 60, "homes": 40}) == {"a": 550_000, "b": 450_000}


def test_left_over_fen_go_to_the_largest_remainders_and_ties_to_the_lower_code():
    # 100 fen over three equal areas: 33.33 each, one fen left, to "a" (tie, lowest code)
    assert allocation.allocate(100, {"f": {"a": 1, "b": 1, "c": 1}}, {"f": 1}) == {"a": 34, "b": 33, "c": 33}
    # 10 fen by 1:2:4 -> 1.43, 2.86, 5.71: floors 1, 2, 5 (8), the two left go to b (.86) and c (.71)
    assert allocation.allocate(10, {"f": {"a": 1, "b": 2, "c": 4}}, {"f": 1}) == {"a": 1, "b": 3, "c": 6}


def test_a_factor_that_is_zero_everywhere_drops_out():
    values = {"kids": {"a": 1, "b": 1}, "homes": {"a": 0, "b": 0}}
    assert allocation.allocate(200, values, {"kids": 1, "homes": 9}) == {"a": 100, "b": 100}


def test_nothing_to_split_by_is_refused():
    with pytest.raises(allocation.NothingToAllocate):
        allocation.allocate(100, {"f": {"a": 0}}, {"f": 1})


@pytest.mark.parametrize("seed", range(25))
def test_shares_always_sum_to_the_total_to_the_fen(seed):
    rng = random.Random(seed)
    areas = [f"{n:03d}" for n in range(rng.randint(1, 40))]
    values = {f: {a: rng.randint(0, 5000) for a in areas} for f in ("kids", "elders", "homes", "rate")}
    values["kids"][areas[0]] += 1  # at least one factor has a value
    weights = {f: rng.randint(0, 100) for f in values} | {"kids": rng.randint(1, 100)}
    total = rng.randint(1, 10**11)
    amounts = allocation.allocate(total, values, weights)
    assert sum(amounts.values()) == total
    exact = allocation.scores(values, weights)
    assert all(abs(amounts[a] - total * exact[a]) < 1 for a in areas)  # never a whole fen off
