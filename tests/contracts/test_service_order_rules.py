"""The rules a service order obeys when it is created or changed through the API (docs §4, §11, §13).

Dates in order and within the contract, no overlapping orders for the same client and contract line (the
database refuses them too), only the ordering unit's social workers order, and a stale version gets 409.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from contracts.models import ServiceOrder
from suppliers.models import Client
from tests import factories
from tests.conftest import World

URL = "/api/v1/service-orders/"
# The contract of `world.line` runs 2019-01-01–2027-12-31; `world.order` covers all of 2026.
CONTRACT_STARTS = datetime.date(2019, 1, 1)
CONTRACT_ENDS = datetime.date(2027, 12, 31)


def _body(world: World, **changes: Any) -> dict[str, Any]:
    body = {
        "client_identity_code": factories.identity_code(),
        "client_first_name": "Eino",
        "client_last_name": "Esimerkki",
        "ordering_unit": "adult-family-social-work",
        "contract_line": world.line.pk,
        "starts_on": "2027-01-01",
        "ends_on": "2027-06-30",
        "planned_volume": "18.00",
        "decision_number": "SOS-2026-1",
    }
    body.update(changes)
    return body


def _client(user: Any, language: str | None) -> Any:
    client = factories.api(user)
    if language:
        client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    return client


def _post(user: Any, body: dict[str, Any], language: str | None = None) -> Any:
    return _client(user, language).post(URL, body, format="json")


def _patch(user: Any, order: ServiceOrder, body: dict[str, Any], language: str | None = None) -> Any:
    return _client(user, language).patch(f"{URL}{order.pk}/", body, format="json")


def _counts() -> tuple[int, int]:
    return ServiceOrder.objects.count(), Client.objects.count()


def _snapshot(order: ServiceOrder) -> tuple[Any, ...]:
    order = ServiceOrder.objects.get(pk=order.pk)
    return (
        order.starts_on,
        order.ends_on,
        order.planned_volume,
        order.decision_number,
        order.responsible_worker_id,
        order.version,
        order.updated_at,
    )


def _the_client_of(order: ServiceOrder) -> dict[str, str]:
    """The order's client as a social worker ordering for them again writes them: code and registered name."""
    client = order.client
    return {
        "client_identity_code": client.identity_code,
        "client_first_name": client.first_name,
        "client_last_name": client.last_name,
    }


# Dates ----------------------------------------------------------------------------------------------------


def test_an_order_that_ends_before_it_starts_is_refused_naming_the_field(world):
    before = _counts()
    response = _post(world.social_worker, _body(world, starts_on="2027-03-01", ends_on="2027-02-28"), "en")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["ends_on"]
    assert body["detail"] == "ends_on: The order cannot end before it starts."
    assert _counts() == before


