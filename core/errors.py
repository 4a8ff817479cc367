"""Domain errors that services raise; one handler (portal.api.exception_handler) turns them into JSON."""

from typing import Any


class DomainError(Exception):
    status_code = 400
    default_code = "domain_error"

    def __init__(self, detail: Any, *, code: str | None = None) -> None:
        super().__init__(str(detail))
        self.detail = detail
        self.code = code or self.default_code


class ConflictError(DomainError):
    """The row changed since the caller read it (a stale version), or the state forbids the change."""

    status_code = 409
    default_code = "conflict"
