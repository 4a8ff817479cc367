"""Who sees what through the API (docs §2, §11, §13).

An outsider (staff of another provider) gets 404 for an object and does not find it in a list; a provider
sees a client only through an order with it, and an ended order only until its last report is due.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from contracts.models import ServiceOrder, ServiceOrderUserObjectPermission
from suppliers.models import ClientAccessLog
from suppliers.roles import Role
from tests import factories
from tests.conftest import World

User = get_user_model()
HELSINKI = ZoneInfo("Europe/Helsinki")
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
PROVIDER_ROLES = [Role.PROVIDER_REPORTER, Role.PROVIDER_ADMIN]
CITY_WIDE_ROLES = ["monitor", "payroll", "administrator"]
RESOURCES = ["providers", "contracts", "service-orders", "clients"]


def _schema_operations() -> list[tuple[str, str]]:
    """Every (path, method) the public schema documents: new endpoints join the anonymous test by themselves."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (path, method.upper()) for path, item in schema["paths"].items() for method in item if method in HTTP_METHODS
    )


def _ids(world: World) -> dict[str, int]:
    """Provider A's object of each resource: what provider B's staff must not reach."""
    return {
        "providers": world.provider.pk,
        "contracts": world.line.contract_id,
        "products": world.line.product_id,
        "service-orders": world.order.pk,
        "clients": world.order.client_id,
    }


def _other_ids(world: World) -> dict[str, int]:
    return {
        "providers": world.other_provider.pk,
        "contracts": world.other_line.contract_id,
        "service-orders": world.other_order.pk,
        "clients": world.other_order.client_id,
    }


def _url(path: str, ids: dict[str, int]) -> str:
    resource = path.removeprefix("/api/v1/").split("/")[0]
    return re.sub(r"\{[^}]+\}", str(ids.get(resource, 1)), path)


def _outsider(world: World, role: str) -> Any:
    """Staff of provider B in the given role; everything of provider A is another provider's data to them."""
    if role == Role.PROVIDER_REPORTER:
        return world.other_reporter
    return factories.make_user(role, provider=world.other_provider)


def _listed_ids(user: Any, url: str) -> list[int]:
    response = factories.api(user).get(url)
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def _status(user: Any, url: str) -> int:
    return factories.api(user).get(url).status_code


@contextmanager
def _on(moment: datetime.datetime) -> Iterator[None]:
    with time_machine.travel(moment, tick=False):
        yield


# Another provider's staff ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", PROVIDER_ROLES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_provider_user_gets_404_for_another_providers_object(world, role, resource):
    outsider = _outsider(world, role)
    response = factories.api(outsider).get(f"/api/v1/{resource}/{_ids(world)[resource]}/")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert set(body) == {"code", "detail"}


