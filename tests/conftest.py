"""Shared fixtures: the ../shared data directory and hypothesis profiles."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REPO = Path(__file__).resolve().parent.parent


def _shared_dir() -> Path | None:
    candidates = [os.environ.get("RELIABILITY_SHARED"), REPO.parent / "shared"]
    for c in candidates:
        if c and Path(c, "gold", "seeds.json").is_file():
            return Path(c)
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The third-party data beside the repository (``../shared``).

    Skipped on a developer machine without it; under ``CI=true`` its absence is a failure.
    """
    found = _shared_dir()
    if found is None:
        message = "../shared (seeds, gold, data) not found beside the repository"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; CI must run with ../shared present")
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def seed_gold(shared_dir: Path) -> dict[str, Any]:
    """The hand annotation of the two seed articles."""
    return json.loads((shared_dir / "gold" / "seeds.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def seed_texts(shared_dir: Path, seed_gold: dict[str, Any]) -> dict[str, str]:
    """The seed article texts by their gold 'file' key (read from ../shared, never copied)."""
    return {a["file"]: (shared_dir / a["file"]).read_text("utf-8") for a in seed_gold["articles"]}
