"""The provider's narrative for the contract monitoring report: its submitted self-evaluations of a period."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.periods import Period
from reporting.self_evaluations.narrative import NarrativeSection, self_evaluation_narrative
from suppliers.access import actor_for
from tests.reporting.monitoring import self_evaluation_flow as flow


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """These tests read the English messages: English is the language every request and call here uses."""
    settings.LANGUAGE_CODE = "en"


def _narrative(world, first: str, last: str, **kwargs) -> list[NarrativeSection]:
    return self_evaluation_narrative(
        actor=actor_for(world.monitor),
        provider_id=world.provider.pk,
        first=Period.parse(first),
        last=Period.parse(last),
        **kwargs,
    )


def test_the_narrative_holds_the_submitted_evaluations_in_range_in_order(world):
    flow.commented(world, text="Hyvä", kind="year", quarter=None)
    flow.submitted(world, quarter=2)
    flow.submitted(world, quarter=4)  # October–December: outside a range that ends in September
    flow.submitted(world, year=2025, quarter=4)  # before the range
    flow.create(world, quarter=3)  # a draft: never in the narrative
    flow.submitted(world, user=world.other_reporter, quarter=3)  # another provider

    sections = _narrative(world, "2026-05", "2026-09")

    assert [section.period_label for section in sections] == ["Q2/2026", "2026"]
    quarter, year = sections
    assert quarter.title == f"Self-evaluation of {world.provider.name}, all contracts"
    assert quarter.paragraphs[0] == ("Objectives", flow.TEXTS["objectives"])
    assert ("Participants", f"12 participants. {flow.TEXTS['participants']}") in quarter.paragraphs
    assert [heading for heading, _text in quarter.paragraphs][-1] == "Practices worth sharing"
    assert quarter.comments == []
    [(author, at, text)] = year.comments
    assert (author, text) == (world.monitor.get_full_name(), "Hyvä")
    assert at.year == 2026


def test_a_contracts_narrative_holds_its_own_and_the_all_contracts_evaluations(world):
    flow.submitted(world, contract=world.line.contract_id, objectives="Sopimus")
    flow.submitted(world, objectives="Kaikki")

    sections = _narrative(world, "2026-07", "2026-07", contract_id=world.line.contract_id)

    assert [section.paragraphs[0][1] for section in sections] == ["Kaikki", "Sopimus"]
    assert sections[1].title.endswith(f"contract {world.line.contract.number}")


def test_the_narrative_is_empty_for_whoever_may_not_see_the_evaluations(world):
    flow.submitted(world)

    sections = self_evaluation_narrative(
        actor=actor_for(world.other_reporter),
        provider_id=world.provider.pk,
        first=Period.parse("2026-01"),
        last=Period.parse("2026-12"),
    )

    assert sections == []


def test_the_narrative_takes_two_queries_however_many_evaluations(world):
    for quarter in (1, 2, 3, 4):
        flow.commented(world, quarter=quarter)
    actor = actor_for(world.monitor)

    with CaptureQueriesContext(connection) as queries:
        sections = self_evaluation_narrative(
            actor=actor, provider_id=world.provider.pk, first=Period.parse("2026-01"), last=Period.parse("2026-12")
        )

    assert len(sections) == 4
    assert len(queries) == 2
