"""Self-evaluations brought to each state through the API, for the self-evaluation tests."""

from __future__ import annotations

from typing import Any

from tests import factories
from tests.conftest import World

URL = "/api/v1/self-evaluations/"

TEXTS: dict[str, Any] = {
    "objectives": "Arjen rytmi ja osallisuus",
    "actions_taken": "Ryhmätoiminta kolmesti viikossa",
    "participant_count": 12,
    "participants": "Nuoria aikuisia, 18–29-vuotiaita",
    "what_worked": "Pienryhmät",
    "why_it_worked": "Turvallinen ilmapiiri",
    "what_did_not_work": "Aamuryhmät",
    "why_it_did_not": "Liian aikainen alku",
    "practices_to_share": "Vertaisohjaajat",
}


def url(pk: int, action: str = "") -> str:
    return f"{URL}{pk}/{action + '/' if action else ''}"


def create(world: World, *, user: Any = None, **fields: Any) -> dict[str, Any]:
    body = {"kind": "quarter", "year": 2026, "quarter": 3, **TEXTS, **fields}
    response = factories.api(user or world.reporter).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def submitted(world: World, *, user: Any = None, **fields: Any) -> dict[str, Any]:
    evaluation = create(world, user=user, **fields)
    response = factories.api(user or world.reporter).post(url(evaluation["id"], "submit"), {}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def commented(world: World, *, text: str = "Hyvä arvio", **fields: Any) -> dict[str, Any]:
    evaluation = submitted(world, **fields)
    response = factories.api(world.monitor).post(url(evaluation["id"], "comments"), {"text": text}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()
