"""gunicorn's logger for the portal: JSON lines like the application's, with the request and user ids.

The access line names the method and the path only (never the query string, where a search term could be),
the status, the size and the time taken; the health probes are left out. The request id and user id come from
the WSGI environ, where `portal.request_log.RequestIdMiddleware` leaves them.
"""

from __future__ import annotations

import datetime
from typing import Any

from gunicorn import glogging
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from portal.env import env_bool, env_str
from portal.request_log import ENVIRON_REQUEST_ID, ENVIRON_USER_ID, QUIET_PATHS


def json_logs() -> bool:
    """The same choice as the settings' LOG_FORMAT, read before Django is set up."""
    return env_str("LOG_FORMAT", default="text" if env_bool("DJANGO_DEBUG") else "json") == "json"


class Logger(glogging.Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not json_logs():
            return
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(
                    JsonFormatter(["levelname", "name", "message"], timestamp=True, reserved_attrs=RESERVED_ATTRS)
                )

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: datetime.timedelta) -> None:
        if not self.access_log_enabled or environ.get("PATH_INFO") in QUIET_PATHS:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        fields = {
            "request_id": environ.get(ENVIRON_REQUEST_ID),
            "user_id": environ.get(ENVIRON_USER_ID),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
        }
        atoms = self.atoms_wrapper_class(self.atoms(resp, req, environ, request_time))
        try:
            self.access_log.info(self.cfg.access_log_format, atoms, extra=fields)
        except Exception:
            self.error_log.exception("could not write the access log line")


__all__ = ["Logger", "json_logs"]
