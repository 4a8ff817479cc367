"""A provider admin administers their own provider's people and API tokens on the portal's pages, and nothing
else: no other provider's staff, no city role. Every action leaves a staff event the city sees (docs §2)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from suppliers.models import ApiToken, MembershipRole, ProviderMembership, StaffEvent, StaffEventKind
from suppliers.roles import Role
from tests import factories

User = get_user_model()


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.provider_admin)
    return client


def _membership(user):
    return ProviderMembership.objects.get(user=user)


def _welcome_link(body: str) -> str:
    found = re.search(r"https?://\S+?(/staff/welcome/\S+/)", body)
    assert found is not None, body
    return found.group(1)


# Invitations --------------------------------------------------------------------------------------------------


def _invite(admin_client, world, **changes):
    data = {
        "provider": world.provider.pk,
        "first_name": "Uusi",
        "last_name": "Työntekijä",
        "email": "uusi@tuottaja.example",
        "role": MembershipRole.REPORTER,
    }
    data.update(changes)
    return admin_client.post("/staff/invite/", data)


def test_a_provider_admin_invites_a_person_who_sets_a_password_from_the_e_mailed_link(admin_client, world, client):
    response = _invite(admin_client, world)

    assert response.status_code == 302
    invited = User.objects.get(email="uusi@tuottaja.example")
    assert not invited.has_usable_password()
    assert _membership(invited).provider == world.provider
    assert StaffEvent.objects.get(kind=StaffEventKind.INVITED).subject == invited
    [message] = mail.outbox
    assert message.to == ["uusi@tuottaja.example"]
    assert world.provider.name in message.body
    link = _welcome_link(str(message.body))

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    new_password = "Kaunis-kevät-2026!"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})

    assert done.status_code == 302
    assert client.login(username="uusi@tuottaja.example", password=new_password)


def test_the_invitation_link_works_only_once(admin_client, world, client):
    _invite(admin_client, world)
    link = _welcome_link(str(mail.outbox[0].body))
    client.logout()
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Kaunis-kevät-2026!", "new_password2": "Kaunis-kevät-2026!"})

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False
    assert 'name="new_password1"' not in again.content.decode()


def test_an_invitation_for_another_provider_is_refused_and_creates_no_one(admin_client, world):
    response = _invite(admin_client, world, provider=world.other_provider.pk)

    assert response.status_code == 200
    assert not User.objects.filter(email="uusi@tuottaja.example").exists()
    assert mail.outbox == []


@pytest.mark.parametrize("role", [Role.CONTRACT_MONITOR, Role.ADMINISTRATOR, "superuser"])
def test_an_invitation_with_a_city_role_is_refused(admin_client, world, role):
    response = _invite(admin_client, world, role=role)

    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert not User.objects.filter(email="uusi@tuottaja.example").exists()


def test_an_invitation_to_an_existing_address_is_refused_without_touching_the_account(admin_client, world):
    world.monitor.email = "valvoja@kaupunki.example"
    world.monitor.save(update_fields=["email"])

    response = _invite(admin_client, world, email="valvoja@kaupunki.example")

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not world.monitor.provider_memberships.exists()


# Role and deactivation ---------------------------------------------------------------------------------------


def test_a_provider_admin_makes_a_reporter_an_admin_and_it_is_recorded(admin_client, world):
    membership = _membership(world.reporter)

    response = admin_client.post(f"/staff/{membership.pk}/", {"role": MembershipRole.ADMIN, "is_active": "on"})

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == MembershipRole.ADMIN
    assert world.reporter.groups.filter(name=Role.PROVIDER_ADMIN).exists()
    assert not world.reporter.groups.filter(name=Role.PROVIDER_REPORTER).exists()
    event = StaffEvent.objects.get(kind=StaffEventKind.ROLE_CHANGED)
    assert (event.actor, event.subject, event.from_value, event.to_value) == (
        world.provider_admin,
        world.reporter,
        MembershipRole.REPORTER,
        MembershipRole.ADMIN,
    )


def test_a_deactivated_staff_member_no_longer_sees_the_provider(admin_client, world, client):
    membership = _membership(world.reporter)

    admin_client.post(f"/staff/{membership.pk}/", {"role": MembershipRole.REPORTER})

    membership.refresh_from_db()
    assert not membership.is_active
    assert StaffEvent.objects.filter(kind=StaffEventKind.DEACTIVATED, subject=world.reporter).exists()
    api = factories.api(world.reporter)
    assert api.get(f"/api/v1/service-orders/{world.order.pk}/").status_code == 404


def test_escalating_a_staff_member_to_a_city_role_is_refused(admin_client, world):
    membership = _membership(world.reporter)

    response = admin_client.post(f"/staff/{membership.pk}/", {"role": Role.CONTRACT_MONITOR, "is_active": "on"})

    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == MembershipRole.REPORTER
    assert not world.reporter.groups.filter(name=Role.CONTRACT_MONITOR).exists()
    assert not StaffEvent.objects.exists()


def test_another_provider_s_staff_member_is_not_found(admin_client, world):
    other = _membership(world.other_reporter)

    assert admin_client.get(f"/staff/{other.pk}/").status_code == 404
    assert (
        admin_client.post(f"/staff/{other.pk}/", {"role": MembershipRole.ADMIN, "is_active": "on"}).status_code == 404
    )
    other.refresh_from_db()
    assert other.role == MembershipRole.REPORTER


def test_the_staff_list_shows_the_admin_s_own_provider_only(admin_client, world):
    content = admin_client.get("/staff/").content.decode()

    assert world.reporter.last_name in content
    assert world.other_reporter.last_name not in content


def test_a_provider_admin_cannot_demote_or_deactivate_themselves(admin_client, world):
    own = _membership(world.provider_admin)

    response = admin_client.post(f"/staff/{own.pk}/", {"role": MembershipRole.REPORTER})

    assert response.status_code == 200
    own.refresh_from_db()
    assert (own.role, own.is_active) == (MembershipRole.ADMIN, True)


@pytest.mark.parametrize("who", ["reporter", "monitor", "administrator", "social_worker"])
def test_only_a_provider_admin_reaches_the_staff_and_token_pages(client, world, who):
    client.force_login(getattr(world, who))

    for path in ("/staff/", "/staff/invite/", "/api-tokens/"):
        assert client.get(path).status_code == 403


# API tokens ---------------------------------------------------------------------------------------------------


def _issue(admin_client, world, **changes):
    data = {"name": "Asiakastietojärjestelmä", "holder": _membership(world.reporter).pk, "expires_in_days": 30}
    data.update(changes)
    return admin_client.post("/api-tokens/", data)


def test_a_provider_admin_issues_a_named_expiring_token_whose_key_is_shown_once(admin_client, world):
    response = _issue(admin_client, world)

    assert response.status_code == 200
    key = response.context["key"]
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.name, token.user, token.provider) == ("Asiakastietojärjestelmä", world.reporter, world.provider)
    assert StaffEvent.objects.get(kind=StaffEventKind.TOKEN_ISSUED).token_name == token.name
    api = factories.api()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/service-orders/").status_code == 200
    listing = admin_client.get("/api-tokens/").content.decode()
    assert "Asiakastietojärjestelmä" in listing
    assert key not in listing


def test_the_token_list_shows_when_each_token_was_last_used(admin_client, world):
    key = _issue(admin_client, world).context["key"]
    api = factories.api()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api.get("/api/v1/contracts/")

    response = admin_client.get("/api-tokens/")

    assert response.context["tokens"][0].last_used_at is not None


def test_a_token_for_another_provider_s_staff_is_refused(admin_client, world):
    response = _issue(admin_client, world, holder=_membership(world.other_reporter).pk)

    assert response.status_code == 200
    assert response.context["form"].errors["holder"]
    assert not ApiToken.objects.exists()


def test_a_token_beyond_the_longest_expiry_is_refused(admin_client, world):
    response = _issue(admin_client, world, expires_in_days=10000)

    assert response.context["form"].errors["expires_in_days"]
    assert not ApiToken.objects.exists()


def test_a_provider_admin_revokes_a_token_and_it_stops_working(admin_client, world):
    key = _issue(admin_client, world).context["key"]
    token = ApiToken.objects.get()

    response = admin_client.post(f"/api-tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert StaffEvent.objects.filter(kind=StaffEventKind.TOKEN_REVOKED, token_name=token.name).exists()
    api = factories.api()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/contracts/").status_code == 401


def test_another_provider_s_token_cannot_be_revoked(admin_client, world):
    factories.api_token(world.other_reporter)
    token = ApiToken.objects.get()

    assert admin_client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_city_s_administrator_sees_the_staff_events_in_the_admin(client, world, admin_client):
    _issue(admin_client, world)
    world.administrator.is_staff = True
    world.administrator.save(update_fields=["is_staff"])
    client.force_login(world.administrator)

    response = client.get("/admin/suppliers/staffevent/")

    assert response.status_code == 200
    assert "Asiakastietojärjestelmä" in response.content.decode()
