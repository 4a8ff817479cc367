"""The month-end rush as locust users, run by bench/load in a process of its own (locust patches the standard
library with gevent, so it never shares a process with Django).

Provider reporters, each on their own provider's month (2026-10) as a person at month end would: list the
reports, open the report page, list and open entries, edit one (with the version read), validate, download the
workbook and upload it back, submit; a submitted report waits for the city. Contract monitors: the review queue
(page and API), each dashboard page, and returning the submitted reports of the month (so the providers' work goes
on). Every request is named by its kind, which is how the figures are grouped.

Providers write through the API with their tokens (no CSRF: the machine clients' way in) and read pages with
the session cookie made for them in the set-up; monitors read pages and use the API with their session cookie
plus a CSRF token pair (the cookie and the header), as the browser's forms do.

  python -m bench._load_users --host http://127.0.0.1:8765 --actors actors.json --users 200 --run-time 60 \
      --result result.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, User, between, events, task
from locust.env import Environment

ACTORS: dict[str, Any] = {}
PERIOD = "2026-10"
WINDOW = "from=2025-11&to=2026-10"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A business answer that is not a failure: a refusal the user is meant to read (findings, a state change
# someone else made first). Counted per kind as "refused", never as an error.
EXPECTED_REFUSALS = {400, 409}


def _multipart(filename: str, content: bytes, content_type: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


REFUSED: dict[str, int] = {}
_NEXT_PROVIDER = itertools.count()


def _refused(kind: str) -> None:
    REFUSED[kind] = REFUSED.get(kind, 0) + 1


class ProviderReporter(FastHttpUser):
    """A provider's reporter finishing the month's report."""

    weight = 9
    wait_time = between(1, 5)

    def on_start(self) -> None:
        pool = ACTORS["providers"]
        self.me = pool[next(_NEXT_PROVIDER) % len(pool)]  # each reporter on a provider of their own
        self.api = {"Authorization": f"Token {self.me['token']}", "Accept-Language": "fi"}
        self.page = {"Cookie": f"sessionid={self.me['session']}", "Accept-Language": "fi"}
        self.report = self.me["report"]
        self.state = "draft"
        self.entries: list[dict[str, Any]] = []

    def _read_report(self) -> None:
        with self.client.get(
            f"/api/v1/reports/{self.report}/", headers=self.api, name="provider: report (API)", catch_response=True
        ) as response:
            if response.status_code == 200:
                self.state = response.json()["state"]

    @task(3)
    def list_reports(self) -> None:
        self.client.get(f"/api/v1/reports/?period={PERIOD}", headers=self.api, name="provider: list reports (API)")

    @task(2)
    def report_page(self) -> None:
        self.client.get(f"/reports/{self.report}/", headers=self.page, name="provider: report page")

    @task(2)
    def list_entries(self) -> None:
        response = self.client.get(
            f"/api/v1/reports/{self.report}/entries/", headers=self.api, name="provider: list entries (API)"
        )
        if response.status_code == 200:
            self.entries = [{"id": row["id"], "version": row["version"]} for row in response.json()]

    @task(4)
    def edit_entry(self) -> None:
        if self.state not in ("draft", "returned"):
            self._read_report()
            return
        if not self.entries:
            self.list_entries()
            if not self.entries:
                return
        entry = random.choice(self.entries)
        url = f"/api/v1/reports/{self.report}/entries/{entry['id']}/"
        opened = self.client.get(url, headers=self.api, name="provider: open entry (API)")
        if opened.status_code != 200:
            return
        version = opened.json()["version"]
        with self.client.request(
            "PATCH",
            url,
            headers=self.api,
            json={"version": version, "notes": f"Tarkistettu {time.strftime('%H:%M:%S')}."},
            name="provider: edit entry (API)",
            catch_response=True,
        ) as response:
            if response.status_code in EXPECTED_REFUSALS:
                response.success()
                _refused("provider: edit entry (API)")
                self._read_report()

    @task(2)
    def validate(self) -> None:
        if self.state not in ("draft", "returned"):
            self._read_report()
            return
        with self.client.post(
            f"/api/v1/reports/{self.report}/validate/",
            headers=self.api,
            name="provider: validate (API)",
            catch_response=True,
        ) as response:
            if response.status_code in EXPECTED_REFUSALS:
                response.success()
                _refused("provider: validate (API)")
                self._read_report()

    @task(1)
    def workbook(self) -> None:
        if self.state not in ("draft", "returned"):
            self._read_report()
            return
        download = self.client.get(
            f"/api/v1/reports/{self.report}/template.xlsx", headers=self.api, name="provider: download workbook"
        )
        if download.status_code != 200:
            return
        body, content_type = _multipart("raportti.xlsx", download.content, XLSX)
        with self.client.post(
            f"/api/v1/reports/{self.report}/upload/",
            data=body,  # type: ignore[arg-type]  # bytes are sent as they are; the stub says str
            headers={**self.api, "Content-Type": content_type},
            name="provider: upload workbook",
            catch_response=True,
        ) as response:
            if response.status_code in EXPECTED_REFUSALS:
                response.success()
                _refused("provider: upload workbook")
                self._read_report()

    @task(1)
    def submit(self) -> None:
        if self.state not in ("draft", "returned"):
            self._read_report()
            return
        with self.client.post(
            f"/api/v1/reports/{self.report}/submit/",
            headers=self.api,
            name="provider: submit (API)",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                self.state = response.json()["state"]
            elif response.status_code in EXPECTED_REFUSALS:
                response.success()
                _refused("provider: submit (API)")
                self._read_report()


class ContractMonitor(FastHttpUser):
    """A contract monitor on the review queue and the dashboards at month end."""

    weight = 1
    wait_time = between(2, 8)

    def on_start(self) -> None:
        self.me = random.choice(ACTORS["monitors"])
        self.csrf = uuid.uuid4().hex  # 32 characters: a valid unmasked CSRF secret for cookie and header alike
        cookies = f"sessionid={self.me['session']}; csrftoken={self.csrf}"
        self.page = {"Cookie": cookies, "Accept-Language": "fi"}
        self.api = {**self.page, "X-CSRFToken": self.csrf, "Referer": f"{self.host}/"}
        self.load_reports = set(ACTORS["reports"])

    @task(3)
    def review_queue_page(self) -> None:
        self.client.get("/monitoring/review/", headers=self.page, name="city: review queue page")

    @task(2)
    def return_one(self) -> None:
        """From the queue (API), return one of the month's submitted reports to its provider."""
        queue = self.client.get("/api/v1/monitoring/review-queue/", headers=self.api, name="city: review queue (API)")
        if queue.status_code != 200:
            return
        body = queue.json()
        rows = body.get("results", body) if isinstance(body, dict) else body
        ids = [row["id"] for row in rows if isinstance(row, dict) and row.get("id") in self.load_reports]
        if not ids:
            return
        report = random.choice(ids)
        detail = self.client.get(f"/api/v1/reports/{report}/", headers=self.api, name="city: report (API)")
        if detail.status_code != 200 or detail.json().get("state") != "submitted":
            return
        with self.client.post(
            f"/api/v1/reports/{report}/return/",
            headers=self.api,
            json={"version": detail.json()["version"], "comment": "Tarkistakaa läsnäolot."},
            name="city: return report (API)",
            catch_response=True,
        ) as response:
            if response.status_code in EXPECTED_REFUSALS:
                response.success()
                _refused("city: return report (API)")

    @task(1)
    def completeness(self) -> None:
        self.client.get(f"/monitoring/completeness/?{WINDOW}", headers=self.page, name="city: completeness page")

    @task(1)
    def money(self) -> None:
        self.client.get(f"/monitoring/money/?{WINDOW}", headers=self.page, name="city: money page")

    @task(1)
    def budget(self) -> None:
        self.client.get("/monitoring/budget/?year=2026", headers=self.page, name="city: budget page")

    @task(1)
    def outcomes(self) -> None:
        self.client.get(f"/monitoring/outcomes/?{WINDOW}", headers=self.page, name="city: outcomes page")

    @task(1)
    def anomalies(self) -> None:
        self.client.get(f"/monitoring/anomalies/?{WINDOW}", headers=self.page, name="city: anomalies page")


