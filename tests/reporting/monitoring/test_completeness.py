"""The completeness dashboard: its matrix and rates on a seeded set, against numbers computed from the
seed's own description (never from the code under test); who may see it; its query count."""

from __future__ import annotations

import calendar
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from contracts.models import Contract
from reporting.services import report_approve, report_reopen, report_return, report_submit
from suppliers.roles import Role
from tests import factories

URL = "/monitoring/completeness/"
API = "/api/v1/monitoring/completeness/"
MONTHS = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
D = datetime.date


@dataclass
class ContractSeed:
    """One contract: its validity, its due day, its orders' date ranges, and per month what happened to its
    report, as (action, day) pairs: create, submit, return, approve, reopen."""

    provider: str
    due_day: int
    orders: list[tuple[datetime.date, datetime.date]]
    history: dict[str, list[tuple[str, datetime.date]]]
    starts_on: datetime.date = datetime.date(2019, 1, 1)
    ends_on: datetime.date = datetime.date(2027, 12, 31)
    contract: Contract | None = field(default=None)


def _seed_description() -> list[ContractSeed]:
    return [
        ContractSeed(
            "Alfa Oy",
            10,
            [(D(2026, 1, 1), D(2026, 12, 31))],
            {
                "2026-05": [("create", D(2026, 6, 1)), ("submit", D(2026, 6, 5)), ("approve", D(2026, 6, 8))],
                "2026-06": [("create", D(2026, 7, 1)), ("submit", D(2026, 7, 12)), ("approve", D(2026, 7, 14))],
                "2026-07": [
                    ("create", D(2026, 8, 1)),
                    ("submit", D(2026, 8, 3)),
                    ("return", D(2026, 8, 5)),
                    ("submit", D(2026, 8, 20)),
                    ("approve", D(2026, 8, 21)),
                ],
                "2026-08": [("create", D(2026, 9, 1)), ("submit", D(2026, 9, 9)), ("return", D(2026, 9, 12))],
                "2026-09": [("create", D(2026, 10, 2))],
            },
        ),
        # An order that starts in the middle of August; reports due on the 15th.
        ContractSeed(
            "Alfa Oy",
            15,
            [(D(2026, 8, 20), D(2026, 12, 31))],
            {
                "2026-08": [("create", D(2026, 9, 1)), ("submit", D(2026, 9, 14)), ("approve", D(2026, 9, 20))],
                "2026-09": [("create", D(2026, 10, 1)), ("submit", D(2026, 10, 16))],
                "2026-10": [("create", D(2026, 11, 1)), ("submit", D(2026, 11, 15))],
            },
        ),
        # No order is active in August and September: nothing is expected then.
        ContractSeed(
            "Beta ry",
            10,
            [(D(2026, 5, 1), D(2026, 7, 31)), (D(2026, 10, 1), D(2026, 12, 31))],
            {
                "2026-05": [
                    ("create", D(2026, 6, 1)),
                    ("submit", D(2026, 6, 10)),
                    ("approve", D(2026, 6, 11)),
                    ("reopen", D(2026, 9, 1)),
                ],
                "2026-07": [("create", D(2026, 8, 1)), ("submit", D(2026, 8, 11)), ("approve", D(2026, 8, 12))],
                "2026-10": [
                    ("create", D(2026, 11, 1)),
                    ("submit", D(2026, 11, 2)),
                    ("return", D(2026, 11, 4)),
                    ("submit", D(2026, 11, 9)),
                    ("approve", D(2026, 11, 12)),
                ],
            },
        ),
        # A contract valid from the middle of the window, with an order that began before it.
        ContractSeed(
            "Gamma Oy",
            10,
            [(D(2026, 1, 1), D(2026, 12, 31))],
            {
                "2026-07": [("create", D(2026, 8, 1)), ("submit", D(2026, 8, 10)), ("approve", D(2026, 8, 15))],
                "2026-08": [("create", D(2026, 9, 1)), ("submit", D(2026, 9, 1)), ("approve", D(2026, 9, 2))],
                "2026-09": [("create", D(2026, 10, 1)), ("submit", D(2026, 10, 30))],
            },
            starts_on=D(2026, 7, 1),
        ),
    ]


# The expected figures, from the description alone ---------------------------------------------------------


def _month_days(period: str) -> tuple[datetime.date, datetime.date]:
    year, month = map(int, period.split("-"))
    return D(year, month, 1), D(year, month, calendar.monthrange(year, month)[1])


