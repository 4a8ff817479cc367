"""The Content-Security-Policy (django-csp): the same strict policy on every page, the sign-in pages included,
and one exception: the API docs page allows Swagger UI's inline styles, never inline scripts."""

from __future__ import annotations

import re

from django.test import Client as HttpClient

from tests import factories
from tests.accounts.signing_in import password_step
from tests.conftest import World

STRICT = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
}


def directives(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_pages_and_the_sign_in_steps_carry_the_strict_policy(world: World) -> None:
    browser = HttpClient()
    assert directives(browser.get("/login/")) == STRICT
    assert directives(browser.get("/password-reset/")) == STRICT
    password_step(browser, world.monitor)

    enrolment = browser.get("/account/two-factor/enrol/")

    assert directives(enrolment) == STRICT
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", enrolment.content.decode())
    assert " style=" not in enrolment.content.decode()


def test_the_api_docs_page_alone_allows_inline_styles_and_still_no_inline_script(world: World) -> None:
    browser = HttpClient()
    browser.force_login(world.reporter)

    docs = directives(browser.get("/api/v1/docs/"))

    assert docs["style-src"] == ["'self'", "'unsafe-inline'"]
    assert docs["script-src"] == ["'self'"]
    assert {name: value for name, value in docs.items() if name != "style-src"} == {
        name: value for name, value in STRICT.items() if name != "style-src"
    }
    assert directives(factories.api(world.reporter).get("/api/v1/products/")) == STRICT
