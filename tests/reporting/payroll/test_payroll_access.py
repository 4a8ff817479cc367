"""Only the payroll clerk makes, sees and downloads batches; every download is in the access log for every
client in the batch (docs §2, §11; issue #6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient

from reporting.models import PayrollBatch
from suppliers.models import AccessAction, ClientAccessLog
from tests import factories
from tests.reporting import flow
from tests.reporting.payroll import build

OTHERS = ("monitor", "reporter", "provider_admin", "social_worker", "lead", "administrator")


@pytest.fixture
def made(world: Any) -> dict[str, Any]:
    """A batch with both providers' clients."""
    flow.report_in(world, "approved")
    build.report_in(
        contract=world.other_line.contract,
        reporter=world.other_reporter,
        monitor=world.monitor,
        period="2026-10",
        days={world.other_order: [build.day(3)]},
    )
    return build.batch(world.payroll)


def _last_log_id() -> int:
    return ClientAccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _page(user: Any) -> HttpClient:
    client = HttpClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_else_makes_sees_or_downloads_a_batch_through_the_api(world, made, who):
    api = factories.api(getattr(world, who))
    url = f"{build.BATCHES}{made['id']}/"
    before = _last_log_id()

    created = api.post(build.BATCHES, {"period": "2026-10"}, format="json")

    assert created.status_code == 403
    assert api.get(url).status_code == 404
    assert api.get(f"{url}export.xlsx").status_code == 404
    assert api.get(f"{url}export.csv").status_code == 404
    assert api.get(build.BATCHES).json()["results"] == []
    assert not ClientAccessLog.objects.filter(id__gt=before).exists()
    assert PayrollBatch.objects.count() == 1


def test_an_anonymous_caller_gets_401_everywhere(world, made):
    api = factories.api()
    url = f"{build.BATCHES}{made['id']}/"

    for response in (
        api.get(build.BATCHES),
        api.post(build.BATCHES, {"period": "2026-10"}, format="json"),
        api.get(url),
        api.get(f"{url}export.xlsx"),
        api.get(f"{url}export.csv"),
    ):
        assert response.status_code == 401


def test_the_payroll_clerk_lists_the_batches(world, made):
    response = factories.api(world.payroll).get(build.BATCHES, {"period": "2026-10"})

    assert [batch["id"] for batch in response.json()["results"]] == [made["id"]]
    assert not ClientAccessLog.objects.filter(user=world.payroll).exists()


def test_a_batch_of_one_provider_takes_only_that_provider_s_reports(world, made):
    build.report_in(
        contract=world.line.contract,
        reporter=world.reporter,
        monitor=world.monitor,
        period="2026-09",
        days={world.order: [(build.day(3)[0].replace(month=9), "present", "4")]},
    )
    build.report_in(
        contract=world.other_line.contract,
        reporter=world.other_reporter,
        monitor=world.monitor,
        period="2026-09",
        days={world.other_order: [(build.day(3)[0].replace(month=9), "present", "4")]},
    )

    only_b = build.batch(world.payroll, "2026-10", provider=world.other_provider.pk)

    assert (only_b["provider"], only_b["provider_name"], only_b["total_amount"]) == (
        world.other_provider.pk,
        world.other_provider.name,
        "8.00",
    )
    assert {row["name"] for row in only_b["reconciliation"] if row["group"] == "provider"} == {
        world.other_provider.name
    }


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_every_api_download_logs_every_client_in_the_batch(world, made, kind):
    clients = {world.order.client_id, world.other_order.client_id}

    for attempt in (1, 2):
        build.download(world.payroll, made["id"], kind)

        rows = ClientAccessLog.objects.filter(user=world.payroll)
        assert rows.count() == 2 * attempt
        assert {row.client_id for row in rows} == clients
        assert {(row.action, row.resource, row.object_ref, row.purpose) for row in rows} == {
            (AccessAction.DOWNLOAD, f"api:payroll-{kind}", f"payroll_batch:{made['id']}", "payroll")
        }


def test_the_payroll_pages_list_make_show_and_download_batches_for_the_clerk(world):
    flow.report_in(world, "approved")
    page = _page(world.payroll)

    listing = page.get("/payroll/")
    assert listing.status_code == 200
    assert 'name="period"' in listing.content.decode()
    created = page.post("/payroll/", {"period": "2026-10"})
    assert created.status_code == 302
    batch = PayrollBatch.objects.get()
    # The batch is made by a background job (inline here): the clerk lands on the finished job, which links it.
    job = batch.job
    assert created["Location"] == f"/jobs/{job.pk}/"
    assert f"/payroll/{batch.pk}/" in page.get(created["Location"]).content.decode()
    detail = page.get(f"/payroll/{batch.pk}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert batch.xlsx_sha256 in body
    assert world.provider.name in body
    assert world.order.client.identity_code not in body
    assert world.order.client.last_name not in body
    assert f"/payroll/{batch.pk}/" in page.get("/payroll/").content.decode()
    for kind in ("xlsx", "csv"):
        download = page.get(f"/payroll/{batch.pk}/export.{kind}")
        assert download.status_code == 200
        assert build.content(download)
    assert set(ClientAccessLog.objects.filter(user=world.payroll).values_list("client_id", "action", "resource")) == {
        (world.order.client_id, AccessAction.DOWNLOAD, "page:payroll-xlsx"),
        (world.order.client_id, AccessAction.DOWNLOAD, "page:payroll-csv"),
    }


def test_the_payroll_page_says_when_there_is_nothing_to_pay(world):
    response = _page(world.payroll).post("/payroll/", {"period": "2026-10"}, follow=True)

    # The job that was to make the batch failed with the reason, shown on its page.
    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith("/jobs/")
    assert "2026-10" in response.content.decode()
    assert PayrollBatch.objects.count() == 0


@pytest.mark.parametrize("who", OTHERS)
def test_the_payroll_pages_are_403_for_everyone_else(world, made, who):
    page = _page(getattr(world, who))
    before = _last_log_id()

    for url in (
        "/payroll/",
        f"/payroll/{made['id']}/",
        f"/payroll/{made['id']}/export.xlsx",
        f"/payroll/{made['id']}/export.csv",
    ):
        assert page.get(url).status_code == 403, url
    assert page.post("/payroll/", {"period": "2026-10"}).status_code == 403
    assert PayrollBatch.objects.count() == 1
    assert not ClientAccessLog.objects.filter(id__gt=before).exists()


def test_the_payroll_pages_send_an_anonymous_visitor_to_the_login(world, made):
    response = HttpClient().get(f"/payroll/{made['id']}/export.csv")

    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]
