from __future__ import annotations

from typing import Any

from django.http import FileResponse

from reporting.models import PayrollBatch, PayrollLine
from reporting.payroll.permissions import require_payroll_clerk
from reporting.payroll.services import payroll_file_path
from suppliers.access import actor_for
from suppliers.models import AccessAction
from suppliers.services import client_access_record

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def payroll_file_response(*, user: Any, batch: PayrollBatch, kind: str, resource: str) -> FileResponse:
    """Stream the stored file and log the download for every client in it (full identity codes leave here)."""
    require_payroll_clerk(actor_for(user))
    client_ids = PayrollLine.objects.filter(batch=batch).values_list("service_order__client_id", flat=True).distinct()
    client_access_record(
        user=user,
        client_ids=list(client_ids),
        action=AccessAction.DOWNLOAD,
        resource=resource,
        object_ref=f"payroll_batch:{batch.pk}",
        purpose="payroll",
    )
    path = payroll_file_path(batch, kind)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"tyoosuusraha-{batch.period}-era-{batch.pk}.{kind}",
        content_type=CONTENT_TYPES[kind],
    )
    response["X-Content-SHA256"] = batch.xlsx_sha256 if kind == "xlsx" else batch.csv_sha256
    return response
