"""Planner statistics after a bulk load.

PostgreSQL plans each query from table statistics that ANALYZE (or autovacuum, some time later) gathers. Right
after tens of thousands of rows arrive at once, a table has none, and the planner guesses: validation's
unit-budget query took about 1.2 s a report instead of 45 ms until ANALYZE ran. Whatever loads data in bulk
(the demo seed, the benchmarks' generators, a national import) calls `analyze()` when it is done; in production
autovacuum keeps statistics current for ordinary traffic (README, Production: autovacuum settings).
"""

from __future__ import annotations

from django.db import connections


def analyze(using: str = "default") -> None:
    """ANALYZE the whole database (PostgreSQL: seconds for millions of rows; SQLite: its sqlite_stat1 table)."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
