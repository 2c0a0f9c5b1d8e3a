"""The repository keeps its promises: CI runs the README's test command, and the files users
rely on are there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    not (REPO / "README.md").is_file(), reason="runs against the source checkout only"
)


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    section = text.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands():
    """The set-up section holds two one-line commands: install+audit, install+test."""
    commands = readme_commands()
    assert len(commands) == 2
    assert "reliability audit examples/" in commands[0]
    assert ".[test]" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim():
    """.ci/run contains the README's test command exactly as written."""
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_readme_example_exists():
    """The example the README audits is bundled."""
    path = re.search(r"audit (examples/\S+)", readme_commands()[0]).group(1)
    assert (REPO / path).is_file()
