"""Acceptance 1 of issue 15: every page and API endpoint, for every role, with the ids of one provider's objects.

The matrix below is the whole access policy as a user meets it: one row per route (and method), one column per
role. `outsider` is the other provider's admin asking for this provider's ids: a 404 wherever an id is in the
path, so that ids reveal nothing (docs §13). The routes are read from the URL resolver, so a route that is not in
the matrix fails `test_every_route_is_in_the_matrix`: a new page gets its row when it is added.

The data are built once for the module; each (route, role) runs in a savepoint rolled back afterwards, so a
POST that succeeds (an approval, a revocation) changes nothing for the next row.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from reporting.jobs.inputs import monitoring_pdf_parameters_from
from reporting.jobs.models import JobKind
from reporting.jobs.services import job_start
from suppliers.models import ApiToken, MembershipRole
from tests import factories
from tests.conftest import build_world
from tests.reporting.monitoring import reviews, self_evaluation_flow
from tests.reporting.payroll import build as payroll_build

ROLES = ("anon", "reporter", "padmin", "outsider", "worker", "lead", "monitor", "payroll", "admin")

# Django's admin ("admin:*") is left to its own tests: superusers only, and tests/suppliers/test_access_log.py
# walks every admin page for client data.

# fmt: off
# The expected status of each route for each role, as "route[variant] METHOD": statuses in the order of ROLES.
# Object routes take this provider's object (OBJECT_BY_SEGMENT) for their id; POSTs and PATCHes send an empty
# body, so a role that may act gets its 400/409 (or the page's redirect) and one that may not gets 403/404.
# 302 for `anon` on a page is the login redirect; 405 is a method the route does not have.
MATRIX: dict[str, tuple[int, ...]] = {
    #                                            anon reporter padmin outsider worker lead monitor payroll admin
    "home GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "login GET": (200, 302, 302, 302, 302, 302, 302, 302, 302),
    "login POST": (200, 302, 302, 302, 302, 302, 302, 302, 302),
    "logout GET": (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "logout POST": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "set_language GET": (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "set_language POST": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "healthz GET": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "healthz POST": (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "readyz GET": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "readyz POST": (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "service-order-list GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "service-order-list POST": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "service-order-create GET": (302, 403, 403, 403, 200, 200, 403, 403, 200),
    "service-order-create POST": (302, 403, 403, 403, 200, 200, 403, 403, 200),
    "service-order-detail GET": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "service-order-detail POST": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "goal-create GET": (302, 403, 403, 404, 200, 200, 403, 403, 403),
    "goal-create POST": (302, 403, 403, 404, 200, 200, 403, 403, 403),
    "goal-edit GET": (302, 403, 403, 404, 200, 200, 403, 403, 403),
    "goal-edit POST": (302, 403, 403, 404, 200, 200, 403, 403, 403),
    "quality-of-life GET": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "quality-of-life POST": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "employment-path-propose GET": (302, 200, 200, 404, 403, 403, 403, 403, 403),
    "employment-path-propose POST": (302, 200, 200, 404, 403, 403, 403, 403, 403),
    "employment-path-detail GET": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "employment-path-detail POST": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "employment-path-action[decide] POST": (302, 302, 302, 404, 302, 302, 302, 302, 302),
    "employment-path-action[goal] POST": (302, 302, 302, 404, 302, 302, 302, 302, 302),
    "employment-path-action[progress] POST": (302, 302, 302, 404, 302, 302, 302, 302, 302),
    "employment-path-action[evidence] POST": (302, 302, 302, 404, 302, 302, 302, 302, 302),
    "employment-path-action[close] POST": (302, 302, 302, 404, 302, 302, 302, 302, 302),
    "employment-path-action[verify] POST": (302, 403, 403, 404, 302, 302, 302, 403, 302),
    "evidence-download GET": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "evidence-download POST": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "client-detail GET": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "contract-list GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "contract-list POST": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "contract-detail GET": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "product-list GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "product-list POST": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "gas-outcomes GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "report-month GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "report-create GET": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "report-create POST": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "report-detail GET": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "report-detail POST": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "report-entry GET": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "report-entry POST": (302, 403, 403, 404, 403, 403, 403, 403, 403),
    "report-template GET": (302, 200, 200, 404, 200, 200, 200, 200, 200),
    "report-upload GET": (302, 200, 200, 404, 403, 403, 403, 403, 403),
    "report-upload POST": (302, 200, 200, 404, 403, 403, 403, 403, 403),
    "report-action[validate] POST": (302, 302, 302, 404, 302, 302, 302, 302, 302),
    "report-action[submit] POST": (302, 302, 302, 404, 302, 302, 302, 302, 302),
    "report-action[reopen] POST": (302, 302, 302, 404, 302, 302, 302, 302, 302),
    "payroll-batch-list GET": (302, 403, 403, 403, 403, 403, 403, 200, 403),
    "payroll-batch-list POST": (302, 403, 403, 403, 403, 403, 403, 200, 403),
    "payroll-batch-detail GET": (302, 403, 403, 403, 403, 403, 403, 200, 403),
    "payroll-batch-download[csv] GET": (302, 403, 403, 403, 403, 403, 403, 200, 403),
    "payroll-batch-download[xlsx] GET": (302, 403, 403, 403, 403, 403, 403, 200, 403),
    "monitoring GET": (302, 403, 403, 403, 403, 403, 200, 403, 200),
    "monitoring-completeness GET": (302, 403, 403, 403, 403, 403, 200, 403, 200),
    "monitoring-review GET": (302, 403, 403, 403, 403, 403, 200, 403, 200),
    "monitoring-review-report GET": (302, 403, 403, 403, 403, 403, 200, 403, 200),
    "monitoring-money GET": (302, 403, 403, 403, 403, 200, 200, 403, 200),
    "monitoring-budget GET": (302, 403, 403, 403, 403, 200, 200, 403, 200),
    "monitoring-outcomes GET": (302, 403, 403, 403, 403, 403, 200, 403, 200),
    "monitoring-anomalies GET": (302, 403, 403, 403, 403, 403, 200, 403, 200),
    "monitoring-report GET": (302, 403, 403, 403, 403, 403, 200, 403, 200),
    "monitoring-report-pdf GET": (302, 403, 403, 403, 403, 403, 200, 403, 200),
    # Background jobs: a job is its asker's alone (the monitor's PDF job here); starting one is what the direct
    # download allows (an empty POST to the PDF job starts the default twelve months).
    "job-list GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "job-detail GET": (302, 404, 404, 404, 404, 404, 200, 404, 404),
    "job-download GET": (302, 404, 404, 404, 404, 404, 200, 404, 404),
    "monitoring-report-job GET": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "monitoring-report-job POST": (302, 403, 403, 403, 403, 403, 302, 403, 302),
    "report-workbook-job GET": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "report-workbook-job POST": (302, 302, 302, 404, 302, 302, 302, 302, 302),
    "self-evaluation-list GET": (302, 200, 200, 200, 403, 403, 200, 403, 200),
    "self-evaluation-list POST": (302, 200, 200, 200, 403, 403, 200, 403, 200),
    "self-evaluation-create GET": (302, 200, 200, 200, 403, 403, 403, 403, 403),
    "self-evaluation-create POST": (302, 200, 200, 200, 403, 403, 403, 403, 403),
    "self-evaluation-detail GET": (302, 200, 200, 404, 403, 403, 200, 403, 200),
    "self-evaluation-detail POST": (302, 200, 200, 404, 403, 403, 200, 403, 200),
    "staff-list GET": (302, 403, 200, 200, 403, 403, 403, 403, 403),
    "staff-list POST": (302, 403, 200, 200, 403, 403, 403, 403, 403),
    "staff-invite GET": (302, 403, 200, 200, 403, 403, 403, 403, 403),
    "staff-invite POST": (302, 403, 200, 200, 403, 403, 403, 403, 403),
    "staff-detail GET": (302, 403, 200, 404, 403, 403, 403, 403, 403),
    "staff-detail POST": (302, 403, 200, 404, 403, 403, 403, 403, 403),
    "staff-welcome GET": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "staff-welcome POST": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "api-token-list GET": (302, 403, 200, 200, 403, 403, 403, 403, 403),
    "api-token-list POST": (302, 403, 200, 200, 403, 403, 403, 403, 403),
    "api-token-revoke GET": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "api-token-revoke POST": (302, 403, 302, 404, 403, 403, 403, 403, 403),
    "api:schema GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:docs GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:provider-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:provider-list POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:provider-detail GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:product-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:product-list POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:product-detail GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:contract-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:contract-list POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:contract-detail GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:ordering-unit-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:ordering-unit-list POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:work-share-rate-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:work-share-rate-list POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:service-order-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:service-order-list POST": (401, 403, 403, 403, 400, 400, 400, 400, 400),
    "api:service-order-detail GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:service-order-detail POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:service-order-detail PATCH": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:client-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:client-list POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:client-detail GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:service-order-goals GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:service-order-goals POST": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:goal-detail GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:goal-detail POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:goal-detail PATCH": (401, 403, 403, 404, 200, 200, 403, 403, 403),
    "api:service-order-quality-of-life GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:service-order-quality-of-life POST": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:service-order-employment-paths GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:service-order-employment-paths POST": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:employment-path-detail GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:employment-path-detail POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:employment-path-detail PATCH": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:employment-path-decide GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:employment-path-decide POST": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:employment-path-goals GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:employment-path-goals POST": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:employment-path-progress GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:employment-path-progress POST": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:employment-path-evidence GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:employment-path-evidence POST": (401, 415, 415, 404, 415, 415, 415, 415, 415),
    "api:employment-path-close GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:employment-path-close POST": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:employment-path-verify GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:employment-path-verify POST": (401, 403, 403, 404, 409, 409, 409, 403, 409),
    "api:evidence-download GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:evidence-download POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:gas-outcomes GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:report-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:report-list POST": (401, 400, 400, 400, 400, 400, 400, 400, 400),
    "api:report-detail GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:report-detail POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:report-detail PATCH": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:report-entry-list GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:report-entry-list POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:report-entry-detail GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:report-entry-detail POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:report-entry-detail PATCH": (401, 400, 400, 404, 400, 400, 400, 400, 400),
    "api:report-findings GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:report-validate GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:report-validate POST": (401, 409, 409, 404, 403, 403, 403, 403, 403),
    "api:report-submit GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:report-submit POST": (401, 409, 409, 404, 403, 403, 403, 403, 403),
    "api:report-return GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:report-return POST": (401, 403, 403, 404, 403, 403, 400, 403, 400),
    "api:report-approve GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:report-approve POST": (401, 403, 403, 404, 403, 403, 400, 403, 400),
    "api:report-reopen GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:report-reopen POST": (401, 403, 403, 404, 403, 403, 400, 403, 400),
    "api:report-template GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:report-upload GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:report-upload POST": (401, 415, 415, 404, 415, 415, 415, 415, 415),
    "api:payroll-batch-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:payroll-batch-list POST": (401, 403, 403, 403, 403, 403, 403, 400, 403),
    "api:payroll-batch-detail GET": (401, 404, 404, 404, 404, 404, 404, 200, 404),
    "api:payroll-batch-xlsx GET": (401, 404, 404, 404, 404, 404, 404, 200, 404),
    "api:payroll-batch-csv GET": (401, 404, 404, 404, 404, 404, 404, 200, 404),
    # An empty body names no kind: 400 for everyone signed in, before any permission is asked.
    "api:job-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:job-list POST": (401, 400, 400, 400, 400, 400, 400, 400, 400),
    "api:job-detail GET": (401, 404, 404, 404, 404, 404, 200, 404, 404),
    "api:job-download GET": (401, 404, 404, 404, 404, 404, 200, 404, 404),
    "api:monitoring-completeness GET": (401, 403, 403, 403, 403, 403, 200, 403, 200),
    "api:monitoring-review-queue GET": (401, 403, 403, 403, 403, 403, 200, 403, 200),
    "api:report-changes GET": (401, 200, 200, 404, 200, 200, 200, 200, 200),
    "api:monitoring-money GET": (401, 403, 403, 403, 403, 200, 200, 403, 200),
    "api:monitoring-budget GET": (401, 403, 403, 403, 403, 200, 200, 403, 200),
    "api:monitoring-outcomes GET": (401, 403, 403, 403, 403, 403, 200, 403, 200),
    "api:monitoring-anomalies GET": (401, 403, 403, 403, 403, 403, 200, 403, 200),
    "api:monitoring-report-pdf GET": (401, 403, 403, 403, 403, 403, 200, 403, 200),
    "api:self-evaluation-list GET": (401, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:self-evaluation-list POST": (401, 400, 400, 400, 400, 400, 400, 400, 400),
    "api:self-evaluation-detail GET": (401, 200, 200, 404, 404, 404, 200, 404, 200),
    "api:self-evaluation-detail POST": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:self-evaluation-detail PATCH": (401, 400, 400, 404, 404, 404, 400, 404, 400),
    "api:self-evaluation-submit GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:self-evaluation-submit POST": (401, 409, 409, 404, 404, 404, 403, 404, 403),
    "api:self-evaluation-comments GET": (401, 405, 405, 405, 405, 405, 405, 405, 405),
    "api:self-evaluation-comments POST": (401, 400, 400, 404, 404, 404, 400, 404, 400),
    # Signing in (accounts/): city roles here hold a verified authenticator (force_login), provider staff none:
    # recovery codes (account-security POST) need one (403), and enrolment is for those without one.
    "two-factor-verify GET": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "two-factor-verify POST": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "two-factor-enrol GET": (302, 200, 200, 200, 302, 302, 302, 302, 302),
    "two-factor-enrol POST": (302, 200, 200, 200, 302, 302, 302, 302, 302),
    "two-factor-qr GET": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "two-factor-qr POST": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "account-security GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "account-security POST": (302, 403, 403, 403, 200, 200, 200, 200, 200),
    "provider-two-factor GET": (302, 404, 200, 200, 404, 404, 404, 404, 404),
    "provider-two-factor POST": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "password_change GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_change POST": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_change_done GET": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_change_done POST": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "password_reset GET": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset POST": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset_done GET": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset_done POST": (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "password_reset_confirm GET": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "password_reset_confirm POST": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "password_reset_complete GET": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset_complete POST": (405, 405, 405, 405, 405, 405, 405, 405, 405),
}
# fmt: on


@dataclass(frozen=True)
class Objects:
    ids: dict[str, int]
    welcome: dict[str, str]


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern


def routes() -> dict[str, str]:
    return {name: route for name, route, _pattern in _walk(get_resolver().url_patterns)}


@pytest.fixture(scope="module")
def setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[tuple[dict[str, Any], Objects]]:
    """One provider's objects of every kind, the people of every role, and a signed-in session for each."""
    with (
        time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC), tick=True),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_catalogue", stdout=io.StringIO())
        world = build_world()
        outsider = factories.make_user(MembershipRole.ADMIN, provider=world.other_provider)
        path, evidence = factories.make_path_with_evidence(world)
        report = reviews.submitted(world)
        approved = payroll_build.report_in(
            contract=world.line.contract,
            reporter=world.reporter,
            monitor=world.monitor,
            period="2026-09",
            days={world.order: [(datetime.date(2026, 9, 1), "present", "4")]},
        )
        batch = payroll_build.batch(world.payroll, period="2026-09")
        evaluation = self_evaluation_flow.submitted(world)
        factories.api_token(world.reporter)
        # The monitor's finished PDF job (inline): only its asker sees it.
        job = job_start(user=world.monitor, kind=JobKind.MONITORING_PDF, parameters=monitoring_pdf_parameters_from({}))
        people = {
            "reporter": world.reporter,
            "padmin": world.provider_admin,
            "outsider": outsider,
            "worker": world.social_worker,
            "lead": world.lead,
            "monitor": world.monitor,
            "payroll": world.payroll,
            "admin": world.administrator,
        }
        sessions: dict[str, Any] = {"anon": None}
        for role, user in people.items():
            client = Client()
            client.force_login(user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        objects = Objects(
            ids={
                "client": world.order.client_id,
                "contract": world.line.contract_id,
                "employment_path": path.pk,
                "evidence": evidence.pk,
                "goal": world.order.goals.get().pk,
                "payroll_batch": batch["id"],
                "product": world.line.product_id,
                "provider": world.provider.pk,
                "report": report.pk,
                "approved_report": approved.pk,
                "entry": report.entries.get(service_order=world.order).pk,
                "self_evaluation": evaluation["id"],
                "service_order": world.order.pk,
                "staff": world.reporter.provider_memberships.get().pk,
                "api_token": ApiToken.objects.get().pk,
                "job": job.pk,
            },
            welcome={
                "uidb64": urlsafe_base64_encode(force_bytes(world.reporter.pk)),
                "token": default_token_generator.make_token(world.reporter),
            },
        )
        yield sessions, objects
        transaction.set_rollback(True)


# The object whose id fills `<pk>`, by the first segment of the route after /api/v1/.
OBJECT_BY_SEGMENT = {
    "clients": "client",
    "contracts": "contract",
    "employment-paths": "employment_path",
    "evidence": "evidence",
    "goals": "goal",
    "payroll-batches": "payroll_batch",
    "payroll": "payroll_batch",
    "products": "product",
    "providers": "provider",
    "reports": "report",
    "monitoring": "report",  # the review page of a submitted report
    "self-evaluations": "self_evaluation",
    "service-orders": "service_order",
    "staff": "staff",
    "api-tokens": "api_token",
    "jobs": "job",
}
# Rows whose object differs from their segment's: a reopen needs an approved report.
OBJECT_BY_KEY = {"report-action[reopen]": "approved_report", "api:report-reopen": "approved_report"}


def _url(key: str, objects: Objects) -> str:
    name, variant = _split(key)
    pattern = routes()[name]
    converters = _converters(name)
    kwargs: dict[str, Any] = {}
    for param in converters:
        if param == "pk":
            segment = pattern.removeprefix("^").removeprefix("api/v1/").split("/")[0]
            kwargs["pk"] = objects.ids[OBJECT_BY_KEY.get(key, OBJECT_BY_SEGMENT[segment])]
        elif param == "entry_id":
            kwargs["entry_id"] = objects.ids["entry"]
        elif param in ("action", "kind"):
            kwargs[param] = variant
        else:
            kwargs[param] = objects.welcome[param]
    return reverse(name, kwargs=kwargs)


def _split(key: str) -> tuple[str, str]:
    """A row's key is a route name, with the value of its action or kind in brackets where it takes one."""
    name, _bracket, variant = key.partition("[")
    return name, variant.rstrip("]")


def _converters(name: str) -> list[str]:
    for found, _route, pattern in _walk(get_resolver().url_patterns):
        if found == name:
            return list(pattern.pattern.regex.groupindex)
    raise KeyError(name)


def _request(key: str, method: str, role: str, sessions: dict[str, Any], objects: Objects) -> int:
    client = Client()
    if sessions[role] is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    url = _url(key, objects)
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif url.startswith("/api/"):
            response = client.generic(method, url, data="{}", content_type="application/json")
        else:
            response = client.generic(method, url, data="", content_type="application/x-www-form-urlencoded")
        transaction.set_rollback(True)
    return response.status_code


def _observed(key: str, sessions: dict[str, Any], objects: Objects) -> tuple[int, ...]:
    route, method = key.rsplit(" ", 1)
    return tuple(_request(route, method, role, sessions, objects) for role in ROLES)


def test_every_route_is_in_the_matrix():
    in_matrix = {_split(key.rsplit(" ", 1)[0])[0] for key in MATRIX}
    missing = sorted(name for name in routes() if name not in in_matrix and not name.startswith("admin:"))
    assert missing == [], "add a row to MATRIX for each new route (MATRIX_PROBE=1 prints what it answers)"


def test_every_row_names_a_route_that_exists():
    assert {_split(key.rsplit(" ", 1)[0])[0] for key in MATRIX} <= set(routes())


@pytest.mark.parametrize("key", list(MATRIX))
def test_each_role_gets_the_matrix_s_answer(setup, db, key):
    sessions, objects = setup

    observed = _observed(key, sessions, objects)

    expected = MATRIX[key]
    differences = {role: (want, got) for role, want, got in zip(ROLES, expected, observed, strict=True) if want != got}
    assert differences == {}, f"{key}: role: (expected, observed)"


def test_print_the_observed_rows_for_new_routes(setup, db):
    """Not a check: with MATRIX_PROBE="route METHOD,route METHOD" and -s, prints rows to review and paste."""
    import os

    if not os.environ.get("MATRIX_PROBE"):
        pytest.skip("set MATRIX_PROBE to a comma-separated list of 'route METHOD'")
    sessions, objects = setup
    for key in os.environ["MATRIX_PROBE"].split(","):
        print(f'    "{key.strip()}": {_observed(key.strip(), sessions, objects)},')
