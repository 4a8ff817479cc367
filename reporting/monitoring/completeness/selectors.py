"""Completeness and timeliness of the monthly reports (docs §8, §10; issue #7), and the provider's own view.

Definitions (the page, the API, the Excel export, the PDF, the provider's home and the reminders all use
these, through `contract_months` below):

- A report is **expected** for a contract and a month when the contract is valid on some day of the month,
  at least one of the contract's service orders is active on some day of it (what `report_create` puts in
  a report: one entry per order active in the month), and the report's deadline (the contract's due day of
  the next month) has passed. Before its deadline nobody is behind, so a month whose reporting window is
  still open is not counted yet: otherwise every recent month would look incomplete and the rates would
  dip at the right edge of every chart.
- **Submitted**: some revision of the month's report has been submitted at least once (a submission event,
  or a submission stamp on data loaded without events). A report the city returned, or reopened for
  a correction, still counts as submitted: the provider did report.
- **On time**: the month's first submission was on or before the deadline (local date). Not
  `Report.submitted_late`, which each submission rewrites: a report sent on time and returned for
  correction after the deadline was still sent on time; the city's review does not make the provider late.
- **Late**: submitted, but not on time. **Missing**: expected and not submitted.
- **Returned**: the city returned some revision of the month's report at least once.
- **Approved**: the month's current revision is approved.
- Rates are shares of the expected reports: submission rate = submitted / expected, on-time rate = on time
  / expected, approval rate = approved / expected.

Every figure is computed from four flat queries, whatever the number of providers, contracts and months:
contracts, the distinct date ranges of their orders, one aggregate row per contract and month of reports
(with their events), and, for the provider's home, the comments of returned reports.

One module past 500 lines: every figure and view above comes from `contract_months`, read with its definitions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Contract, ServiceOrder
from core.periods import Period
from reporting.models import Report, ReportEntry, ReportEvent, ReportState
from reporting.monitoring.tables import Chart, Column, Dashboard, Figure, Kind, Series, Table, Value
from reporting.permissions import require_monitor
from suppliers.access import Actor

MAX_MONTHS = 60


# Month arithmetic on plain integers (year * 12 + month - 1): cheap enough for every order of a city.


def _index(period: Period) -> int:
    return period.index


def _period(index: int) -> Period:
    return Period.from_index(index)


def _date_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def periods_between(first: Period, last: Period) -> list[Period]:
    return first.range_to(last)


def deadline_of(due_day: int, period: Period) -> datetime.date:
    """The same rule as `reporting.models.report_deadline`, from the contract's due day alone."""
    return period.deadline(due_day)


def default_window(today: datetime.date, *, months: int = 12) -> tuple[Period, Period]:
    """The last `months` months whose reports are due: the last one is the latest month whose deadline
    (the portal's usual due day) has passed, so the window's right edge is complete."""
    last = Period.last_complete(today)
    if today <= last.deadline(settings.REPORT_DUE_DAY):
        last = last.previous()
    return last - (months - 1), last


# The facts of each contract and month --------------------------------------------------------------------


@dataclass(frozen=True)
class ContractInfo:
    id: int
    provider_id: int
    provider_name: str
    number: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    due_day: int


