"""Evidence files: accepted by content as PDF, PNG or JPEG within the size limit, stored outside any URL,
served only as an attachment through a permission-checked, access-logged view."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.test import override_settings

from contracts.models import EvidenceFile
from contracts.services import evidence_upload
from suppliers.models import AccessAction, ClientAccessLog
from tests import factories

pytestmark = pytest.mark.django_db


def _page(user):
    client = HttpClient()
    client.force_login(user)
    return client


def _stored_files() -> set[str]:
    return {file.name for file in (Path(settings.MEDIA_ROOT) / "evidence").glob("*")}


def _post(world, path, upload, user=None):
    return factories.api(user or world.reporter).post(
        f"/api/v1/employment-paths/{path.pk}/evidence/", {"file": upload, "description": "Todistus"}, format="multipart"
    )


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (factories.PDF, "todistus.pdf", "application/pdf"),
        (factories.PNG, "kuva.png", "image/png"),
        (factories.JPEG, "kuva.jpeg", "image/jpeg"),
    ],
)
def test_a_pdf_png_or_jpeg_is_accepted_by_its_content(world, content, name, content_type):
    path = factories.make_path(world, state="active")

    response = _post(world, path, factories.evidence_file(content, name, "application/octet-stream"))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["content_type"], body["size"]) == (content_type, len(content))
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["download"] == f"/api/v1/evidence/{body['id']}/download/"


def test_an_executable_renamed_to_pdf_is_refused(world):
    path = factories.make_path(world, state="active")
    stored_before = _stored_files()

    response = _post(world, path, factories.evidence_file(factories.WINDOWS_EXE, "todistus.pdf", "application/pdf"))

    assert response.status_code == 400
    assert response.json()["code"] == "evidence_type_refused"
    assert "program" in response.json()["detail"] or "ohjelma" in response.json()["detail"]
    assert not EvidenceFile.objects.exists()
    assert _stored_files() == stored_before


def test_an_elf_program_and_a_text_file_are_refused_too(world):
    path = factories.make_path(world, state="active")

    for content in (b"\x7fELF\x02\x01\x01" + b"\x00" * 40, b"Hei, olen tekstitiedosto\n"):
        with pytest.raises(ValidationError) as caught:
            evidence_upload(user=world.reporter, path=path, upload=factories.evidence_file(content, "a.pdf"))
        assert caught.value.code == "evidence_type_refused"


def test_an_executable_renamed_to_pdf_is_refused_on_the_page(world):
    path = factories.make_path(world, state="active")

    response = _page(world.reporter).post(
        f"/employment-paths/{path.pk}/evidence/",
        {"file": factories.evidence_file(factories.WINDOWS_EXE, "todistus.pdf"), "description": ""},
        follow=True,
    )

    assert response.status_code == 200
    assert "message-error" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_file_over_the_default_limit_of_five_mebibytes_is_refused(world):
    path = factories.make_path(world, state="active")
    too_big = factories.PDF + b"0" * (5 * 1024 * 1024 + 1 - len(factories.PDF))

    response = _post(world, path, factories.evidence_file(too_big))

    assert response.status_code == 400
    assert response.json()["code"] == "evidence_too_large"
    assert not EvidenceFile.objects.exists()


@override_settings(EVIDENCE_MAX_BYTES=100)
def test_the_limit_is_a_setting(world):
    path = factories.make_path(world, state="active")

    with pytest.raises(ValidationError) as caught:
        evidence_upload(user=world.reporter, path=path, upload=factories.evidence_file(factories.PDF + b" " * 100))

    assert caught.value.code == "evidence_too_large"
    assert (
        evidence_upload(user=world.reporter, path=path, upload=factories.evidence_file(factories.PDF + b" " * 23)).size
        == 100
    )


def test_evidence_is_stored_under_a_random_name_outside_static_files(world):
    _path, evidence = factories.make_path_with_evidence(world)

    stored = Path(settings.MEDIA_ROOT) / "evidence" / evidence.storage_name
    assert stored.read_bytes() == factories.PDF
    assert "todistus" not in evidence.storage_name
    assert not str(stored).startswith(str(settings.STATIC_ROOT))
    # No URL serves the private files directory.
    assert _page(world.monitor).get(f"/{stored.relative_to(settings.MEDIA_ROOT)}").status_code == 404
    assert _page(world.monitor).get(f"/media/evidence/{evidence.storage_name}").status_code == 404


def test_another_providers_staff_cannot_upload_to_the_path(world):
    path = factories.make_path(world, state="active")

    response = _post(world, path, factories.evidence_file(), user=world.other_reporter)

    assert response.status_code == 404
    assert not EvidenceFile.objects.exists()


def test_the_city_does_not_upload_the_providers_evidence(world):
    path = factories.make_path(world, state="active")

    assert _post(world, path, factories.evidence_file(), user=world.social_worker).status_code == 403


# Download ---------------------------------------------------------------------------------------------------


def test_the_download_is_an_attachment_with_a_safe_name_and_no_sniffing(world):
    _path, evidence = factories.make_path_with_evidence(world)
    EvidenceFile.objects.filter(pk=evidence.pk).update(original_name='../../etc/"todistus" ä.exe')

    response = factories.api(world.social_worker).get(f"/api/v1/evidence/{evidence.pk}/download/")

    assert response.status_code == 200
    assert b"".join(cast(Any, response).streaming_content) == factories.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="todistus_a.pdf"' in disposition
    assert ".exe" not in disposition
    assert "/" not in disposition.split("filename=")[1]


def test_the_download_is_logged_with_the_client(world):
    _path, evidence = factories.make_path_with_evidence(world)

    response = _page(world.reporter).get(f"/evidence/{evidence.pk}/download/")

    assert response.status_code == 200
    [row] = ClientAccessLog.objects.filter(user=world.reporter, resource="page:evidence-download")
    assert (row.client_id, row.action, row.object_ref) == (
        world.order.client_id,
        AccessAction.DOWNLOAD,
        f"evidence:{evidence.pk}",
    )


def test_another_providers_evidence_is_404_and_logs_nothing(world):
    _path, evidence = factories.make_path_with_evidence(world)

    assert factories.api(world.other_reporter).get(f"/api/v1/evidence/{evidence.pk}/download/").status_code == 404
    assert _page(world.other_reporter).get(f"/evidence/{evidence.pk}/download/").status_code == 404
    assert not ClientAccessLog.objects.filter(user=world.other_reporter).exists()


def test_a_provider_whose_order_with_the_client_has_ended_no_longer_sees_the_evidence(world):
    order = factories.make_order(
        world.line, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 10, 31), worker=world.social_worker
    )
    _path, evidence = factories.make_path_with_evidence(world, order=order)
    # On 23 November the October report is past due: the provider no longer sees the order nor its evidence.

    assert factories.api(world.reporter).get(f"/api/v1/evidence/{evidence.pk}/download/").status_code == 404
    assert factories.api(world.monitor).get(f"/api/v1/evidence/{evidence.pk}/download/").status_code == 200


def test_a_social_worker_of_another_unit_gets_404(world):
    _path, evidence = factories.make_path_with_evidence(world)

    assert factories.api(world.other_unit_worker).get(f"/api/v1/evidence/{evidence.pk}/download/").status_code == 404


def test_an_anonymous_visitor_gets_nothing(world):
    _path, evidence = factories.make_path_with_evidence(world)

    assert factories.api().get(f"/api/v1/evidence/{evidence.pk}/download/").status_code in (401, 403)
    assert HttpClient().get(f"/evidence/{evidence.pk}/download/").status_code == 302