def test_an_order_of_one_day_is_accepted(world):
    response = _post(world.social_worker, _body(world, starts_on="2027-03-01", ends_on="2027-03-01"))
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    "changes",
    [{"ends_on": "2025-12-31"}, {"starts_on": "2027-01-01"}],
    ids=["ends-before-the-current-start", "starts-after-the-current-end"],
)
def test_a_change_that_makes_the_order_end_before_it_starts_is_refused(world, changes):
    before = _snapshot(world.order)
    response = _patch(world.social_worker, world.order, {"version": world.order.version, **changes}, "en")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "ends_on" in response.json()["errors"]
    assert _snapshot(world.order) == before


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (CONTRACT_STARTS - datetime.timedelta(days=1), datetime.date(2019, 6, 30)),
        (datetime.date(2027, 7, 1), CONTRACT_ENDS + datetime.timedelta(days=1)),
        (datetime.date(2018, 1, 1), datetime.date(2028, 12, 31)),
        (datetime.date(2028, 1, 1), datetime.date(2028, 6, 30)),
    ],
    ids=["starts-before-the-contract", "ends-after-the-contract", "spans-the-contract", "after-the-contract"],
)
def test_an_order_outside_the_contracts_validity_is_refused(world, starts_on, ends_on):
    before = _counts()
    body = _body(world, starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    response = _post(world.social_worker, body, "en")
    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == "invalid"
    assert set(payload["errors"]) & {"starts_on", "ends_on"}
    assert "2019-01-01" in payload["detail"]
    assert "2027-12-31" in payload["detail"]
    assert _counts() == before


def test_an_order_on_the_first_and_last_day_of_the_contract_is_accepted(world):
    body = _body(world, starts_on=CONTRACT_STARTS.isoformat(), ends_on=CONTRACT_ENDS.isoformat())
    assert _post(world.social_worker, body).status_code == 201


def test_moving_an_order_beyond_the_contract_is_refused(world):
    before = _snapshot(world.order)
    response = _patch(world.social_worker, world.order, {"version": world.order.version, "ends_on": "2028-01-31"})
    assert response.status_code == 400
    assert _snapshot(world.order) == before


# Overlaps -------------------------------------------------------------------------------------------------

# Dates of a second order for world.order's client and contract line, which already has all of 2026.
OVERLAPPING = {
    "the-same-dates": (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    "starts-inside": (datetime.date(2026, 6, 1), datetime.date(2027, 5, 31)),
    "ends-inside": (datetime.date(2025, 6, 1), datetime.date(2026, 2, 28)),
    "contains-it": (datetime.date(2025, 6, 1), datetime.date(2027, 5, 31)),
    "inside-it": (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
    "shares-the-first-day": (datetime.date(2025, 12, 1), datetime.date(2026, 1, 1)),
    "shares-the-last-day": (datetime.date(2026, 12, 31), datetime.date(2027, 1, 31)),
}


@pytest.mark.parametrize(("starts_on", "ends_on"), list(OVERLAPPING.values()), ids=list(OVERLAPPING))
def test_an_overlapping_order_for_the_same_client_and_line_is_refused_with_a_clear_message(world, starts_on, ends_on):
    before = _counts()
    body = _body(
        world,
        **_the_client_of(world.order),
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    response = _post(world.social_worker, body, "en")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "starts_on: The client already has an order for this contract line that overlaps these dates.",
        "errors": {"starts_on": ["The client already has an order for this contract line that overlaps these dates."]},
    }
    assert _counts() == before


@pytest.mark.parametrize(("starts_on", "ends_on"), list(OVERLAPPING.values()), ids=list(OVERLAPPING))
def test_the_database_refuses_an_overlapping_order_inserted_directly(world, starts_on, ends_on):
    existing = world.order
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceOrder.objects.create(
            client=existing.client,
            ordering_unit=existing.ordering_unit,
            contract_line=existing.contract_line,
            provider_id=existing.provider_id,
            starts_on=starts_on,
            ends_on=ends_on,
            planned_volume=Decimal("5"),
            decision_number="DIRECT-1",
            responsible_worker=world.social_worker,
            created_by=world.social_worker,
        )
    assert ServiceOrder.objects.filter(client=existing.client).count() == 1


def test_the_database_refuses_an_update_that_makes_two_orders_overlap(world):
    later = factories.make_order(
        world.line, client=world.order.client, starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 6, 30)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceOrder.objects.filter(pk=later.pk).update(starts_on=datetime.date(2026, 12, 1))
    later.refresh_from_db()
    assert later.starts_on == datetime.date(2027, 1, 1)


def test_moving_an_order_onto_another_is_refused_with_a_clear_message(world):
    later = factories.make_order(
        world.line, client=world.order.client, starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 6, 30)
    )
    before = _snapshot(later)
    response = _patch(world.social_worker, later, {"version": later.version, "starts_on": "2026-12-01"}, "en")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "starts_on": ["The client already has an order for this contract line that overlaps these dates."]
    }
    assert _snapshot(later) == before


@pytest.mark.parametrize(
    "changes",
    [
        {"starts_on": "2027-01-01", "ends_on": "2027-06-30"},
        {"starts_on": "2025-01-01", "ends_on": "2025-12-31"},
    ],
    ids=["the-day-after", "up-to-the-day-before"],
)
def test_an_adjacent_order_for_the_same_client_and_line_is_accepted(world, changes):
    body = _body(world, **_the_client_of(world.order), **changes)
    response = _post(world.social_worker, body)
    assert response.status_code == 201, response.json()
    assert ServiceOrder.objects.filter(client=world.order.client).count() == 2


def test_the_same_dates_on_another_contract_line_are_accepted(world):
    body = _body(
        world,
        **_the_client_of(world.order),
        contract_line=world.other_line.pk,
        starts_on="2026-01-01",
        ends_on="2026-12-31",
    )
    response = _post(world.social_worker, body)
    assert response.status_code == 201, response.json()
    assert response.json()["provider"] == world.other_provider.pk


def test_the_same_dates_for_another_client_are_accepted(world):
    response = _post(world.social_worker, _body(world, starts_on="2026-01-01", ends_on="2026-12-31"))
    assert response.status_code == 201, response.json()


# Who may order --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reporter", "provider_admin", "other_reporter"])
def test_a_provider_user_cannot_create_an_order(world, who):
    before = _counts()
    response = _post(getattr(world, who), _body(world))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _counts() == before


@pytest.mark.parametrize("who", ["monitor", "payroll"])
def test_a_city_role_without_the_right_to_order_cannot_create_an_order(world, who):
    before = _counts()
    response = _post(getattr(world, who), _body(world))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _counts() == before


@pytest.mark.parametrize(
    ("who", "unit"),
    [
        ("social_worker", "youth-social-work"),
        ("other_unit_worker", "adult-family-social-work"),
        ("lead", "youth-social-work"),
    ],
)
def test_a_social_worker_cannot_order_for_a_unit_they_are_not_a_member_of(world, who, unit):
    before = _counts()
    response = _post(getattr(world, who), _body(world, ordering_unit=unit), "en")
    assert response.status_code == 403
    assert response.json() == {"code": "permission_denied", "detail": "You may order only for your own ordering unit."}
    assert _counts() == before


@pytest.mark.parametrize("who", ["social_worker", "lead", "administrator"])
def test_the_units_workers_and_the_administrator_can_order(world, who):
    assert _post(getattr(world, who), _body(world)).status_code == 201


@pytest.mark.parametrize("who", ["reporter", "provider_admin"])
def test_a_provider_user_cannot_change_an_order_it_sees(world, who):
    before = _snapshot(world.order)
    response = _patch(getattr(world, who), world.order, {"version": world.order.version, "planned_volume": "1.00"})
    assert response.status_code == 403
    assert _snapshot(world.order) == before


@pytest.mark.parametrize("who", ["other_reporter", "other_unit_worker"])
def test_an_outsider_gets_404_when_changing_an_order(world, who):
    before = _snapshot(world.order)
    response = _patch(getattr(world, who), world.order, {"version": world.order.version, "planned_volume": "1.00"})
    assert response.status_code == 404
    assert _snapshot(world.order) == before


# Versions -------------------------------------------------------------------------------------------------


def test_a_change_with_the_current_version_is_saved_and_bumps_the_version(world):
    order = world.order
    assert order.version == 1
    response = _patch(
        world.social_worker, order, {"version": 1, "planned_volume": "12.50", "decision_number": "SOS-2026-9"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert response.json()["planned_volume"] == "12.50"
    order.refresh_from_db()
    assert (order.version, order.planned_volume, order.decision_number) == (2, Decimal("12.50"), "SOS-2026-9")

    response = _patch(world.lead, order, {"version": 2, "ends_on": "2026-11-30"})
    assert response.status_code == 200, response.json()
    order.refresh_from_db()
    assert (order.version, order.ends_on) == (3, datetime.date(2026, 11, 30))


@pytest.mark.parametrize("stale", [1, 3], ids=["older", "newer"])
def test_a_change_with_a_stale_version_gets_409_and_changes_nothing(world, stale):
    _patch(world.social_worker, world.order, {"version": 1, "planned_volume": "12.00"})
    world.order.refresh_from_db()
    assert world.order.version == 2
    before = _snapshot(world.order)
    response = _patch(world.social_worker, world.order, {"version": stale, "planned_volume": "3.00"}, "en")
    assert response.status_code == 409
    assert response.json() == {
        "code": "stale_version",
        "detail": "Someone else changed this order after you opened it. Reload it and make your change again.",
    }
    assert _snapshot(world.order) == before


def test_a_change_without_a_version_is_refused(world):
    before = _snapshot(world.order)
    response = _patch(world.social_worker, world.order, {"planned_volume": "3.00"})
    assert response.status_code == 400
    assert "version" in response.json()["errors"]
    assert _snapshot(world.order) == before


# Identity codes -------------------------------------------------------------------------------------------

INVALID_CODES = {
    "wrong-check-character": ("010190-900A", "The personal identity code's check character is wrong."),
    "no-such-date": ("310290-900V", "The personal identity code's date of birth is not a real date."),
    "not-a-code": (
        "abc",
        "That is not a personal identity code: expected DDMMYYCZZZQ "
        "(date of birth, century sign, individual number, check character).",
    ),
}


@pytest.mark.parametrize(("code", "message"), list(INVALID_CODES.values()), ids=list(INVALID_CODES))
def test_an_invalid_identity_code_is_refused_in_english_for_an_english_user(world, code, message):
    before = _counts()
    response = _post(world.social_worker, _body(world, client_identity_code=code), "en")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": f"client_identity_code: {message}",
        "errors": {"client_identity_code": [message]},
    }
    assert _counts() == before


@pytest.mark.parametrize("language", [None, "fi", "sv"])
@pytest.mark.parametrize(("code", "message"), list(INVALID_CODES.values()), ids=list(INVALID_CODES))
def test_an_invalid_identity_code_is_refused_in_the_users_language(world, code, message, language):
    # Finnish when the browser says nothing (docs §12); the message is whatever the catalogue translates to.
    with translation.override(language or "fi"):
        expected = translation.gettext(message)
    before = _counts()
    response = _post(world.social_worker, _body(world, client_identity_code=code), language)
    assert response.status_code == 400
    assert response.json()["errors"] == {"client_identity_code": [expected]}
    assert _counts() == before


def test_a_valid_identity_code_is_stored_normalised_and_never_echoed(world):
    code = factories.identity_code()
    response = _post(world.social_worker, _body(world, client_identity_code=f" {code.lower()} "))
    assert response.status_code == 201, response.json()
    assert code not in response.content.decode()
    assert Client.objects.filter(identity_code=code).exists()


# Concurrency (PostgreSQL) ---------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_changes_with_the_same_version_save_exactly_one(world):
    order = world.order
    users = [world.social_worker, world.lead]
    barrier = threading.Barrier(len(users))
    statuses: list[int] = []
    failures: list[BaseException] = []

    def change(user: Any, volume: str) -> None:
        try:
            client = factories.api(user)
            barrier.wait(timeout=10)
            response = client.patch(f"{URL}{order.pk}/", {"version": 1, "planned_volume": volume}, format="json")
            statuses.append(response.status_code)
        except BaseException as exc:  # reported by the main thread, which owns the assertion
            failures.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=change, args=(user, volume))
        for user, volume in zip(users, ["11.00", "22.00"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not failures
    assert sorted(statuses) == [200, 409]
    order.refresh_from_db()
    assert order.version == 2
    assert order.planned_volume in (Decimal("11.00"), Decimal("22.00"))
