"""The versioned JSON Schemas of the profile contract and of the comparison."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["compare_schema", "profile_schema"]


def _schema(name: str, what: str, version: int) -> dict[str, Any]:
    path = resources.files(__name__) / f"{name}-v{version}.schema.json"
    if not path.is_file():
        raise ValueError(f"no {what} schema for version {version}")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def profile_schema(version: int = 1) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the profile's JSON form, by schema version."""
    return _schema("profile", "profile", version)


def compare_schema(version: int = 1) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a comparison's JSON form (``compare -f json``)."""
    return _schema("compare", "comparison", version)
