"""How long does writing the report folder take, apart from reading and analysing?

    PYTHONPATH=src python benchmarks/write_outputs.py [FILE] [--repeat N]     # default: samples/replies.xlsx

Analyses FILE once (not timed), then writes the whole report folder (report.html, the CSVs, summary.xlsx,
the pictures, the briefing pack) N times each way: with side processes, as the command does, and
REPLYSCOPE_SERIAL=1 (everything in this process). Prints wall seconds, the CPU seconds of this process
and of the side processes (from rusage), and the biggest files written. On a shared machine compare CPU
times; the wall time with side processes is what a user waits for on a quiet one.
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(ROOT / "samples" / "replies.xlsx"))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from replyscope import importers
    from replyscope.analysis import analyse
    from replyscope.importers.base import LoadOptions
    from replyscope.reporters.output import prepare_writing, write_outputs

    table, report = importers.load_replies([args.file], LoadOptions())
    table.attrs["load_report"] = report
    analysis = analyse(table)
    prepare_writing()  # as the command does, while the analysis waits
    print(f"{args.file}: {len(analysis.replies):,} replies analysed; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report"
        for mode in ("side processes", "REPLYSCOPE_SERIAL=1"):
            os.environ["REPLYSCOPE_SERIAL"] = "1" if mode != "side processes" else "0"
            for _ in range(args.repeat):
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu, children = time.perf_counter(), time.process_time(), children_cpu()
                written = write_outputs(analysis, out, [Path(args.file)], "benchmark")
                wall, cpu, children = time.perf_counter() - wall, time.process_time() - cpu, children_cpu() - children
                print(f"  {mode:<22} {wall:6.2f} s wall  {cpu:6.2f} s CPU here  {children:6.2f} s CPU in side processes")
        biggest = sorted(written, key=lambda p: -p.stat().st_size)[:5]
        print("  biggest files: " + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in biggest))


if __name__ == "__main__":
    sys.exit(main())
