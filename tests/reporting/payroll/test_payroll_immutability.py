"""A batch never changes once made: its files are byte-identical on every download and match the stored
checksums; nothing in the API changes or deletes it (docs §10; issue #6)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client as HttpClient

from reporting.models import PayrollBatch
from tests import factories
from tests.reporting import flow
from tests.reporting.payroll import build


@pytest.fixture
def made(world: Any) -> dict[str, Any]:
    flow.report_in(world, "approved")
    return build.batch(world.payroll)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_every_download_is_byte_identical_and_matches_the_stored_checksum(world, made, kind):
    api = factories.api(world.payroll)
    url = f"{build.BATCHES}{made['id']}/export.{kind}"

    first, second = api.get(url), api.get(url)

    contents = [build.content(response) for response in (first, second)]
    assert contents[0] == contents[1]
    stored = made[f"{kind}_sha256"]
    assert hashlib.sha256(contents[0]).hexdigest() == stored
    assert first["X-Content-SHA256"] == second["X-Content-SHA256"] == stored
    assert PayrollBatch.objects.values_list(f"{kind}_sha256", flat=True).get(pk=made["id"]) == stored


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_page_download_is_the_same_file_as_the_api_download(world, made, kind):
    page = HttpClient()
    page.force_login(world.payroll)

    response = page.get(f"/payroll/{made['id']}/export.{kind}")

    assert response.status_code == 200
    assert build.content(response) == build.download(world.payroll, made["id"], kind)
    assert response["Content-Disposition"].startswith("attachment;")


def test_later_batches_and_corrections_leave_an_earlier_batch_s_files_unchanged(clock, world, made):
    before = {kind: build.download(world.payroll, made["id"], kind) for kind in ("xlsx", "csv")}
    report = flow.detail(world, PayrollBatch.objects.get(pk=made["id"]).reports.get().pk)
    revision = (
        factories.api(world.monitor)
        .post(flow.report_url(report["id"], "reopen"), {"comment": "Tunnit"}, format="json")
        .json()
    )
    flow.fill(world, revision, work_share_paid="9.00", days=[build_day("01", "4.5")])
    flow.submit(world, revision["id"])
    flow.approve(world, revision["id"])
    build.past_deadline_of("2026-11", clock)
    build.batch(world.payroll, "2026-11")

    after = {kind: build.download(world.payroll, made["id"], kind) for kind in ("xlsx", "csv")}

    assert after == before
    refreshed = factories.api(world.payroll).get(f"{build.BATCHES}{made['id']}/").json()
    assert (refreshed["total_amount"], refreshed["line_count"]) == (made["total_amount"], made["line_count"])


def build_day(number: str, hours: str) -> dict[str, str]:
    return {"date": f"2026-10-{number}", "status": "present", "hours": hours}


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_there_is_no_way_to_change_or_delete_a_batch_through_the_api(world, made, method):
    api = factories.api(world.payroll)

    for url in (
        f"{build.BATCHES}{made['id']}/",
        f"{build.BATCHES}{made['id']}/export.xlsx",
        f"{build.BATCHES}{made['id']}/export.csv",
        build.BATCHES,
    ):
        response = getattr(api, method)(url, {"total_amount": "0.00"}, format="json")
        assert response.status_code == 405, (url, response.status_code)
    assert factories.api(world.payroll).get(f"{build.BATCHES}{made['id']}/").json()["total_amount"] == "17.00"
