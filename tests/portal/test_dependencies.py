"""The apps depend one way: reporting may use contracts and suppliers, contracts may use suppliers, and never
the reverse (a contracts page that shows reporting's figures gets them through contracts.extensions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# app -> the apps it must never import
FORBIDDEN = {"suppliers": ("contracts", "reporting"), "contracts": ("reporting",)}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_never_imports_the_apps_that_build_on_it(app):
    offending = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / app).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN[app]
    )

    assert offending == []
