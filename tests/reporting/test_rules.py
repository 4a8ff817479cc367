"""The validation rules of docs §9: each one found where it applies and silent where it does not.

Reports are built as a provider's reporter builds them (report_create, report_entry_update) and validated
with report_validate, the service the API and the submit button call. October 2026 is a month in the past
(today is 23 November 2026) unless a test is about the current month. One module past 500 lines: every rule
is tested next to the others over the same report builders, so a new rule's test goes here too.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from contracts.models import ContractLinePrice, UnitBudget, WorkShareRate
from reporting.models import Report, ReportEntry
from reporting.services import (
    _json_params,
    report_approve,
    report_reopen,
    report_submit,
    report_update,
    report_validate,
)
from reporting.validation import RULES, FindingData, Severity
from reporting.validation.engine import report_findings
from tests import factories

OCT = datetime.date(2026, 10, 1)
pytestmark = pytest.mark.django_db

# Codes with a test below that makes the rule speak (filled by @triggers at import, whatever order tests run in).
TRIGGERED: set[str] = set()
# Rules of docs §9 not written yet (none left: the employment-path rules came with the path's model).
NOT_YET: set[str] = set()


def triggers(code: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def mark(test: Callable[..., Any]) -> Callable[..., Any]:
        TRIGGERED.add(code)
        return test

    return mark


def oct(day: int) -> datetime.date:
    return datetime.date(2026, 10, day)


def validate(world: Any, report: Any, **kwargs: Any) -> list[FindingData]:
    return report_validate(user=world.reporter, report=report, **kwargs)


def codes(findings: list[FindingData]) -> set[str]:
    return {finding.code for finding in findings}


def found(findings: list[FindingData], code: str) -> list[FindingData]:
    """The findings of one rule, each checked to render in all three languages from its stored params."""
    hits = [finding for finding in findings if finding.code == code]
    assert hits, f"{code} not found in {sorted(codes(findings))}"
    for finding in hits:
        assert finding.severity == RULES[code].severity
        for language in ("fi", "sv", "en"):
            params = _json_params(finding.params)
            text = RULES[code].message(language, params)
            assert "%(" not in text
            assert text.strip()
            with translation.override(language):
                for name in re.findall(r"%\((\w+)\)s", str(RULES[code].text)):
                    assert name in params or f"{name}_{language}" in params, (code, language, name)
    return hits


def complete_entry(world: Any, entry: Any, **fields: Any) -> Any:
    """A month with nothing wrong: two units, a present day with hours, a sick day without, goals assessed."""
    fields.setdefault("units_delivered", Decimal("2"))
    return factories.fill_entry(
        entry, user=world.reporter, days=[(oct(1), "present", "4.5"), (oct(2), "sick", "0")], **fields
    )


@pytest.fixture
def report(world: Any) -> Any:
    return factories.make_report(world.line.contract, user=world.reporter)


@pytest.fixture
def entry(world: Any, report: Any) -> Any:
    return factories.report_entry(report, world.order)


def test_a_complete_month_has_no_findings(world, report, entry):
    complete_entry(world, entry)

    assert validate(world, report) == []


# The registry ------------------------------------------------------------------------------------------------


def test_every_rule_has_a_message_in_finnish_swedish_and_english():
    """The messages are gettext strings: the Finnish and Swedish catalogs in locale/ translate every one, with the
    same placeholders, and no English is left in the translation."""
    english = re.compile(r"\b(the|is|are|and|day|hours?|client|order|sick|absent|present|amount|paid)\b", re.IGNORECASE)
    for code, registered in RULES.items():
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", code)
        assert registered.severity in set(Severity)
        texts = {}
        for language in ("fi", "sv", "en"):
            with translation.override(language):
                texts[language] = str(registered.text)
        assert len(set(texts.values())) == 3, (code, texts)
        placeholders = re.compile(r"%\((\w+)\)s")
        for language in ("fi", "sv"):
            assert not english.search(placeholders.sub("", texts[language])), (code, language)
            assert sorted(placeholders.findall(texts[language])) == sorted(placeholders.findall(texts["en"])), code
        # A param stored once per language is the catalogue's name of something, never a formatted word.
        assert not any(re.search(r"_(fi|sv|en)$", name) for name in registered.formats), code


def test_every_word_a_message_puts_in_is_translated_in_finnish_and_swedish(world, report, entry):
    """Dates, months, numbers and reasons read in the message's language (the patterns are in locale/ too)."""
    factories.fill_entry(entry, user=world.reporter, days=[(oct(2), "sick", "3.5")])
    [finding] = found(validate(world, report), "work_hours_only_present")
    rule = RULES["work_hours_only_present"]

    assert "2.10.2026" in rule.message("fi", finding.params)
    assert "asiakas oli sairaana" in rule.message("fi", finding.params)
    assert "klienten var sjuk" in rule.message("sv", finding.params)
    assert "2026-10-02" in rule.message("en", finding.params)
    assert "the client was sick" in rule.message("en", finding.params)


