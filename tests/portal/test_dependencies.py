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
    "core": ("suppliers", "contracts", "reporting", "portal", "accounts"),
    "suppliers": ("contracts", "reporting", "portal", "accounts"),
    "contracts": ("reporting", "portal", "accounts"),
    "reporting": ("portal", "accounts"),
    # Signing in stands on suppliers (roles, providers) beside the domain apps; only the shell wires it.
    "accounts": ("contracts", "reporting", "portal"),
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


# The report core: what a report is, how it is written, read and validated. Payroll, the monitoring dashboards
# and the workbook are built on it; the core knows none of them.
REPORT_CORE = ("reporting/models.py", "reporting/services.py", "reporting/selectors.py", "reporting/validation")
REPORT_CORE_FORBIDDEN = ("reporting.payroll", "reporting.monitoring", "reporting.excel")


def _module_file(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function, relative imports resolved; for
    `from a import b` both `a` and `a.b` (b may be a submodule), and the packages above each."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return {".".join(name.split(".")[:depth]) for name in names for depth in range(1, name.count(".") + 2)}


def test_the_report_core_never_imports_payroll_monitoring_or_the_workbook():
    """Followed through every module of `reporting` the core imports, directly or through others."""
    start = [
        path
        for entry in REPORT_CORE
        for path in ((ROOT / entry).rglob("*.py") if (ROOT / entry).is_dir() else [ROOT / entry])
    ]
    reached_from: dict[str, str] = {_module_name(path): "" for path in start}
    queue = list(reached_from)
    offending = []
    while queue:
        module = queue.pop()
        path = _module_file(module)
        if path is None:
            continue
        for name in sorted(_imported_modules(path)):
            if not name.startswith("reporting.") or name in reached_from or _module_file(name) is None:
                continue
            reached_from[name] = module
            if any(name == room or name.startswith(f"{room}.") for room in REPORT_CORE_FORBIDDEN):
                chain = [name]
                while reached_from[chain[-1]]:
                    chain.append(reached_from[chain[-1]])
                offending.append(" <- ".join(chain))
            else:
                queue.append(name)

    assert offending == []
