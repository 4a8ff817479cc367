"""Reporting periods are calendar months written YYYY-MM (docs §13).

`Period` is the month as a value: its arithmetic, its default months and its report deadline live here, so
that no form, view or query computes months by hand. `core.period_fields` stores it in the database and
reads it from forms and the API.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The same format for the database check constraints and the OpenAPI schema (no named groups there).
PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
_PERIOD = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")

# The first year the portal holds months of: the catalogue's procurement (docs §3) starts in 2019.
FIRST_YEAR = 2019


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, value: str) -> "Period":
        match = _PERIOD.match((value or "").strip())
        if not match:
            raise ValidationError(
                _("A period is written YYYY-MM, e.g. 2026-01; you entered %(value)s."),
                code="period_format",
                params={"value": value},
            )
        return cls(int(match["year"]), int(match["month"]))

    @classmethod
    def of(cls, day: datetime.date) -> "Period":
        return cls(day.year, day.month)

    @classmethod
    def from_index(cls, index: int) -> "Period":
        """The inverse of `index`."""
        return cls(index // 12, index % 12 + 1)

    @classmethod
    def current(cls, today: datetime.date | None = None) -> "Period":
        """Today's month (local time)."""
        return cls.of(today or timezone.localdate())

    @classmethod
    def last_complete(cls, today: datetime.date | None = None) -> "Period":
        """The month before today's: the latest month that has ended, the dashboards' and forms' default."""
        return cls.current(today).previous()

    @classmethod
    def being_reported(cls, today: datetime.date, *, until_day: int) -> "Period":
        """The month whose report is in the making: last month up to its `until_day` of this month, then this
        month."""
        current = cls.of(today)
        return current.previous() if today.day <= until_day else current

    @property
    def index(self) -> int:
        """Months since year 0: month arithmetic on plain integers."""
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def previous(self) -> "Period":
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def next(self) -> "Period":
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    def shifted(self, months: int) -> "Period":
        """The month `months` later (earlier when negative), across year ends."""
        return Period.from_index(self.index + months)

    def __add__(self, months: int) -> "Period":
        if not isinstance(months, int):
            return NotImplemented
        return self.shifted(months)

    def __sub__(self, months: int) -> "Period":
        if not isinstance(months, int):
            return NotImplemented
        return self.shifted(-months)

    def months_until(self, last: "Period") -> int:
        """How many months `self` to `last` covers, both ends included (0 or less: the range is backwards)."""
        return last.index - self.index + 1

    def range_to(self, last: "Period") -> list["Period"]:
        """Every month from `self` to `last`, both included (empty when the range is backwards)."""
        return [Period.from_index(index) for index in range(self.index, last.index + 1)]

    def deadline(self, due_day: int) -> datetime.date:
        """When this month's report is due: `due_day` of the next month (docs §8)."""
        return self.next().first_day.replace(day=due_day)

    def __str__(self) -> str:
        # Dashboards print tens of thousands of months read from the database, where PeriodField hands out one
        # shared Period per month: format each once (the text is not a field, so equality and hashing ignore it).
        text = self.__dict__.get("_text")
        if text is None:
            text = f"{self.year:04d}-{self.month:02d}"
            object.__setattr__(self, "_text", text)
        return text


def period_range(today: datetime.date | None = None) -> tuple[Period, Period]:
    """The months the portal holds: from the catalogue's first year to the end of next year. Years such as 0000
    and 9999 overflowed date arithmetic (500s) and made rows that no one could ever remove."""
    return Period(FIRST_YEAR, 1), Period((today or timezone.localdate()).year + 1, 12)


def check_period_in_range(period: Period, today: datetime.date | None = None) -> Period:
    """The period itself, or ValidationError (code `period_range`) naming it and the range, in the user's
    language. Every surface that reads a month (model, form, serializer and filter fields) calls this."""
    first, last = period_range(today)
    if not first <= period <= last:
        raise ValidationError(
            _("%(value)s is outside the months the portal holds: from %(first)s to %(last)s."),
            code="period_range",
            params={"value": str(period), "first": str(first), "last": str(last)},
        )
    return period
