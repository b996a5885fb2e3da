"""The factor method's arithmetic (因素法), exact to the fen.

For each factor f with weight w_f and a sub-area i with value v_fi, the sub-area's score is
    s_i = sum_f (w_f / W) * (v_fi / V_f),   W = sum of the weights of factors with V_f > 0,
    V_f = sum_i v_fi,
so a factor whose values are all zero drops out and the other weights are rescaled. The exact amount
total * s_i is a fraction; each sub-area first gets its whole fen (rounded down), and the fen left
over go one each to the largest remainders (ties: the lower area code first). So the shares always
add up to the total to the fen (largest remainder method, also called Hamilton's method).
"""

from __future__ import annotations

from fractions import Fraction


class NothingToAllocate(ValueError):
    """Every factor is zero in every sub-area (or no weights): no basis for a split."""


def scores(values: dict[str, dict[str, int]], weights: dict[str, int]) -> dict[str, Fraction]:
    """values: factor -> sub-area -> value (>= 0); weights: factor -> weight. Scores add up to 1."""
    areas = sorted({a for per_area in values.values() for a in per_area})
    live = {f: w for f, w in weights.items() if w > 0 and sum(values.get(f, {}).values()) > 0}
    weight_sum = sum(live.values())
    if not areas or weight_sum == 0:
        raise NothingToAllocate("所有因素的合计值均为0，无法分配 / every factor is zero: nothing to split by")
    result = {}
    for a in areas:
        result[a] = sum((Fraction(w, weight_sum) * Fraction(values[f].get(a, 0), sum(values[f].values()))
                         for f, w in live.items()), Fraction(0))
    return result


def split_to_fen(total_fen: int, shares: dict[str, Fraction]) -> dict[str, int]:
    """Largest remainder: floor each exact amount, then one fen more to the largest remainders."""
    exact = {a: total_fen * s for a, s in shares.items()}
    amounts = {a: int(x) for a, x in exact.items()}  # Fraction -> int truncates toward zero (all >= 0)
    left = total_fen - sum(amounts.values())
    for a in sorted(exact, key=lambda a: (-(exact[a] - amounts[a]), a))[:left]:
        amounts[a] += 1
    return amounts


def allocate(total_fen: int, values: dict[str, dict[str, int]], weights: dict[str, int]) -> dict[str, int]:
    return split_to_fen(total_fen, scores(values, weights))
