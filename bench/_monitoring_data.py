"""A national-scale history for the monitoring benchmark (and, small, for the monitoring tests' query counts).

Providers with one contract each (work activity, day activity, supported and service housing from the loaded
catalogue), service orders spread over the months, a report per contract and month in realistic states
(mostly approved, some submitted, returned, late or still drafts), entries with units and cost, attendance
days for work and day activity, goal progress, validation findings, a few quality-of-life assessments and
employment paths, and the ordering units' budgets. Written straight into the tables (bench/_bulk.py: COPY on
PostgreSQL, bulk_create and executemany elsewhere), NOT through the services: they are not what is measured.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from decimal import Decimal
from typing import Any

WORK, DAY, SUPPORTED, SERVICE = "work-activity-adults", "day-activity-adults", "supported-housing", "service-housing"
PRODUCTS = [WORK, WORK, DAY, SUPPORTED, SERVICE]  # work activity twice as common
HOURS = [Decimal("4.00"), Decimal("5.00"), Decimal("5.50"), Decimal("6.00")]
LEVELS = (-2, -1, -1, 0, 0, 0, 1, 1, 2)
GOAL_AREAS = ["daily_living", "substance_free", "education_work", "group_functioning"]
OUTCOMES = ["open_employment", "studies", "apprenticeship", "work_trial", "back_to_work_activity", "interrupted"]


def periods_back(last: Any, months: int) -> list[Any]:
    """The `months` periods that end with `last`, oldest first."""
    periods = [last]
    while len(periods) < months:
        periods.append(periods[-1].previous())
    return periods[::-1]


def weekdays(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = (first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def generate(
    *,
    providers: int,
    orders: int,
    last: str = "2026-10",
    months: int = 24,
    seed: int = 1,
    attendance_share: float = 1.0,
) -> dict[str, int]:
    """Insert the history and return how many rows of each kind were written."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from bench._bulk import foreign_key_checks_off, insert_objects, insert_rows
    from contracts.catalogue import PROCUREMENT, catalogue_load
    from contracts.models import (
        Contract,
        ContractLine,
        ContractLinePrice,
        EmploymentPath,
        Goal,
        OrderingUnit,
        Procurement,
        Product,
        PurchaseKind,
        QualityOfLifeAssessment,
        ServiceOrder,
        UnitBudget,
        WorkShareRate,
    )
    from core.periods import Period
    from portal.demo import artificial_business_id, artificial_identity_code
    from reporting.gas import gas_t_score
    from reporting.models import AttendanceDay, Finding, GoalProgress, Report, ReportEntry, report_deadline
    from reporting.money import RateTable, day_amount, to_cents
    from reporting.validation import Severity
    from suppliers.models import Client, Provider

    rng = random.Random(seed)
    if not Product.objects.exists():
        catalogue_load()
    periods = periods_back(Period.parse(last), months)
    start, end = periods[0].first_day, periods[-1].last_day
    counts: Counter[str] = Counter()
    with transaction.atomic():
        foreign_key_checks_off()
        user = get_user_model().objects.create(
            username=f"bench-{seed}-{providers}", first_name="Benchmark", last_name="City"
        )
        procurement = Procurement.objects.get(reference=PROCUREMENT["reference"])
        products = {product.code: product for product in Product.objects.filter(code__in=PRODUCTS)}
        units = list(OrderingUnit.objects.order_by("code"))
        rates = RateTable(WorkShareRate.objects.values_list("effective_from", "amount_per_hour"))
        years = sorted({period.year for period in periods})
        existing_budgets = set(UnitBudget.objects.values_list("ordering_unit_id", "year"))
        UnitBudget.objects.bulk_create(
            UnitBudget(ordering_unit=unit, year=year, amount=Decimal(4_000_000 * providers // 300 + 100_000))
            for unit in units
            for year in years
            if (unit.pk, year) not in existing_budgets
        )

        taken = set(Provider.objects.values_list("business_id", flat=True))
        business_ids: list[str] = []
        while len(business_ids) < providers:
            candidate = artificial_business_id(rng)
            if candidate not in taken:
                taken.add(candidate)
                business_ids.append(candidate)
        provider_rows = Provider.objects.bulk_create(
            Provider(name=f"Benchmark-tuottaja {index + 1:03d} Oy", business_id=business_id)
            for index, business_id in enumerate(business_ids)
        )
        contracts = Contract.objects.bulk_create(
            Contract(
                provider=provider,
                procurement=procurement,
                number=f"BENCH-{seed}-{provider.pk}",
                title="Puitesopimus (benchmark)",
                purchase_kind=PurchaseKind.TENDERED,
                starts_on=datetime.date(2019, 1, 1),
                ends_on=datetime.date(2028, 12, 31),
            )
            for provider in provider_rows
        )
        line_rows = ContractLine.objects.bulk_create(
            ContractLine(contract=contract, product=products[code], capacity=rng.choice([None, 40, 80]))
            for contract in contracts
            for code in dict.fromkeys(PRODUCTS)
        )
        lines_of: dict[int, list[ContractLine]] = {}
        for line in line_rows:
            lines_of.setdefault(line.contract_id, []).append(line)
        price_base = {"visit": 55, "day": 45, "night": 60, "month": 900, "hour": 30}
        prices = {
            line.pk: Decimal(price_base.get(line.product.unit, 50) + rng.randint(0, 60)).quantize(Decimal("0.01"))
            for line in line_rows
        }
        ContractLinePrice.objects.bulk_create(
            ContractLinePrice(line=line, unit_price=prices[line.pk], valid_from=datetime.date(2019, 1, 1))
            for line in line_rows
        )

        # Orders: start anywhere from half a year before the range to its last month, last 3–18 months.
        codes = set(Client.objects.values_list("identity_code", flat=True))
        client_rows: list[Client] = []
        plan: list[tuple[Contract, ContractLine, datetime.date, datetime.date]] = []
        span = (end - (start - datetime.timedelta(days=182))).days
        for index in range(orders):
            contract = contracts[index % len(contracts)]
            line = lines_of[contract.pk][rng.randrange(len(PRODUCTS)) % len(lines_of[contract.pk])]
            if line.product.code != PRODUCTS[0] and rng.random() < 0.2:
                line = lines_of[contract.pk][0]  # more work activity
            begins = start - datetime.timedelta(days=182) + datetime.timedelta(days=rng.randrange(span))
            ends = begins + datetime.timedelta(days=rng.randint(90, 550))
            plan.append((contract, line, begins, ends))
            code = artificial_identity_code(rng, born_between=(1962, 2001))
            while code in codes:
                code = artificial_identity_code(rng, born_between=(1962, 2001))
            codes.add(code)
            client_rows.append(Client(identity_code=code, first_name="Testi", last_name=f"Asiakas {len(codes)}"))
        client_rows = insert_objects(client_rows)
        volume = {"visit": Decimal(8), "day": Decimal(22), "night": Decimal(31), "month": Decimal(1)}
        order_rows = insert_objects(
            (
                ServiceOrder(
                    client=client,
                    ordering_unit=units[index % len(units)],
                    contract_line=line,
                    provider_id=contract.provider_id,
                    starts_on=begins,
                    ends_on=ends,
                    planned_volume=Decimal(31)
                    if line.product.is_housing
                    else volume.get(line.product.unit, Decimal(20)),
                    decision_number=f"BENCH-{seed}-{providers}-{index + 1:06d}",
                    responsible_worker=user,
                    created_by=user,
                )
                for index, ((contract, line, begins, ends), client) in enumerate(zip(plan, client_rows, strict=True))
            ),
            batch_size=2000,
        )
        goal_rows = insert_objects(
            (
                Goal(
                    service_order=order,
                    area=area,
                    description="Tavoite (benchmark)",
                    baseline="Lähtötaso",
                    level_minus_2="−2",
                    level_minus_1="−1",
                    level_0="0",
                    level_plus_1="+1",
                    level_plus_2="+2",
                    target_date=order.ends_on,
                    created_by=user,
                )
                for order in order_rows
                for area in rng.sample(GOAL_AREAS, k=rng.randint(1, 2))
            ),
            batch_size=2000,
        )
        goals_of: dict[int, list[int]] = {}
        for goal in goal_rows:
            goals_of.setdefault(goal.service_order_id, []).append(goal.pk)
        # Anomalies a monitor should see (reporting/monitoring/anomalies/), chosen by position so that any
        # data set of a few contracts has them: one goal in twenty-five stays at one level month after month.
        stuck_level = {goal.pk: index % 3 - 1 for index, goal in enumerate(goal_rows) if index % 25 == 0}

        # Quality of life at the start for one order in ten, at the end for half of those that ended.
        qol_rows = []
        for order in order_rows[::10]:
            for kind, day in (("start", order.starts_on), ("end", order.ends_on)):
                if kind == "end" and (order.ends_on > end or rng.random() < 0.5):
                    continue
                items = {f"item_{number}": rng.randint(2 if kind == "end" else 1, 5) for number in range(1, 9)}
                qol_rows.append(
                    QualityOfLifeAssessment(service_order=order, kind=kind, assessed_on=day, recorded_by=user, **items)
                )
        QualityOfLifeAssessment.objects.bulk_create(qol_rows, batch_size=2000)
        # Employment paths for one work-activity order in twenty-five: most closed with an outcome.
        path_rows = []
        for order in order_rows[::25]:
            if not order.contract_line.product.earns_work_share:
                continue
            begins = order.starts_on + datetime.timedelta(days=60)
            finished = begins + datetime.timedelta(days=120)
            closed = finished <= end
            path_rows.append(
                EmploymentPath(
                    service_order=order,
                    state=("verified" if rng.random() < 0.7 else "closed") if closed else "active",
                    justification="Sitoutunut ja täsmällinen.",
                    proposed_by=user,
                    proposed_at=_at(order.starts_on + datetime.timedelta(days=45)),
                    decided_by=user,
                    decided_at=_at(begins),
                    starts_on=begins,
                    ends_on=finished,
                    outcome=rng.choice(OUTCOMES) if closed else "",
                    closed_by=user if closed else None,
                    closed_at=_at(finished) if closed else None,
                )
            )
        EmploymentPath.objects.bulk_create(path_rows, batch_size=2000)

        # Reports: one per contract and month. Older months approved (a few after a return, some late); the
        # last month a mix of drafts, submitted, returned and approved.
        report_rows: list[Report] = []
        for period in periods:
            recent = period == periods[-1]
            for contract in contracts:
                draw = rng.random()
                if recent:
                    state = (
                        "draft"
                        if draw < 0.1
                        else "submitted"
                        if draw < 0.55
                        else "returned"
                        if draw < 0.65
                        else "approved"
                    )
                else:
                    state = "returned" if draw < 0.005 else "submitted" if draw < 0.01 else "approved"
                deadline = report_deadline(contract, period)
                late = state != "draft" and rng.random() < 0.12
                submitted = (
                    None
                    if state == "draft"
                    else deadline + datetime.timedelta(days=rng.randint(1, 9) if late else -rng.randint(0, 8))
                )
                report_rows.append(
                    Report(
                        provider_id=contract.provider_id,
                        contract=contract,
                        period=period,
                        state=state,
                        deadline=deadline,
                        created_by=user,
                        submitted_by=user if submitted else None,
                        submitted_at=_at(submitted) if submitted else None,
                        submitted_late=late,
                        returned_by=user if state == "returned" else None,
                        returned_at=_at(submitted + datetime.timedelta(days=3))
                        if state == "returned" and submitted
                        else None,
                        approved_by=user if state == "approved" else None,
                        approved_at=_at(submitted + datetime.timedelta(days=5))
                        if state == "approved" and submitted
                        else None,
                    )
                )
        report_rows = insert_objects(report_rows)
        report_of = {(report.contract_id, report.period): report for report in report_rows}
        counts["reports"] = len(report_rows)

        orders_of: dict[int, list[Any]] = {}
        for order in order_rows:
            orders_of.setdefault(order.contract_line.contract_id, []).append(order)
        # ... and in one contract in ten, the first work-activity order logs the daily maximum every present day.
        at_maximum_orders = {
            next(order.pk for order in orders if order.contract_line.product.code == WORK)
            for index, contract in enumerate(contracts)
            if index % 10 == 0
            for orders in [orders_of.get(contract.pk, [])]
            if any(order.contract_line.product.code == WORK for order in orders)
        }
        table = {model.__name__: model._meta.db_table for model in (AttendanceDay, GoalProgress, Finding)}
        day_columns = ("entry_id", "date", "status", "hours", "work_share_amount")
        progress_columns = ("entry_id", "goal_id", "level", "narrative")
        finding_columns = ("report_id", "entry_id", "code", "severity", "date", "field", "params")
        # A day's amount depends only on its status, hours and date (the rate in force): computed once each.
        amounts: dict[tuple[Any, ...], Decimal] = {}
        for period in periods:
            first_day, last_day = period.first_day, period.last_day
            month_weekdays = weekdays(first_day, last_day)
            entries: list[ReportEntry] = []
            days_of: list[list[tuple[Any, ...]]] = []
            levels_of: list[list[tuple[int, int]]] = []
            for contract in contracts:
                report = report_of[contract.pk, period]
                for order in orders_of.get(contract.pk, ()):
                    if order.starts_on > last_day or order.ends_on < first_day:
                        continue
                    product = order.contract_line.product
                    days: list[tuple[Any, ...]] = []
                    at_maximum = order.pk in at_maximum_orders
                    if product.code in (WORK, DAY):
                        attended = rng.sample(
                            month_weekdays, k=rng.randint(min(12, len(month_weekdays)), len(month_weekdays))
                        )
                        for day in sorted(attended):
                            draw = rng.random()
                            status = "sick" if draw < 0.08 else "absent" if draw < 0.11 else "present"
                            earns = product.earns_work_share
                            hours = (
                                (HOURS[-1] if at_maximum else rng.choice(HOURS))
                                if status == "present" and earns
                                else Decimal("0.00")
                            )
                            key = (status, hours, day, earns)
                            amount = amounts.get(key)
                            if amount is None:
                                amount = amounts[key] = day_amount(
                                    status=status, hours=hours, day=day, earns_work_share=earns, rates=rates
                                )
                            days.append((day, status, hours, amount))
                        units_delivered = Decimal(sum(1 for day in days if day[1] == "present"))
                    elif product.unit == "visit":
                        units_delivered = Decimal(rng.randint(2, 9))
                    else:
                        units_delivered = Decimal(
                            min(period.days, (min(order.ends_on, last_day) - max(order.starts_on, first_day)).days + 1)
                        )
                    if days and not (attendance_share >= 1 or rng.random() < attendance_share):
                        days = []
                    levels = [
                        (goal, stuck_level[goal] if goal in stuck_level else rng.choice(LEVELS))
                        for goal in goals_of[order.pk]
                    ]
                    # What the report services keep on each entry from its days and levels (goal weights are 1).
                    present_hours = [day[2] for day in days if day[1] == "present"]
                    entries.append(
                        ReportEntry(
                            report=report,
                            service_order=order,
                            units_delivered=units_delivered,
                            cost=to_cents(units_delivered * prices[order.contract_line_id]),
                            work_share_amount=sum((day[3] for day in days), Decimal("0.00")),
                            present_days=len(present_hours),
                            least_present_hours=min(present_hours, default=None),
                            t_score=gas_t_score((level, 1) for _goal, level in levels),
                        )
                    )
                    days_of.append(days)
                    levels_of.append(levels)
            entries = insert_objects(entries)
            day_rows: list[tuple[Any, ...]] = []
            progress_rows: list[tuple[Any, ...]] = []
            finding_rows: list[tuple[Any, ...]] = []
            for entry, days, levels in zip(entries, days_of, levels_of, strict=True):
                day_rows += [(entry.pk, *day) for day in days]
                progress_rows += [(entry.pk, goal, level, "Edistyi.") for goal, level in levels]
                if rng.random() < 0.04:
                    finding_rows.append(
                        (
                            entry.report_id,
                            entry.pk,
                            "units_exceed_volume",
                            Severity.WARNING.value,
                            None,
                            "units_delivered",
                            '{"units": "25", "volume": "22"}',
                        )
                    )
                if rng.random() < 0.01:
                    finding_rows.append(
                        (entry.report_id, entry.pk, "goal_progress_missing", Severity.WARNING.value, None, "", "{}")
                    )
            insert_rows(table["AttendanceDay"], day_columns, day_rows)
            insert_rows(table["GoalProgress"], progress_columns, progress_rows)
            insert_rows(table["Finding"], finding_columns, finding_rows)
            counts["entries"] += len(entries)
            counts["attendance days"] += len(day_rows)
            counts["goal progress"] += len(progress_rows)
            counts["findings"] += len(finding_rows)
    return {
        "providers": len(provider_rows),
        "service orders": len(order_rows),
        "goals": len(goal_rows),
        **counts,
        "quality-of-life assessments": len(qol_rows),
        "employment paths": len(path_rows),
    }