def _deadline(period: str, due_day: int) -> datetime.date:
    year, month = map(int, period.split("-"))
    return D(year + month // 12, month % 12 + 1, due_day)


def _expected_cells(seeds: list[ContractSeed]) -> dict[tuple[str, str], dict[str, int]]:
    """(provider, month) → expected, submitted, on_time, late, missing, returned, approved."""
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for seed in seeds:
        for period in MONTHS:
            first, last = _month_days(period)
            valid = seed.starts_on <= last and first <= seed.ends_on
            ordered = any(start <= last and first <= end for start, end in seed.orders)
            if not (valid and ordered):
                continue
            history = seed.history.get(period, [])
            submissions = [day for action, day in history if action == "submit"]
            actions = [action for action, _day in history]
            on_time = bool(submissions) and submissions[0] <= _deadline(period, seed.due_day)
            cell = cells.setdefault(
                (seed.provider, period),
                dict.fromkeys(("expected", "submitted", "on_time", "late", "missing", "returned", "approved"), 0),
            )
            cell["expected"] += 1
            cell["submitted"] += bool(submissions)
            cell["on_time"] += on_time
            cell["late"] += bool(submissions) and not on_time
            cell["missing"] += not submissions
            cell["returned"] += "return" in actions
            cell["approved"] += bool(actions) and actions[-1] == "approve"
    return cells


# Building the seed through the services, on the days it describes ----------------------------------------


def _build(seeds: list[ContractSeed], traveller: Any, monitor: Any) -> dict[str, Any]:
    providers: dict[str, Any] = {}
    reporters: dict[str, Any] = {}
    for seed in seeds:
        if seed.provider not in providers:
            providers[seed.provider] = factories.make_provider(seed.provider)
            reporters[seed.provider] = factories.make_user(provider=providers[seed.provider])
        contract = factories.make_contract(providers[seed.provider], starts_on=seed.starts_on, ends_on=seed.ends_on)
        Contract.objects.filter(pk=contract.pk).update(report_due_day=seed.due_day)
        seed.contract = Contract.objects.get(pk=contract.pk)
        line = seed.contract.lines.get()
        for start, end in seed.orders:
            factories.make_order(line, starts_on=start, ends_on=end)
    steps = sorted(
        (day, index, period, action)
        for index, seed in enumerate(seeds)
        for period, history in seed.history.items()
        for action, day in history
    )
    reports: dict[tuple[int, str], Any] = {}
    for day, index, period, action in steps:
        seed = seeds[index]
        traveller.move_to(datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.UTC))
        reporter = reporters[seed.provider]
        key = (index, period)
        assert seed.contract is not None
        if action == "create":
            report = factories.make_report(seed.contract, user=reporter, period=period)
            for entry in report.entries.all():
                factories.fill_entry(entry, user=reporter)
            reports[key] = report
        elif action == "submit":
            reports[key] = report_submit(user=reporter, report=reports[key])
        elif action == "return":
            reports[key] = report_return(
                user=monitor, report=reports[key], comment="Korjaa", version=reports[key].version
            )
        elif action == "approve":
            reports[key] = report_approve(user=monitor, report=reports[key], version=reports[key].version)
        elif action == "reopen":
            reports[key] = report_reopen(user=monitor, report=reports[key], comment="Korjaus")
    traveller.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC))
    return providers


@pytest.fixture
def seeded(catalogue: None, _frozen_today: Any) -> dict[str, Any]:
    seeds = _seed_description()
    monitor = factories.make_user(Role.CONTRACT_MONITOR)
    providers = _build(seeds, _frozen_today, monitor)
    return {"seeds": seeds, "monitor": monitor, "providers": providers}