def test_every_registered_rule_has_a_test_that_triggers_it():
    assert set(RULES) - TRIGGERED == set()
    assert TRIGGERED - set(RULES) == set()
    assert NOT_YET.isdisjoint(RULES)


# The report, its contract lines, their prices, the entries with their orders, the entries' products and
# ordering units, their days, goal progress and goals, the employment paths, the rates, housing orders, order
# spans, budgets and approved costs: fifteen for 3 entries as for 40.
QUERIES_PER_VALIDATION = 15


@pytest.mark.parametrize("size", [3, 40])
def test_validation_takes_the_same_number_of_queries_whatever_the_report_size(world, size):
    contract = factories.make_contract(world.provider, products=("work-activity-adults", "service-housing"))
    lines = list(contract.lines.all())
    for index in range(size):
        factories.make_order(lines[index % 2], worker=world.social_worker)
    report = factories.make_report(contract, user=world.reporter)
    for entry in report.entries.all():
        factories.fill_entry(
            entry, user=world.reporter, days=[(oct(1), "present", "3"), (oct(2), "sick", "0")], progress=False
        )
    UnitBudget.objects.create(ordering_unit=factories.unit(), year=2026, amount=Decimal("100"))

    with CaptureQueriesContext(connection) as queries:
        findings = report_findings(report)

    assert len([finding for finding in findings if finding.code == "goal_progress_missing"]) == size
    assert len(queries) == QUERIES_PER_VALIDATION, [query["sql"] for query in queries]


# Contract and price list -------------------------------------------------------------------------------------


@triggers("contract_not_valid_for_month")
def test_a_contract_that_ends_mid_month_cannot_carry_the_month(world):
    contract = factories.make_contract(world.provider, ends_on=oct(15))
    factories.make_order(contract.lines.get(), starts_on=oct(1), ends_on=oct(15))
    report = factories.make_report(contract, user=world.reporter)

    [finding] = found(validate(world, report), "contract_not_valid_for_month")

    assert (finding.entry_id, finding.field) == (None, "contract")
    assert "15.10.2026" in RULES["contract_not_valid_for_month"].message("fi", finding.params)


def test_a_contract_valid_all_month_is_fine(world, report, entry):
    complete_entry(world, entry)

    assert "contract_not_valid_for_month" not in codes(validate(world, report))


@triggers("product_not_on_price_list")
def test_a_product_whose_price_ends_mid_month_is_off_the_price_list_from_the_next_day(world, report, entry):
    ContractLinePrice.objects.filter(line=world.line).update(valid_to=oct(20))
    complete_entry(world, entry)

    [finding] = found(validate(world, report), "product_not_on_price_list")

    assert (finding.entry_id, finding.date, finding.field) == (entry.pk, oct(21), "service_order")