@dataclass(frozen=True)
class MonthFacts:
    """One contract's month: what was expected and what happened to its report."""

    contract: ContractInfo
    period: Period
    deadline: datetime.date
    report_id: int | None  # the current revision, if a report was started
    state: str | None  # the current revision's state
    first_submitted_at: datetime.datetime | None
    returned: bool
    payroll_batch_id: int | None  # of the current revision
    paid_at: datetime.datetime | None  # when that batch was made

    @property
    def submitted(self) -> bool:
        return self.first_submitted_at is not None

    @property
    def on_time(self) -> bool:
        return self.first_submitted_at is not None and timezone.localdate(self.first_submitted_at) <= self.deadline

    @property
    def late(self) -> bool:
        return self.submitted and not self.on_time

    @property
    def approved(self) -> bool:
        return self.state == ReportState.APPROVED

    @property
    def state_label(self) -> str:
        return str(ReportState(self.state).label) if self.state else _("Not started")

    def due_by(self, today: datetime.date) -> bool:
        """Expected: its deadline has passed."""
        return self.deadline < today


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def contract_months(
    *,
    first: Period,
    last: Period,
    provider_ids: Iterable[int] | None = None,
    contract_id: int | None = None,
) -> list[MonthFacts]:
    """Every contract month from `first` to `last` with at least one active order (whatever its deadline),
    with its report's facts. Three queries whatever the size of the data."""
    return _contract_months(first=first, last=last, provider_ids=provider_ids, contract_id=contract_id)[1]


def _contract_months(
    *,
    first: Period,
    last: Period,
    provider_ids: Iterable[int] | None = None,
    contract_id: int | None = None,
) -> tuple[dict[int, ContractInfo], list[MonthFacts]]:
    first_day, last_day = first.first_day, last.last_day
    contracts = Contract.objects.filter(starts_on__lte=last_day, ends_on__gte=first_day)
    if provider_ids is not None:
        contracts = contracts.filter(provider_id__in=list(provider_ids))
    if contract_id is not None:
        contracts = contracts.filter(pk=contract_id)
    infos = {
        row[0]: ContractInfo(*row)
        for row in contracts.values_list(
            "pk", "provider_id", "provider__name", "number", "title", "starts_on", "ends_on", "report_due_day"
        )
    }
    if not infos:
        return infos, []
    ranges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for contract_pk, starts_on, ends_on in (
        ServiceOrder.objects.filter(
            contract_line__contract_id__in=contracts.values("pk"), starts_on__lte=last_day, ends_on__gte=first_day
        )
        .values_list("contract_line__contract_id", "starts_on", "ends_on")
        .order_by()
        .distinct()
    ):
        info = infos[contract_pk]
        # Only the days on which both the order and the contract are valid, within the window.
        start = max(starts_on, info.starts_on, first_day)
        end = min(ends_on, info.ends_on, last_day)
        if start <= end:
            ranges[contract_pk].append((_date_index(start), _date_index(end)))
    submitted = Q(events__to_state=ReportState.SUBMITTED)
    current = Q(is_current=True)
    reports = {
        (row["contract_id"], row["period"]): row
        for row in Report.objects.filter(contract_id__in=contracts.values("pk"), period__gte=first, period__lte=last)
        .order_by()
        .values("contract_id", "period")
        .annotate(
            current_id=Max("pk", filter=current),
            # One current revision per month: the maximum of its single value is that value.
            current_state=Max("state", filter=current),
            current_batch=Max("payroll_batch_id", filter=current),
            paid_at=Max("payroll_batch__created_at", filter=current),
            first_event=Min("events__at", filter=submitted),
            first_stamp=Min("submitted_at"),
            return_events=Count("events", filter=Q(events__to_state=ReportState.RETURNED)),
            return_stamps=Count("pk", filter=Q(returned_at__isnull=False)),
        )
    }
    facts: list[MonthFacts] = []
    for contract_pk, contract_ranges in ranges.items():
        info = infos[contract_pk]
        for first_index, last_index in _merged(contract_ranges):
            for index in range(first_index, last_index + 1):
                period = _period(index)
                row: dict[str, Any] = dict(reports.get((contract_pk, period)) or {})
                facts.append(
                    MonthFacts(
                        contract=info,
                        period=period,
                        deadline=deadline_of(info.due_day, period),
                        report_id=row.get("current_id"),
                        state=row.get("current_state"),
                        first_submitted_at=row.get("first_event") or row.get("first_stamp"),
                        returned=bool(row.get("return_events") or row.get("return_stamps")),
                        payroll_batch_id=row.get("current_batch"),
                        paid_at=row.get("paid_at"),
                    )
                )
    # By the month's index: comparing Period objects costs a Python call per pair, thousands of times here.
    facts.sort(
        key=lambda one: (one.contract.provider_name, one.contract.provider_id, one.period.index, one.contract.number)
    )
    return infos, facts