def _api(user: Any, query: str = "") -> dict[str, Any]:
    response = factories.api(user).get(f"{API}?from=2026-05&to=2026-10{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.json()
    return response.json()


def _table(body: dict[str, Any], slug: str) -> list[dict[str, Any]]:
    return next(table["rows"] for table in body["tables"] if table["slug"] == slug)


def test_the_matrix_counts_each_provider_and_month_as_the_seed_says(seeded):
    body = _api(seeded["monitor"])

    got = {
        (row["provider"], row["period"]): {
            key: value for key, value in row.items() if key not in ("provider", "period")
        }
        for row in _table(body, "provider-months")
    }
    assert got == _expected_cells(seeded["seeds"])


def test_months_without_an_active_order_or_a_valid_contract_are_not_expected(seeded):
    body = _api(seeded["monitor"])

    matrix = {row["provider"]: row for row in _table(body, "matrix")}
    assert matrix["Beta ry"]["2026-08"] is None
    assert matrix["Beta ry"]["2026-09"] is None
    assert matrix["Beta ry"]["2026-10"] == "1/1"
    assert matrix["Gamma Oy"]["2026-06"] is None
    assert matrix["Alfa Oy"]["2026-07"] == "1/1"
    assert matrix["Alfa Oy"]["2026-09"] == "1/2"


def test_the_rates_per_month_are_shares_of_the_expected_reports(seeded):
    cells = _expected_cells(seeded["seeds"])
    body = _api(seeded["monitor"])

    rows = {row["period"]: row for row in _table(body, "rates")}
    assert list(rows) == MONTHS
    for period in MONTHS:
        month = [cell for (_provider, cell_period), cell in cells.items() if cell_period == period]
        expected = sum(cell["expected"] for cell in month)
        for key, rate in (("submitted", "submission_rate"), ("on_time", "on_time_rate"), ("approved", "approval_rate")):
            count = sum(cell[key] for cell in month)
            assert rows[period][key] == count
            assert rows[period][rate] == pytest.approx(count / expected, abs=1e-4), (period, rate)


def test_the_key_figures_add_up_over_the_window(seeded):
    cells = _expected_cells(seeded["seeds"]).values()
    body = _api(seeded["monitor"])

    figures = {figure["label"]: figure["value"] for figure in body["figures"]}
    expected = sum(cell["expected"] for cell in cells)
    assert figures["Expected reports"] == expected
    assert figures["Missing reports"] == sum(cell["missing"] for cell in cells)
    assert figures["On-time rate"] == pytest.approx(sum(cell["on_time"] for cell in cells) / expected, abs=1e-4)


def test_a_report_sent_on_time_stays_on_time_after_a_return_and_a_late_resubmission(seeded):
    body = _api(seeded["monitor"], "&contract=" + str(seeded["seeds"][0].contract.pk))

    july = next(row for row in _table(body, "provider-months") if row["period"] == "2026-07")
    assert (july["on_time"], july["late"], july["returned"], july["approved"]) == (1, 0, 1, 1)


def test_a_reopened_correction_is_still_submitted_but_no_longer_approved(seeded):
    beta = seeded["providers"]["Beta ry"]
    body = _api(seeded["monitor"], f"&provider={beta.pk}")

    may = next(row for row in _table(body, "provider-months") if row["period"] == "2026-05")
    assert (may["submitted"], may["on_time"], may["approved"]) == (1, 1, 0)
    assert {row["provider"] for row in _table(body, "providers")} == {"Beta ry"}


def test_a_month_whose_deadline_has_not_passed_is_not_yet_expected(seeded):
    response = factories.api(seeded["monitor"]).get(f"{API}?from=2026-11&to=2026-11")

    assert response.status_code == 200
    assert _table(response.json(), "provider-months") == []


def test_the_page_shows_the_matrix_and_links_each_month_to_its_reports(seeded, client):
    client.force_login(seeded["monitor"])
    alfa = seeded["providers"]["Alfa Oy"]

    response = client.get(f"{URL}?from=2026-05&to=2026-10&provider={alfa.pk}")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/reports/?period=2026-09&amp;provider={alfa.pk}"' in html
    assert "<caption" in html
    assert 'name="from"' in html
    assert 'role="img"' in html


def test_without_a_provider_the_page_shows_the_matrix_and_links_each_provider_to_its_months(seeded, client):
    client.force_login(seeded["monitor"])
    beta = seeded["providers"]["Beta ry"]

    html = client.get(f"{URL}?from=2026-05&to=2026-10").content.decode()

    assert f'href="/monitoring/completeness/?from=2026-05&amp;to=2026-10&amp;provider={beta.pk}"' in html
    assert 'id="table-provider-months"' not in html


def test_the_month_list_drills_down_to_one_provider(seeded, client):
    client.force_login(seeded["monitor"])
    beta = seeded["providers"]["Beta ry"]

    response = client.get(f"/reports/?period=2026-07&provider={beta.pk}")

    assert response.status_code == 200
    assert list(response.context["page"].object_list.values_list("provider_id", flat=True)) == [beta.pk]


def test_the_page_exports_the_same_figures_to_excel(seeded, client):
    client.force_login(seeded["monitor"])

    response = client.get(f"{URL}?from=2026-05&to=2026-10&format=xlsx&table=rates")

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[3:]] == MONTHS  # title, note, header, then the months


