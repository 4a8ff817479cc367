"""API tokens (django-rest-knox): stored only as a hash, expiring, named, with their last use, and only for the
roles that may hold one (suppliers.roles.API_TOKEN_ROLES). Machine clients keep `Authorization: Token <key>`."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from suppliers.access import actor_for
from suppliers.models import ApiToken, MembershipRole, StaffEvent, StaffEventKind
from suppliers.roles import Role
from suppliers.services import provider_membership_create, staff_membership_update, user_role_assign
from tests import factories


def _get(key: str, path: str = "/api/v1/service-orders/") -> int:
    client = factories.api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(path).status_code


def test_a_token_reaches_the_api_with_the_header_machine_clients_already_send(world):
    key = factories.api_token(world.reporter)

    assert _get(key) == 200


def test_the_database_holds_no_key_in_clear(world):
    key = factories.api_token(world.reporter)

    token = ApiToken.objects.get()
    assert key not in (token.digest, token.token_key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM suppliers_apitoken")
        assert not any(key in str(value) for row in cursor.fetchall() for value in row)


def test_a_token_stops_working_when_it_expires(world):
    key = factories.api_token(world.reporter, days=30)

    with time_machine.travel(datetime.datetime(2026, 12, 24, 10, 0, tzinfo=datetime.UTC)):
        assert _get(key) == 401


def test_a_token_remembers_when_it_was_last_used(world):
    key = factories.api_token(world.reporter)
    assert ApiToken.objects.get().last_used_at is None

    _get(key)

    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("who", ["reporter", "provider_admin", "monitor", "payroll"])
def test_provider_staff_and_the_city_s_integrating_roles_may_hold_a_token(world, who):
    assert _get(factories.api_token(getattr(world, who)), "/api/v1/contracts/") == 200


@pytest.mark.parametrize("who", ["administrator", "social_worker", "lead"])
def test_administrators_and_social_workers_may_not_hold_a_token(world, who):
    with translation.override("en"), pytest.raises(CommandError, match="may not hold an API token"):
        call_command("issue_api_token", getattr(world, who).username, stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_a_token_of_a_user_who_later_becomes_an_administrator_stops_working(world):
    key = factories.api_token(world.monitor)
    user_role_assign(user=world.monitor, role=Role.ADMINISTRATOR)

    assert _get(key, "/api/v1/contracts/") == 401


def test_a_provider_token_sees_only_its_provider_even_if_the_holder_works_for_another(world):
    provider_membership_create(provider=world.other_provider, user=world.reporter, role=MembershipRole.REPORTER)
    key = factories.api_token(world.reporter)  # the holder's first provider: world.provider

    client = factories.api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    listed = {row["id"] for row in client.get("/api/v1/service-orders/").json()["results"]}

    assert listed == {world.order.pk}
    assert client.get(f"/api/v1/service-orders/{world.other_order.pk}/").status_code == 404


def test_deactivating_a_staff_member_revokes_their_tokens_for_that_provider(world):
    key = factories.api_token(world.reporter)
    membership = world.reporter.provider_memberships.get()

    staff_membership_update(
        actor=actor_for(world.provider_admin),
        actor_user=world.provider_admin,
        membership=membership,
        role=membership.role,
        is_active=False,
    )

    assert _get(key) == 401
    assert not ApiToken.objects.exists()
    assert StaffEvent.objects.filter(kind=StaffEventKind.TOKEN_REVOKED, subject=world.reporter).exists()


def test_the_command_prints_the_key_once_and_records_who_holds_it(world):
    out = io.StringIO()

    call_command("issue_api_token", world.monitor.username, "--name", "Case system", "--days", "7", stdout=out)

    key = out.getvalue().strip()
    assert _get(key, "/api/v1/contracts/") == 200
    token = ApiToken.objects.get()
    assert (token.name, token.provider) == ("Case system", None)
    assert StaffEvent.objects.get().kind == StaffEventKind.TOKEN_ISSUED


def test_the_command_refuses_an_expiry_beyond_the_longest_allowed(world):
    with translation.override("en"), pytest.raises(CommandError, match="1 to 365 days"):
        call_command("issue_api_token", world.monitor.username, "--days", "366", stdout=io.StringIO())


def test_rotating_replaces_the_token_of_the_same_name(world):
    first = io.StringIO()
    call_command("issue_api_token", world.reporter.username, "--name", "ERP", stdout=first)
    second = io.StringIO()
    call_command("issue_api_token", world.reporter.username, "--name", "ERP", "--rotate", stdout=second)

    assert _get(first.getvalue().strip()) == 401
    assert _get(second.getvalue().strip()) == 200
