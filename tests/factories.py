"""Small factories for tests: every person is artificial (identity codes with individual number 900–999).

Where the product has a service for a row, the factory goes through it (goals, reports and every report
state), so a test never holds data the product could not. Providers, contracts and service orders are still
created directly: some tests need an order the order service would refuse (a responsible worker of another
unit). tests/reporting/flow.py drives a report through the API instead, for the API's own tests.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from contracts.models import (
    Contract,
    ContractLine,
    ContractLinePrice,
    EmploymentPath,
    EvidenceFile,
    Goal,
    GoalArea,
    OrderingUnit,
    Procurement,
    Product,
    PurchaseKind,
    ServiceOrder,
)
from portal.demo import artificial_business_id, artificial_identity_code
from suppliers.models import Client, MembershipRole, Provider
from suppliers.roles import Role
from suppliers.services import provider_membership_create, user_role_assign

if TYPE_CHECKING:
    from tests.conftest import World

User = get_user_model()
_counter = itertools.count(1)
_rng = random.Random(4242)
PASSWORD = "test-password-123"


def identity_code(*, born_between: tuple[int, int] = (1960, 1995)) -> str:
    while True:
        code = artificial_identity_code(_rng, born_between=born_between)
        if not Client.objects.filter(identity_code=code).exists():
            return code


def make_user(
    role: str | None = None, *, provider: Provider | None = None, units: tuple[OrderingUnit, ...] = ()
) -> Any:
    number = next(_counter)
    user = User.objects.create_user(
        username=f"user{number}", password=PASSWORD, first_name="Testi", last_name=f"Käyttäjä {number}"
    )
    if provider is not None:
        provider_membership_create(provider=provider, user=user, role=role or MembershipRole.REPORTER)
    elif role is not None:
        user_role_assign(user=user, role=role)
    for unit in units:
        unit.members.add(user)
    return user


def api_token(user: Any, *, name: str = "Test integration", days: int = 30) -> str:
    """An API token for a user who may hold one, issued as the city's IT issues it; returns the key."""
    from suppliers.models import Provider as _Provider
    from suppliers.services import api_token_issue

    provider = _Provider.objects.filter(memberships__user=user, memberships__is_active=True).first()
    _token, key = api_token_issue(
        actor=None, actor_user=None, holder=user, provider=provider, name=name, expires_in_days=days
    )
    return key


def make_provider(name: str | None = None) -> Provider:
    number = next(_counter)
    return Provider.objects.create(name=name or f"Testituottaja {number} Oy", business_id=artificial_business_id(_rng))


def procurement() -> Procurement:
    return Procurement.objects.get(reference="vantaa-asuminen-tyo-paivatoiminta-2019")


def product(code: str) -> Product:
    return Product.objects.get(code=code)


def unit(code: str = "adult-family-social-work") -> OrderingUnit:
    return OrderingUnit.objects.get(code=code)


