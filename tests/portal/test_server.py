"""The portal as production runs it: gunicorn with the repository's config, a seeded database, a signed-in user,
a machine client with a token, the probes, and the log lines (JSON, with request ids, without identity codes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.portal.served import (
    IDENTITY_CODE,
    Browser,
    Gunicorn,
    fresh_database,
    manage,
    portal_environment,
    seed_small_demo,
    shell,
)

pytestmark = pytest.mark.server


@dataclass
class Served:
    server: Gunicorn
    monitor_id: int
    token: str
    identity_codes: list[str]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    directory: Path = tmp_path_factory.mktemp("served")
    with fresh_database(directory, "served") as database_url:
        environment = portal_environment(directory, database_url)
        seed_small_demo(environment)
        facts = json.loads(
            shell(
                environment,
                "import json\n"
                "from django.contrib.auth import get_user_model\n"
                "from suppliers.models import Client\n"
                "monitor = get_user_model().objects.get(username='valvoja')\n"
                "codes = list(Client.objects.values_list('identity_code', flat=True))\n"
                "print(json.dumps({'monitor': monitor.pk, 'codes': codes}))\n",
            )
        )
        # As the city's IT issues a machine client's token.
        token = manage(environment, "issue_api_token", "valvoja", "--name", "smoke test").strip()
        server = Gunicorn(environment, directory)
        server.start()
        try:
            yield Served(server, facts["monitor"], token, facts["codes"])
        finally:
            server.stop()


def access_lines(served: Served) -> list[dict[str, Any]]:
    return [line for line in served.server.log_lines() if line["name"] == "gunicorn.access"]


def test_the_probes_answer_without_login(served: Served) -> None:
    browser = Browser(served.server.base_url)
    healthz = browser.request("/healthz")
    readyz = browser.request("/readyz")
    assert (healthz.status, healthz.json()) == (200, {"status": "ok"})
    assert (readyz.status, readyz.json()["checks"]["database"]) == (200, "ok")


def test_a_signed_in_user_gets_pages_with_client_data_and_static_files(served: Served) -> None:
    browser = Browser(served.server.base_url)
    browser.sign_in("valvoja", environment=served.server.environment)

    orders = browser.request("/service-orders/", headers={"X-Request-ID": "smoke-page-1"})

    assert orders.status == 200
    assert orders.headers["X-Request-ID"] == "smoke-page-1"
    assert b"SOS-2019-" in orders.body  # the seeded orders' decision numbers
    stylesheet = browser.request("/static/portal/portal.css")
    assert stylesheet.status == 200
    assert stylesheet.headers["Content-Type"].startswith("text/css")


def test_a_machine_client_reads_the_api_with_its_token(served: Served) -> None:
    browser = Browser(served.server.base_url)
    answer = browser.request(
        "/api/v1/service-orders/", headers={"Authorization": f"Token {served.token}", "X-Request-ID": "smoke-api-1"}
    )
    assert answer.status == 200
    assert answer.json()["count"] == 12
    assert browser.request("/api/v1/service-orders/").status in {401, 403}


def test_the_access_log_names_request_and_user_and_never_a_query_string_or_an_identity_code(served: Served) -> None:
    browser = Browser(served.server.base_url)
    code = served.identity_codes[0]
    for request_id in ("smoke-search-1", "smoke-search-2"):
        browser.request(
            f"/api/v1/clients/?search={code}",
            headers={"Authorization": f"Token {served.token}", "X-Request-ID": request_id},
        )
    browser.request("/healthz", headers={"X-Request-ID": "smoke-probe"})
    browser.request("/readyz", headers={"X-Request-ID": "smoke-probe"})
    served.server.stop()  # flushes and closes the logs

    lines = access_lines(served)
    by_id = {line["request_id"]: line for line in lines}
    assert by_id["smoke-search-1"]["path"] == "/api/v1/clients/"
    assert by_id["smoke-search-1"]["user_id"] == served.monitor_id
    assert by_id["smoke-search-1"]["status"] == 200
    assert all(line["request_id"] for line in lines), "an access line without a request id"
    assert "smoke-probe" not in by_id, "the probes are not access-logged"
    everything = served.server.access_log.read_text() + served.server.error_log.read_text()
    assert "search=" not in everything
    assert IDENTITY_CODE.findall(everything) == []
    assert not set(served.identity_codes) & set(IDENTITY_CODE.findall(everything))