def test_a_price_change_mid_month_keeps_the_product_on_the_price_list(world, report, entry):
    ContractLinePrice.objects.filter(line=world.line).update(valid_to=oct(15))
    ContractLinePrice.objects.create(line=world.line, unit_price=Decimal("85.00"), valid_from=oct(16))
    complete_entry(world, entry)

    assert "product_not_on_price_list" not in codes(validate(world, report))


# Orders ------------------------------------------------------------------------------------------------------


@triggers("day_outside_order")
def test_a_day_before_the_order_starts_is_not_covered_by_it(world):
    order = factories.make_order(world.line, starts_on=oct(10), worker=world.social_worker)
    report = factories.make_report(world.line.contract, user=world.reporter)
    entry = factories.report_entry(report, order)
    factories.fill_entry(entry, user=world.reporter, days=[(oct(5), "present", "3"), (oct(12), "present", "3")])

    [finding] = found(validate(world, report), "day_outside_order")

    assert (finding.entry_id, finding.date, finding.field) == (entry.pk, oct(5), "date")


def test_days_within_the_order_are_covered(world):
    order = factories.make_order(world.line, starts_on=oct(10), worker=world.social_worker)
    report = factories.make_report(world.line.contract, user=world.reporter)
    factories.fill_entry(factories.report_entry(report, order), user=world.reporter, days=[(oct(10), "present", "3")])

    assert "day_outside_order" not in codes(validate(world, report))


@triggers("order_of_other_provider")
def test_an_entry_on_another_providers_order_is_an_error(world, report, entry):
    complete_entry(world, entry)
    stray = ReportEntry.objects.create(report=report, service_order=world.other_order)

    [finding] = found(validate(world, report), "order_of_other_provider")

    assert (finding.entry_id, finding.field) == (stray.pk, "service_order")


def test_the_providers_own_orders_are_fine(world, report, entry):
    complete_entry(world, entry)

    assert "order_of_other_provider" not in codes(validate(world, report))


@triggers("duplicate_client_product")
def test_a_client_reported_twice_for_the_same_product_in_a_month_is_an_error(world):
    client = factories.make_client()
    first = factories.make_order(world.line, client=client, starts_on=oct(1), ends_on=oct(14))
    second = factories.make_order(world.line, client=client, starts_on=oct(15), ends_on=oct(31))
    report = factories.make_report(world.line.contract, user=world.reporter)
    factories.fill_entry(factories.report_entry(report, first), user=world.reporter, units_delivered=Decimal("5"))
    duplicate = factories.fill_entry(
        factories.report_entry(report, second), user=world.reporter, units_delivered=Decimal("5")
    )

    [finding] = found(validate(world, report), "duplicate_client_product")

    assert finding.entry_id == duplicate.pk
    assert finding.params["other_entry"] == factories.report_entry(report, first).pk


def test_a_client_whose_order_was_renewed_mid_month_is_fine_when_the_month_is_on_one_entry(world):
    client = factories.make_client()
    first = factories.make_order(world.line, client=client, starts_on=oct(1), ends_on=oct(14))
    second = factories.make_order(world.line, client=client, starts_on=oct(15), ends_on=oct(31))
    report = factories.make_report(world.line.contract, user=world.reporter)
    factories.fill_entry(factories.report_entry(report, first), user=world.reporter, units_delivered=Decimal("10"))
    factories.fill_entry(factories.report_entry(report, second), user=world.reporter)

    assert "duplicate_client_product" not in codes(validate(world, report))


# Days --------------------------------------------------------------------------------------------------------


@triggers("future_day")
def test_tomorrow_cannot_be_reported_yet(world):
    report = factories.make_report(world.line.contract, user=world.reporter, period="2026-11")
    entry = factories.fill_entry(
        factories.report_entry(report, world.order),
        user=world.reporter,
        days=[(datetime.date(2026, 11, 24), "present", "3")],
    )

    [finding] = found(validate(world, report), "future_day")

    assert (finding.entry_id, finding.date) == (entry.pk, datetime.date(2026, 11, 24))


