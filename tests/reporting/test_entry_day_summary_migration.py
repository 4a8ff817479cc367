"""Upgrading a database that already holds reports: migration 0006 gives every existing entry its present
days, the fewest hours on one and its GAS T-score, from the days and levels it already has (the monitoring
dashboards read these instead of the days and the goal progress)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reporting.models import ReportEntry
from reporting.services import ProgressInput, report_entry_update
from tests import factories

BEFORE = [("reporting", "0005_report_submission_snapshots")]
AFTER = [("reporting", "0006_entry_summaries")]


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_entries_written_before_the_upgrade_get_their_present_days(world):
    second = factories.make_order(world.line, worker=world.social_worker)
    report = factories.make_report(world.line.contract, user=world.reporter)
    days: list[tuple[datetime.date, str, Decimal | str]] = [
        (datetime.date(2026, 10, 1), "present", "6.00"),
        (datetime.date(2026, 10, 2), "present", "4.50"),
        (datetime.date(2026, 10, 5), "sick", "0"),
        (datetime.date(2026, 10, 6), "present", "5.00"),
    ]
    factories.fill_entry(factories.report_entry(report, world.order), user=world.reporter, days=days)
    factories.fill_entry(
        factories.report_entry(report, second),
        user=world.reporter,
        days=[(datetime.date(2026, 10, 1), "absent", "0")],
    )

    _migrate(BEFORE)  # the columns go, as in a database from before the upgrade
    _migrate(AFTER)

    summaries = dict(ReportEntry.objects.filter(report=report).values_list("service_order_id", "present_days"))
    assert summaries == {world.order.pk: 3, second.pk: 0}
    assert factories.report_entry(report, world.order).least_present_hours == Decimal("4.50")
    assert factories.report_entry(report, second).least_present_hours is None
    # fill_entry gives every goal level 0: T = 50.
    assert factories.report_entry(report, world.order).t_score == pytest.approx(50.0)


@pytest.mark.django_db(transaction=True)
def test_entries_written_before_the_upgrade_get_their_t_score_with_the_weights(world):
    second_goal = world.order.goals.get()
    second_goal.pk = None
    second_goal.weight = 2
    second_goal.save()
    without_levels = factories.make_order(world.line, worker=world.social_worker)
    report = factories.make_report(world.line.contract, user=world.reporter)
    entry = factories.report_entry(report, world.order)
    goals = list(world.order.goals.order_by("pk"))
    report_entry_update(
        user=world.reporter,
        entry=entry,
        version=entry.version,
        goal_progress=[ProgressInput(goal.pk, level) for goal, level in zip(goals, (-1, 2), strict=True)],
    )

    _migrate(BEFORE)
    _migrate(AFTER)

    # Σwx = −1 + 4 = 3, Σw² = 1 + 4 = 5, Σw = 3: 50 + 30 / √(3.5 + 2.7) = 50 + 30 / 2.48998 = 62.05
    assert round(factories.report_entry(report, world.order).t_score or 0, 2) == 62.05
    assert factories.report_entry(report, without_levels).t_score is None
