"""Role names live in one place, `suppliers/roles.py`: the code asks the apps' permission predicates (or
`suppliers.roles.Role`), never a role spelled as a string, so renaming or splitting a role is one edit.

Migrations are left out: they freeze the choices and constraints of their day and must not follow a rename.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from suppliers.roles import Role

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "suppliers", "contracts", "reporting", "portal")
ROLES_MODULE = ROOT / "suppliers" / "roles.py"
_NAMES = "|".join(re.escape(role) for role in Role.values)
TEMPLATE_NAME = re.compile(rf"""["']({_NAMES})["']""")


def _python_files() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts and path != ROLES_MODULE
    ]


def _role_literals(source: str, name: str) -> list[str]:
    """Every string constant that is exactly a role name, as `name:line: 'role'`."""
    return [
        f"{name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(ast.parse(source, filename=name))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in Role.values
    ]


def test_no_module_spells_a_role_name_outside_the_roles_module():
    files = _python_files()
    assert len(files) > 50  # the walk found the apps

    offending = [
        literal
        for path in files
        for literal in _role_literals(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]

    assert offending == [], "use suppliers.roles.Role or a permissions predicate:\n" + "\n".join(offending)


def test_no_template_spells_a_role_name():
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert templates

    offending = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)}"
        for path in templates
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in TEMPLATE_NAME.finditer(line)
    ]

    assert offending == [], "ask a predicate through the context (`may.…`):\n" + "\n".join(offending)


def test_the_walk_would_find_a_role_name():
    assert _role_literals('if actor.has_role("contract_monitor"):\n    pass\n', "sample.py") == [
        "sample.py:1: 'contract_monitor'"
    ]
    assert TEMPLATE_NAME.search('{% if "payroll_clerk" in actor.roles %}')
