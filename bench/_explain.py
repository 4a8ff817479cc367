"""The plans of the month-end requests' slow queries, on data bench/_national.py made (PostgreSQL).

Requests the month-end mix sends (bench/_load_users.py: a reporter's list, report page, entries, one entry,
validation, workbook; a monitor's review queue and dashboards) go through Django's test client in this process,
every SQL statement is captured, and each SELECT is run again under EXPLAIN (ANALYZE, BUFFERS); those whose
execution in the server took --min-ms or more are printed with their plan. It is how the indexes in the
migrations were chosen: run it before and after an index, compare. Validation writes findings, so this changes
the busiest provider's 2026-10 report.

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
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a server setting to try, e.g. work_mem=32MB"
    )
    args = parser.parse_args()
    django_setup(args.database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    reporter, monitor, report, entry = _users()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        for setting in args.set:
            name, value = setting.split("=", 1)
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
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
        # Chosen by the server's own execution time, not the wall time seen here: on a busy machine a 0.03 ms
        # lookup can take 30 ms to come back.
        for query in queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = [row[0] for row in cursor.fetchall()]
            executed = float(plan[-1].split(":")[1].split()[0]) if plan[-1].startswith("Execution Time") else 0.0
            if executed >= args.min_ms:
                print(f"\n--- {executed:.1f} ms in the server: {query['sql'][:1500]}")
                print("\n".join(plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())