# The city's dashboard -------------------------------------------------------------------------------------


@dataclass
class Tally:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    returned: int = 0
    approved: int = 0
    report_ids: list[int] = field(default_factory=list)

    def add(self, month: MonthFacts) -> None:
        self.expected += 1
        self.submitted += month.submitted
        self.on_time += month.on_time
        self.returned += month.returned
        self.approved += month.approved
        if month.report_id is not None:
            self.report_ids.append(month.report_id)

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    def rate(self, count: int) -> float | None:
        return count / self.expected if self.expected else None

    def rates(self) -> list[float | None]:
        """Submission, on-time and approval rates, in the order of `_rate_columns`."""
        return [self.rate(self.submitted), self.rate(self.on_time), self.rate(self.approved)]


def _count_columns() -> list[Column]:
    return [
        Column("expected", _("Expected"), Kind.INTEGER),
        Column("submitted", _("Submitted"), Kind.INTEGER),
        Column("on_time", _("On time"), Kind.INTEGER),
        Column("late", _("Late"), Kind.INTEGER),
        Column("missing", _("Missing"), Kind.INTEGER),
        Column("returned", _("Returned"), Kind.INTEGER),
        Column("approved", _("Approved"), Kind.INTEGER),
    ]


def _rate_columns() -> list[Column]:
    return [
        Column("submission_rate", _("Submission rate"), Kind.PERCENT),
        Column("on_time_rate", _("On-time rate"), Kind.PERCENT),
        Column("approval_rate", _("Approval rate"), Kind.PERCENT),
    ]


def _counts(tally: Tally) -> list[Value]:
    return [tally.expected, tally.submitted, tally.on_time, tally.late, tally.missing, tally.returned, tally.approved]


class _Links:
    """Drill-down links for thousands of rows: each route reversed once, then filled in by formatting
    (a reverse() per row costs more than the rest of the dashboard)."""

    _PLACEHOLDER = 999999999

    def __init__(self, first: Period, last: Period) -> None:
        self.detail = reverse("report-detail", args=[self._PLACEHOLDER]).replace(str(self._PLACEHOLDER), "{}")
        self.month = reverse("report-month") + "?period={}&provider={}"
        window = urlencode({"from": str(first), "to": str(last)})
        self.dashboard = f"{reverse('monitoring-completeness')}?{window}&provider={{}}"

    def reports(self, period: Period, provider_id: int, tally: Tally) -> str:
        if len(tally.report_ids) == 1 and tally.expected == 1:
            return self.detail.format(tally.report_ids[0])
        return self.month.format(period, provider_id)

    def provider(self, provider_id: int) -> str:
        return self.dashboard.format(provider_id)


def _month_label(period: Period) -> str:
    return str(period)