def test_today_can_be_reported(world):
    report = factories.make_report(world.line.contract, user=world.reporter, period="2026-11")
    factories.fill_entry(
        factories.report_entry(report, world.order),
        user=world.reporter,
        days=[(datetime.date(2026, 11, 23), "present", "3")],
    )

    assert "future_day" not in codes(validate(world, report))


# Units -------------------------------------------------------------------------------------------------------


@triggers("units_exceed_days")
def test_more_day_units_than_the_order_has_days_in_the_month_is_an_error(world):
    order = factories.make_order(world.line, starts_on=oct(20), worker=world.social_worker)
    report = factories.make_report(world.line.contract, user=world.reporter)
    entry = factories.fill_entry(
        factories.report_entry(report, order), user=world.reporter, units_delivered=Decimal("13")
    )

    [finding] = found(validate(world, report), "units_exceed_days")

    assert (finding.entry_id, finding.field, finding.params["days"]) == (entry.pk, "units_delivered", 12)


def test_one_day_unit_for_each_day_the_order_runs_is_fine(world):
    order = factories.make_order(world.line, starts_on=oct(20), worker=world.social_worker)
    report = factories.make_report(world.line.contract, user=world.reporter)
    factories.fill_entry(factories.report_entry(report, order), user=world.reporter, units_delivered=Decimal("12"))

    assert "units_exceed_days" not in codes(validate(world, report))


@triggers("units_exceed_volume")
def test_more_units_than_ordered_needs_a_reason(world, report, entry):
    complete_entry(world, entry, units_delivered=Decimal("21"))

    [finding] = found(validate(world, report), "units_exceed_volume")

    assert (finding.entry_id, finding.severity, finding.field) == (entry.pk, "warning", "units_delivered")
    assert "21" in RULES["units_exceed_volume"].message("fi", finding.params)


def test_the_ordered_volume_itself_is_fine(world, report, entry):
    complete_entry(world, entry, units_delivered=Decimal("20"))

    assert "units_exceed_volume" not in codes(validate(world, report))


# Work hours and work-share money -----------------------------------------------------------------------------


@triggers("work_hours_only_present")
def test_no_work_hours_on_sick_days(world, report, entry):
    factories.fill_entry(entry, user=world.reporter, days=[(oct(1), "present", "4"), (oct(2), "sick", "3")])

    [finding] = found(validate(world, report), "work_hours_only_present")

    assert (finding.entry_id, finding.date, finding.field) == (entry.pk, oct(2), "hours")
    assert "sairaana" in RULES["work_hours_only_present"].message("fi", finding.params)
    assert "sjuk" in RULES["work_hours_only_present"].message("sv", finding.params)


def test_no_work_hours_in_day_activity_that_earns_no_work_share_money(world):
    contract = factories.make_contract(world.provider, products=("day-activity-adults",))
    order = factories.make_order(contract.lines.get(), worker=world.social_worker)
    report = factories.make_report(contract, user=world.reporter)
    factories.fill_entry(factories.report_entry(report, order), user=world.reporter, days=[(oct(1), "present", "4")])

    [finding] = found(validate(world, report), "work_hours_only_present")

    assert finding.date == oct(1)


def test_work_hours_on_present_days_of_work_activity_are_fine(world, report, entry):
    factories.fill_entry(entry, user=world.reporter, days=[(oct(1), "present", "4"), (oct(2), "sick", "0")])

    assert "work_hours_only_present" not in codes(validate(world, report))


@triggers("daily_hours_over_limit")
def test_more_work_hours_than_the_products_daily_limit_is_an_error(world, report, entry):
    factories.fill_entry(entry, user=world.reporter, days=[(oct(1), "present", "6.5")])

    [finding] = found(validate(world, report), "daily_hours_over_limit")

    assert (finding.entry_id, finding.date, finding.field) == (entry.pk, oct(1), "hours")
    assert "6,5" in RULES["daily_hours_over_limit"].message("fi", finding.params)