@pytest.mark.parametrize("role", PROVIDER_ROLES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_provider_user_sees_its_own_object(world, role, resource):
    # The other side of the 404 above: the same user reaches its own provider's object.
    outsider = _outsider(world, role)
    assert _status(outsider, f"/api/v1/{resource}/{_other_ids(world)[resource]}/") == 200


@pytest.mark.parametrize("role", PROVIDER_ROLES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_provider_user_does_not_see_another_providers_objects_in_lists(world, role, resource):
    listed = _listed_ids(_outsider(world, role), f"/api/v1/{resource}/")
    assert listed == [_other_ids(world)[resource]]


@pytest.mark.parametrize("role", PROVIDER_ROLES)
@pytest.mark.parametrize("resource", ["service-orders", "clients"])
def test_a_refused_look_at_another_providers_client_is_not_logged_as_a_read(world, role, resource):
    outsider = _outsider(world, role)
    assert _status(outsider, f"/api/v1/{resource}/{_ids(world)[resource]}/") == 404
    assert not ClientAccessLog.objects.filter(user=outsider, client_id=world.order.client_id).exists()


@pytest.mark.parametrize("role", PROVIDER_ROLES)
@pytest.mark.parametrize(
    "query",
    ["provider={provider}", "client={client}", "contract={contract}"],
)
def test_filtering_by_another_providers_ids_reveals_nothing(world, role, query):
    outsider = _outsider(world, role)
    ids = {"provider": world.provider.pk, "client": world.order.client_id, "contract": world.line.contract_id}
    assert _listed_ids(outsider, "/api/v1/service-orders/?" + query.format(**ids)) == []


@pytest.mark.parametrize("role", PROVIDER_ROLES)
def test_a_provider_does_not_see_a_client_without_an_order_with_it(world, role):
    stranger = factories.make_client()
    outsider = _outsider(world, role)
    assert _status(outsider, f"/api/v1/clients/{stranger.pk}/") == 404
    assert stranger.pk not in _listed_ids(outsider, "/api/v1/clients/")


def test_a_client_with_orders_at_two_providers_is_seen_by_each_provider_only_with_its_own_order(world):
    client = factories.make_client()
    order_a = factories.make_order(world.line, client=client)
    order_b = factories.make_order(world.other_line, client=client)
    for user, own, foreign in [(world.reporter, order_a, order_b), (world.other_reporter, order_b, order_a)]:
        assert _status(user, f"/api/v1/clients/{client.pk}/") == 200
        assert client.pk in _listed_ids(user, "/api/v1/clients/")
        assert _listed_ids(user, f"/api/v1/service-orders/?client={client.pk}") == [own.pk]
        assert _status(user, f"/api/v1/service-orders/{foreign.pk}/") == 404


def test_a_client_seen_by_a_provider_carries_no_trace_of_other_orders(world):
    client = factories.make_client()
    factories.make_order(world.line, client=client)
    factories.make_order(world.other_line, client=client)
    body = factories.api(world.reporter).get(f"/api/v1/clients/{client.pk}/").json()
    assert set(body) == {"id", "first_name", "last_name", "identity_code_masked", "language"}
    assert client.identity_code not in str(body)


# Ended orders ---------------------------------------------------------------------------------------------

# (order ends on, the provider looks at local time, still visible). REPORT_DUE_DAY is 10: the report for an
# order's last month is due on the 10th of the next month, and the order stays visible through that day.
ENDED_ORDER_CASES = [
    (datetime.date(2026, 10, 31), datetime.datetime(2026, 11, 1, 9, 0, tzinfo=HELSINKI), True),
    (datetime.date(2026, 10, 31), datetime.datetime(2026, 11, 10, 12, 0, tzinfo=HELSINKI), True),
    (datetime.date(2026, 10, 31), datetime.datetime(2026, 11, 10, 23, 59, tzinfo=HELSINKI), True),
    (datetime.date(2026, 10, 31), datetime.datetime(2026, 11, 11, 0, 1, tzinfo=HELSINKI), False),
    (datetime.date(2026, 10, 31), datetime.datetime(2026, 11, 23, 12, 0, tzinfo=HELSINKI), False),
    (datetime.date(2026, 10, 15), datetime.datetime(2026, 11, 10, 12, 0, tzinfo=HELSINKI), True),
    (datetime.date(2026, 9, 30), datetime.datetime(2026, 11, 5, 12, 0, tzinfo=HELSINKI), False),
    (datetime.date(2026, 11, 15), datetime.datetime(2026, 11, 23, 12, 0, tzinfo=HELSINKI), True),
    (datetime.date(2026, 12, 31), datetime.datetime(2027, 1, 10, 12, 0, tzinfo=HELSINKI), True),
    (datetime.date(2026, 12, 31), datetime.datetime(2027, 1, 11, 12, 0, tzinfo=HELSINKI), False),
]


@pytest.mark.parametrize(("ends_on", "moment", "visible"), ENDED_ORDER_CASES)
def test_a_provider_sees_an_ended_order_until_the_report_for_its_last_month_is_due(world, ends_on, moment, visible):
    order = factories.make_order(world.line, starts_on=datetime.date(2026, 3, 1), ends_on=ends_on)
    with _on(moment):
        assert _status(world.reporter, f"/api/v1/service-orders/{order.pk}/") == (200 if visible else 404)
        assert (order.pk in _listed_ids(world.reporter, "/api/v1/service-orders/")) is visible


@pytest.mark.parametrize(("ends_on", "moment", "visible"), ENDED_ORDER_CASES)
def test_a_provider_sees_a_client_whose_only_order_ended_only_as_long_as_the_order(world, ends_on, moment, visible):
    order = factories.make_order(world.line, starts_on=datetime.date(2026, 3, 1), ends_on=ends_on)
    with _on(moment):
        assert _status(world.reporter, f"/api/v1/clients/{order.client_id}/") == (200 if visible else 404)
        assert (order.client_id in _listed_ids(world.reporter, "/api/v1/clients/")) is visible


def test_a_provider_still_sees_a_client_with_a_current_order_but_not_the_long_ended_one(world):
    client = factories.make_client()
    old = factories.make_order(
        world.line, client=client, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 6, 30)
    )
    current = factories.make_order(
        world.line, client=client, starts_on=datetime.date(2026, 7, 1), ends_on=datetime.date(2026, 12, 31)
    )
    assert _status(world.reporter, f"/api/v1/clients/{client.pk}/") == 200
    assert _listed_ids(world.reporter, f"/api/v1/service-orders/?client={client.pk}") == [current.pk]
    assert _status(world.reporter, f"/api/v1/service-orders/{old.pk}/") == 404


def test_the_city_still_sees_an_order_the_provider_no_longer_sees(world):
    order = factories.make_order(
        world.line,
        worker=world.social_worker,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
    )
    assert _status(world.reporter, f"/api/v1/service-orders/{order.pk}/") == 404
    for user in (world.social_worker, world.lead, world.monitor):
        assert _status(user, f"/api/v1/service-orders/{order.pk}/") == 200


# The city's people ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["service-orders", "clients"])
def test_a_social_worker_of_another_unit_gets_404_on_an_order_and_its_client(world, resource):
    url = f"/api/v1/{resource}/{_ids(world)[resource]}/"
    assert _status(world.other_unit_worker, url) == 404
    assert _ids(world)[resource] not in _listed_ids(world.other_unit_worker, f"/api/v1/{resource}/")


def test_a_social_worker_sees_orders_they_are_responsible_for_in_another_unit(world):
    order = factories.make_order(
        world.line, ordering_unit=factories.unit("youth-social-work"), worker=world.social_worker
    )
    assert _status(world.social_worker, f"/api/v1/service-orders/{order.pk}/") == 200
    assert _status(world.social_worker, f"/api/v1/clients/{order.client_id}/") == 200


def test_a_social_worker_of_another_unit_sees_only_the_orders_of_their_own_unit(world):
    youth_order = factories.make_order(world.line, ordering_unit=factories.unit("youth-social-work"))
    assert _listed_ids(world.other_unit_worker, "/api/v1/service-orders/") == [youth_order.pk]
    assert _listed_ids(world.other_unit_worker, "/api/v1/clients/") == [youth_order.client_id]


def test_the_lead_social_worker_sees_the_units_orders_and_no_other_units(world):
    youth_order = factories.make_order(world.line, ordering_unit=factories.unit("youth-social-work"))
    listed = _listed_ids(world.lead, "/api/v1/service-orders/")
    assert sorted(listed) == sorted([world.order.pk, world.other_order.pk])
    assert _status(world.lead, f"/api/v1/service-orders/{world.order.pk}/") == 200
    assert _status(world.lead, f"/api/v1/clients/{world.order.client_id}/") == 200
    assert _status(world.lead, f"/api/v1/service-orders/{youth_order.pk}/") == 404
    assert _status(world.lead, f"/api/v1/clients/{youth_order.client_id}/") == 404


@pytest.mark.parametrize("who", CITY_WIDE_ROLES)
def test_monitors_payroll_and_administrators_see_every_order_and_client(world, who):
    youth_order = factories.make_order(world.line, ordering_unit=factories.unit("youth-social-work"))
    ended = factories.make_order(world.line, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 6, 30))
    user = getattr(world, who)
    orders = [world.order, world.other_order, youth_order, ended]
    assert sorted(_listed_ids(user, "/api/v1/service-orders/")) == sorted(order.pk for order in orders)
    assert sorted(_listed_ids(user, "/api/v1/clients/")) == sorted(order.client_id for order in orders)
    for order in orders:
        assert _status(user, f"/api/v1/service-orders/{order.pk}/") == 200
        assert _status(user, f"/api/v1/clients/{order.client_id}/") == 200


