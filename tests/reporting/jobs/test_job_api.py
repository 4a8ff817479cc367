"""Jobs in the API: a machine client starts one (202 with its Location), reads its state and downloads its file;
bad parameters are a 400 naming the field, another user's job a 404."""

from __future__ import annotations

from typing import Any, cast

from reporting.jobs.models import Job, JobState
from reporting.models import PayrollBatch
from suppliers.models import AccessAction, ClientAccessLog
from tests import factories
from tests.reporting import flow

JOBS = "/api/v1/jobs/"


def test_a_monitor_starts_a_pdf_job_reads_it_and_downloads_the_file(world, composed):
    api = factories.api(world.monitor)

    started = api.post(
        JOBS, {"kind": "monitoring_pdf", "parameters": {"from": "2026-01", "to": "2026-10"}}, format="json"
    )

    assert started.status_code == 202
    job = started.json()
    assert started["Location"] == f"{JOBS}{job['id']}/"
    state = api.get(started["Location"]).json()
    assert (state["state"], state["progress"], state["error"]) == ("done", 100, "")
    assert state["download"] == f"{JOBS}{job['id']}/download/"
    download = api.get(state["download"])
    assert download.status_code == 200
    assert b"".join(cast(Any, download).streaming_content).startswith(b"%PDF")
    assert set(ClientAccessLog.objects.values_list("client_id", "action", "resource")) == {
        (world.order.client_id, AccessAction.EXPORT, "api:job-download")
    }
    assert [row["id"] for row in api.get(JOBS).json()["results"]] == [job["id"]]


def test_a_payroll_job_makes_the_batch_and_names_it(world):
    flow.report_in(world, "approved")
    api = factories.api(world.payroll)

    started = api.post(JOBS, {"kind": "payroll_batch", "parameters": {"period": "2026-10"}}, format="json")

    batch = PayrollBatch.objects.get()
    assert started.status_code == 202
    assert (started.json()["state"], started.json()["payroll_batch"]) == ("done", batch.pk)
    assert started.json()["download"] is None  # the batch's own files are downloaded from the batch


def test_a_payroll_job_with_nothing_to_pay_fails_with_the_reason_in_the_callers_language(world):
    api = factories.api(world.payroll)

    started = api.post(
        JOBS, {"kind": "payroll_batch", "parameters": {"period": "2026-10"}}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    body = started.json()
    assert (body["state"], body["error_code"]) == ("failed", "nothing_to_pay")
    assert "Nothing to pay for 2026-10" in body["error"]
    assert not PayrollBatch.objects.exists()


def test_bad_parameters_are_a_400_that_names_the_field_and_start_nothing(world):
    monitor, payroll = factories.api(world.monitor), factories.api(world.payroll)

    bad_month = monitor.post(JOBS, {"kind": "monitoring_pdf", "parameters": {"from": "2026-13"}}, format="json")
    bad_period = payroll.post(JOBS, {"kind": "payroll_batch", "parameters": {"period": "10/2026"}}, format="json")
    bad_kind = monitor.post(JOBS, {"kind": "shell", "parameters": {}}, format="json")

    assert bad_month.status_code == 400
    assert "from" in bad_month.json()["errors"]
    assert bad_period.status_code == 400
    assert "parameters.period" in bad_period.json()["errors"]
    assert bad_kind.status_code == 400
    assert "kind" in bad_kind.json()["errors"]
    assert not Job.objects.exists()


def test_only_those_who_may_do_the_work_start_its_job(world):
    reporter = factories.api(world.reporter)

    assert reporter.post(JOBS, {"kind": "monitoring_pdf"}, format="json").status_code == 403
    assert (
        reporter.post(JOBS, {"kind": "payroll_batch", "parameters": {"period": "2026-10"}}, format="json").status_code
        == 403
    )
    assert factories.api().post(JOBS, {"kind": "monitoring_pdf"}, format="json").status_code in (401, 403)
    assert not Job.objects.exists()


def test_another_users_job_is_a_404_and_leaves_no_log(world, composed):
    started = factories.api(world.monitor).post(JOBS, {"kind": "monitoring_pdf"}, format="json").json()
    outsider = factories.api(world.other_reporter)

    assert outsider.get(f"{JOBS}{started['id']}/").status_code == 404
    assert outsider.get(f"{JOBS}{started['id']}/download/").status_code == 404
    assert outsider.get(JOBS).json()["results"] == []
    assert not ClientAccessLog.objects.exists()


def test_a_job_not_yet_done_has_no_download(world):
    job = Job.objects.create(kind="monitoring_pdf", created_by=world.monitor, state=JobState.QUEUED)

    response = factories.api(world.monitor).get(f"{JOBS}{job.pk}/download/")

    assert response.status_code == 404


def test_a_broker_that_cannot_be_reached_fails_the_job_with_a_reason_not_the_request(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from reporting.jobs.tasks import job_run_task

    def unreachable(*args: object, **kwargs: object) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setitem(job_run_task.app.conf, "task_always_eager", False)
    monkeypatch.setattr(job_run_task, "apply_async", unreachable)

    with django_capture_on_commit_callbacks(execute=True):
        started = factories.api(world.monitor).post(
            JOBS, {"kind": "monitoring_pdf"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
        )

    state = factories.api(world.monitor).get(started["Location"], HTTP_ACCEPT_LANGUAGE="en").json()
    assert started.status_code == 202
    assert (state["state"], state["error_code"]) == ("failed", "queue_unavailable")
    assert "could not be queued" in state["error"]