def test_work_hours_up_to_the_daily_limit_are_fine(world, report, entry):
    factories.fill_entry(entry, user=world.reporter, days=[(oct(1), "present", "6")])

    assert "daily_hours_over_limit" not in codes(validate(world, report))


@triggers("work_share_paid_mismatch")
def test_work_share_money_paid_must_equal_hours_times_the_rate(world, report, entry):
    # 4.5 h + 3 h at EUR 2.00 = EUR 15.00
    factories.fill_entry(
        entry,
        user=world.reporter,
        days=[(oct(1), "present", "4.5"), (oct(2), "present", "3")],
        work_share_paid=Decimal("14.00"),
    )

    [finding] = found(validate(world, report), "work_share_paid_mismatch")

    assert (finding.entry_id, finding.field) == (entry.pk, "work_share_paid")
    assert "15,00" in RULES["work_share_paid_mismatch"].message("fi", finding.params)


def test_work_share_money_paid_that_equals_hours_times_the_rate_is_fine(world, report, entry):
    factories.fill_entry(
        entry,
        user=world.reporter,
        days=[(oct(1), "present", "4.5"), (oct(2), "present", "3"), (oct(5), "sick", "0")],
        work_share_paid=Decimal("15.00"),
    )

    assert "work_share_paid_mismatch" not in codes(validate(world, report))


def test_work_share_money_is_checked_against_the_rates_not_the_stored_amounts(world, report, entry):
    factories.fill_entry(entry, user=world.reporter, days=[(oct(20), "present", "4")], work_share_paid=Decimal("8"))
    # A decision entered afterwards, effective before the day: the stored 8.00 is now stale; 4 h × 2.50 = 10.00.
    WorkShareRate.objects.create(amount_per_hour=Decimal("2.50"), effective_from=oct(15), decision_reference="test")

    [finding] = found(validate(world, report), "work_share_paid_mismatch")

    assert finding.params["computed"] == Decimal("10.00")


# Clients -----------------------------------------------------------------------------------------------------


def _youth_report(world: Any, born: datetime.date) -> Any:
    contract = factories.make_contract(world.provider, products=("work-activity-youth",))
    client = factories.make_client(identity_code=factories.identity_code_born_on(born))
    factories.make_order(contract.lines.get(), client=client, worker=world.social_worker)
    return factories.make_report(contract, user=world.reporter)


@triggers("youth_over_age")
def test_a_client_who_turned_35_by_the_first_of_the_month_is_too_old_for_a_youth_product(world):
    report = _youth_report(world, datetime.date(1991, 10, 1))

    [finding] = found(validate(world, report), "youth_over_age")

    assert (finding.severity, finding.params["age"], finding.params["limit"]) == ("warning", 35, 35)


def test_a_client_who_turns_35_later_in_the_month_is_still_young(world):
    report = _youth_report(world, datetime.date(1991, 10, 2))

    assert "youth_over_age" not in codes(validate(world, report))


def _housing_report(world: Any, *, other_starts_on: datetime.date) -> tuple[Any, Any]:
    ours = factories.make_contract(world.provider, products=("service-housing",))
    theirs = factories.make_contract(world.other_provider, products=("supported-housing",))
    client = factories.make_client()
    order = factories.make_order(ours.lines.get(), client=client, starts_on=OCT, ends_on=oct(31))
    factories.make_order(theirs.lines.get(), client=client, starts_on=other_starts_on)
    report = factories.make_report(ours, user=world.reporter)
    return report, factories.report_entry(report, order)


