"""Work-share money (docs §7): hours × the rate in force that day, per day, Decimal rounded half-up to cents.

Paid for present days of products that earn it; nothing on sick, absent or other days. A month spanning
two rate decisions pays each day at its own day's rate.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class RateTable:
    """The dated rate decisions, looked up per day without a query (built once per validation)."""

    def __init__(self, rates: Iterable[tuple[datetime.date, Decimal]]) -> None:
        ordered = sorted(rates)
        self._starts = [start for start, _ in ordered]
        self._amounts = [amount for _, amount in ordered]

    def rate_on(self, day: datetime.date) -> Decimal | None:
        index = bisect.bisect_right(self._starts, day) - 1
        return self._amounts[index] if index >= 0 else None


def price_date(*, order_starts_on: datetime.date, month_first_day: datetime.date) -> datetime.date:
    """Units are not dated, so an entry is priced at the price in force on the first day its order runs in
    the month. The services (stored cost) and the rules (recomputed cost) both use this."""
    return max(order_starts_on, month_first_day)


def entry_cost(units: Decimal, unit_price: Decimal | None) -> Decimal:
    return to_cents(units * (unit_price or ZERO))


def day_amount(*, status: str, hours: Decimal, day: datetime.date, earns_work_share: bool, rates: RateTable) -> Decimal:
    if not earns_work_share or status != "present" or hours <= 0:
        return ZERO
    rate = rates.rate_on(day)
    if rate is None:
        return ZERO
    return to_cents(hours * rate)


def entry_amount(
    days: Sequence[tuple[datetime.date, str, Decimal]], *, earns_work_share: bool, rates: RateTable
) -> Decimal:
    """Sum of the day rows' amounts (each already rounded): the entry total equals what payroll pays."""
    return sum(
        (
            day_amount(status=status, hours=hours, day=day, earns_work_share=earns_work_share, rates=rates)
            for day, status, hours in days
        ),
        ZERO,
    )
