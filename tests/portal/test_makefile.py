"""`make test` fails when pytest collects no test: a run that tested nothing must not pass.

The test target runs with a stand-in for the virtualenv's python that exits as pytest would, and with its
prerequisites (install, lint, typecheck) taken as done, so only the test recipe itself runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="needs make")


def _make_test(tmp_path: Path, pytest_exit: int) -> subprocess.CompletedProcess[str]:
    python = tmp_path / "python"
    python.write_text(f"#!/bin/sh\nexit {pytest_exit}\n")
    python.chmod(0o755)
    assert MAKE is not None
    return subprocess.run(  # noqa: S603 - a fixed program and arguments
        [MAKE, "--no-print-directory", "-o", "install", "-o", "lint", "-o", "typecheck", "test", f"BIN={tmp_path}"],
        cwd=ROOT,
        # Run from `make test` itself, the outer make's flags (a jobserver, variables) must not leak in.
        env={**os.environ, "MAKEFLAGS": "", "MAKELEVEL": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_make_test_fails_loudly_when_pytest_collects_no_test(tmp_path):
    result = _make_test(tmp_path, pytest_exit=5)

    assert result.returncode != 0
    assert "pytest collected no tests" in result.stderr


def test_make_test_passes_when_the_tests_pass(tmp_path):
    result = _make_test(tmp_path, pytest_exit=0)

    assert result.returncode == 0, result.stderr
    assert "collected no tests" not in result.stdout + result.stderr
