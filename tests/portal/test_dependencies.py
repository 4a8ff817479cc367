"""The layers depend one way, downwards: the shell `portal` wires the apps; reporting may use contracts and
suppliers, contracts may use suppliers; all of them may use the kernel `core`, which imports no app. Nothing
imports the shell (a contracts page that shows reporting's figures gets them through contracts.extensions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# package -> the top-level packages it must never import
FORBIDDEN = {
    "core": ("suppliers", "contracts", "reporting", "portal"),
    "suppliers": ("contracts", "reporting", "portal"),
    "contracts": ("reporting", "portal"),
    "reporting": ("portal",),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_never_imports_the_layers_that_build_on_it(package):
    offending = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN[package]
    )

    assert offending == []
