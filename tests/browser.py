"""Open a report in headless Chromium and measure it: page width against the window, where the headline answers sit.

Used by tests/test_browser.py and benchmarks/report_size.py. Chromium comes from Debian's
package (`apt-get install -y chromium`); `chromium_path()` is None where none is installed.
"""

import html
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

# A host page holding the report in a frame of exactly the size asked for (headless Chromium will not make
# its window narrower than 500 px), and measuring it once it has loaded.
HOST = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="report" src="report.html" width="{width}" height="{height}" style="border:0;display:block"></iframe>
<script>
var started = performance.now(), frame = document.getElementById("report");
frame.addEventListener("load", function () {{
  var page = frame.contentDocument, view = frame.contentWindow;
  var answers = Array.from(page.querySelectorAll("[data-headline]")).map(function (item) {{
    var box = item.getBoundingClientRect(); return {{key: item.dataset.headline, top: box.top, bottom: box.bottom}}; }});
  var result = {{scrollWidth: page.documentElement.scrollWidth, innerWidth: view.innerWidth, innerHeight: view.innerHeight,
                answers: answers, load_ms: performance.now() - started,
                exploreRows: page.querySelectorAll("#explore-table tbody tr").length}};
  document.body.setAttribute("data-probe", JSON.stringify(result));
}});
</script></body></html>"""


def chromium_path() -> str | None:
    """The Chromium executable on PATH, if any."""
    return next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)


def probe(report: Path, width: int, height: int, timeout: int = 90) -> dict:
    """Load `report` in a width x height frame; return page and window sizes, headline boxes and load time (ms)."""
    with tempfile.TemporaryDirectory() as folder:
        shutil.copyfile(report, Path(folder) / "report.html")
        host = Path(folder) / "host.html"
        host.write_text(HOST.format(width=width, height=height), encoding="utf-8")
        started = time.perf_counter()
        dom = subprocess.run(
            [chromium_path(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--allow-file-access-from-files", f"--user-data-dir={folder}/profile",
             f"--window-size={max(width, 600)},{height + 50}", "--virtual-time-budget=10000",
             "--dump-dom", host.as_uri()], capture_output=True, text=True, timeout=timeout, check=True).stdout
        wall = time.perf_counter() - started
    found = re.search(r'data-probe="([^"]*)"', dom)
    if not found:
        raise RuntimeError("the report did not finish loading in Chromium")
    result = json.loads(html.unescape(found.group(1)))
    result["wall_seconds"] = wall
    return result


def screenshot(report: Path, width: int, height: int, out: Path) -> Path:
    """A PNG of the first screen of `report` at width x height (to look at)."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([chromium_path(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={folder}/profile", f"--window-size={width},{height}",
                        f"--screenshot={out}", Path(report).resolve().as_uri()], capture_output=True, timeout=60, check=True)
    return out
