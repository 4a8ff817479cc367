"""A large report's workbook is made by a background job: the report page offers "Make the workbook" from
WORKBOOK_JOB_ENTRIES entries on, the provider lands on the finished job and downloads the same workbook the
direct download gives, logged as that download is."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.test import Client as HttpClient
from openpyxl import load_workbook

from reporting.jobs.models import Job, JobKind, JobState
from suppliers.models import AccessAction, ClientAccessLog
from tests.reporting import flow


def _page(user: Any) -> HttpClient:
    client = HttpClient()
    client.force_login(user)
    return client


def test_a_small_reports_page_keeps_the_direct_download(world):
    report = flow.create(world)

    page = _page(world.reporter).get(f"/reports/{report['id']}/").content.decode()

    assert f'href="/reports/{report["id"]}/template.xlsx"' in page
    assert "/workbook-job/" not in page


def test_a_large_reports_workbook_is_made_by_a_job_and_downloaded_from_it(world, settings, tmp_path):
    settings.WORKBOOK_JOB_ENTRIES = 1
    report = flow.create(world)
    page = _page(world.reporter)
    assert f'action="/reports/{report["id"]}/workbook-job/"' in page.get(f"/reports/{report['id']}/").content.decode()
    ClientAccessLog.objects.all().delete()

    started = page.post(f"/reports/{report['id']}/workbook-job/")

    job = Job.objects.get()
    assert started["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.state, job.parameters) == (JobKind.REPORT_WORKBOOK, JobState.DONE, {"report": report["id"]})
    download = page.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    path = tmp_path / "workbook.xlsx"
    path.write_bytes(b"".join(cast(Any, download).streaming_content))
    assert "Attendance" in load_workbook(path).sheetnames
    assert list(ClientAccessLog.objects.values_list("client_id", "action", "resource", "object_ref")) == [
        (world.order.client_id, AccessAction.DOWNLOAD, "page:job-download", f"report:{report['id']}")
    ]


@pytest.mark.parametrize("who", ["other_reporter"])
def test_another_providers_user_cannot_start_or_fetch_the_workbook_job(world, who):
    report = flow.create(world)
    outsider = _page(getattr(world, who))

    assert outsider.post(f"/reports/{report['id']}/workbook-job/").status_code == 404
    assert not Job.objects.filter(kind=JobKind.REPORT_WORKBOOK).exists()


def test_a_machine_client_starts_the_workbook_job_and_another_provider_gets_a_404(world):
    from tests import factories

    report = flow.create(world)
    body = {"kind": "report_workbook", "parameters": {"report": report["id"]}}

    started = factories.api(world.reporter).post("/api/v1/jobs/", body, format="json")
    refused = factories.api(world.other_reporter).post("/api/v1/jobs/", body, format="json")

    assert started.status_code == 202
    assert started.json()["download"] == f"/api/v1/jobs/{started.json()['id']}/download/"
    assert refused.status_code == 404
    assert Job.objects.count() == 1


def test_a_user_who_no_longer_sees_the_report_cannot_download_its_workbook(world, settings):
    settings.WORKBOOK_JOB_ENTRIES = 1
    report = flow.create(world)
    page = _page(world.reporter)
    page.post(f"/reports/{report['id']}/workbook-job/")
    job = Job.objects.get()

    world.reporter.provider_memberships.all().delete()

    assert page.get(f"/jobs/{job.pk}/download/").status_code == 404
