"""Shared set-up for the benchmark scripts: a database of their own, Django configured, a plain table.

A benchmark never touches the developer's database: without --database-url it works in a fresh SQLite file
in a temporary directory that is removed afterwards; with one (e.g. PostgreSQL) the database must be empty.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production"  # noqa: S105 - bench only


@contextlib.contextmanager
def bench_database(database_url: str | None) -> Iterator[str]:
    """Yield the DATABASE_URL to use: the given one, or a throwaway SQLite file removed on exit."""
    if database_url:
        yield database_url
        return
    directory = tempfile.mkdtemp(prefix="portal-bench-")
    try:
        yield f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def django_setup(database_url: str) -> None:
    """Configure Django for a benchmark: production settings (DEBUG off), the bench's own database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    # DEBUG would log every query and distort the measure; the key is only needed because DEBUG is off.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", BENCH_SECRET_KEY)
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return connection.vendor


def table(rows: Sequence[Sequence[object]], *, header: Sequence[str] | None = None) -> str:
    """A plain-text table: the first column left-aligned, the others right-aligned."""
    all_rows = [list(map(str, header))] if header else []
    all_rows += [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in all_rows if i < len(row)) for i in range(max(map(len, all_rows)))]
    lines = []
    for index, row in enumerate(all_rows):
        cells = [cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if header and index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)
