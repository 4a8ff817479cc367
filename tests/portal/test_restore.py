"""Backup and restore as the README documents them: pg_dump a seeded database, pg_restore it into a fresh one,
and the restored portal has every row and answers a signed-in page and a token API call."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.portal.served import (
    Browser,
    Gunicorn,
    fresh_database,
    manage,
    portal_environment,
    seed_small_demo,
)

pytestmark = [pytest.mark.postgres, pytest.mark.server]


def client_tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: install PostgreSQL's client tools (Debian: postgresql-client)"
    return path


def run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stderr}"


def row_counts(database_url: str) -> dict[str, int]:
    """Every table of the public schema and its number of rows."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        ]
        return {
            # Names from the catalogue itself, quoted.
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]  # noqa: S608
            for table in tables
        }


def test_a_dump_restored_into_a_fresh_database_has_every_row_and_serves_pages_and_the_api(tmp_path: Path) -> None:
    dump = tmp_path / "portal.dump"
    with fresh_database(tmp_path, "restore_source") as source_url:
        source = portal_environment(tmp_path, source_url)
        seed_small_demo(source)
        # Issued before the dump: a machine client's token must work against the restored database too.
        token = manage(source, "issue_api_token", "valvoja", "--name", "restore test").strip()
        run(
            client_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={dump}",
            source_url,
        )
        before = row_counts(source_url)

    with fresh_database(tmp_path, "restore_target") as target_url:
        run(
            client_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={target_url}",
            str(dump),
        )
        after = row_counts(target_url)
        restored = portal_environment(tmp_path, target_url)
        manage(restored, "migrate", "--check")

        server = Gunicorn(restored, tmp_path)
        server.start()
        try:
            browser = Browser(server.base_url)
            browser.sign_in("valvoja", environment=restored)
            page = browser.request("/service-orders/")
            api = browser.request("/api/v1/service-orders/", headers={"Authorization": f"Token {token}"})
        finally:
            server.stop()

    assert before["suppliers_client"] == 12
    assert before["reporting_report"] > 0
    assert after == before
    assert page.status == 200
    assert b"SOS-2019-" in page.body
    assert api.status == 200
    assert json.loads(api.body)["count"] == 12