@pytest.mark.parametrize("who", [*CITY_WIDE_ROLES, "social_worker", "lead"])
@pytest.mark.parametrize("resource", ["providers", "contracts"])
def test_the_city_sees_every_provider_and_contract(world, who, resource):
    user = getattr(world, who)
    assert sorted(_listed_ids(user, f"/api/v1/{resource}/")) == sorted(
        [_ids(world)[resource], _other_ids(world)[resource]]
    )
    assert _status(user, f"/api/v1/{resource}/{_ids(world)[resource]}/") == 200


# Object permissions granted one by one --------------------------------------------------------------------


def test_assign_perm_writes_the_direct_foreign_key_table(world):
    assign_perm("contracts.view_serviceorder", world.other_unit_worker, world.order)
    assert ServiceOrderUserObjectPermission.objects.filter(
        user=world.other_unit_worker, content_object=world.order, permission__codename="view_serviceorder"
    ).exists()
    assert not UserObjectPermission.objects.exists()


def test_a_direct_grant_lets_an_outside_social_worker_see_exactly_that_order(world):
    unseen = factories.make_order(world.line, ordering_unit=factories.unit("adult-family-social-work"))
    assign_perm("contracts.view_serviceorder", world.other_unit_worker, world.order)
    worker = world.other_unit_worker
    assert _listed_ids(worker, "/api/v1/service-orders/") == [world.order.pk]
    assert _listed_ids(worker, "/api/v1/clients/") == [world.order.client_id]
    assert _status(worker, f"/api/v1/service-orders/{world.order.pk}/") == 200
    assert _status(worker, f"/api/v1/clients/{world.order.client_id}/") == 200
    for order in (world.other_order, unseen):
        assert _status(worker, f"/api/v1/service-orders/{order.pk}/") == 404
        assert _status(worker, f"/api/v1/clients/{order.client_id}/") == 404


