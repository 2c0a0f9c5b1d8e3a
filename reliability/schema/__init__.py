"""The versioned JSON Schemas of the profile contract and of the comparison."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["compare_schema", "profile_schema"]


def profile_schema(version: int = 1) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the profile's JSON form, by schema version."""
    path = resources.files(__name__) / f"profile-v{version}.schema.json"
    if not path.is_file():
        raise ValueError(f"no profile schema for version {version}")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def compare_schema(version: int = 1) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a comparison's JSON form (``compare -f json``)."""
    path = resources.files(__name__) / f"compare-v{version}.schema.json"
    if not path.is_file():
        raise ValueError(f"no comparison schema for version {version}")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data
