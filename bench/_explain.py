"""The plans of the month-end requests' slow queries, on data bench/_national.py made (PostgreSQL).

Requests the month-end mix sends (bench/_load_users.py: a reporter's list, report page, entries, one entry,
validation, workbook; a monitor's review queue and dashboards) go through Django's test client in this process,
every SQL statement is captured, and each SELECT slower than --min-ms is run again under EXPLAIN (ANALYZE,
BUFFERS) and printed with its plan. It is how the indexes in the migrations were chosen: run it before and after
an index, compare. Validation writes findings, so this changes the busiest provider's 2026-10 report.

  .venv/bin/python -m bench._explain --database-url postgres://postgres@127.0.0.1:5432/portal_national
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WINDOW = "from=2025-11&to=2026-10"


def paths(report: int, entry: int) -> list[tuple[str, str, str, str]]:
    """(kind, who, method, url) of the requests explained."""
    return [
        ("provider: list reports (API)", "reporter", "GET", "/api/v1/reports/?period=2026-10"),
        ("provider: report page", "reporter", "GET", f"/reports/{report}/"),
        ("provider: list entries (API)", "reporter", "GET", f"/api/v1/reports/{report}/entries/"),
        ("provider: open entry (API)", "reporter", "GET", f"/api/v1/reports/{report}/entries/{entry}/"),
        ("provider: validate (API)", "reporter", "POST", f"/api/v1/reports/{report}/validate/"),
        ("provider: download workbook", "reporter", "GET", f"/api/v1/reports/{report}/template.xlsx"),
        ("city: review queue page", "monitor", "GET", "/monitoring/review/"),
        ("city: review queue (API)", "monitor", "GET", "/api/v1/monitoring/review-queue/"),
        ("city: completeness page", "monitor", "GET", f"/monitoring/completeness/?{WINDOW}"),
        ("city: money page", "monitor", "GET", f"/monitoring/money/?{WINDOW}"),
        ("city: budget page", "monitor", "GET", "/monitoring/budget/?year=2026"),
        ("city: outcomes page", "monitor", "GET", f"/monitoring/outcomes/?{WINDOW}"),
        ("city: anomalies page", "monitor", "GET", f"/monitoring/anomalies/?{WINDOW}"),
    ]


def _users() -> tuple[Any, Any, int, int]:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from reporting.models import Report
    from suppliers.roles import Role
    from suppliers.services import provider_membership_create, user_role_assign

    report = (
        Report.objects.filter(period="2026-10", is_current=True)
        .annotate(n=Count("entries"))
        .order_by("-n", "pk")
        .select_related("provider")
        .first()
    )
    assert report is not None, "no 2026-10 reports: fill the database with bench/_national.py first"
    Report.objects.filter(pk=report.pk).update(state="draft")
    user_model = get_user_model()
    reporter, _ = user_model.objects.get_or_create(username="explain-reporter")
    provider_membership_create(provider=report.provider, user=reporter, role=Role.PROVIDER_REPORTER)
    monitor, _ = user_model.objects.get_or_create(username="explain-monitor")
    user_role_assign(user=monitor, role=Role.CONTRACT_MONITOR)
    entry = report.entries.order_by("pk").values_list("pk", flat=True).first()
    return reporter, monitor, report.pk, int(entry or 0)


def main() -> int:
    from bench._common import django_setup

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database bench/_national.py filled")
    parser.add_argument("--min-ms", type=float, default=20.0, help="explain SELECTs slower than this (20 ms)")
    parser.add_argument("--only", help="explain only the kinds containing this text")
    args = parser.parse_args()
    django_setup(args.database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    reporter, monitor, report, entry = _users()
    clients = {"reporter": Client(HTTP_ACCEPT_LANGUAGE="fi"), "monitor": Client(HTTP_ACCEPT_LANGUAGE="fi")}
    clients["reporter"].force_login(reporter)
    clients["monitor"].force_login(monitor)
    for kind, who, method, url in paths(report, entry):
        if args.only and args.only not in kind:
            continue
        client = clients[who]
        client.get(url) if method == "GET" else client.post(url)  # warm: the first request pays for imports
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url) if method == "GET" else client.post(url)
            seconds = time.perf_counter() - began
        queries = captured.captured_queries
        database = sum(float(query["time"]) for query in queries)
        print(
            f"\n=== {kind}: {method} {url} → {response.status_code}, {seconds * 1000:.0f} ms, "
            f"{len(queries)} queries, {database * 1000:.0f} ms in the database"
        )
        for query in sorted(queries, key=lambda q: -float(q["time"])):
            if float(query["time"]) * 1000 < args.min_ms or not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            print(f"\n--- {float(query['time']) * 1000:.0f} ms: {query['sql'][:1500]}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
