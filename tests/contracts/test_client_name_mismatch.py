"""An order for an identity code the portal knows, written with another name, is refused without telling the
stored name: otherwise the order form is a lookup from identity code to name (issue #15)."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from contracts.models import ServiceOrder
from tests import factories

URL = "/api/v1/service-orders/"


def _body(world, **changes):
    body = {
        "client_identity_code": world.order.client.identity_code,
        "client_first_name": "Eino",
        "client_last_name": "Vieras",
        "ordering_unit": "adult-family-social-work",
        "contract_line": world.other_line.pk,
        "starts_on": "2027-01-01",
        "ends_on": "2027-06-30",
        "planned_volume": "18.00",
        "decision_number": "SOS-2026-1",
    }
    body.update(changes)
    return body


@pytest.mark.parametrize("language", ["en", "fi"])
def test_an_order_with_a_known_identity_code_and_another_name_is_refused_without_the_stored_name(world, language):
    before = ServiceOrder.objects.count()

    response = factories.api(world.social_worker).post(URL, _body(world), format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    text = response.content.decode()
    assert "client_identity_code" in response.json()["errors"]
    assert world.order.client.last_name not in text
    assert world.order.client.first_name not in text
    assert ServiceOrder.objects.count() == before


def test_the_registered_name_in_other_case_and_spacing_is_the_same_client(world):
    client = world.order.client
    body = _body(world, client_first_name=f"  {client.first_name.upper()} ", client_last_name=client.last_name.lower())

    response = factories.api(world.social_worker).post(URL, body, format="json")

    assert response.status_code == 201, response.json()
    assert ServiceOrder.objects.filter(client=client).count() == 2


def test_the_order_page_refuses_the_mismatch_without_the_stored_name(world):
    page = HttpClient()
    page.force_login(world.social_worker)
    unit = factories.unit("adult-family-social-work")
    body = _body(world, ordering_unit=unit.pk)

    response = page.post("/service-orders/new/", body, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    text = response.content.decode()
    assert "does not match" in text
    assert world.order.client.last_name not in text
    assert ServiceOrder.objects.filter(client=world.order.client).count() == 1
