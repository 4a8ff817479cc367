"""Bulk writes for the benchmarks' generators: PostgreSQL's COPY where it is there, plain batches elsewhere.

Why COPY: at national scale (about ten million attendance days) `executemany` in psycopg's pipeline mode writes
about 20,000 rows/s and `bulk_create` about 6,000 model rows/s on this machine (profiled: 51 s and 20 s of a 94 s
run at a tenth of the national size), while COPY moves the same rows in a fraction of that. COPY cannot hand
back the new rows' ids, so `insert_objects` reserves a block of ids from the table's sequence first and sets
them on the objects, exactly as `bulk_create` would. On SQLite (the tests, a quick local run) both fall back to
what the generator did before: `bulk_create` and `executemany`.

Like the generators, these write straight into the tables, NOT through the services.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

M = TypeVar("M")


def _postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write plain rows into `table`; the columns left out take their database default (e.g. the id)."""
    from django.db import connection

    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    written = 0
    with connection.cursor() as cursor:
        if _postgresql():
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        placeholders = ", ".join(["%s"] * len(columns))
        batch = list(rows)
        cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({placeholders})", batch)
        return len(batch)


def foreign_key_checks_off() -> None:
    """For the rest of the transaction, skip the foreign-key triggers (PostgreSQL, as a superuser only).

    The generators write rows whose references they have just made, so checking each of ten million rows'
    foreign keys one trigger call at a time only costs time. Outside PostgreSQL, or without the right, nothing
    changes.
    """
    from django.db import connection

    if not _postgresql():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def reserve_ids(table: str, count: int) -> range:
    """Take `count` consecutive ids from the table's id sequence (PostgreSQL only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
            [table, table, count],
        )
        last = int(cursor.fetchone()[0])
    return range(last - count + 1, last + 1)


def insert_objects(objects: Iterable[M], *, batch_size: int = 2000) -> list[M]:
    """Insert unsaved model instances of one model and return them with their ids set (like `bulk_create`)."""
    from django.db import connection

    items = list(objects)
    if not items:
        return items
    model: Any = type(items[0])
    if not _postgresql():
        return list(model.objects.bulk_create(items, batch_size=batch_size))
    meta = model._meta
    table = meta.db_table
    fields = list(meta.concrete_fields)
    for item, pk in zip(items, reserve_ids(table, len(items)), strict=True):
        setattr(item, meta.pk.attname, pk)
        item._state.adding = False  # type: ignore[attr-defined]
        item._state.db = connection.alias  # type: ignore[attr-defined]

    def rows() -> Iterable[list[Any]]:
        for item in items:
            yield [field.get_db_prep_save(field.pre_save(item, True), connection) for field in fields]

    insert_rows(table, [field.column for field in fields], rows())
    return items
