"""What production must never do (issue #15): seeding demo data over a real administrator's password, and
serving the browsable API. The test run is production-like: DEBUG is off."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from tests import factories

SEED_ARGS = ("--providers", "2", "--clients", "4", "--seed", "7")
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", *SEED_ARGS, stdout=out)
    return out.getvalue()


def test_seeding_with_debug_off_keeps_the_administrator_s_own_password_and_says_so(db):
    _seed()
    administrator = get_user_model().objects.get(username="yllapito")
    administrator.set_password("the-administrator-s-own-long-password")
    administrator.save(update_fields=["password"])

    output = _seed()

    administrator.refresh_from_db()
    assert administrator.check_password("the-administrator-s-own-long-password")
    assert not administrator.check_password("demo-salasana")
    assert "kept their own passwords" in output
    assert "yllapito" in output


@override_settings(DEBUG=True)
def test_seeding_a_development_database_resets_the_demo_logins_to_the_demo_password(db):
    _seed()
    administrator = get_user_model().objects.get(username="yllapito")
    administrator.set_password("changed-while-trying-things")
    administrator.save(update_fields=["password"])

    output = _seed()

    administrator.refresh_from_db()
    assert administrator.check_password("demo-salasana")
    assert "kept their own passwords" not in output


def test_the_api_answers_a_browser_with_json_not_the_browsable_api(world):
    response = factories.api(world.monitor).get("/api/v1/providers/", HTTP_ACCEPT=BROWSER_ACCEPT)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_the_api_refuses_to_render_html_when_asked_only_for_html(world):
    response = factories.api(world.monitor).get("/api/v1/providers/", HTTP_ACCEPT="text/html")

    assert response.status_code == 406
