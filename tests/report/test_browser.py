"""The HTML report in a real browser: headless Chromium loads it with no console message, runs its
script, shows the highlights and the summary, renders injected markup as text, and a screenshot is
saved as a CI artefact (``ci-artifacts/report.png``).

Chromium is driven from the standard library with its ``--dump-dom`` and ``--screenshot`` flags;
console messages (errors, Content-Security-Policy violations) are read from its log on stderr.
Under ``CI=true`` a missing Chromium is a failure; on a developer machine the test is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import reliability
from reliability.report import batch_format
from tests.report.fakes import fake_pipeline

REPO = Path(__file__).resolve().parent.parent.parent
EXAMPLES = REPO / "examples"
HOSTILE = (
    'Mayor quits </title><script>document.body.setAttribute("data-pwned", "1")</script>\n\n'
    "The mayor may resign, sources close to the council said on Friday. "
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', '2')\"> "
    'Ana Ruiz said "it is <b>clearly</b> over" & more.\n\n'
    "Support our journalism </section></div> today!\n"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    message = "Chromium is not installed (Debian package 'chromium'; .ci/run installs it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _run(exe: str, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(
            [exe, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch page: the anonymous-heavy example (fake scorers, for known highlights), a hostile
    article, and the well-sourced example with the registered scorers."""
    fmt = batch_format("html")
    fake = fake_pipeline()
    example = (EXAMPLES / "fictional_anonymous_heavy.txt").read_text("utf-8")
    well = (EXAMPLES / "fictional_well_sourced.txt").read_text("utf-8")
    parts = [
        fmt.item(fake.score(example), text=example, source="fictional_anonymous_heavy.txt"),
        fmt.item(
            fake.score(HOSTILE, title=HOSTILE.splitlines()[0]),
            text=HOSTILE,
            source="hostile <script>.txt",
        ),
        fmt.item(reliability.score(well), text=well, source="fictional_well_sourced.txt"),
    ]
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(
        fmt.head + "".join(fmt.join(p, i) for i, p in enumerate(parts)) + fmt.tail, "utf-8"
    )
    return path


def test_page_loads_without_console_messages_and_script_runs(page: Path):
    """The page loads with no console message (no error, no CSP violation), its script runs
    (body data-ready), and no script error was recorded."""
    proc = _run(
        _chromium(),
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=3000",
        "--dump-dom",
        page.as_uri(),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    dom = proc.stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body is not None and 'data-ready="1"' in body.group(1)
    assert "data-errors" not in body.group(1)


def test_highlights_summary_and_injection_in_the_dom(page: Path):
    """The DOM holds the highlights, the index summary, the chart and the findings, and the
    injected markup is text: no element it tried to create, no attribute it tried to set."""
    proc = _run(_chromium(), "--virtual-time-budget=3000", "--dump-dom", page.as_uri())
    dom = proc.stdout
    assert dom.count('class="h ') >= 10
    assert "hedging-hedge" in dom and "attribution-source-anonymous" in dom
    assert 'class="card summary"' in dom and 'id="index-value"' in dom
    assert '<svg class="chart"' in dom and '<ul class="findings">' in dom
    assert "data-pwned" not in re.search(r"<body[^>]*>", dom).group(0)  # type: ignore[union-attr]
    assert "&lt;script&gt;document.body.setAttribute" in dom
    assert "&lt;img src=x onerror=" in dom
    assert "<img" not in dom and "<b>clearly</b>" not in dom
    assert dom.count('<section class="article"') == 3


def test_screenshot_is_saved_as_artefact(page: Path):
    """A full-page screenshot is written to ci-artifacts/report.png (a real PNG)."""
    out_dir = Path(os.environ.get("RELIABILITY_ARTIFACTS", REPO / "ci-artifacts"))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "report.png"
    target.unlink(missing_ok=True)
    proc = _run(
        _chromium(),
        "--window-size=1280,2600",
        "--virtual-time-budget=3000",
        f"--screenshot={target}",
        page.as_uri(),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


_MEASURE = """<script>
window.addEventListener('load', function () {
  var width = window.innerWidth, out = [];
  document.querySelectorAll('body *').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (!r.width || r.right <= width + 1) { return; }
    for (var p = el.parentElement; p; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { return; }
    }
    out.push(el.tagName.toLowerCase() + '.' + el.className);
  });
  var small = 99;
  document.querySelectorAll('.chart text, .findings li, .text, td').forEach(function (el) {
    var size = el.tagName === 'text' ? el.getBoundingClientRect().height
      : parseFloat(getComputedStyle(el).fontSize);
    if (size && size < small) { small = size; }
  });
  window.parent.postMessage(JSON.stringify(
    {width: width, page: document.documentElement.scrollWidth, out: out.slice(0, 8),
     smallest: Math.round(small * 10) / 10}), '*');
});
</script>"""

# Headless Chromium lays a page out at least 500 pixels wide, so the report is measured in a
# 420-pixel frame; the frame posts what it measured to the page around it.
_FRAME = """<!doctype html><html><body><iframe src="narrow.html" width="420" height="900"
style="border:0"></iframe><script>
window.addEventListener('message', function (e) {
  document.body.setAttribute('data-narrow', e.data);
});
</script></body></html>"""


def test_readable_in_a_420px_window(page: Path, tmp_path: Path):
    """In a 420-pixel window nothing pushes the page sideways (wide tables and the chart scroll
    inside their cards), and no text is drawn smaller than 9 pixels; a screenshot is saved as
    ci-artifacts/report-420.png."""
    import json

    html = page.read_text("utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    (tmp_path / "narrow.html").write_text(html.replace("</body>", _MEASURE + "</body>"), "utf-8")
    probe = tmp_path / "frame.html"
    probe.write_text(_FRAME, "utf-8")
    proc = _run(
        _chromium(),
        "--window-size=800,1000",
        "--virtual-time-budget=5000",
        "--dump-dom",
        probe.as_uri(),
    )
    body = re.search(r"<body[^>]*data-narrow=\"([^\"]*)\"", proc.stdout)
    assert body is not None, proc.stderr[-2000:]
    seen = json.loads(body.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert seen["width"] == 420
    assert seen["page"] <= seen["width"], seen
    assert seen["out"] == []
    assert seen["smallest"] >= 9, seen
    out_dir = Path(os.environ.get("RELIABILITY_ARTIFACTS", REPO / "ci-artifacts"))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "report-420.png"
    shot = _run(
        _chromium(),
        "--window-size=420,2400",
        "--virtual-time-budget=3000",
        f"--screenshot={target}",
        page.as_uri(),
    )
    assert shot.returncode == 0 and target.read_bytes()[:4] == b"\x89PNG"
