"""Jobs on a real Celery worker (a separate process) with Redis as the broker and the PostgreSQL test database
shared by both processes: a PDF job and a payroll job run end to end, and a worker killed (SIGKILL) in the middle
of a payroll job leaves exactly one batch once the broker has given the job to a new worker.

The kill is deterministic: the first worker runs with JOBS_TEST_HOLD, so the payroll job waits at a named point
(before or after its transaction commits) until the test has killed it. Redis gives an unacknowledged job back
after the visibility timeout, set to a few seconds here.

Run with DATABASE_URL=postgres://… and Redis at CELERY_TEST_BROKER_URL (default redis://127.0.0.1:6379/5; the
database number is flushed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app
from reporting.jobs.models import Job, JobKind, JobState
from reporting.jobs.services import job_result_path, job_start
from reporting.models import PayrollBatch, PayrollLine
from tests.reporting import flow

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
VISIBILITY_TIMEOUT = 3
WAIT = 90.0


@pytest.fixture
def broker() -> Iterator[str]:
    """The test process sends to the real broker (an empty Redis database) instead of running jobs inline."""
    import redis

    client = redis.Redis.from_url(BROKER)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):  # .ci/run makes sure Redis answers: its absence there is a failure
            pytest.fail(f"CI must have Redis at {BROKER} (CELERY_TEST_BROKER_URL)")
        pytest.skip(f"no Redis at {BROKER} (set CELERY_TEST_BROKER_URL)")
    client.flushdb()
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=BROKER, task_always_eager=False)
    try:
        yield BROKER
    finally:
        # The connection pool stays for the next test on this broker; inline runs never use it.
        celery_app.conf.update(saved)
        client.flushdb()


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(broker: str, tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start `celery -A portal worker` processes on the test database; all are killed at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*, hold: str = "") -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_SECRET_KEY": "test-only-secret-key-not-for-production",
            "DATABASE_URL": _database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "PORTAL_PRIVATE_FILES": str(settings.MEDIA_ROOT),
            "CELERY_BROKER_URL": broker,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            # A killed worker's job is looked for every second (kombu 5.7's default sweep is ~100 s).
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "JOBS_TEST_HOLD": hold,
        }
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - a fixed program and arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=test{len(started)}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        for log in sorted(tmp_path.glob("worker-*.log")):
            print(log.name, log.read_text(errors="replace")[-3000:])


def _until(condition: Callable[[], Any], *, what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _job(pk: int) -> Job:
    return Job.objects.get(pk=pk)


def test_a_worker_makes_the_monitoring_pdf_and_a_payroll_batch(world, worker):
    flow.report_in(world, "approved")
    worker()

    pdf = job_start(user=world.monitor, kind=JobKind.MONITORING_PDF, parameters={"from": "2026-01", "to": "2026-10"})
    payroll = job_start(user=world.payroll, kind=JobKind.PAYROLL_BATCH, parameters={"period": "2026-10"})
    assert pdf.state == JobState.QUEUED  # not inline: the worker does it

    _until(lambda: _job(pdf.pk).is_finished and _job(payroll.pk).is_finished, what="both jobs")
    pdf, payroll = _job(pdf.pk), _job(payroll.pk)
    assert (pdf.state, pdf.progress, pdf.error_code) == (JobState.DONE, 100, "")
    assert job_result_path(pdf).read_bytes().startswith(b"%PDF")
    assert (payroll.state, payroll.error_code) == (JobState.DONE, "")
    batch = PayrollBatch.objects.get()
    assert payroll.payroll_batch == batch
    assert batch.line_count == PayrollLine.objects.count() > 0


@pytest.mark.parametrize("point", ["payroll_before_commit", "payroll_after_commit"])
def test_a_payroll_job_whose_worker_is_killed_makes_exactly_one_batch(world, worker, tmp_path, point):
    flow.report_in(world, "approved")
    signals = tmp_path / "hold"
    signals.mkdir()
    first = worker(hold=f"{point}:{signals}")

    job = job_start(user=world.payroll, kind=JobKind.PAYROLL_BATCH, parameters={"period": "2026-10"})
    _until(lambda: (signals / f"reached-{job.pk}").exists(), what=f"the job to reach {point}")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)

    if point == "payroll_before_commit":  # the dead worker's transaction is rolled back: nothing was made
        _until(lambda: not PayrollBatch.objects.exists(), what="the rollback", timeout=10)
        assert _job(job.pk).state == JobState.RUNNING
    else:  # committed: the batch and the job's link to it, together
        assert _job(job.pk).payroll_batch is not None
    worker()  # a new worker, without the hold; the broker gives it the unacknowledged job

    _until(lambda: _job(job.pk).attempts >= 2, what="the job to be delivered again")
    _until(lambda: _job(job.pk).is_finished, what="the retried job")
    done = _job(job.pk)
    assert (done.state, done.error_code) == (JobState.DONE, "")
    assert PayrollBatch.objects.count() == 1
    assert done.payroll_batch == PayrollBatch.objects.get()
