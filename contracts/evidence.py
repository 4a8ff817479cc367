"""Evidence files: what their content says they are, and where they are kept.

A file is accepted by its first bytes (magic bytes), never by its name or the browser's content type: an
executable renamed to .pdf is still an executable. Files live under MEDIA_ROOT/evidence/ with random names;
MEDIA_ROOT is private (no URL serves it), so the only way to a file is the permission-checked download view.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_DIRECTORY = "evidence"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    magic: bytes


ACCEPTED = (
    FileKind("application/pdf", "pdf", b"%PDF-"),
    FileKind("image/png", "png", b"\x89PNG\r\n\x1a\n"),
    FileKind("image/jpeg", "jpg", b"\xff\xd8\xff"),
)
# Programs and scripts, named so that the refusal can say what the file really is.
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
HEAD_BYTES = 16


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def detect_kind(head: bytes) -> FileKind | None:
    """The accepted kind whose magic bytes the file starts with, or None."""
    for kind in ACCEPTED:
        if head.startswith(kind.magic):
            return kind
    return None


def looks_executable(head: bytes) -> bool:
    return head.startswith(EXECUTABLE_MAGIC)


def evidence_root() -> Path:
    return Path(settings.MEDIA_ROOT) / EVIDENCE_DIRECTORY


def storage_path(storage_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", storage_name):
        raise ValueError("not an evidence storage name")
    return evidence_root() / storage_name


def store(chunks: Iterable[bytes]) -> tuple[str, int, str]:
    """Write the chunks under a new random name; (storage name, size, sha256)."""
    root = evidence_root()
    root.mkdir(parents=True, exist_ok=True)
    storage_name = secrets.token_hex(16)
    digest = hashlib.sha256()
    size = 0
    with open(root / storage_name, "xb") as target:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return storage_name, size, digest.hexdigest()


def remove(storage_name: str) -> None:
    storage_path(storage_name).unlink(missing_ok=True)


def safe_filename(original_name: str, kind_extension: str) -> str:
    """A download name of plain letters, digits, dots, dashes and underscores, ending in the real type's
    extension (never the uploaded one)."""
    stem = Path(original_name.replace("\\", "/")).name.rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:80] or "evidence"
    return f"{stem}.{kind_extension}"


def extension_for(content_type: str) -> str:
    for kind in ACCEPTED:
        if kind.content_type == content_type:
            return kind.extension
    return "bin"