@triggers("housing_overlap_other_provider")
def test_a_client_housed_by_two_providers_on_the_same_day_is_a_city_warning(world):
    report, entry = _housing_report(world, other_starts_on=oct(10))

    [finding] = found(validate(world, report), "housing_overlap_other_provider")

    assert (finding.entry_id, finding.date, finding.severity) == (entry.pk, oct(10), "city_warning")
    assert finding.params["provider"] == world.other_provider.name


def test_housing_with_another_provider_only_after_the_month_is_fine(world):
    report, _ = _housing_report(world, other_starts_on=datetime.date(2026, 11, 1))

    assert "housing_overlap_other_provider" not in codes(validate(world, report))


@triggers("goal_progress_missing")
def test_every_goal_needs_a_gas_level_for_the_month(world, report, entry):
    factories.fill_entry(entry, user=world.reporter, days=[(oct(1), "present", "4")], progress=False)

    [finding] = found(validate(world, report), "goal_progress_missing")

    assert (finding.entry_id, finding.field, finding.params["goal_id"]) == (
        entry.pk,
        "goal_progress",
        world.order.goals.get().pk,
    )


def test_goals_with_a_gas_level_are_fine(world, report, entry):
    complete_entry(world, entry)

    assert "goal_progress_missing" not in codes(validate(world, report))


# The city's warnings -----------------------------------------------------------------------------------------


@triggers("capacity_exceeded")
def test_more_clients_at_once_than_the_line_holds_is_a_city_warning(world, report, entry):
    world.line.capacity = 1
    world.line.save(update_fields=["capacity"])
    factories.make_order(world.line, starts_on=oct(12), worker=world.social_worker)
    complete_entry(world, entry)

    [finding] = found(validate(world, report), "capacity_exceeded")

    assert (finding.entry_id, finding.date, finding.severity) == (None, oct(12), "city_warning")
    assert (finding.params["capacity"], finding.params["count"]) == (1, 2)


def test_clients_who_follow_each_other_share_one_place(world):
    contract = factories.make_contract(world.provider)
    line = contract.lines.get()
    line.capacity = 1
    line.save(update_fields=["capacity"])
    factories.make_order(line, starts_on=OCT, ends_on=oct(15))
    factories.make_order(line, starts_on=oct(16), ends_on=oct(31))
    report = factories.make_report(contract, user=world.reporter)

    assert "capacity_exceeded" not in codes(validate(world, report))


def _approved_september(world: Any) -> None:
    """EUR 1,600 of the adult unit's 2026 budget already approved (20 days × EUR 80 in September)."""
    september = factories.make_report(world.line.contract, user=world.reporter, period="2026-09")
    factories.fill_entry(
        factories.report_entry(september, world.order), user=world.reporter, units_delivered=Decimal("20")
    )
    submitted = report_submit(user=world.reporter, report=september)
    report_approve(user=world.monitor, report=submitted, version=submitted.version)


@triggers("budget_exceeded")
def test_a_report_that_takes_the_unit_over_its_yearly_budget_is_a_city_warning(world, report, entry):
    _approved_september(world)
    UnitBudget.objects.create(ordering_unit=world.order.ordering_unit, year=2026, amount=Decimal("2000"))
    complete_entry(world, entry, units_delivered=Decimal("10"))

    [finding] = found(validate(world, report), "budget_exceeded")

    assert (finding.severity, finding.params["approved"], finding.params["cost"]) == (
        "city_warning",
        Decimal("1600.00"),
        Decimal("800.00"),
    )


def test_a_report_within_the_units_yearly_budget_is_fine(world, report, entry):
    _approved_september(world)
    UnitBudget.objects.create(ordering_unit=world.order.ordering_unit, year=2026, amount=Decimal("2400"))
    complete_entry(world, entry, units_delivered=Decimal("10"))

    assert "budget_exceeded" not in codes(validate(world, report))


