"""Administrators see goals-and-path records in the admin but change them only through the portal, whose
services keep the path's states, the verifier's role and the evidence checks."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client as HttpClient

from contracts.models import EmploymentPath, EmploymentPathState
from tests import factories
from tests.factories import PASSWORD


def _admin() -> HttpClient:
    user = get_user_model().objects.create_superuser(username="root", password=PASSWORD, email="r@example.invalid")
    http = HttpClient()
    http.force_login(user)
    return http


def test_an_administrator_sees_an_employment_path_with_its_evidence_but_cannot_change_it(world):
    path = factories.make_path(world, state="active")
    http = _admin()

    page = http.get(f"/admin/contracts/employmentpath/{path.pk}/change/")
    refused = http.post(f"/admin/contracts/employmentpath/{path.pk}/change/", {"state": "closed"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert refused.status_code == 403
    path.refresh_from_db()
    assert path.state == EmploymentPathState.ACTIVE


def test_the_admin_offers_no_way_to_add_an_employment_path(world):
    http = _admin()

    assert http.get("/admin/contracts/employmentpath/add/").status_code == 403
    assert EmploymentPath.objects.count() == 0