def test_the_default_window_is_the_last_twelve_months_that_are_due(world):
    body = factories.api(world.monitor).get(API).json()

    months = [row["period"] for row in _table(body, "rates")]
    assert months[0] == "2025-11"
    assert months[-1] == "2026-10"


def test_a_reversed_or_malformed_window_is_refused(world):
    assert factories.api(world.monitor).get(f"{API}?from=2026-10&to=2026-01").status_code == 400
    assert factories.api(world.monitor).get(f"{API}?from=2026-13").status_code == 400
    assert factories.api(world.monitor).get(f"{API}?provider=999999").status_code == 400


def test_the_page_shows_a_malformed_month_as_a_form_error_and_the_default_window(world, client):
    client.force_login(world.monitor)

    response = client.get(f"{URL}?from=2026-13", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["filter_form"].errors["first"]
    assert response.context["dashboard"].title.endswith("2025-11–2026-10")


def test_an_administrator_sees_the_dashboard(world):
    assert factories.api(world.administrator).get(API).status_code == 200


@pytest.mark.parametrize("who", ["reporter", "provider_admin", "social_worker", "lead", "payroll"])
def test_provider_staff_and_other_city_roles_are_refused(world, client, who):
    user = getattr(world, who)
    client.force_login(user)

    assert client.get(URL).status_code == 403
    assert factories.api(user).get(API).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302
    assert factories.api().get(API).status_code in (401, 403)


# Constant queries ---------------------------------------------------------------------------------------


def _bulk_world(providers: int) -> None:
    """`providers` providers, each with a contract, two orders and reports in three states (bulk, fast)."""
    from contracts.models import ContractLine, ServiceOrder
    from reporting.models import Report, ReportEvent
    from suppliers.models import Provider

    product = factories.product("work-activity-adults")
    unit = factories.unit()
    worker = factories.make_user(Role.SOCIAL_WORKER)
    start = Provider.objects.count()
    made = Provider.objects.bulk_create(
        [Provider(name=f"Bulk {start + n:04d} Oy", business_id=f"9{start + n:06d}-0") for n in range(providers)]
    )
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                provider=provider,
                number=f"BULK-{provider.pk}",
                title="Bulk",
                purchase_kind="separate_contract",
                starts_on=D(2025, 1, 1),
                ends_on=D(2027, 12, 31),
            )
            for provider in made
        ]
    )
    lines = ContractLine.objects.bulk_create(
        [ContractLine(contract=contract, product=product) for contract in contracts]
    )
    client = factories.make_client()
    ServiceOrder.objects.bulk_create(
        [
            ServiceOrder(
                client=client,
                ordering_unit=unit,
                contract_line=line,
                provider_id=line.contract.provider_id,
                starts_on=D(2025, 1, 1) if n == 0 else D(2026, 3, 15),
                ends_on=D(2025, 12, 31) if n == 0 else D(2026, 12, 31),
                planned_volume=10,
                decision_number=f"B-{line.pk}-{n}",
                responsible_worker=worker,
                created_by=worker,
            )
            for line in lines
            for n in range(2)
        ]
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                provider_id=contract.provider_id,
                contract=contract,
                period=period,
                state=state,
                deadline=D(2026, int(period[5:]) + 1, 10),
                created_by=worker,
                submitted_at=datetime.datetime(2026, int(period[5:]) + 1, 5, tzinfo=datetime.UTC),
            )
            for contract in contracts
            for period, state in (("2026-07", "approved"), ("2026-08", "returned"), ("2026-09", "submitted"))
        ]
    )
    ReportEvent.objects.bulk_create(
        [ReportEvent(report=report, actor=worker, to_state=report.state, comment="x") for report in reports]
    )


def _query_count(callable_: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


def test_the_page_and_the_api_make_as_many_queries_for_500_providers_as_for_10(world, client):
    client.force_login(world.monitor)

    def page() -> None:
        assert client.get(f"{URL}?from=2026-07&to=2026-09").status_code == 200

    def api() -> None:
        assert factories.api(world.monitor).get(f"{API}?from=2026-07&to=2026-09").status_code == 200

    _bulk_world(10)
    page()
    api()
    small = (_query_count(page), _query_count(api))
    _bulk_world(490)
    large = (_query_count(page), _query_count(api))

    assert large == small
    body = factories.api(world.monitor).get(f"{API}?from=2026-07&to=2026-09").json()
    assert len(_table(body, "providers")) == 502
