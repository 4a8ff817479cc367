import datetime

from contracts.models import ServiceOrder
from suppliers.models import ClientAccessLog
from tests import factories


def test_a_provider_sees_its_own_active_orders(world):
    response = factories.api(world.reporter).get("/api/v1/service-orders/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.order.pk]


def test_a_provider_gets_404_for_another_providers_order(world):
    response = factories.api(world.reporter).get(f"/api/v1/service-orders/{world.other_order.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_social_worker_creates_an_order_for_a_new_client(world):
    code = factories.identity_code()
    response = factories.api(world.social_worker).post(
        "/api/v1/service-orders/",
        {
            "client_identity_code": code,
            "client_first_name": "Eino",
            "client_last_name": "Esimerkki",
            "ordering_unit": "adult-family-social-work",
            "contract_line": world.line.pk,
            "starts_on": "2026-12-01",
            "ends_on": "2027-05-31",
            "planned_volume": "18.00",
            "decision_number": "SOS-2026-1",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert code not in response.content.decode()
    assert body["client"]["identity_code_masked"] == code[:7] + "****"
    order = ServiceOrder.objects.get(pk=body["id"])
    assert order.provider == world.provider
    assert order.ends_on == datetime.date(2027, 5, 31)
    assert ClientAccessLog.objects.filter(user=world.social_worker, client=order.client, action="create").exists()
