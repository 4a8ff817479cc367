"""Employment paths brought to each state through the services, for the contracts tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from contracts.models import EmploymentPath, EvidenceFile
from contracts.services import (
    employment_path_close,
    employment_path_decide,
    employment_path_propose,
    evidence_upload,
)
from tests.conftest import World

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
STARTS_ON = datetime.date(2026, 9, 1)
ENDS_ON = datetime.date(2027, 2, 28)


def upload(content: bytes = PDF, name: str = "todistus.pdf", content_type: str = "application/pdf") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def proposed(world: World, order: Any = None) -> EmploymentPath:
    return employment_path_propose(
        user=world.reporter,
        order=order or world.order,
        justification="Sitoutunut, täsmällinen, on ohjannut uusia asiakkaita.",
        goals=["Työkokeilu kahvilassa"],
    )


def active(world: World, order: Any = None) -> EmploymentPath:
    return employment_path_decide(
        user=world.social_worker,
        path=proposed(world, order),
        accept=True,
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        comment="Hyvä ehdotus",
    )


def with_evidence(world: World, order: Any = None) -> tuple[EmploymentPath, EvidenceFile]:
    path = active(world, order)
    return path, evidence_upload(user=world.reporter, path=path, upload=upload())


def closed(world: World, order: Any = None) -> EmploymentPath:
    path, _evidence = with_evidence(world, order)
    return employment_path_close(user=world.reporter, path=path, outcome="work_trial", outcome_description="Sopimus")