def test_a_grant_of_another_permission_does_not_let_anyone_see_the_order(world):
    assign_perm("contracts.change_serviceorder", world.other_unit_worker, world.order)
    assert _status(world.other_unit_worker, f"/api/v1/service-orders/{world.order.pk}/") == 404


def test_a_grant_to_one_user_shows_nothing_to_their_colleagues(world):
    colleague = factories.make_user(Role.SOCIAL_WORKER, units=(factories.unit("youth-social-work"),))
    assign_perm("contracts.view_serviceorder", world.other_unit_worker, world.order)
    assert _status(colleague, f"/api/v1/service-orders/{world.order.pk}/") == 404


# Anonymous ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "method"), _schema_operations())
def test_an_anonymous_caller_gets_401_or_403_on_every_endpoint(world, path, method):
    response = factories.api().generic(method, _url(path, _ids(world)), data="{}", content_type="application/json")
    assert response.status_code in (401, 403)
    body = response.json()
    assert body["code"] in ("not_authenticated", "authentication_failed", "permission_denied")
    assert body["detail"]


@pytest.mark.parametrize(("path", "method"), _schema_operations())
def test_a_wrong_api_token_gets_401_on_every_endpoint(world, path, method):
    client = factories.api()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.generic(method, _url(path, _ids(world)), data="{}", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_valid_api_token_reaches_the_callers_own_data_only(world):
    key = factories.api_token(world.other_reporter)
    client = factories.api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"/api/v1/service-orders/{world.order.pk}/").status_code == 404
    assert [row["id"] for row in client.get("/api/v1/service-orders/").json()["results"]] == [world.other_order.pk]


# Filters --------------------------------------------------------------------------------------------------


