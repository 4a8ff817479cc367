"""The monthly report's lifecycle through the API (docs §8): every transition, for every role, from every state.

`draft → submitted → approved`, or `submitted → returned → submitted`; an approved report is reopened as a new
revision. The provider's own staff create, edit, validate and submit; the contract monitor and the administrator
return, approve and reopen. Anyone else who sees the report is refused with 403, anyone who does not gets 404
(ids reveal nothing), and nobody signed in gets 401. The right person at the wrong moment gets 409.
One module past 500 lines: the matrix of states × roles × transitions reads best in one place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from reporting.validation import RULES, Rule, Severity
from tests import factories
from tests.conftest import World
from tests.reporting import flow

STATES = ("draft", "submitted", "returned", "approved")
ROLES = (
    "reporter",
    "provider_admin",
    "other_reporter",
    "social_worker",
    "other_unit_worker",
    "lead",
    "monitor",
    "payroll",
    "administrator",
    "anonymous",
)
PROVIDER_STAFF = {"reporter", "provider_admin"}
REVIEWERS = {"monitor", "administrator"}
# Who cannot see world.provider's report at all: the other provider's staff, and a social worker of a unit
# that holds none of its orders.
OUTSIDERS = {"other_reporter", "other_unit_worker"}


@dataclass(frozen=True)
class Action:
    """One transition: who may do it, from which states, what it answers and what it leaves behind."""

    call: Callable[[Any, dict[str, Any], dict[str, Any], World], Any]
    allowed_roles: frozenset[str]
    from_states: frozenset[str]
    success: int
    wrong_state_code: str
    # The state of the report the call was made on, after it succeeded (None: the state is unchanged).
    leads_to: str | None = None
    # Who gets 404: those who cannot see the report (for creation: the contract, which every city role sees).
    hidden_from: frozenset[str] = frozenset(OUTSIDERS)


def _create(api: Any, report: dict[str, Any], entry: dict[str, Any], world: World) -> Any:
    return api.post(flow.REPORTS, {"contract": world.line.contract_id, "period": report["period"]}, format="json")


def _edit_entry(api: Any, report: dict[str, Any], entry: dict[str, Any], world: World) -> Any:
    body = {"version": entry["version"], "notes": "Muutettu"}
    return api.patch(flow.entry_url(report["id"], entry["id"]), body, format="json")


def _edit_report(api: Any, report: dict[str, Any], entry: dict[str, Any], world: World) -> Any:
    body = {"version": report["version"], "invoice_number": "INV-2"}
    return api.patch(flow.report_url(report["id"]), body, format="json")


def _post(action: str, body: dict[str, Any] | None = None, *, versioned: bool = False) -> Callable[..., Any]:
    """POST the action; `versioned` sends the version the caller read (return and approve require it)."""

    def call(api: Any, report: dict[str, Any], entry: dict[str, Any], world: World) -> Any:
        sent = {**(body or {}), **({"version": report["version"]} if versioned else {})}
        return api.post(flow.report_url(report["id"], action), sent, format="json")

    return call


EDITABLE = frozenset({"draft", "returned"})
ACTIONS: dict[str, Action] = {
    # Creating the month's report again answers with the one that exists, whatever its state.
    "create": Action(
        _create, frozenset(PROVIDER_STAFF), frozenset(STATES), 200, "", hidden_from=frozenset({"other_reporter"})
    ),
    "edit_entry": Action(_edit_entry, frozenset(PROVIDER_STAFF), EDITABLE, 200, "report_not_editable"),
    "edit_report": Action(_edit_report, frozenset(PROVIDER_STAFF), EDITABLE, 200, "report_not_editable"),
    "validate": Action(_post("validate"), frozenset(PROVIDER_STAFF), EDITABLE, 200, "wrong_state"),
    "submit": Action(_post("submit"), frozenset(PROVIDER_STAFF), EDITABLE, 200, "wrong_state", "submitted"),
    "return": Action(
        _post("return", {"comment": "Korjaa"}, versioned=True),
        frozenset(REVIEWERS),
        frozenset({"submitted"}),
        200,
        "wrong_state",
        "returned",
    ),
    "approve": Action(
        _post("approve", versioned=True), frozenset(REVIEWERS), frozenset({"submitted"}), 200, "wrong_state", "approved"
    ),
    "reopen": Action(
        _post("reopen", {"comment": "Tunnit väärin"}),
        frozenset(REVIEWERS),
        frozenset({"approved"}),
        201,
        "wrong_state",
    ),
}


def _user(world: World, role: str) -> Any:
    return None if role == "anonymous" else getattr(world, role)


def _expected(action: Action, role: str, state: str) -> tuple[int, str]:
    if role == "anonymous":
        return 401, "not_authenticated"
    if role in action.hidden_from:
        return 404, "not_found"
    if role not in action.allowed_roles:
        return 403, "permission_denied"
    if state not in action.from_states:
        return 409, action.wrong_state_code
    return action.success, ""


def _snapshot(world: World, report_id: int) -> tuple[Any, ...]:
    report = flow.detail(world, report_id)
    [entry] = flow.entries(world, report_id)
    return report["state"], report["version"], len(report["events"]), report["invoice_number"], entry["notes"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ACTIONS))
def test_every_transition_is_allowed_or_refused_for_every_role_in_every_state(world, name, role, state):
    action = ACTIONS[name]
    report = flow.report_in(world, state)
    [entry] = flow.entries(world, report["id"])
    before = _snapshot(world, report["id"])
    expected_status, expected_code = _expected(action, role, state)

    response = action.call(factories.api(_user(world, role)), report, entry, world)

    assert response.status_code == expected_status, (name, role, state, response.json())
    if expected_code:
        assert response.json()["code"] == expected_code
        assert response.json()["detail"]
        # A refused call changes nothing: no state change, no event, no edit.
        assert _snapshot(world, report["id"]) == before
        return
    after = flow.detail(world, report["id"])
    if action.leads_to:
        assert after["state"] == action.leads_to
        assert after["events"][-1]["from_state"] == state
        assert after["events"][-1]["to_state"] == action.leads_to
    elif name == "reopen":
        assert response.json()["state"] == "draft"
        assert response.json()["revision"] == 2
        assert (after["state"], after["is_current"]) == ("approved", False)
    else:
        assert after["state"] == state
    if name == "create":
        assert response.json()["id"] == report["id"]


# Creating -----------------------------------------------------------------------------------------------------


def test_a_report_is_created_as_a_draft_with_one_entry_per_active_order(world):
    api = factories.api(world.reporter)

    response = api.post(flow.REPORTS, {"contract": world.line.contract_id, "period": "2026-10"}, format="json")

    assert response.status_code == 201, response.json()
    report = response.json()
    assert (report["state"], report["revision"], report["is_current"]) == ("draft", 1, True)
    assert [entry["service_order"] for entry in flow.entries(world, report["id"])] == [world.order.pk]
    [event] = report["events"]
    assert (event["from_state"], event["to_state"]) == ("", "draft")


def test_creating_the_same_report_twice_returns_the_same_report(world):
    api = factories.api(world.provider_admin)
    body = {"contract": world.line.contract_id, "period": "2026-10"}

    first = api.post(flow.REPORTS, body, format="json")
    second = factories.api(world.reporter).post(flow.REPORTS, body, format="json")

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert len(second.json()["events"]) == 1
    assert factories.api(world.monitor).get(flow.REPORTS, {"period": "2026-10"}).json()["count"] == 1


def test_an_order_that_is_not_active_in_the_month_gets_no_entry(world):
    november, end = datetime.date(2026, 11, 1), datetime.date(2026, 12, 31)
    factories.make_order(world.line, worker=world.social_worker, starts_on=november, ends_on=end)

    report = flow.create(world, period="2026-10")

    assert [entry["service_order"] for entry in flow.entries(world, report["id"])] == [world.order.pk]


# Submitting ---------------------------------------------------------------------------------------------------

FINDING_KEYS = {"code", "severity", "message", "entry", "date", "field"}


def test_an_error_blocks_submission_and_says_where_it_is(world):
    report = flow.create(world)
    entry = flow.fill(
        world,
        report,
        days=[
            {"date": "2026-10-01", "status": "present", "hours": "4.5"},
            {"date": "2026-10-02", "status": "sick", "hours": "3"},
        ],
    )

    response = factories.api(world.reporter).post(flow.report_url(report["id"], "submit"))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "report_has_errors"
    assert body["detail"]
    assert body["findings"]
    for finding in body["findings"]:
        assert set(finding) >= FINDING_KEYS
        assert finding["severity"] == "error"
    [hours] = [finding for finding in body["findings"] if finding["code"] == "work_hours_only_present"]
    assert (hours["entry"], hours["date"], hours["field"]) == (entry["id"], "2026-10-02", "hours")
    assert hours["message"]
    assert flow.detail(world, report["id"])["state"] == "draft"


def test_a_day_in_the_future_blocks_submission(world):
    report = flow.create(world, period="2026-11")
    entry = flow.fill(
        world,
        report,
        days=[
            {"date": "2026-11-23", "status": "present", "hours": "4"},
            {"date": "2026-11-24", "status": "present", "hours": "4"},
        ],
    )

    response = factories.api(world.reporter).post(flow.report_url(report["id"], "submit"))

    assert response.status_code == 400
    assert response.json()["code"] == "report_has_errors"
    future = [finding for finding in response.json()["findings"] if finding["code"] == "future_day"]
    assert [(finding["entry"], finding["date"]) for finding in future] == [(entry["id"], "2026-11-24")]


def test_a_corrected_report_can_be_submitted(world):
    report = flow.create(world)
    flow.fill(world, report, days=[{"date": "2026-10-02", "status": "sick", "hours": "3"}])
    assert factories.api(world.reporter).post(flow.report_url(report["id"], "submit")).status_code == 400

    flow.fill(world, report, days=[{"date": "2026-10-02", "status": "sick", "hours": "0"}], work_share_paid="0")

    assert flow.submit(world, report["id"])["state"] == "submitted"


def _register(monkeypatch: pytest.MonkeyPatch, code: str, severity: Severity, *, on_entry: bool = True) -> None:
    """A rule for this test only: the mechanism (warnings need a reason, city warnings stay with the city) must
    work whatever rules exist; the real rules are tested with their own modules and below."""

    def check(ctx: Any) -> Any:
        for item in ctx.entries if on_entry else [None]:
            yield RULES[code].finding(entry_id=item.id if item else None, field="units_delivered" if item else "")

    monkeypatch.setitem(RULES, code, Rule(code=code, severity=severity, text=f"Test rule {code}", check=check))


def test_a_warning_on_an_entry_needs_a_written_reason_before_submission(world, monkeypatch):
    _register(monkeypatch, "test_entry_warning", Severity.WARNING)
    report = flow.create(world)
    entry = flow.fill(world, report)

    refused = factories.api(world.reporter).post(flow.report_url(report["id"], "submit"))

    assert refused.status_code == 400
    assert refused.json()["code"] == "warnings_need_reason"
    [finding] = refused.json()["findings"]
    assert (finding["code"], finding["severity"], finding["entry"]) == ("test_entry_warning", "warning", entry["id"])
    assert set(finding) >= FINDING_KEYS
    assert flow.detail(world, report["id"])["state"] == "draft"

    flow.fill(world, report, warning_reason="Asiakas osallistui lisäpäiville sosiaalityöntekijän luvalla")

    assert flow.submit(world, report["id"])["state"] == "submitted"


def test_a_warning_on_the_report_needs_the_reports_reason(world, monkeypatch):
    _register(monkeypatch, "test_report_warning", Severity.WARNING, on_entry=False)
    report = flow.create(world)
    flow.fill(world, report, warning_reason="Tämä ei koske raporttia")

    refused = factories.api(world.reporter).post(flow.report_url(report["id"], "submit"))

    assert (refused.status_code, refused.json()["code"]) == (400, "warnings_need_reason")
    current = flow.detail(world, report["id"])
    explained = factories.api(world.reporter).patch(
        flow.report_url(report["id"]), {"version": current["version"], "warning_reason": "Perusteltu"}, format="json"
    )
    assert explained.status_code == 200, explained.json()

    assert flow.submit(world, report["id"])["state"] == "submitted"


def test_units_above_the_ordered_volume_need_a_reason(world):
    report = flow.create(world)
    entry = flow.fill(world, report, units_delivered="21")  # the order's planned volume is 20

    refused = factories.api(world.reporter).post(flow.report_url(report["id"], "submit"))

    assert (refused.status_code, refused.json()["code"]) == (400, "warnings_need_reason"), refused.json()
    assert [(finding["code"], finding["entry"]) for finding in refused.json()["findings"]] == [
        ("units_exceed_volume", entry["id"])
    ]
    flow.fill(world, report, units_delivered="21", warning_reason="Lisäpäivät sovittu sosiaalityöntekijän kanssa")
    assert flow.submit(world, report["id"])["state"] == "submitted"


def test_a_city_only_warning_never_reaches_the_provider_but_the_city_sees_it(world, monkeypatch):
    _register(monkeypatch, "test_city_warning", Severity.CITY_WARNING)
    report = flow.create(world)
    flow.fill(world, report)
    provider = factories.api(world.reporter)

    validated = provider.post(flow.report_url(report["id"], "validate"))
    submitted = provider.post(flow.report_url(report["id"], "submit"))

    assert validated.status_code == 200
    assert "test_city_warning" not in validated.content.decode()
    # It does not block the provider, who cannot explain what it cannot see.
    assert submitted.status_code == 200, submitted.json()
    for user in (world.reporter, world.provider_admin):
        findings = factories.api(user).get(flow.report_url(report["id"], "findings"))
        assert findings.status_code == 200
        assert "test_city_warning" not in findings.content.decode()
        assert "city_warning" not in findings.content.decode()
    city = factories.api(world.monitor).get(flow.report_url(report["id"], "findings")).json()["findings"]
    assert [(finding["code"], finding["severity"]) for finding in city] == [("test_city_warning", "city_warning")]


def test_the_contract_lines_capacity_is_a_warning_for_the_city_alone(world):
    world.line.capacity = 1
    world.line.save(update_fields=["capacity"])
    factories.make_order(world.line, worker=world.social_worker)
    report = flow.create(world)
    flow.fill(world, report)
    provider = factories.api(world.reporter)

    validated = provider.post(flow.report_url(report["id"], "validate"))
    submitted = provider.post(flow.report_url(report["id"], "submit"))
    provider_findings = provider.get(flow.report_url(report["id"], "findings"))

    for response in (validated, submitted, provider_findings):
        assert "capacity_exceeded" not in response.content.decode()
    city = factories.api(world.monitor).get(flow.report_url(report["id"], "findings")).json()["findings"]
    assert ("capacity_exceeded", "city_warning") in {(finding["code"], finding["severity"]) for finding in city}


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> Any:
    """The frozen clock of tests/conftest.py, to move."""
    return request.getfixturevalue("_frozen_today")


def test_submitting_on_the_deadline_is_on_time(world, clock):
    # October's report is due on 10 November (Helsinki time): 23:30 that day is still on time.
    clock.move_to(datetime.datetime(2026, 11, 5, 9, 0, tzinfo=datetime.UTC))
    report = flow.create(world)
    flow.fill(world, report)
    assert report["deadline"] == "2026-11-10"
    clock.move_to(datetime.datetime(2026, 11, 10, 21, 30, tzinfo=datetime.UTC))

    submitted = flow.submit(world, report["id"])

    assert submitted["submitted_late"] is False
    assert submitted["submitted_at"].startswith("2026-11-10")


def test_submitting_after_the_deadline_is_recorded_as_late(world, clock):
    clock.move_to(datetime.datetime(2026, 11, 5, 9, 0, tzinfo=datetime.UTC))
    report = flow.create(world)
    flow.fill(world, report)
    # 22:30 UTC on 10 November is already 00:30 on the 11th in Helsinki.
    clock.move_to(datetime.datetime(2026, 11, 10, 22, 30, tzinfo=datetime.UTC))

    submitted = flow.submit(world, report["id"])

    assert submitted["submitted_late"] is True
    assert flow.detail(world, report["id"])["submitted_late"] is True


# Returning ----------------------------------------------------------------------------------------------------


def test_returning_needs_a_comment(world):
    report = flow.report_in(world, "submitted")

    for body in ({}, {"comment": "   "}, {"comment": "", "entry_comments": {}}):
        sent = {**body, "version": report["version"]}
        response = factories.api(world.monitor).post(flow.report_url(report["id"], "return"), sent, format="json")
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid"
        assert "comment" in response.json()["errors"]
    assert flow.detail(world, report["id"])["state"] == "submitted"


def test_returning_stores_comments_on_the_entries_to_fix_and_the_provider_sees_them(world):
    report = flow.report_in(world, "submitted")
    [entry] = flow.entries(world, report["id"])

    response = factories.api(world.monitor).post(
        flow.report_url(report["id"], "return"),
        {
            "comment": "Tarkista lokakuu",
            "entry_comments": {str(entry["id"]): "2.10. tunnit puuttuvat"},
            "version": report["version"],
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "returned"
    seen = factories.api(world.reporter).get(flow.entry_url(report["id"], entry["id"])).json()
    assert seen["return_comment"] == "2.10. tunnit puuttuvat"
    event = response.json()["events"][-1]
    assert (event["from_state"], event["to_state"], event["comment"]) == ("submitted", "returned", "Tarkista lokakuu")


def test_a_comment_on_an_entry_alone_is_enough_to_return(world):
    report = flow.report_in(world, "submitted")
    [entry] = flow.entries(world, report["id"])

    response = factories.api(world.administrator).post(
        flow.report_url(report["id"], "return"),
        {"entry_comments": {str(entry["id"]): "Korjaa"}, "version": report["version"]},
        format="json",
    )

    assert response.status_code == 200, response.json()


def test_a_comment_on_an_entry_of_another_report_is_refused(world):
    report = flow.report_in(world, "submitted")
    other = flow.create(world, period="2026-09")
    [other_entry] = flow.entries(world, other["id"])

    response = factories.api(world.monitor).post(
        flow.report_url(report["id"], "return"),
        {
            "comment": "Korjaa",
            "entry_comments": {str(other_entry["id"]): "Ei tämän raportin"},
            "version": report["version"],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "entry_comments" in response.json()["errors"]
    assert flow.detail(world, report["id"])["state"] == "submitted"


def test_a_returned_report_is_corrected_and_submitted_again(world):
    report = flow.report_in(world, "returned")

    flow.fill(world, report, notes="Korjattu")
    resubmitted = flow.submit(world, report["id"])

    assert resubmitted["state"] == "submitted"
    assert resubmitted["events"][-1]["from_state"] == "returned"


def test_every_state_change_records_who_when_from_to_and_the_comment(world):
    report = flow.report_in(world, "draft")
    flow.submit(world, report["id"])
    flow.return_(world, report["id"], "Korjaa tunnit")
    flow.submit(world, report["id"])
    approved = factories.api(world.administrator).post(
        flow.report_url(report["id"], "approve"),
        {"comment": "Kunnossa", "version": flow.detail(world, report["id"])["version"]},
        format="json",
    )
    assert approved.status_code == 200

    events = flow.detail(world, report["id"])["events"]

    assert [(event["from_state"], event["to_state"], event["comment"]) for event in events] == [
        ("", "draft", ""),
        ("draft", "submitted", ""),
        ("submitted", "returned", "Korjaa tunnit"),
        ("returned", "submitted", ""),
        ("submitted", "approved", "Kunnossa"),
    ]
    names = [event["actor"] for event in events]
    assert names == [world.reporter.get_full_name()] * 2 + [world.monitor.get_full_name()] + [
        world.reporter.get_full_name(),
        world.administrator.get_full_name(),
    ]
    for event in events:
        assert datetime.datetime.fromisoformat(event["at"]).date() == datetime.date(2026, 11, 23)


# Approved and reopened ----------------------------------------------------------------------------------------


def test_an_approved_report_is_read_only(world):
    report = flow.report_in(world, "approved")
    [entry] = flow.entries(world, report["id"])
    api = factories.api(world.reporter)

    entry_change = api.patch(
        flow.entry_url(report["id"], entry["id"]), {"version": entry["version"], "units_delivered": "9"}, format="json"
    )
    report_change = api.patch(
        flow.report_url(report["id"]), {"version": report["version"], "invoice_total": "1.00"}, format="json"
    )

    assert (entry_change.status_code, entry_change.json()["code"]) == (409, "report_not_editable")
    assert (report_change.status_code, report_change.json()["code"]) == (409, "report_not_editable")
    assert flow.entries(world, report["id"]) == [entry]
    assert flow.detail(world, report["id"])["invoice_total"] == report["invoice_total"]


def test_reopening_makes_a_new_draft_revision_with_the_same_content_and_keeps_the_approved_one(world):
    report = flow.report_in(world, "approved")
    [entry] = flow.entries(world, report["id"])

    response = factories.api(world.monitor).post(
        flow.report_url(report["id"], "reopen"), {"comment": "Tunnit väärin"}, format="json"
    )

    assert response.status_code == 201, response.json()
    revision = response.json()
    assert (revision["revision"], revision["state"], revision["is_current"]) == (2, "draft", True)
    assert revision["previous_revision"] == report["id"]
    assert (revision["period"], revision["contract"], revision["invoice_total"]) == (
        report["period"],
        report["contract"],
        report["invoice_total"],
    )
    assert revision["totals"] == report["totals"]
    [copy] = flow.entries(world, revision["id"])
    same = ("service_order", "units_delivered", "work_share_paid", "work_share_amount", "cost", "days", "goal_progress")
    assert {key: copy[key] for key in same} == {key: entry[key] for key in same}
    assert copy["id"] != entry["id"]
    old = flow.detail(world, report["id"])
    assert (old["state"], old["is_current"], old["revision"]) == ("approved", False, 1)
    assert flow.entries(world, report["id"]) == [entry]
    assert old["events"][-1]["comment"] == "Tunnit väärin"
    current = factories.api(world.reporter).get(flow.REPORTS, {"period": flow.PERIOD, "current": "true"}).json()
    assert [row["id"] for row in current["results"]] == [revision["id"]]


def test_the_provider_corrects_the_new_revision_and_the_old_one_stays_as_it_was(world):
    report = flow.report_in(world, "approved")
    revision = (
        factories.api(world.monitor)
        .post(flow.report_url(report["id"], "reopen"), {"comment": "Tunnit väärin"}, format="json")
        .json()
    )

    flow.fill(world, revision, units_delivered="3")

    assert flow.entries(world, revision["id"])[0]["units_delivered"] == "3.00"
    assert flow.entries(world, report["id"])[0]["units_delivered"] == "2.00"
    assert flow.create(world)["id"] == revision["id"]


def test_reopening_needs_a_comment(world):
    report = flow.report_in(world, "approved")

    response = factories.api(world.monitor).post(flow.report_url(report["id"], "reopen"), {}, format="json")

    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    assert flow.detail(world, report["id"])["is_current"] is True


def test_an_old_revision_cannot_be_reopened_again(world):
    report = flow.report_in(world, "approved")
    monitor = factories.api(world.monitor)
    assert monitor.post(flow.report_url(report["id"], "reopen"), {"comment": "1"}, format="json").status_code == 201

    again = monitor.post(flow.report_url(report["id"], "reopen"), {"comment": "2"}, format="json")

    assert again.status_code == 409
    assert again.json()["code"] == "not_current"


def test_a_client_housed_by_another_provider_too_is_a_warning_for_the_city_alone(world):
    first, last = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
    line = factories.make_contract(world.provider, products=("service-housing",)).lines.get()
    other_line = factories.make_contract(world.other_provider, products=("service-housing",)).lines.get()
    order = factories.make_order(line, worker=world.social_worker, starts_on=first, ends_on=last)
    factories.make_order(other_line, client=order.client, worker=world.social_worker, starts_on=first, ends_on=last)
    provider = factories.api(world.reporter)
    report = provider.post(flow.REPORTS, {"contract": line.contract_id, "period": "2026-10"}, format="json").json()

    validated = provider.post(flow.report_url(report["id"], "validate"))
    provider_findings = provider.get(flow.report_url(report["id"], "findings"))

    assert validated.status_code == 200
    for response in (validated, provider_findings):
        assert "housing_overlap_other_provider" not in response.content.decode()
        assert world.other_provider.name not in response.content.decode()
    city = factories.api(world.monitor).get(flow.report_url(report["id"], "findings")).json()["findings"]
    assert ("housing_overlap_other_provider", "city_warning") in {(row["code"], row["severity"]) for row in city}
