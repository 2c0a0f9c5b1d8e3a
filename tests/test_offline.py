"""Nothing downloads: the whole library runs with sockets blocked and an empty NLTK_DATA."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema

from reliability.schema import profile_schema

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

GUARD = textwrap.dedent("""
    import socket, sys
    class Blocked(OSError):
        pass
    def refuse(*args, **kwargs):
        raise Blocked("network access attempted: " + repr(args)[:200])
    class GuardedSocket(socket.socket):
        def connect(self, *args):
            refuse(*args)
        def connect_ex(self, *args):
            refuse(*args)
    socket.socket = GuardedSocket
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    from reliability.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def run_offline(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    empty = tmp_path / "nltk_data"
    empty.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "NLTK_DATA": str(empty),
        "HOME": str(tmp_path),
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
    }
    return subprocess.run(
        [sys.executable, "-c", GUARD, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=tmp_path,
    )


def test_audit_runs_with_network_blocked(tmp_path, shared_dir):
    """Auditing a seed article with sockets blocked succeeds and its JSON fits the schema."""
    seed = shared_dir / "seeds" / "000_19e652f5bebd8b30.txt"
    proc = run_offline(tmp_path, "audit", str(seed), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "network access attempted" not in proc.stderr
    profile = json.loads(proc.stdout)
    jsonschema.validate(profile, profile_schema())
    assert profile["scores"]["readability"]["value"] is not None


def test_bundled_example_runs_with_network_blocked(tmp_path):
    """Every bundled example article is audited offline in every format."""
    examples = sorted(EXAMPLES.glob("*.txt"))
    assert examples, "no bundled examples found"
    for fmt in ("text", "json", "jsonl"):
        proc = run_offline(tmp_path, "audit", *map(str, examples), "--format", fmt)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip()


def test_guard_really_blocks(tmp_path):
    """The guard used above does block a connection attempt (so the tests above mean something)."""
    code = GUARD.replace("from reliability.cli import main\nsys.exit(main(sys.argv[1:]))", "")
    code += "\nimport urllib.request\nurllib.request.urlopen('http://example.com', timeout=2)\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert "network access attempted" in proc.stderr


def test_html_audit_runs_with_network_blocked(tmp_path, shared_dir):
    """Extracting and auditing a saved web page (trafilatura, lxml, htmldate) needs no network."""
    page = shared_dir / "data/html/readability-test-pages/bbc-1/source.html"
    proc = run_offline(tmp_path, "audit", str(page), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    jsonschema.validate(data, profile_schema())
    assert data["document"]["page"]["site_name"] == "BBC News"
