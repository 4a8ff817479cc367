"""A long task started from a page becomes a job the user follows: with no worker configured it has run by the
time the page answers, so the user lands on a finished job with its download; the file is theirs alone."""

from __future__ import annotations

import io
import logging
from typing import Any, cast

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from pypdf import PdfReader

from reporting.jobs.models import Job, JobKind, JobState
from reporting.jobs.services import job_run
from suppliers.models import AccessAction, ClientAccessLog
from suppliers.roles import Role

QUERY = {"provider": "", "from": "2026-01", "to": "2026-10"}


def _page(user: Any) -> HttpClient:
    client = HttpClient()
    client.force_login(user)
    return client


def test_the_monitor_lands_on_the_finished_pdf_job_and_downloads_the_report(world, composed):
    page = _page(world.monitor)

    started = page.post("/monitoring/report/job/", {**QUERY, "provider": world.provider.pk})

    job = Job.objects.get()
    assert started.status_code == 302
    assert started["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.state, job.progress, job.created_by) == (
        JobKind.MONITORING_PDF,
        JobState.DONE,
        100,
        world.monitor,
    )
    assert job.started_at
    assert job.finished_at
    shown = page.get(started["Location"]).content.decode()
    assert "Tuottaja A Oy" in shown  # the provider asked for, by name
    assert f"/jobs/{job.pk}/download/" in shown
    assert 'http-equiv="refresh"' not in shown  # finished: the page stops refreshing itself
    download = page.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(b"".join(cast(Any, download).streaming_content)))
    assert "Tuottaja A Oy" in "".join(page.extract_text() for page in pdf.pages)


def test_every_download_of_the_pdf_logs_the_clients_it_names(world, composed):
    page = _page(world.monitor)
    page.post("/monitoring/report/job/", QUERY)
    job = Job.objects.get()
    assert not ClientAccessLog.objects.filter(user=world.monitor).exists()  # made, not yet disclosed

    page.get(f"/jobs/{job.pk}/download/")
    page.get(f"/jobs/{job.pk}/download/")

    rows = ClientAccessLog.objects.filter(user=world.monitor)
    assert [(row.client_id, row.action, row.resource) for row in rows] == 2 * [
        (world.order.client_id, AccessAction.EXPORT, "page:job-download")
    ]


def test_the_job_keeps_no_identity_code_in_its_parameters(world, composed):
    _page(world.monitor).post("/monitoring/report/job/", QUERY)

    job = Job.objects.get()
    assert job.parameters == {"from": "2026-01", "to": "2026-10", "provider": None, "contract": None}
    assert world.order.client.identity_code not in str(job.__dict__)


def test_a_bad_month_range_is_the_forms_error_and_starts_nothing(world, composed):
    response = _page(world.monitor).post("/monitoring/report/job/", {"from": "2026-10", "to": "2026-01"})

    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not Job.objects.exists()


def test_a_provider_user_may_not_start_the_pdf_job(world, composed):
    assert _page(world.reporter).post("/monitoring/report/job/", QUERY).status_code == 403
    assert not Job.objects.exists()


@pytest.mark.parametrize("who", ["other_reporter", "payroll", "administrator"])
def test_another_user_never_sees_or_downloads_my_job(world, composed, who):
    _page(world.monitor).post("/monitoring/report/job/", QUERY)
    job = Job.objects.get()
    other = _page(getattr(world, who))

    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert f"/jobs/{job.pk}/" not in other.get("/jobs/").content.decode()
    assert not ClientAccessLog.objects.filter(resource="page:job-download").exists()


def test_a_monitor_who_lost_the_role_can_no_longer_download_what_a_job_made(world, composed):
    page = _page(world.monitor)
    page.post("/monitoring/report/job/", QUERY)
    job = Job.objects.get()

    world.monitor.groups.remove(*world.monitor.groups.filter(name=Role.CONTRACT_MONITOR))

    assert page.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert not ClientAccessLog.objects.filter(resource="page:job-download").exists()


def test_my_jobs_lists_my_jobs_newest_first(world, composed):
    page = _page(world.monitor)
    page.post("/monitoring/report/job/", QUERY)
    page.post("/monitoring/report/job/", {**QUERY, "provider": world.provider.pk})
    first, second = Job.objects.order_by("id")

    listing = page.get("/jobs/").content.decode()

    assert listing.index(f"/jobs/{second.pk}/") < listing.index(f"/jobs/{first.pk}/")


def test_an_unfinished_jobs_page_refreshes_itself_without_script_and_shows_its_progress(world):
    job = Job.objects.create(
        kind=JobKind.MONITORING_PDF,
        created_by=world.monitor,
        parameters={"from": "2026-01", "to": "2026-10"},
        state=JobState.RUNNING,
        progress=40,
    )

    response = _page(world.monitor).get(f"/jobs/{job.pk}/")

    body = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in body
    assert '<progress max="100" value="40"' in body
    assert "<script" not in body
    assert f"/jobs/{job.pk}/download/" not in body


def test_a_job_that_breaks_shows_a_translated_reason_and_logs_only_the_exceptions_type(
    world, composed, monkeypatch, caplog
):
    from reporting.jobs import runners

    def broken(job: Any, progress: Any) -> None:
        raise KeyError("010190-9123 secret value")

    monkeypatch.setitem(runners.RUNNERS, JobKind.MONITORING_PDF, broken)
    page = _page(world.monitor)

    with caplog.at_level(logging.INFO):
        started = page.post("/monitoring/report/job/", QUERY, HTTP_ACCEPT_LANGUAGE="sv")
    shown = page.get(started["Location"], HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    job = Job.objects.get()
    assert (job.state, job.error_code) == (JobState.FAILED, "unexpected")
    assert "Traceback" not in shown
    assert "secret value" not in shown
    assert "Jobbet misslyckades" in shown
    assert "KeyError" in caplog.text
    assert "secret value" not in caplog.text
    assert "010190" not in caplog.text


def test_a_job_delivered_again_after_it_finished_is_not_run_again(world, composed):
    _page(world.monitor).post("/monitoring/report/job/", QUERY)
    job = Job.objects.get()

    job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    assert len(composed) == 1


def test_the_daily_reminders_run_as_a_job_of_no_one(world):
    from reporting.jobs.tasks import report_reminders_send

    report_reminders_send.apply()

    job = Job.objects.get()
    assert (job.kind, job.state, job.created_by) == (JobKind.REPORT_REMINDERS, JobState.DONE, None)
    assert set(job.summary) == {"due", "late"}
    call_command("check")


def test_the_scheduler_sends_the_reminders_daily_through_a_registered_task():
    from django.conf import settings

    from portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["send-report-reminders"]
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {7}