def _percentile(entry: Any, share: float) -> float:
    return float(entry.get_response_time_percentile(share) or 0)


def run(*, host: str, users: int, spawn_rate: float, run_time: float, city_share: float) -> dict[str, Any]:
    """Ramp up to `users`, keep them for `run_time` seconds after the ramp, and return the figures per kind."""
    failures: dict[str, list[str]] = {}

    @events.request.add_listener
    def _failed(name: str, exception: Any = None, response: Any = None, **_kwargs: Any) -> None:
        if exception is not None:
            status = getattr(response, "status_code", "")
            failures.setdefault(name, []).append(f"{status} {str(exception)[:160]}")

    classes: list[type[User]] = [ProviderReporter]
    if city_share > 0:
        ProviderReporter.weight, ContractMonitor.weight = round((1 - city_share) * 100), round(city_share * 100)
        classes.append(ContractMonitor)
    env = Environment(user_classes=classes, host=host, events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=spawn_rate)
    ramp = users / spawn_rate
    gevent.sleep(ramp)
    env.stats.reset_all()  # measure the steady month-end load, not the ramp
    REFUSED.clear()
    failures.clear()
    began = time.monotonic()
    gevent.sleep(run_time)
    elapsed = time.monotonic() - began
    kinds = []
    for (name, method), entry in sorted(env.stats.entries.items()):
        kinds.append(
            {
                "kind": name,
                "method": method,
                "requests": entry.num_requests,
                "rps": entry.num_requests / elapsed,
                "p50": _percentile(entry, 0.50),
                "p95": _percentile(entry, 0.95),
                "p99": _percentile(entry, 0.99),
                "max": float(entry.max_response_time or 0),
                "errors": entry.num_failures,
                "refused": REFUSED.get(name, 0),
            }
        )
    total = env.stats.total
    result = {
        "users": users,
        "seconds": elapsed,
        "kinds": kinds,
        "total": {
            "requests": total.num_requests,
            "rps": total.num_requests / elapsed,
            "p50": _percentile(total, 0.50),
            "p95": _percentile(total, 0.95),
            "p99": _percentile(total, 0.99),
            "max": float(total.max_response_time or 0),
            "errors": total.num_failures,
            "refused": sum(REFUSED.values()),
        },
        "failures": {name: messages[:5] for name, messages in failures.items()},
    }
    runner.quit()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description="The month-end mix against a running portal (see bench/load).")
    parser.add_argument("--host", required=True)
    parser.add_argument("--actors", required=True, type=Path, help="the JSON the set-up wrote (tokens, sessions)")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=20.0)
    parser.add_argument("--run-time", type=float, default=60.0)
    parser.add_argument("--city-share", type=float, default=0.1, help="share of users who are monitors (0.1)")
    parser.add_argument("--result", required=True, type=Path)
    args = parser.parse_args()
    ACTORS.update(json.loads(args.actors.read_text()))
    result = run(
        host=args.host, users=args.users, spawn_rate=args.spawn_rate, run_time=args.run_time, city_share=args.city_share
    )
    args.result.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