def completeness_dashboard(
    *,
    actor: Actor,
    first: Period,
    last: Period,
    provider_id: int | None = None,
    contract_id: int | None = None,
    today: datetime.date | None = None,
) -> Dashboard:
    """The provider × month matrix of expected, submitted, on-time, returned and approved reports, the same
    as rates per month (with a chart), per provider over the window, and the window's key figures."""
    require_monitor(actor)
    if last < first:
        first, last = last, first
    today = today or timezone.localdate()
    months = periods_between(first, last)[-MAX_MONTHS:]
    first = months[0]
    facts = [
        month
        for month in contract_months(
            first=first,
            last=last,
            provider_ids=None if provider_id is None else [provider_id],
            contract_id=contract_id,
        )
        if month.due_by(today)
    ]

    cells: dict[tuple[int, Period], Tally] = defaultdict(Tally)
    per_provider: dict[int, Tally] = defaultdict(Tally)
    per_month: dict[Period, Tally] = defaultdict(Tally)
    total = Tally()
    names: dict[int, str] = {}
    for month in facts:
        provider = month.contract.provider_id
        names[provider] = month.contract.provider_name
        for tally in (cells[(provider, month.period)], per_provider[provider], per_month[month.period], total):
            tally.add(month)
    providers = sorted(names, key=lambda pk: (names[pk].casefold(), pk))
    rank = {provider: position for position, provider in enumerate(providers)}
    ordered_cells = sorted(cells.items(), key=lambda item: (rank[item[0][0]], item[0][1]))

    links = _Links(first, last)
    provider_column = Column("provider", _("Provider"))
    month_column = Column("period", _("Month"))
    detail = Table(
        slug="provider-months",
        title=_("Reports per provider and month"),
        columns=[provider_column, month_column, *_count_columns()],
        rows=[[names[provider], _month_label(period), *_counts(tally)] for (provider, period), tally in ordered_cells],
        links=[links.reports(period, provider, tally) for (provider, period), tally in ordered_cells],
        note=_(
            "A report is expected for each contract and month with an active service order, once its deadline "
            "has passed. The provider's name opens the month's reports."
        ),
    )
    matrix = Table(
        slug="matrix",
        title=_("Submitted of expected reports, per provider and month"),
        columns=[provider_column, *[Column(str(period), _month_label(period)) for period in months]],
        rows=[
            [
                names[provider],
                *[
                    (
                        f"{cells[(provider, period)].submitted}/{cells[(provider, period)].expected}"
                        if (provider, period) in cells
                        else None
                    )
                    for period in months
                ],
            ]
            for provider in providers
        ],
        links=[links.provider(provider) for provider in providers],
        note=_("Each cell is submitted / expected reports; a dash means no report was expected that month."),
    )
    rate_columns = [
        month_column,
        *_count_columns(),
        *_rate_columns(),
    ]
    month_tallies = [(period, per_month.get(period) or Tally()) for period in months]
    rates = Table(
        slug="rates",
        title=_("Rates per month"),
        columns=rate_columns,
        rows=[
            [
                _month_label(period),
                *_counts(tally),
                *tally.rates(),
            ]
            for period, tally in month_tallies
        ],
        chart=Chart(
            "line",
            [_month_label(period) for period, _tally in month_tallies],
            [
                Series(name, [None if value is None else round(value * 100, 1) for value in values])
                for name, values in (
                    (_("Submission rate"), [tally.rate(tally.submitted) for _period, tally in month_tallies]),
                    (_("On-time rate"), [tally.rate(tally.on_time) for _period, tally in month_tallies]),
                    (_("Approval rate"), [tally.rate(tally.approved) for _period, tally in month_tallies]),
                )
            ],
            value_label="%",
        ),
        note=_("Rates are shares of the expected reports."),
    )
    by_provider = Table(
        slug="providers",
        title=_("Reports per provider"),
        columns=[
            provider_column,
            *_count_columns(),
            *_rate_columns(),
        ],
        rows=[
            [
                names[provider],
                *_counts(per_provider[provider]),
                *per_provider[provider].rates(),
            ]
            for provider in providers
        ],
        links=[links.provider(provider) for provider in providers],
    )
    figures = [
        Figure(_("Expected reports"), total.expected),
        Figure(_("Missing reports"), total.missing, status="warning" if total.missing else "ok"),
        Figure(_("Submission rate"), total.rate(total.submitted), Kind.PERCENT),
        Figure(_("On-time rate"), total.rate(total.on_time), Kind.PERCENT),
        Figure(_("Approval rate"), total.rate(total.approved), Kind.PERCENT),
        Figure(_("Returned at least once"), total.returned),
    ]
    return Dashboard(
        slug="completeness",
        title=_("Completeness and timeliness %(first)s–%(last)s") % {"first": first, "last": last},
        figures=figures,
        tables=[matrix, rates, by_provider, detail],
        notes=[
            _(
                "On time means the month's first submission was on or before its deadline; a report returned "
                "for correction and sent again later still counts as on time. Approved means the current "
                "revision is approved."
            )
        ],
    )


