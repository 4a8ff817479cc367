"""Realistic, deterministic demo data: providers, contracts with indexed prices, clients with artificial
identity codes (individual number 900–999), service orders with goals, and one demo user per role.

Every row is keyed by something derived from the seed (business ID, contract number, identity code,
decision number), so running it twice with the same arguments leaves the same rows. It says what it is doing
as it goes (a `progress` callback): a first run takes a while, and a rerun says what was already there.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum.fi import alv, hetu

from contracts.catalogue import PROCUREMENT, catalogue_load
from contracts.models import (
    Contract,
    ContractLine,
    ContractLinePrice,
    Goal,
    GoalArea,
    OrderingUnit,
    Procurement,
    Product,
    PurchaseKind,
    ServiceOrder,
    UnitBudget,
)
from core.periods import Period
from reporting.models import Report, ReportEntry, ReportEvent
from reporting.services import (
    DayInput,
    EntryChange,
    ProgressInput,
    ReportHasErrors,
    report_approve,
    report_create,
    report_entries_update,
    report_return,
    report_submit,
)
from suppliers.models import Client, MembershipRole, Provider
from suppliers.roles import Role
from suppliers.services import provider_membership_create, role_groups_sync, user_role_assign

User = get_user_model()

_PROVIDER_STEMS = [
    "Aamunkoi",
    "Kotipolku",
    "Tuulensuoja",
    "Majakka",
    "Silta",
    "Pihlaja",
    "Kompassi",
    "Verso",
    "Lähde",
    "Ankkuri",
    "Kajo",
    "Polku",
    "Tähtitie",
    "Kulmakivi",
    "Satama",
    "Vaahtera",
    "Metsätähti",
    "Rantakoivu",
]
_PROVIDER_FORMS = ["Kuntoutuskoti {} Oy", "{} ry", "Palvelukoti {} Oy", "Työkeskus {} ry", "{} Säätiö sr"]
_FIRST_NAMES = [
    "Aino",
    "Eino",
    "Helmi",
    "Onni",
    "Lilja",
    "Väinö",
    "Sofia",
    "Leevi",
    "Emilia",
    "Elias",
    "Aada",
    "Oliver",
    "Linnea",
    "Veeti",
    "Kerttu",
    "Niilo",
    "Iida",
    "Toivo",
    "Ella",
    "Eetu",
    "Saara",
    "Juho",
    "Minea",
    "Ville",
]
_LAST_NAMES = [
    "Testinen",
    "Esimerkki",
    "Demola",
    "Kokeilu",
    "Mallikas",
    "Harjoitus",
    "Näytteinen",
    "Kuvitelma",
    "Keksitty",
    "Leikkinen",
    "Sepitelmä",
    "Fiktio",
]
_GOALS: dict[str, tuple[str, str, list[str]]] = {
    GoalArea.DAILY_LIVING: (
        "Asiakas huolehtii arjen askareista itsenäisesti.",
        "Kodinhoito ja ruokailu ovat epäsäännöllisiä; tukea tarvitaan päivittäin.",
        [
            "Ei osallistu kodinhoitoon",
            "Osallistuu muistutettuna",
            "Siivoaa ja laittaa ruokaa viikoittain",
            "Huolehtii askareista lähes itsenäisesti",
            "Huolehtii askareista täysin itsenäisesti",
        ],
    ),
    GoalArea.SUBSTANCE_FREE: (
        "Asiakas elää päihteetöntä arkea.",
        "Retkahduksia useita kertoja kuukaudessa.",
        [
            "Päivittäistä käyttöä",
            "Viikoittaista käyttöä",
            "Enintään yksi retkahdus kuukaudessa",
            "Päihteetön kuukausi",
            "Päihteetön ja tukee vertaisia",
        ],
    ),
    GoalArea.EDUCATION_WORK: (
        "Asiakas harjoittelee työelämän taitoja ja sitoutuu työtoimintaan.",
        "Osallistuu satunnaisesti, myöhästelee usein.",
        [
            "Ei osallistu",
            "Osallistuu alle puolet sovituista päivistä",
            "Osallistuu sovitusti",
            "Osallistuu ja ottaa vastuuta tehtävistä",
            "Valmis työllisyyspolulle",
        ],
    ),
    GoalArea.GROUP_FUNCTIONING: (
        "Asiakas toimii ryhmässä ja solmii sosiaalisia suhteita.",
        "Välttää ryhmätilanteita.",
        [
            "Ei osallistu ryhmään",
            "Osallistuu seuraajana",
            "Osallistuu ryhmään sovitusti",
            "Osallistuu aktiivisesti",
            "Ohjaa ryhmän toimintaa",
        ],
    ),
}
# Units ordering products; youth social work orders the youth variants.
_UNIT_FOR_CATEGORY = {
    "supported_housing": "housing-social-rehabilitation",
    "service_housing": "housing-social-rehabilitation",
    "crisis_accommodation": "housing-social-rehabilitation",
    "work_day_activity": "adult-family-social-work",
    "home_support": "adult-family-social-work",
}
_BASE_PRICES = {
    "visit": (Decimal("55"), Decimal("95")),
    "day": (Decimal("45"), Decimal("180")),
    "night": (Decimal("60"), Decimal("110")),
    "hour": (Decimal("50"), Decimal("80")),
    "month": (Decimal("900"), Decimal("2500")),
}


@dataclass
class DemoResult:
    providers: int = 0
    clients: int = 0
    service_orders: int = 0
    reports: int = 0  # the demo's reports of the last twelve months, made now or by an earlier run
    reports_made: int = 0  # of which this run made
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    # Demo users that existed already and kept their own password (seeding with DEBUG off).
    kept_passwords: list[str] = field(default_factory=list)


def artificial_identity_code(rng: random.Random, *, born_between: tuple[int, int]) -> str:
    """A valid identity code in the artificial range (individual number 900–999): never a real person."""
    while True:
        year = rng.randint(*born_between)
        born = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        individual = rng.randint(900, 999)
        sign = "-" if year < 2000 else "A"
        stem = f"{born:%d%m}{year % 100:02d}{individual:03d}"
        code = f"{stem[:6]}{sign}{stem[6:]}{hetu._calc_checksum(stem)}"
        if hetu.is_valid(code, allow_temporary=True):
            return code


def artificial_business_id(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randint(100000, 3299999):07d}"
        for last in range(10):
            candidate = digits + str(last)
            if alv.is_valid(candidate):
                return f"{digits}-{last}"


def _user(
    username: str, *, first: str, last: str, password_hash: str, staff: bool = False, kept: list[str] | None = None
) -> Any:
    """A demo user; with `kept` (a list), a user that exists already keeps its password and is added to it."""
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
    user.first_name, user.last_name, user.is_staff = first, last, staff
    user.email = f"{username}@example.invalid"
    if created or kept is None:
        user.password = password_hash
    else:
        # Outside development an existing account (the administrator above all) keeps the password its owner set:
        # seeding again must not turn it back into the published demo password.
        kept.append(username)
    user.save()
    return user


def _silent(message: str) -> None:
    return None


@transaction.atomic
def demo_seed(
    *,
    providers: int,
    clients: int,
    seed: int,
    password: str,
    today: datetime.date,
    progress: Callable[[str], None] = _silent,
    keep_passwords: bool = False,
) -> DemoResult:
    """The demo data; with `keep_passwords` (seeding with DEBUG off) demo users that exist already keep their
    passwords, listed in the result."""
    kept: list[str] | None = [] if keep_passwords else None
    rng = random.Random(seed)
    # Hashed once for every demo user: a strong hash takes most of a second per user, and the demo users all
    # share the one demo password anyway.
    password_hash = make_password(password)
    role_groups_sync()
    catalogue_load()
    procurement = Procurement.objects.get(reference=PROCUREMENT["reference"])
    products = list(Product.objects.order_by("code"))
    tendered = [product for product in products if product.purchase_kind == PurchaseKind.TENDERED]
    separate = [product for product in products if product.purchase_kind != PurchaseKind.TENDERED]
    units = {unit.code: unit for unit in OrderingUnit.objects.all()}
    result = DemoResult()

    for unit in units.values():
        for year in (today.year - 1, today.year):
            UnitBudget.objects.update_or_create(
                ordering_unit=unit, year=year, defaults={"amount": Decimal(rng.randrange(800, 4000) * 1000)}
            )

    # City users, one per role.
    city = {
        Role.SOCIAL_WORKER: _user(
            "sosiaalityo", first="Sanna", last="Sosiaalityöntekijä", password_hash=password_hash, kept=kept
        ),
        Role.LEAD_SOCIAL_WORKER: _user(
            "johtava", first="Jussi", last="Johtava", password_hash=password_hash, kept=kept
        ),
        Role.CONTRACT_MONITOR: _user("valvoja", first="Vilma", last="Valvoja", password_hash=password_hash, kept=kept),
        Role.PAYROLL_CLERK: _user(
            "palkat", first="Paavo", last="Palkanlaskija", password_hash=password_hash, kept=kept
        ),
        Role.ADMINISTRATOR: _user(
            "yllapito", first="Ylva", last="Ylläpitäjä", password_hash=password_hash, staff=True, kept=kept
        ),
    }
    for role, user in city.items():
        user_role_assign(user=user, role=role)
        result.logins.append((user.username, str(Role(role).label), ""))
    for unit in units.values():
        unit.members.add(city[Role.SOCIAL_WORKER], city[Role.LEAD_SOCIAL_WORKER])
    progress(f"City users and budgets: {len(city)} users, {len(units)} ordering units")

    # Providers, each with a framework contract on some tendered products and indexed prices.
    lines: list[ContractLine] = []
    provider_rows: list[Provider] = []
    reporters: dict[int, tuple[Any, Contract]] = {}
    for index in range(providers):
        business_id = artificial_business_id(rng)
        name = rng.choice(_PROVIDER_FORMS).format(_PROVIDER_STEMS[index % len(_PROVIDER_STEMS)])
        if index >= len(_PROVIDER_STEMS):
            name = f"{name} {index // len(_PROVIDER_STEMS) + 1}"
        provider, _ = Provider.objects.update_or_create(
            business_id=business_id,
            defaults={"name": name, "email": f"info{index + 1}@example.invalid", "address": "Esimerkkitie 1, Vantaa"},
        )
        provider_rows.append(provider)
        contract, _ = Contract.objects.update_or_create(
            number=f"VAN-2019-{index + 1:03d}",
            defaults={
                "provider": provider,
                "procurement": procurement,
                "title": "Puitesopimus (optiovuodet käytössä)",
                "purchase_kind": PurchaseKind.TENDERED,
                "starts_on": datetime.date(2019, 1, 1),
                "ends_on": datetime.date(today.year + 1, 12, 31),
            },
        )
        chosen = rng.sample(tendered, k=min(len(tendered), rng.randint(2, 4)))
        if index % 5 == 4 and separate:
            chosen.append(separate[0])
        for product in chosen:
            line, _ = ContractLine.objects.update_or_create(
                contract=contract, product=product, defaults={"capacity": rng.choice([None, 10, 20, 40])}
            )
            low, high = _BASE_PRICES[product.unit]
            base = (low + (high - low) * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.01"))
            indexed = (base * Decimal("1.068")).quantize(Decimal("0.01"))
            ContractLinePrice.objects.update_or_create(
                line=line,
                valid_from=datetime.date(2019, 1, 1),
                defaults={"unit_price": base, "valid_to": datetime.date(2023, 12, 31)},
            )
            ContractLinePrice.objects.update_or_create(
                line=line, valid_from=datetime.date(2024, 1, 1), defaults={"unit_price": indexed, "valid_to": None}
            )
            lines.append(line)
        # Every provider has a reporter (the monitoring dashboards need a realistic month from everyone);
        # the first three also have an admin and are printed as demo logins.
        reporter = _user(
            f"tuottaja{index + 1}",
            first="Raili",
            last=f"Raportoija {index + 1}",
            password_hash=password_hash,
            kept=kept,
        )
        provider_membership_create(provider=provider, user=reporter, role=MembershipRole.REPORTER)
        reporters[provider.pk] = (reporter, contract)
        if index < 3:
            admin = _user(
                f"tuottaja{index + 1}-admin",
                first="Pekka",
                last=f"Pääkäyttäjä {index + 1}",
                password_hash=password_hash,
                kept=kept,
            )
            provider_membership_create(provider=provider, user=admin, role=MembershipRole.ADMIN)
            result.logins.append((reporter.username, str(Role.PROVIDER_REPORTER.label), provider.name))
            result.logins.append((admin.username, str(Role.PROVIDER_ADMIN.label), provider.name))
    result.providers = len(provider_rows)
    progress(f"Providers and contracts: {result.providers} providers, {len(lines)} contract lines")

    # Clients and their fixed-term orders, mostly running through the current month.
    seen_codes: set[str] = set()
    month_start = today.replace(day=1)
    for index in range(clients):
        if not lines:
            break
        line = rng.choice(lines)
        youth = line.product.is_youth
        born = (today.year - 34, today.year - 19) if youth else (today.year - 64, today.year - 25)
        code = artificial_identity_code(rng, born_between=born)
        while code in seen_codes:
            code = artificial_identity_code(rng, born_between=born)
        seen_codes.add(code)
        client, _ = Client.objects.update_or_create(
            identity_code=code,
            defaults={"first_name": rng.choice(_FIRST_NAMES), "last_name": rng.choice(_LAST_NAMES)},
        )
        starts_on = month_start - datetime.timedelta(days=rng.randint(0, 330))
        # Within the contract, as service_order_create demands: an order past its end could not be reported.
        ends_on = min(starts_on + datetime.timedelta(days=rng.randint(180, 540)), line.contract.ends_on)
        unit_code = "youth-social-work" if youth else _UNIT_FOR_CATEGORY[line.product.category]
        volume = {"visit": 8, "day": 20, "night": 30, "hour": 10, "month": 1}[line.product.unit]
        order, _ = ServiceOrder.objects.update_or_create(
            decision_number=f"SOS-{seed}-{index + 1:06d}",
            defaults={
                "client": client,
                "ordering_unit": units[unit_code],
                "contract_line": line,
                "provider_id": line.contract.provider_id,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "planned_volume": Decimal(volume),
                "responsible_worker": city[Role.SOCIAL_WORKER],
                "created_by": city[Role.SOCIAL_WORKER],
            },
        )
        areas = rng.sample(list(_GOALS), k=rng.randint(1, 3))
        goals = []
        for area in areas:
            description, baseline, levels = _GOALS[area]
            goals.append(
                Goal(
                    service_order=order,
                    area=area,
                    description=description,
                    baseline=baseline,
                    level_minus_2=levels[0],
                    level_minus_1=levels[1],
                    level_0=levels[2],
                    level_plus_1=levels[3],
                    level_plus_2=levels[4],
                    target_date=ends_on,
                    created_by=city[Role.SOCIAL_WORKER],
                )
            )
        if not order.goals.exists():
            Goal.objects.bulk_create(goals)
        result.clients += 1
        result.service_orders += 1
        if result.clients % 100 == 0 or result.clients == clients:
            progress(f"Clients and service orders: {result.clients}/{clients}")
    result.reports, result.reports_made = _demo_reports(
        rng, reporters, monitor=city[Role.CONTRACT_MONITOR], today=today, progress=progress
    )
    result.kept_passwords = kept or []
    return result


HISTORY_MONTHS = 12


def _demo_reports(
    rng: random.Random,
    reporters: dict[int, tuple[Any, Contract]],
    *,
    monitor: Any,
    today: datetime.date,
    progress: Callable[[str], None],
) -> tuple[int, int]:
    """A year of reports of every provider, through the same services as the portal, so that the
    monitoring dashboards have a history: older months mostly approved (a few late, one returned and
    corrected), last month mixed (approved, waiting for review, drafts). Made once; never overwritten.

    The services stamp submissions and approvals with the current time; the demo then moves those
    timestamps (and the events') back to plausible days of each month, which is what a history would hold.

    Answers how many of the demo's reports exist now in those months, and how many of them this run made.
    """
    made = 0
    last = Period.last_complete(today)
    periods = list((last - (HISTORY_MONTHS - 1)).range_to(last))
    contracts = [contract for _reporter, contract in reporters.values()]
    for number, period in enumerate(periods, start=1):
        made_before = made
        for position, (reporter, contract) in enumerate(reporters.values()):
            if Report.objects.filter(contract=contract, period=period).exists():
                continue
            if not _demo_has_orders(contract, period):
                continue
            report, _created = report_create(user=reporter, contract=contract, period=period)
            # The whole report in one batch (as a workbook upload does): one service call, not one per entry.
            entries = (
                report.entries.select_related("service_order__contract_line__product")
                .prefetch_related("service_order__goals")
                .order_by("id")
            )
            changes = [_demo_fill(rng, entry, period=period) for entry in entries]
            report_entries_update(user=reporter, report=report, changes=changes)
            report.refresh_from_db()
            made += 1
            is_last = period == last
            if is_last and position % 3 == 2:
                continue  # a draft of last month
            try:
                report = report_submit(user=reporter, report=report, today=today)
            except ReportHasErrors:
                continue  # left as a draft with its findings: the demo shows those too
            late = rng.random() < 0.15
            submitted = report.deadline + datetime.timedelta(days=rng.randint(1, 6) if late else -rng.randint(0, 8))
            _demo_backdate(report, to_state="submitted", day=submitted, late=late)
            if is_last and position % 3 == 1:
                continue  # waiting for review
            if not is_last and rng.random() < 0.1:
                report = report_return(
                    user=monitor,
                    report=report,
                    comment="Tarkistakaa läsnäolopäivät ja tavoitteiden arviot.",
                    version=report.version,
                )
                _demo_backdate(report, to_state="returned", day=submitted + datetime.timedelta(days=2))
                report = report_submit(user=reporter, report=report, today=today)
                _demo_backdate(report, to_state="submitted", day=submitted + datetime.timedelta(days=4), late=late)
            report_approve(user=monitor, report=report, comment="Tarkastettu.", version=report.version)
            _demo_backdate(report, to_state="approved", day=submitted + datetime.timedelta(days=rng.randint(5, 12)))
        progress(f"Monthly reports {period}: {made - made_before} made ({number}/{len(periods)} months)")
    existing = Report.objects.filter(contract__in=contracts, period__in=periods).values("contract", "period").distinct()
    return existing.count(), made


def _demo_has_orders(contract: Contract, period: Period) -> bool:
    return ServiceOrder.objects.filter(
        contract_line__contract=contract, starts_on__lte=period.last_day, ends_on__gte=period.first_day
    ).exists()


def _demo_backdate(report: Report, *, to_state: str, day: datetime.date, late: bool | None = None) -> None:
    """Move the latest event into `to_state` (and the report's own stamp of it) back to a day at 10:00."""
    moment = timezone.make_aware(datetime.datetime.combine(min(day, timezone.localdate()), datetime.time(10)))
    event = report.events.filter(to_state=to_state).order_by("-id").first()
    if event is not None:
        ReportEvent.objects.filter(pk=event.pk).update(at=moment)
    stamps: dict[str, Any] = {f"{to_state}_at": moment}
    if late is not None:
        stamps["submitted_late"] = late
    Report.objects.filter(pk=report.pk).update(**stamps)


def _demo_fill(rng: random.Random, entry: ReportEntry, *, period: Period) -> EntryChange:
    """What a provider would fill in for one entry: attendance, units and goal levels."""
    order = entry.service_order
    product = order.contract_line.product
    first, last = max(order.starts_on, period.first_day), min(order.ends_on, period.last_day)
    running = [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]
    weekdays = [day for day in running if day.weekday() < 5]
    days: list[DayInput] = []
    units = Decimal(0)
    if product.earns_work_share or product.category == "work_day_activity":
        chosen = weekdays[: int(order.planned_volume)]
        for day in chosen:
            sick = rng.random() < 0.08
            hours = Decimal(0) if sick or not product.earns_work_share else Decimal(rng.choice([3, 4, 4.5, 5, 6]))
            days.append(DayInput(day, "sick" if sick else "present", hours))
        units = Decimal(sum(1 for day in days if day.status == "present"))
    elif product.unit == "visit":
        units = Decimal(min(int(order.planned_volume), rng.randint(3, 8)))
    else:
        units = Decimal(min(len(running), int(order.planned_volume)))
    levels = [ProgressInput(goal.pk, rng.choice([-1, 0, 0, 1, 1, 2]), "") for goal in order.goals.all()]
    return EntryChange(
        entry_id=entry.pk, version=entry.version, days=days, goal_progress=levels, fields={"units_delivered": units}
    )
