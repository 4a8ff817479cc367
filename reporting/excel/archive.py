"""Checks on an uploaded file before any parser sees it.

An .xlsx is a zip archive of XML. Neither openpyxl nor python-calamine bounds what it inflates, so a small
file can expand to gigabytes (a zip bomb). Here: the size of the upload, the magic bytes (a renamed
executable, an old binary .xls or an encrypted workbook are named as such), the number of members, and each
member's declared and actual inflated size and its compression ratio, read as a stream with a cap.
The XML itself is parsed later with defusedxml (entity expansion) or by calamine (which does not expand
entities).
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import DomainError

if TYPE_CHECKING:
    from reporting.validation.presenter import FindingRow

MAX_MEMBERS = 100
MAX_INFLATED_BYTES = 400 * 1024 * 1024  # all members together; a 2,000-client month inflates to about 40 MB
MAX_RATIO = 200  # inflated / compressed per member; real sheets stay well under 100
CHUNK = 1024 * 1024
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")


class UploadRefused(DomainError):
    """The file is refused as a whole: nothing in it was applied."""

    status_code = 400
    default_code = "upload_refused"

    def __init__(self, detail: str, *, code: str, findings: list[FindingRow] | None = None) -> None:
        super().__init__(detail, code=code)
        self.findings = findings or []


def upload_max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", settings.FILE_UPLOAD_MAX_MEMORY_SIZE))


def size_check(size: int) -> None:
    limit = upload_max_bytes()
    if size > limit:
        raise UploadRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.1f}"},
            code="file_too_large",
        )


def archive_check(data: bytes) -> zipfile.ZipFile:
    """The upload as an open zip archive, or UploadRefused saying what the file is instead."""
    size_check(len(data))
    if not data:
        raise UploadRefused(_("The file is empty."), code="not_xlsx")
    head = data[:8]
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head[:4] in (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf"):
        raise UploadRefused(
            _("The file is a program, not a workbook. Upload the report's .xlsx workbook."), code="executable"
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadRefused(
            _(
                "The file is an old .xls workbook or a password-protected one. Save it as an .xlsx workbook "
                "without a password and upload it again."
            ),
            code="not_xlsx",
        )
    if not head.startswith(b"PK\x03\x04"):
        raise UploadRefused(_("The file is not an .xlsx workbook."), code="not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UploadRefused(_("The file is damaged or not an .xlsx workbook."), code="not_xlsx") from exc
    names = {member.filename for member in members}
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(
            _("The file holds %(count)d parts; a workbook has far fewer. It was not opened.") % {"count": len(members)},
            code="zip_bomb",
        )
    if not all(name in names for name in REQUIRED_MEMBERS):
        raise UploadRefused(_("The file is a zip archive but not an .xlsx workbook."), code="not_xlsx")
    declared = sum(member.file_size for member in members)
    if declared > MAX_INFLATED_BYTES:
        raise UploadRefused(_bomb_message(), code="zip_bomb")
    for member in members:
        if member.flag_bits & 0x1:
            raise UploadRefused(
                _("The workbook is encrypted. Save it without a password and upload it again."), code="not_xlsx"
            )
        if member.file_size > MAX_RATIO * max(member.compress_size, 1) and member.file_size > CHUNK:
            raise UploadRefused(_bomb_message(), code="zip_bomb")
    _inflate_within_limits(archive, members)
    return archive


def _bomb_message() -> str:
    return _("The file expands to far more data than a workbook holds (a compressed bomb?). It was not opened.")


def _inflate_within_limits(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Inflate every member as a stream and stop at its declared size: headers can lie about it."""
    total = 0
    for member in members:
        seen = 0
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    seen += len(chunk)
                    total += len(chunk)
                    if seen > member.file_size or total > MAX_INFLATED_BYTES:
                        raise UploadRefused(_bomb_message(), code="zip_bomb")
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise UploadRefused(_("The file is damaged or not an .xlsx workbook."), code="not_xlsx") from exc
