"""Goal Attainment Scaling: the Kiresuk–Sherman T-score (docs §5), a pure function with no database.

For one client in one month, over the goals i with a GAS level xᵢ (−2…+2, 0 = the expected outcome) and a
weight wᵢ (default 1), with the inter-goal correlation ρ = 0.3:

    T = 50 + 10 · Σ wᵢxᵢ / √((1 − ρ) · Σ wᵢ² + ρ · (Σ wᵢ)²)

T = 50 when every goal is reached as expected; each standard deviation is 10 points. The report services
store each entry's score (`ReportEntry.t_score`); the outcome reads, the dashboards and the bench scripts
use the same function.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

RHO = 0.3


def gas_t_score(goals: Iterable[tuple[int, int]], *, rho: float = RHO) -> float | None:
    """The Kiresuk–Sherman T-score of (level, weight) pairs; None without goals.

    T = 50 + 10 · Σ wᵢxᵢ / √((1 − ρ) · Σ wᵢ² + ρ · (Σ wᵢ)²)
    """
    pairs = list(goals)
    if not pairs:
        return None
    weighted = sum(weight * level for level, weight in pairs)
    squares = sum(weight * weight for _level, weight in pairs)
    total = sum(weight for _level, weight in pairs)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * squares + rho * total * total)
