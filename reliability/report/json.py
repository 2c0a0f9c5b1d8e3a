"""JSON and JSON Lines renderers: the profile contract, verbatim."""

from __future__ import annotations

import json

from reliability.model import Profile

__all__ = ["render_json", "render_jsonl"]


def render_json(profile: Profile, **_: object) -> str:
    """The profile as indented JSON (exactly ``profile.to_dict()``)."""
    return json.dumps(profile.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_jsonl(profile: Profile, **_: object) -> str:
    """The profile as one line of JSON."""
    return json.dumps(profile.to_dict(), ensure_ascii=False, allow_nan=False) + "\n"
