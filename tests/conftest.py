from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.selectors import forget_two_factor_required, has_confirmed_device, two_factor_required
from contracts.models import ContractLine, ServiceOrder
from suppliers.access import forget_actor
from suppliers.models import Provider
from suppliers.roles import Role
from tests import factories

TODAY = datetime.date(2026, 11, 23)

# No identity code in any URL, log line or error page during the run (docs §11).
pytest_plugins = ["tests.privacy_guard"]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if connection.vendor == "postgresql":
        # CI runs the suite on SQLite and on PostgreSQL side by side (.ci/run); what does not depend on the
        # database, the browser journeys and the fuzzing, runs once, in the SQLite run.
        skip_once = pytest.mark.skip(reason="runs in the SQLite run (the browser and the fuzzing need no second)")
        for item in items:
            if "browser" in item.keywords or "fuzz" in item.keywords:
                item.add_marker(skip_once)
    else:
        skip = pytest.mark.skip(reason="needs PostgreSQL (real concurrent transactions); CI runs it there")
        # A real Celery worker is another process: it must share the test database, which SQLite's in-memory
        # test database cannot be.
        skip_celery = pytest.mark.skip(reason="starts a real Celery worker on the shared PostgreSQL test database")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
            if "celery" in item.keywords:
                item.add_marker(skip_celery)


@pytest.fixture(autouse=True)
def _frozen_today() -> Any:
    """Dates matter (visibility of ended orders, periods): every test runs on the same day unless it moves."""
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC), tick=True) as traveller:
        yield traveller


@pytest.fixture
def clock(_frozen_today: Any) -> Any:
    """The test's clock (time-machine), to move: a person waits for the app's next code, or sits idle."""
    return _frozen_today


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The API throttles count in the cache; every test starts with no requests counted."""
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _force_login_passes_the_second_factor() -> Iterator[None]:
    """`client.force_login(user)` signs a user in as if through both steps of the login form.

    A user who must have a second factor (city roles, administrators, staff of a provider that requires it) or
    who has one gets a real confirmed TOTP device (their own, or a new one) and a session verified with it, as
    django_otp.login does after a good code. Two-factor is never switched off: tests of the sign-in itself go
    through the real form (tests/accounts/), a password and then a code computed from the device's key.
    """
    original = ClientMixin.force_login

    def force_login(self: Any, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        needs_code = has_confirmed_device(user) or two_factor_required(user)
        # Leave the test's user object as it was: no answers cached on it from here.
        forget_actor(user)
        forget_two_factor_required(user)
        if not needs_code:
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test authenticator", confirmed=True
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    # Session-wide, so module-scoped fixtures that sign people in (tests/portal/test_role_matrix.py) get it too.
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(ClientMixin, "force_login", force_login)
        yield


@pytest.fixture
def catalogue(db: Any) -> None:
    call_command("load_catalogue", stdout=io.StringIO())


@dataclass
class World:
    """Two providers, each with a contract, an active order and its own staff, and the city's people.

    The outsider of one provider is the staff of the other: whatever one sees of the other is a leak.
    """

    provider: Provider
    other_provider: Provider
    line: ContractLine
    other_line: ContractLine
    order: ServiceOrder
    other_order: ServiceOrder
    reporter: Any
    provider_admin: Any
    other_reporter: Any
    social_worker: Any
    other_unit_worker: Any
    lead: Any
    monitor: Any
    payroll: Any
    administrator: Any


@pytest.fixture
def world(catalogue: None) -> World:
    return build_world()


def build_world() -> World:
    """The World of the `world` fixture, for a fixture of a wider scope that loads the catalogue itself."""
    provider = factories.make_provider("Tuottaja A Oy")
    other_provider = factories.make_provider("Tuottaja B Oy")
    contract = factories.make_contract(provider)
    other_contract = factories.make_contract(other_provider)
    adult = factories.unit("adult-family-social-work")
    youth = factories.unit("youth-social-work")
    social_worker = factories.make_user(Role.SOCIAL_WORKER, units=(adult,))
    other_unit_worker = factories.make_user(Role.SOCIAL_WORKER, units=(youth,))
    line = contract.lines.get()
    other_line = other_contract.lines.get()
    order = factories.make_order(line, ordering_unit=adult, worker=social_worker)
    other_order = factories.make_order(other_line, ordering_unit=adult, worker=social_worker)
    return World(
        provider=provider,
        other_provider=other_provider,
        line=line,
        other_line=other_line,
        order=order,
        other_order=other_order,
        reporter=factories.make_user(provider=provider),
        provider_admin=factories.make_user("provider_admin", provider=provider),
        other_reporter=factories.make_user(provider=other_provider),
        social_worker=social_worker,
        other_unit_worker=other_unit_worker,
        lead=factories.make_user(Role.LEAD_SOCIAL_WORKER, units=(adult,)),
        monitor=factories.make_user(Role.CONTRACT_MONITOR),
        payroll=factories.make_user(Role.PAYROLL_CLERK),
        administrator=factories.make_user(Role.ADMINISTRATOR),
    )
