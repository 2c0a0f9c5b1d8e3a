"""MkDocs hooks: executed-example helpers on the path, and the gallery of HTML reports.

* ``on_config`` puts ``docs/_scripts`` on ``sys.path`` so that the executed blocks of the pages
  can ``import docs_tables`` (shared rendering of the accuracy tables), and gives the build a
  private temporary directory (``TMPDIR``, made with ``mkdtemp``) so that the files the executed
  examples write never land on fixed names in ``/tmp``; ``on_shutdown`` removes it.
* ``on_files`` runs the ``reliability`` command on every bundled example article
  (``reliability audit examples/X.txt -f html``) and on the two-outlet pair
  (``reliability compare … -f html``) when the site is built, and adds each report to the site as
  ``gallery/X.html``. The reports are generated, never committed, so they cannot drift from the
  code; the gallery page links to them and strict mode checks those links.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
COMPARE_PAIR = ("fictional_two_outlets_a.txt", "fictional_two_outlets_b.txt")
COMPARE_NAME = "compare_two_outlets"


_PRIVATE_TMP: list[str] = []


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    """Make the docs' helper modules importable, and give the build its own TMPDIR."""
    scripts = str(ROOT / "docs" / "_scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    if not _PRIVATE_TMP:
        private = tempfile.mkdtemp(prefix="reliability-docs-")
        _PRIVATE_TMP.append(private)
        os.environ["TMPDIR"] = private  # shell blocks: "${TMPDIR:-/tmp}"
        tempfile.tempdir = private  # Python blocks: tempfile.gettempdir()
    return config


def on_shutdown(**_: Any) -> None:
    """Remove the build's private temporary directory."""
    while _PRIVATE_TMP:
        shutil.rmtree(_PRIVATE_TMP.pop(), ignore_errors=True)


def run_cli(argv: list[str]) -> str:
    """Run ``reliability ARGV -o TMP`` in-process and return what it wrote.

    Raises:
        RuntimeError: The command did not exit with status 0.
    """
    from reliability.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        err = io.StringIO()
        with redirect_stdout(io.StringIO()), redirect_stderr(err):
            status = main([*argv, "--output", str(out)])
        if status != 0:
            raise RuntimeError(f"reliability {' '.join(argv)} exited {status}: {err.getvalue()}")
        return out.read_text("utf-8")


def gallery_reports() -> dict[str, str]:
    """Site path → HTML of every gallery report, generated now."""
    reports: dict[str, str] = {}
    for path in sorted(EXAMPLES.glob("*.txt")):
        rel = path.relative_to(ROOT).as_posix()
        reports[f"gallery/{path.stem}.html"] = run_cli(["audit", rel, "--format", "html"])
    pair = [f"examples/{name}" for name in COMPARE_PAIR]
    reports[f"gallery/{COMPARE_NAME}.html"] = run_cli(["compare", *pair, "--format", "html"])
    return reports


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    """Add the generated reports to the site's files."""
    for src_uri, html in gallery_reports().items():
        files.append(File.generated(config, src_uri, content=html))
    return files