@pytest.fixture
def dated_orders(world: World) -> dict[str, ServiceOrder]:
    """Besides world's two orders (all of 2026): one that ended in 2025 and one that starts in 2027."""
    return {
        "past": factories.make_order(
            world.line, starts_on=datetime.date(2025, 6, 1), ends_on=datetime.date(2025, 12, 31)
        ),
        "future": factories.make_order(
            world.other_line, starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 3, 31)
        ),
    }


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025-05", []),
        ("2025-06", ["past"]),
        ("2025-12", ["past"]),
        ("2026-01", ["order", "other_order"]),
        ("2026-11", ["order", "other_order"]),
        ("2026-12", ["order", "other_order"]),
        ("2027-01", ["future"]),
        ("2027-03", ["future"]),
        ("2027-04", []),
    ],
)
def test_the_period_filter_lists_orders_active_on_some_day_of_the_month(world, dated_orders, period, expected):
    orders = {**dated_orders, "order": world.order, "other_order": world.other_order}
    listed = _listed_ids(world.monitor, f"/api/v1/service-orders/?period={period}")
    assert sorted(listed) == sorted(orders[name].pk for name in expected)


def test_the_provider_filter_lists_only_that_providers_orders(world, dated_orders):
    listed = _listed_ids(world.monitor, f"/api/v1/service-orders/?provider={world.other_provider.pk}")
    assert sorted(listed) == sorted([world.other_order.pk, dated_orders["future"].pk])


def test_the_period_and_provider_filters_combine(world, dated_orders):
    url = f"/api/v1/service-orders/?provider={world.other_provider.pk}&period=2027-02"
    assert _listed_ids(world.monitor, url) == [dated_orders["future"].pk]


def test_the_filters_apply_within_what_a_provider_may_see(world, dated_orders):
    # The past order is long ended: the period filter does not bring it back for the provider.
    assert _listed_ids(world.reporter, "/api/v1/service-orders/?period=2025-12") == []
    assert _listed_ids(world.reporter, "/api/v1/service-orders/?period=2026-11") == [world.order.pk]


@pytest.mark.parametrize("period", ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "marraskuu", "2026-11-01"])
def test_a_malformed_period_is_a_400_naming_the_field(world, period):
    response = factories.api(world.monitor).get("/api/v1/service-orders/", {"period": period})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"].startswith("period: ")
    assert list(body["errors"]) == ["period"]


def test_a_malformed_provider_is_a_400_naming_the_field(world):
    response = factories.api(world.monitor).get("/api/v1/service-orders/", {"provider": "tuottaja-a"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"].startswith("provider: ")


# Query counts ---------------------------------------------------------------------------------------------


def _more_orders(world: World, count: int) -> None:
    for _ in range(count):
        factories.make_order(world.line, ordering_unit=factories.unit(), worker=world.social_worker)


def _more_contracts(world: World, count: int) -> None:
    for _ in range(count):
        factories.make_contract(world.provider, products=("work-activity-adults", "day-activity-adults"))


def _queries_for(user_pk: int, url: str) -> tuple[int, int]:
    """(queries, rows) of one request by a freshly loaded user, so no cache carries over between requests."""
    user = User.objects.get(pk=user_pk)
    with CaptureQueriesContext(connection) as queries:
        response = factories.api(user).get(url)
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("who", ["monitor", "reporter", "social_worker", "lead"])
@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("/api/v1/service-orders/", _more_orders),
        ("/api/v1/clients/", _more_orders),
        ("/api/v1/contracts/", _more_contracts),
    ],
    ids=["service-orders", "clients", "contracts"],
)
def test_a_list_costs_the_same_number_of_queries_for_2_or_30_rows(world, who, url, add):
    user_pk = getattr(world, who).pk
    _queries, rows = _queries_for(user_pk, url)
    add(world, 2 - rows)
    few_queries, few_rows = _queries_for(user_pk, url)
    add(world, 28)
    many_queries, many_rows = _queries_for(user_pk, url)
    assert (few_rows, many_rows) == (2, 30)
    assert many_queries == few_queries