def test_the_budget_counts_only_this_years_approved_cost_and_a_corrected_month_once(world, report, entry):
    _approved_september(world)
    # Approved in December of the year before, by an order that ran then: another year's budget.
    december_order = factories.make_order(world.line, starts_on=datetime.date(2025, 12, 1), worker=world.social_worker)
    december = factories.make_report(world.line.contract, user=world.reporter, period="2025-12")
    for december_entry in december.entries.all():
        units = Decimal("20") if december_entry.service_order_id == december_order.pk else Decimal("0")
        factories.fill_entry(december_entry, user=world.reporter, units_delivered=units)
    submitted = report_submit(user=world.reporter, report=december)
    report_approve(user=world.monitor, report=submitted, version=submitted.version)
    # September corrected and approved again with the same units: counted once, as its latest approval.
    september = Report.objects.get(contract=world.line.contract, period="2026-09", is_current=True)
    revision = report_reopen(user=world.monitor, report=september, comment="Tarkistettu")
    revision = report_submit(user=world.reporter, report=revision)
    report_approve(user=world.monitor, report=revision, version=revision.version)
    UnitBudget.objects.create(ordering_unit=world.order.ordering_unit, year=2026, amount=Decimal("2400"))
    complete_entry(world, entry, units_delivered=Decimal("10"))

    assert "budget_exceeded" not in codes(validate(world, report))
    UnitBudget.objects.filter(year=2026).update(amount=Decimal("2399.99"))
    [finding] = found(validate(world, report), "budget_exceeded")
    assert finding.params["approved"] == Decimal("1600.00")


def test_without_a_budget_for_the_year_validation_does_not_read_the_years_approved_cost(world, report, entry):
    _approved_september(world)
    complete_entry(world, entry, units_delivered=Decimal("10"))

    with CaptureQueriesContext(connection) as queries:
        findings = report_findings(report)

    assert "budget_exceeded" not in {finding.code for finding in findings}
    entries_table = ReportEntry._meta.db_table
    assert not [query for query in queries if f'SUM("{entries_table}"."cost")' in query["sql"]]
    # With a budget, the year's approved cost is read: one query more, the same findings otherwise.
    UnitBudget.objects.create(ordering_unit=world.order.ordering_unit, year=2026, amount=Decimal("1000000"))
    with CaptureQueriesContext(connection) as budgeted:
        assert report_findings(report) == findings
    assert len(budgeted) == len(queries) + 1


# Invoice -----------------------------------------------------------------------------------------------------


@triggers("invoice_total_mismatch")
def test_an_invoice_total_that_differs_from_the_computed_total_is_an_error(world, report, entry):
    complete_entry(world, entry)  # 2 units × EUR 80
    report_update(user=world.reporter, report=report, version=report.version, invoice_total=Decimal("150.00"))

    [finding] = found(validate(world, report), "invoice_total_mismatch")

    assert (finding.entry_id, finding.field, finding.params["computed"]) == (None, "invoice_total", Decimal("160.00"))


def test_an_invoice_total_equal_to_the_computed_total_is_fine(world, report, entry):
    complete_entry(world, entry)
    report_update(user=world.reporter, report=report, version=report.version, invoice_total=Decimal("160.00"))

    assert "invoice_total_mismatch" not in codes(validate(world, report))


# Through the API ---------------------------------------------------------------------------------------------


def test_the_validate_endpoint_gives_findings_in_the_callers_language(world, report, entry):
    factories.fill_entry(entry, user=world.reporter, days=[(oct(2), "sick", "3")])

    response = factories.api(world.reporter).post(f"/api/v1/reports/{report.pk}/validate/", HTTP_ACCEPT_LANGUAGE="sv")

    assert response.status_code == 200, response.content
    messages = {row["code"]: row["message"] for row in response.json()["findings"]}
    assert messages["work_hours_only_present"].startswith("Arbetstimmar anges bara för närvarodagar")
    assert "2.10.2026" in messages["work_hours_only_present"]


