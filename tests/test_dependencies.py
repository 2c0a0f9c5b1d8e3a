"""Dependencies as used: every third-party import in the package is a declared dependency, and
every declared runtime dependency is used by the package."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "reliability"
pytestmark = pytest.mark.skipif(
    not (REPO / "pyproject.toml").is_file(), reason="runs against the source checkout only"
)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


DEVELOPMENT_EXTRAS = frozenset({"test", "lint", "docs"})
"""Extras for working on the project, not features of the package."""


def _project() -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - 3.10
        import tomli as tomllib
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]


def _names(requirements: list[str]) -> set[str]:
    return {_normalise(re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0]) for req in requirements}


def declared() -> set[str]:
    """The distributions `[project].dependencies` names."""
    return _names(_project()["dependencies"])


def declared_optional() -> set[str]:
    """The distributions the package's optional feature extras name (pandas, sklearn …)."""
    extras = _project().get("optional-dependencies", {})
    return set().union(
        *(_names(reqs) for name, reqs in extras.items() if name not in DEVELOPMENT_EXTRAS)
    )


def used_modules() -> dict[str, str]:
    """Top-level modules the package imports, or locates with find_spec, → a file using it."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "find_spec"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names = [str(node.args[0].value)]
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return found


def third_party() -> dict[str, str]:
    """Used modules that are neither the standard library nor this package."""
    return {
        m: where
        for m, where in used_modules().items()
        if m not in sys.stdlib_module_names and m not in ("reliability", "__future__")
    }


def test_every_import_is_declared():
    """Each third-party module the package imports belongs to a declared dependency, or to an
    optional extra of the module's feature (imported only when that feature is used)."""
    owners = packages_distributions()
    deps = declared() | declared_optional()
    missing = {
        m: where
        for m, where in third_party().items()
        if not {_normalise(d) for d in owners.get(m, [m])} & deps
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_every_declared_dependency_is_used():
    """Each declared runtime dependency is imported (or located) somewhere in the package."""
    owners = packages_distributions()
    used = {_normalise(d) for m in third_party() for d in owners.get(m, [m])}
    unused = declared() - used
    # nltk is declared for reliability/agreement.py (inter-annotator agreement with
    # nltk.metrics.agreement); until that module is in the tree there is nothing to import it.
    if not (PACKAGE / "agreement.py").is_file():
        unused.discard("nltk")
    assert not unused, f"declared in pyproject.toml but never used by the package: {unused}"


def test_the_scan_sees_imports():
    """The scan finds the imports it must judge (a scan that saw nothing would pass both)."""
    modules = third_party()
    assert {"attrs", "pyphen", "textstat"} <= set(modules)
    assert "json" not in modules and "reliability" not in modules
