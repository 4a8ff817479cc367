"""A portal served by real gunicorn processes, for the smoke tests: a database of its own, seeded by the
product's own commands, and a small HTTP client (standard library only) that signs in like a browser.

The database is a SQLite file, or, when the test run is on PostgreSQL, a fresh PostgreSQL database next to the
test database (dropped afterwards), so that the server runs on what the rest of the run tests.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import time_machine
from django.db import connection
from django_otp.oath import TOTP

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
DEMO_PASSWORD = "demo-salasana-testi"
# A Finnish personal identity code anywhere in a text: six digits of birth date, a century sign, four more.
IDENTITY_CODE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def postgres_url(database: str) -> str:
    """A URL for `database` on the PostgreSQL server of the test run."""
    settings = connection.settings_dict
    user = urllib.parse.quote(settings.get("USER") or "postgres")
    password = settings.get("PASSWORD") or ""
    credentials = f"{user}:{urllib.parse.quote(password)}" if password else user
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{database}"


def postgres_admin(sql: str) -> None:
    """Runs one statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction)."""
    import psycopg

    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(sql)


@contextlib.contextmanager
def fresh_database(directory: Path, suffix: str) -> Iterator[str]:
    """The DATABASE_URL of a new, empty database of the run's kind, removed afterwards."""
    if not on_postgres():
        yield f"sqlite:///{directory / f'{suffix}.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_{suffix}"[:63]
    postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    postgres_admin(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name)
    finally:
        postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def portal_environment(directory: Path, database_url: str) -> dict[str, str]:
    """Production settings (DEBUG off, JSON logs), except plain HTTP and cookies over loopback and no collectstatic."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_SECRET_KEY": "served-test-secret-key-not-for-production",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_COOKIES": "0",
            # The test speaks plain HTTP on loopback where production has the TLS proxy in front: no redirect
            # to https:// (the deploy check covers the production value).
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_STATIC_MANIFEST": "0",
            "DATABASE_URL": database_url,
            "PORTAL_PRIVATE_FILES": str(directory / "private"),
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return environment


def manage(environment: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def seed_small_demo(environment: dict[str, str]) -> None:
    manage(environment, "migrate", "--noinput")
    manage(environment, "seed_demo", "--providers", "2", "--clients", "12")


def shell(environment: dict[str, str], code: str) -> str:
    return manage(environment, "shell", "--no-imports", "-c", code)


@dataclass
class Gunicorn:
    """gunicorn with the repository's gunicorn.conf.py on a free loopback port, its logs kept in files."""

    environment: dict[str, str]
    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.directory / "gunicorn.out"

    @property
    def error_log(self) -> Path:
        return self.directory / "gunicorn.err"

    def start(self, *, timeout: float = 90) -> None:
        environment = {
            **self.environment,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
        }
        with self.access_log.open("wb") as out, self.error_log.open("wb") as err:
            self.process = subprocess.Popen(  # noqa: S603 (the virtualenv's gunicorn, fixed arguments)
                [str(GUNICORN), "--config", str(REPO / "gunicorn.conf.py"), "portal.wsgi"],
                cwd=REPO,
                env=environment,
                stdout=out,
                stderr=err,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.error_log.read_text()}")
            url = f"{self.base_url}/healthz"
            with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn did not answer in {timeout} s: {self.error_log.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_lines(self) -> list[dict[str, Any]]:
        """Every line gunicorn and the portal wrote, each a JSON object (a line that is not fails here)."""
        text = self.access_log.read_text() + self.error_log.read_text()
        return [json.loads(line) for line in text.splitlines() if line.strip()]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    """Cookies, CSRF and headers as a browser or a machine client sends them; no redirects followed."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect())

    def request(
        self, path: str, *, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(f"{self.base_url}{path}", data=body, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as answer:
                return Response(answer.status, dict(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers.items()), error.read())

    def sign_in(
        self, username: str, password: str = DEMO_PASSWORD, *, environment: dict[str, str] | None = None
    ) -> None:
        key = ""
        if environment is not None:
            key = shell(
                environment,
                "from django.contrib.auth import get_user_model; "
                "from django_otp.plugins.otp_totp.models import TOTPDevice; "
                f"user = get_user_model().objects.get(username={username!r}); "
                "device = TOTPDevice.objects.filter(user=user, confirmed=True).first() "
                "or TOTPDevice.objects.create(user=user, name='served test', confirmed=True); "
                "print(device.key)",
            ).strip()
        form = self.request("/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        assert match, "no CSRF token on the login page"
        answer = self.request(
            "/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": match[1].decode()},
            headers={"Referer": f"{self.base_url}/login/"},
        )
        assert answer.status == 302, f"signing in as {username} answered {answer.status}"
        if environment is not None:
            # A city user's second step, as their authenticator app (a confirmed TOTP device) answers it.
            assert "/login/verify/" in answer.headers.get("Location", ""), answer.headers.get("Location")
            form = self.request("/login/verify/")
            match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
            assert match, "no CSRF token on the second step's page"
            # The server runs on the real clock; the test process may be travelling in time.
            authenticator = TOTP(bytes.fromhex(key))
            if time_machine.escape_hatch.is_travelling():
                authenticator.time = time_machine.escape_hatch.time.time()
            code = f"{authenticator.token():06d}"
            answer = self.request(
                "/login/verify/",
                data={"code": code, "csrfmiddlewaretoken": match[1].decode()},
                headers={"Referer": f"{self.base_url}/login/verify/"},
            )
            assert answer.status == 302, f"the second step as {username} answered {answer.status}"
