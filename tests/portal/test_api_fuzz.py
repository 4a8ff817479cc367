"""The API fuzzed against its own schema (issue #15, acceptance 5): for a provider's token and a city token,
schemathesis generates valid and invalid requests for every operation of `/api/v1/schema/` and sends them to
the WSGI application with the test database seeded; no answer may be a 5xx, every status code must be documented
for its operation, and every response must conform to the schema.

Bounded (FUZZ_EXAMPLES per operation, mode and role) so the run takes a few minutes on two cores; marked `fuzz`
so CI runs it once. Set FUZZ_EXAMPLES higher for a deeper local run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests import factories
from tests.conftest import World
from tests.reporting import flow

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

pytestmark = pytest.mark.fuzz


def api_token(user: Any) -> str:
    """The header value a machine client of `user` sends (the one place that knows how tokens are made)."""
    return f"Token {factories.api_token(user, name='Fuzzing')}"


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """The WSGI handler closes old connections at each request's start and end, as Django's test client keeps it
    from doing: here too, or the test's transaction would be closed under it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz_operation(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> list[str]:
    """The first problem found for this operation in this mode (none: an empty list)."""
    seen: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        # No shrinking: the first failing example per operation is reported as found, quickly.
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case: Any) -> None:
        if seen:
            return
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, FailureGroup) as exc:  # each failure is collected, reported together
            seen.append(f"{operation.label} [{mode.value}]: {str(exc)[:800]}")

    try:
        run()
    except Unsatisfiable:
        # An operation without parameters or body has nothing to make invalid: no negative case exists.
        if mode != GenerationMode.NEGATIVE:
            seen.append(f"{operation.label} [{mode.value}]: no valid request can be generated")
    except Exception as exc:  # a generation error is a finding too
        seen.append(f"{operation.label} [{mode.value}]: cannot generate: {str(exc)[:300]}")
    return seen


def _fuzz(headers: dict[str, str]) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler(), headers=headers)
    problems: list[str] = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            problems.append(f"the schema has an operation schemathesis cannot read: {result.err()}")
            continue
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            problems.extend(_fuzz_operation(operation, mode, headers))
    return problems


@pytest.fixture
def seeded(world: World) -> World:
    """Besides the world's orders: a report in review, so report and entry operations have something to act on."""
    flow.report_in(world, "submitted")
    return world


def test_the_api_answers_a_provider_s_fuzzed_requests_as_its_schema_says(seeded, in_test_transaction):
    problems = _fuzz({"Authorization": api_token(seeded.reporter)})

    assert problems == [], "\n\n".join(problems)


def test_the_api_answers_a_city_user_s_fuzzed_requests_as_its_schema_says(seeded, in_test_transaction):
    problems = _fuzz({"Authorization": api_token(seeded.monitor)})

    assert problems == [], "\n\n".join(problems)