# The provider's home --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryComment:
    decision_number: str
    comment: str


@dataclass(frozen=True)
class ReturnedReport:
    month: MonthFacts
    returned_at: datetime.datetime | None
    comment: str
    entries: Sequence[EntryComment]


@dataclass(frozen=True)
class ContractStatus:
    """What a provider's staff need to see first about one contract's reports."""

    contract: ContractInfo
    due: MonthFacts | None  # the report due next, if an order is active in its month
    late: Sequence[MonthFacts]  # expected, deadline passed, never submitted
    returned: Sequence[ReturnedReport]  # current revision returned: to correct and send again
    approved: Sequence[MonthFacts]  # approved, not yet in a payroll batch
    paid: Sequence[MonthFacts]  # approved and taken by a payroll batch


HOME_MONTHS = 12


def provider_report_status(*, actor: Actor, today: datetime.date) -> list[ContractStatus]:
    """Per contract of the actor's providers: the report due now, late, returned (with the city's comments,
    entries named by decision number only), approved and paid ones, over the last twelve months.
    A fixed number of queries (five) whatever the number of contracts and months."""
    if not actor.is_provider_user:
        return []
    current = Period.current(today)
    first = current - HOME_MONTHS
    infos, facts = _contract_months(first=first, last=current, provider_ids=actor.provider_ids)
    by_contract: dict[int, list[MonthFacts]] = {pk: [] for pk in infos if infos[pk].ends_on >= first.first_day}
    for month in facts:
        by_contract[month.contract.id].append(month)
    returned_ids = [month.report_id for month in facts if month.state == ReportState.RETURNED and month.report_id]
    comments: dict[int, tuple[datetime.datetime, str]] = {}
    for report_id, at, comment in (
        ReportEvent.objects.filter(report_id__in=returned_ids, to_state=ReportState.RETURNED)
        .values_list("report_id", "at", "comment")
        .order_by("report_id", "at", "id")
    ):
        comments[report_id] = (at, comment)  # the latest return wins
    entry_comments: dict[int, list[EntryComment]] = defaultdict(list)
    for report_id, decision_number, comment in (
        ReportEntry.objects.filter(report_id__in=returned_ids)
        .exclude(return_comment="")
        .values_list("report_id", "service_order__decision_number", "return_comment")
        .order_by("report_id", "service_order__decision_number", "id")
    ):
        entry_comments[report_id].append(EntryComment(decision_number, comment))

    statuses = []
    for contract_pk, months in by_contract.items():
        # Due now: the earliest month whose deadline is today or later (last month's until its due day).
        upcoming = [month for month in months if month.deadline >= today and month.period <= current]
        statuses.append(
            ContractStatus(
                contract=infos[contract_pk],
                due=upcoming[0] if upcoming else None,
                late=[month for month in months if month.due_by(today) and not month.submitted],
                returned=[
                    ReturnedReport(
                        month=month,
                        returned_at=comments.get(month.report_id, (None, ""))[0],
                        comment=comments.get(month.report_id, (None, ""))[1],
                        entries=entry_comments.get(month.report_id, []),
                    )
                    for month in months
                    if month.state == ReportState.RETURNED and month.report_id is not None
                ],
                approved=[month for month in months if month.approved and month.payroll_batch_id is None],
                paid=[month for month in reversed(months) if month.approved and month.payroll_batch_id is not None],
            )
        )
    statuses.sort(key=lambda status: (status.contract.provider_name, status.contract.number))
    return statuses