# Employment path ---------------------------------------------------------------------------------------------
# The services refuse each of these; the rules catch paths that reached the database another way (an import,
# the admin, a product whose maximum was shortened afterwards), and block the report through the API.


def _path_in_report(world: Any, **changes: Any) -> tuple[Any, Any, Any]:
    """October's report with a complete entry for world.order, whose accepted path runs Sep 2026–Feb 2027."""
    from contracts.models import EmploymentPath

    path = factories.make_path(world, state="active")
    if changes:
        # On purpose past the services, which refuse every one of these changes (a closed state without
        # evidence among them): the rules exist for paths that reach the database another way.
        EmploymentPath.objects.filter(pk=path.pk).update(**changes)
    report = factories.make_report(world.line.contract, user=world.reporter)
    entry = complete_entry(world, factories.report_entry(report, world.order))
    return path, report, entry


def _api_blocks(world: Any, report: Any, code: str) -> None:
    api = factories.api(world.reporter)
    validated = api.post(f"/api/v1/reports/{report.pk}/validate/")
    assert validated.status_code == 200, validated.content
    assert code in {row["code"] for row in validated.json()["findings"]}
    submitted = api.post(f"/api/v1/reports/{report.pk}/submit/")
    assert submitted.status_code == 400, submitted.content
    report.refresh_from_db()
    assert report.state == "draft"


def test_an_accepted_path_with_everything_in_order_is_fine(world):
    _path, report, _entry = _path_in_report(world)

    assert not {code for code in codes(validate(world, report)) if code.startswith("employment_path")}


@triggers("employment_path_justification")
def test_a_path_without_a_justification_blocks_the_report(world):
    path, report, entry = _path_in_report(world, justification=" ")

    [finding] = found(validate(world, report), "employment_path_justification")

    assert (finding.entry_id, finding.field, finding.params["path_id"]) == (entry.pk, "employment_path", path.pk)
    _api_blocks(world, report, "employment_path_justification")


def test_a_path_proposed_after_the_month_does_not_concern_it(world):
    from contracts.models import EmploymentPath

    path = factories.make_path(world)
    EmploymentPath.objects.filter(pk=path.pk).update(
        justification="", proposed_at=datetime.datetime(2026, 11, 5, tzinfo=datetime.UTC)
    )
    report = factories.make_report(world.line.contract, user=world.reporter)
    complete_entry(world, factories.report_entry(report, world.order))

    assert "employment_path_justification" not in codes(validate(world, report))


@triggers("employment_path_max_length")
def test_a_path_longer_than_the_products_maximum_blocks_the_report(world):
    _path, report, entry = _path_in_report(world, ends_on=datetime.date(2027, 3, 1))

    [finding] = found(validate(world, report), "employment_path_max_length")

    assert (finding.entry_id, finding.params["months"]) == (entry.pk, 6)
    assert "28.2.2027" in RULES["employment_path_max_length"].message("fi", finding.params)
    _api_blocks(world, report, "employment_path_max_length")


def test_a_path_of_exactly_the_maximum_length_is_fine(world):
    _path, report, _entry = _path_in_report(world, ends_on=datetime.date(2027, 2, 28))

    assert "employment_path_max_length" not in codes(validate(world, report))


@triggers("employment_path_evidence")
def test_a_path_closed_without_evidence_blocks_the_report(world):
    path, report, entry = _path_in_report(world, state="closed", outcome="studies")

    [finding] = found(validate(world, report), "employment_path_evidence")

    assert (finding.entry_id, finding.params["path_id"]) == (entry.pk, path.pk)
    _api_blocks(world, report, "employment_path_evidence")


def test_a_path_closed_with_evidence_is_fine(world):

    factories.make_path(world, state="closed")
    report = factories.make_report(world.line.contract, user=world.reporter)
    complete_entry(world, factories.report_entry(report, world.order))

    assert "employment_path_evidence" not in codes(validate(world, report))
