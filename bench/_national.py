"""The whole country's data, for the load and scale benchmarks: 2,000 providers, 100,000 clients, 24 months.

`national(scale=1.0)` writes, through bench/_monitoring_data.generate (COPY on PostgreSQL, see bench/_bulk.py),
2,000 × scale providers with one contract each and 100,000 × scale clients with one service order each over
the 24 months up to 2026-10: a report per contract and month, their entries, attendance days, goal progress,
findings, quality-of-life assessments, employment paths and the ordering units' budgets. Then it runs ANALYZE,
so the planner has statistics as a live database would (without them validation's budget query once chose a
plan 25× slower), and returns the row counts and the seconds taken.

The scale is one number: 0.01, 0.1 and 1 are a hundredth, a tenth and the whole country; 10 is ten countries.
Run alone it fills an EMPTY database you name and prints what it wrote, e.g. to explain queries by hand:

  psql -h 127.0.0.1 -U postgres -c 'create database portal_national'
  .venv/bin/python -m bench._national --scale 1 --database-url postgres://postgres@127.0.0.1:5432/portal_national
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PROVIDERS, CLIENTS, MONTHS, LAST = 2000, 100_000, 24, "2026-10"


def sizes(scale: float) -> tuple[int, int]:
    """(providers, clients) at a scale: at least one provider with one client."""
    providers = max(1, round(PROVIDERS * scale))
    return providers, max(providers, round(CLIENTS * scale))


def analyze() -> float:
    """Fresh planner statistics for every table (PostgreSQL ANALYZE, SQLite ANALYZE); returns the seconds."""
    from django.db import connection

    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - began


def national(*, scale: float = 1.0, months: int = MONTHS, seed: int = 1) -> tuple[dict[str, int], float]:
    """Write the data at `scale` into the configured (empty, migrated) database; (row counts, seconds)."""
    from bench._monitoring_data import generate

    providers, clients = sizes(scale)
    began = time.perf_counter()
    counts = generate(providers=providers, orders=clients, last=LAST, months=months, seed=seed)
    analyze()
    return counts, time.perf_counter() - began


def describe(counts: dict[str, int], seconds: float) -> str:
    rows = sum(counts.values())
    return (
        f"Wrote {rows:,} rows in {seconds:.1f} s ({rows / max(seconds, 1e-9):,.0f} rows/s), ANALYZE included:\n  "
        + ", ".join(f"{value:,} {name}" for name, value in counts.items())
    )


def main() -> int:
    from bench._common import database_label, django_setup

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the whole country (default); 0.1 a tenth")
    parser.add_argument("--months", type=int, default=MONTHS, help=f"months up to {LAST} (default {MONTHS})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", required=True, help="an EMPTY database, e.g. postgres://…")
    args = parser.parse_args()
    if args.scale <= 0 or not 1 <= args.months <= 120:
        parser.error("the scale must be positive and the months 1–120")
    django_setup(args.database_url)
    from django.core.management import call_command

    from suppliers.models import Provider

    call_command("migrate", verbosity=0, interactive=False)
    if Provider.objects.exists():
        print("The database already holds providers; give it an empty one.", file=sys.stderr)
        return 2
    providers, clients = sizes(args.scale)
    print(f"{database_label()}: {providers:,} providers, {clients:,} clients, {args.months} months up to {LAST}")
    counts, seconds = national(scale=args.scale, months=args.months, seed=args.seed)
    print(describe(counts, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
