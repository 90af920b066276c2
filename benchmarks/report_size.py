"""How big is the report of 100,000 replies, and how fast does it open in Chromium?

Run:  python benchmarks/report_size.py [--rows 100000] [--repeat 3]
Builds `open`-style replies (see benchmarks/analyse.py: a real thread's words, a long tail of
made-up words, many @mentions and links), writes the whole report folder, and prints the size of
report.html and the other files, then opens report.html in headless Chromium (when installed) at
1400x900 and 390x844 and prints the time from navigation to the load event (the explorer has
drawn its first page by then) and the wall time of the browser run. Target: under 10 MB, under 3 s.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

import replyscope  # noqa: E402
from analyse import open_replies  # noqa: E402
from browser import chromium_path, probe  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    table = open_replies(arguments.rows)
    started = time.perf_counter()
    analysis = replyscope.analyse(table)
    analysed = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report"
        started = time.perf_counter()
        replyscope.write_report(analysis, out, inputs=[Path("synthetic.jsonl")], title="Benchmark")
        written = time.perf_counter() - started
        report = out / "report.html"
        print(f"{arguments.rows:,} replies: analyse {analysed:.1f} s, write every output {written:.1f} s")
        print(f"report.html: {report.stat().st_size / 1e6:.2f} MB "
              f"({analysis.settings.max_embedded_replies:,} replies embedded of {len(analysis.replies):,})")
        for path in sorted(out.iterdir(), key=lambda p: -p.stat().st_size)[:6]:
            print(f"  {path.name:<24} {path.stat().st_size / 1e6:6.2f} MB")
        if chromium_path() is None:
            print("Chromium not installed (apt-get install -y chromium): load time not measured")
            return
        for width, height in ((1400, 900), (390, 844)):
            runs = [probe(report, width, height) for _ in range(arguments.repeat)]
            loads = [run["load_ms"] / 1000 for run in runs]
            walls = [run["wall_seconds"] for run in runs]
            print(f"Chromium {width}x{height}: load event after {statistics.median(loads):.2f} s "
                  f"(best {min(loads):.2f} s), browser run {statistics.median(walls):.1f} s; "
                  f"page {runs[0]['scrollWidth']} px wide in a {runs[0]['innerWidth']} px window")


if __name__ == "__main__":
    main()