def make_contract(
    provider: Provider,
    *,
    products: tuple[str, ...] = ("work-activity-adults",),
    starts_on: datetime.date = datetime.date(2019, 1, 1),
    ends_on: datetime.date = datetime.date(2027, 12, 31),
    price: Decimal = Decimal("80.00"),
) -> Contract:
    number = next(_counter)
    contract = Contract.objects.create(
        provider=provider,
        procurement=procurement(),
        number=f"TEST-{number:05d}",
        title="Testisopimus",
        purchase_kind=PurchaseKind.TENDERED,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    for code in products:
        line = ContractLine.objects.create(contract=contract, product=product(code), capacity=20)
        ContractLinePrice.objects.create(line=line, unit_price=price, valid_from=starts_on)
    return contract


def make_client(**fields: Any) -> Client:
    fields.setdefault("identity_code", identity_code())
    fields.setdefault("first_name", "Aino")
    fields.setdefault("last_name", f"Testinen{next(_counter)}")
    return Client.objects.create(**fields)


def make_order(
    line: ContractLine,
    *,
    client: Client | None = None,
    ordering_unit: OrderingUnit | None = None,
    worker: Any | None = None,
    starts_on: datetime.date = datetime.date(2026, 1, 1),
    ends_on: datetime.date = datetime.date(2026, 12, 31),
    volume: Decimal = Decimal("20"),
    goal: bool = True,
) -> ServiceOrder:
    """An order of the line with, unless goal=False, one GAS goal (set through the service)."""
    ordering_unit = ordering_unit or unit()
    worker = worker or make_user(Role.SOCIAL_WORKER, units=(ordering_unit,))
    order = ServiceOrder.objects.create(
        client=client or make_client(),
        ordering_unit=ordering_unit,
        contract_line=line,
        provider_id=line.contract.provider_id,
        starts_on=starts_on,
        ends_on=ends_on,
        planned_volume=volume,
        decision_number=f"D-{next(_counter):06d}",
        responsible_worker=worker,
        created_by=worker,
    )
    if goal:
        # The goal is set by a social worker of the order's unit: the worker, unless a test made them
        # responsible for an order of another unit (which only a hand-built order can be).
        setter = worker if ordering_unit.members.filter(pk=worker.pk).exists() else None
        make_goal(order=order, user=setter or make_user(Role.SOCIAL_WORKER, units=(ordering_unit,)))
    return order


def make_goal(*, order: ServiceOrder, user: Any | None = None, **fields: Any) -> Goal:
    """A GAS goal of the order set by its responsible worker (or `user`) through the service, as on the order page.
    `fields` replace the defaults (area, description, the five level texts, weight, ...)."""
    from contracts.services import goal_create

    values: dict[str, Any] = {
        "area": GoalArea.DAILY_LIVING,
        "description": "Arjen taidot",
        "baseline": "Lähtötaso",
        "level_minus_2": "a",
        "level_minus_1": "b",
        "level_0": "c",
        "level_plus_1": "d",
        "level_plus_2": "e",
        **fields,
    }
    return goal_create(user=user or order.responsible_worker, order=order, **values)


def api(user: Any | None = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


# Monthly reports ------------------------------------------------------------------------------------------
# Built through the services, as a provider's reporter and the city would: report_create, report_entry_update,
# report_submit, report_return, report_approve. No test sets a report's state directly.


def identity_code_born_on(born: datetime.date) -> str:
    """An artificial identity code (individual number 900–999) of someone born on the given day."""
    from stdnum.fi import hetu

    sign = {1800: "+", 1900: "-", 2000: "A"}[born.year // 100 * 100]
    for individual in range(900, 1000):
        stem = f"{born:%d%m}{born.year % 100:02d}{individual:03d}"
        code = f"{stem[:6]}{sign}{stem[6:]}{hetu._calc_checksum(stem)}"
        if not Client.objects.filter(identity_code=code).exists():
            return code
    raise AssertionError(f"no artificial identity code left for {born}")


REPORT_STATES = ("draft", "submitted", "returned", "approved")


def make_report(
    contract: Contract,
    *,
    user: Any,
    period: str = "2026-10",
    state: str = "draft",
    entries: Mapping[int, Mapping[str, Any]] | None = None,
    invoice: bool = False,
    reviewer: Any | None = None,
) -> Any:
    """The contract's report for `period`, made by `user` (a reporter of its provider) and brought to `state`
    through the services, as the provider and the city would.

    `entries` maps a service order's id to what changes on its entry: `days` as (date, status, hours), `levels`
    as one GAS level for every goal of the order or a list in the goals' order (None: no goal progress), and
    what else `report_entry_update` takes (units_delivered, work_share_paid, ...); other entries stay as
    created. `invoice` gives the report an invoice number and a total equal to the computed cost. Submitting
    runs the rules: an error is the test's data to correct, a warning gets a written reason. `reviewer` (a
    contract monitor) returns or approves.
    """
    from core.periods import Period
    from reporting.services import report_create, report_entry_update, report_totals, report_update

    if state not in REPORT_STATES:
        raise ValueError(f"state must be one of {REPORT_STATES}, not {state!r}")
    report, _ = report_create(user=user, contract=contract, period=Period.parse(period))
    wanted = entries or {}
    for entry in report.entries.select_related("service_order"):
        if entry.service_order_id in wanted:
            changes = _entry_changes(entry, wanted[entry.service_order_id])
            report_entry_update(user=user, entry=entry, version=entry.version, **changes)
    if invoice:
        report.refresh_from_db()
        total = report_totals(report)["cost"]
        report_update(user=user, report=report, version=report.version, invoice_number="INV-1", invoice_total=total)
    return report_to_state(report, state=state, user=user, reviewer=reviewer)


def _entry_changes(entry: Any, spec: Mapping[str, Any]) -> dict[str, Any]:
    from reporting.services import DayInput, ProgressInput

    changes = dict(spec)
    if changes.get("days") is not None:
        changes["days"] = [DayInput(day, status, Decimal(hours)) for day, status, hours in changes["days"]]
    if "levels" in changes:
        levels = changes.pop("levels")
        goals = list(entry.service_order.goals.order_by("id"))
        if isinstance(levels, int):
            levels = [levels] * len(goals)
        changes["goal_progress"] = (
            None
            if levels is None
            else [ProgressInput(goal.pk, level) for goal, level in zip(goals, levels, strict=True)]
        )
    return changes


def report_to_state(report: Any, *, state: str, user: Any, reviewer: Any | None = None) -> Any:
    """Walk a draft (or returned) report on to `state`: submitted by `user`, then returned or approved by
    `reviewer`. Returns the report as it is now."""
    from reporting.services import report_approve, report_return

    report.refresh_from_db()
    if state == report.state:
        return report
    if state in ("returned", "approved") and reviewer is None:
        raise ValueError(f"a {state} report needs a reviewer (a contract monitor)")
    report = submit_report(report, user=user)
    if state == "returned":
        report = report_return(user=reviewer, report=report, comment="Korjaa", version=report.version)
    elif state == "approved":
        report = report_approve(user=reviewer, report=report, version=report.version)
    assert report.state == state, (report.state, state)
    return report


def submit_report(report: Any, *, user: Any) -> Any:
    """Submit through the service; warnings (not errors) are explained first, as the reporter must."""
    from reporting.services import ReportHasErrors, report_entry_update, report_submit, report_update

    try:
        return report_submit(user=user, report=report)
    except ReportHasErrors as refused:
        if refused.code != "warnings_need_reason":
            codes = sorted((finding.code, finding.entry_id) for finding in refused.findings)
            raise AssertionError(f"the test's report has errors, so it cannot be submitted: {codes}") from refused
        for finding in refused.findings:
            if finding.entry_id:
                entry = report.entries.get(pk=finding.entry_id)
                report_entry_update(user=user, entry=entry, version=entry.version, warning_reason="Tarkistettu")
            else:
                report.refresh_from_db()
                report_update(user=user, report=report, version=report.version, warning_reason="Tarkistettu")
    report.refresh_from_db()
    return report_submit(user=user, report=report)


def report_entry(report: Any, order: ServiceOrder) -> Any:
    return report.entries.get(service_order=order)


def fill_entry(
    entry: Any,
    *,
    user: Any,
    days: tuple[tuple[datetime.date, str, Decimal | str], ...] | list[tuple[datetime.date, str, Decimal | str]] = (),
    progress: bool = True,
    **fields: Any,
) -> Any:
    """Replace the entry's days (date, status, hours) and, unless progress=False, give every goal of its
    order a GAS level (0, as expected). Other fields (units_delivered, work_share_paid, ...) pass through."""
    from reporting.services import report_entry_update

    entry.refresh_from_db()
    changes = _entry_changes(entry, {"days": list(days), "levels": 0 if progress else None, **fields})
    return report_entry_update(user=user, entry=entry, version=entry.version, **changes)


# Employment paths -----------------------------------------------------------------------------------------
# Through the services: the provider proposes, the social worker decides, the provider uploads and closes.

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
PATH_STARTS_ON = datetime.date(2026, 9, 1)
PATH_ENDS_ON = datetime.date(2027, 2, 28)
PATH_STATES = ("proposed", "active", "closed")


def evidence_file(content: bytes = PDF, name: str = "todistus.pdf", content_type: str = "application/pdf") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_path(world: World, *, state: str = "proposed", order: ServiceOrder | None = None) -> EmploymentPath:
    """An employment path of `order` (world.order by default) in `state`: proposed by world's reporter,
    accepted by its social worker for PATH_STARTS_ON–PATH_ENDS_ON, closed (with evidence) by the reporter."""
    from contracts.services import employment_path_close, employment_path_decide, employment_path_propose

    if state not in PATH_STATES:
        raise ValueError(f"state must be one of {PATH_STATES}, not {state!r}")
    if state == "closed":
        path, _evidence = make_path_with_evidence(world, order=order)
        return employment_path_close(
            user=world.reporter, path=path, outcome="work_trial", outcome_description="Sopimus"
        )
    path = employment_path_propose(
        user=world.reporter,
        order=order or world.order,
        justification="Sitoutunut, täsmällinen, on ohjannut uusia asiakkaita.",
        goals=["Työkokeilu kahvilassa"],
    )
    if state == "active":
        path = employment_path_decide(
            user=world.social_worker,
            path=path,
            accept=True,
            starts_on=PATH_STARTS_ON,
            ends_on=PATH_ENDS_ON,
            comment="Hyvä ehdotus",
        )
    return path


def make_path_with_evidence(world: World, *, order: ServiceOrder | None = None) -> tuple[EmploymentPath, EvidenceFile]:
    """An active path (as make_path) with one PDF of evidence uploaded by world's reporter."""
    from contracts.services import evidence_upload

    path = make_path(world, state="active", order=order)
    return path, evidence_upload(user=world.reporter, path=path, upload=evidence_file())
