"""The month as a value: arithmetic across year ends, the default months and the report deadline."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.periods import Period


def test_shifting_crosses_year_ends_both_ways():
    assert Period(2026, 11).shifted(2) == Period(2027, 1)
    assert Period(2026, 1).shifted(-1) == Period(2025, 12)
    assert Period(2026, 3) + 12 == Period(2027, 3)
    assert Period(2026, 3) - 15 == Period(2024, 12)
    assert Period(2026, 3).shifted(0) == Period(2026, 3)


def test_next_and_previous_agree_with_shifting():
    for month in range(1, 13):
        period = Period(2026, month)
        assert period.next() == period + 1
        assert period.previous() == period - 1


def test_a_range_lists_every_month_with_both_ends_across_a_year_end():
    assert Period(2025, 11).range_to(Period(2026, 2)) == [
        Period(2025, 11),
        Period(2025, 12),
        Period(2026, 1),
        Period(2026, 2),
    ]
    assert Period(2026, 5).range_to(Period(2026, 5)) == [Period(2026, 5)]
    assert Period(2026, 5).range_to(Period(2026, 4)) == []


def test_months_until_counts_both_ends_and_is_not_positive_backwards():
    assert Period(2025, 11).months_until(Period(2026, 2)) == 4
    assert Period(2026, 2).months_until(Period(2026, 2)) == 1
    assert Period(2026, 2).months_until(Period(2026, 1)) == 0


def test_the_index_round_trips():
    for period in (Period(2026, 1), Period(2026, 12), Period(1999, 7)):
        assert Period.from_index(period.index) == period


def test_the_deadline_is_the_due_day_of_the_next_month_across_a_year_end():
    assert Period(2026, 10).deadline(10) == datetime.date(2026, 11, 10)
    assert Period(2026, 12).deadline(10) == datetime.date(2027, 1, 10)
    assert Period(2026, 1).deadline(28) == datetime.date(2026, 2, 28)


def test_the_last_complete_month_is_the_one_before_today():
    assert Period.last_complete(datetime.date(2026, 1, 15)) == Period(2025, 12)
    assert Period.last_complete(datetime.date(2026, 11, 30)) == Period(2026, 10)


def test_the_current_month_defaults_to_today():
    # The test suite freezes today at 2026-11-23.
    assert Period.current() == Period(2026, 11)
    assert Period.last_complete() == Period(2026, 10)


def test_the_month_being_reported_is_last_month_up_to_the_given_day():
    assert Period.being_reported(datetime.date(2026, 1, 10), until_day=10) == Period(2025, 12)
    assert Period.being_reported(datetime.date(2026, 1, 11), until_day=10) == Period(2026, 1)


def test_periods_order_by_month_and_print_as_year_dash_month():
    assert sorted([Period(2026, 1), Period(2025, 12), Period(2026, 10)]) == [
        Period(2025, 12),
        Period(2026, 1),
        Period(2026, 10),
    ]
    assert str(Period(2026, 3)) == "2026-03"
    assert Period.parse(" 2026-03 ") == Period(2026, 3)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-01", "2026-1", "May", "", "2026-01-01"])
def test_a_malformed_month_names_the_format_and_what_was_entered(text):
    with pytest.raises(ValidationError) as caught:
        Period.parse(text)
    assert caught.value.code == "period_format"
    with translation.override("en"):
        assert caught.value.messages == [f"A period is written YYYY-MM, e.g. 2026-01; you entered {text}."]
