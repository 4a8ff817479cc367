"""The Celery application: the shell wires it, the apps only declare `shared_task`s beside what they run.

Configured from Django's settings (the `CELERY_` names in portal/settings.py, read from the environment). With no
`CELERY_BROKER_URL` every task runs inline in the process that asks (`task_always_eager`), so the embedded set-up
and `make demo` need neither Redis nor a worker.

    celery -A portal worker --loglevel=INFO          # the worker
    celery -A portal beat --loglevel=INFO            # the scheduler (daily report reminders)
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The tasks live beside what they run (reporting/jobs/tasks.py), not in each app's top level.
app.autodiscover_tasks(["reporting.jobs"])
